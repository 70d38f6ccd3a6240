"""``regulars card ID``: what the clerk's card shows, for scripts and for checking by eye."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import date
from typing import Any

from app.birthdays import birthday_words
from app.card import CustomerCard, load_card
from app.cli.common import EXIT_OK, Output, iso_date, open_db, positive_int
from app.cli.owner import add_owner_flag, owner_access
from app.i18n import _, format_count, format_day, format_weekday, ngettext
from app.prompts.wording import relation_word


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``card`` to the command line."""
    parser = commands.add_parser(
        "card", parents=[common], help=_("show what the customer card shows")
    )
    parser.add_argument("customer_id", type=positive_int, metavar="ID")
    parser.add_argument("--on", type=iso_date, metavar="DATE", help=_("pretend today is DATE"))
    parser.add_argument(
        "--all-purchases", action="store_true", help=_("list every purchase, not the last 10")
    )
    add_owner_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: Output) -> int:
    """Print the card; private notes are never shown here without owner access."""
    today = args.on or date.today()
    with open_db(args) as database:
        card = load_card(
            database,
            args.customer_id,
            today=today,
            access=owner_access(database, args.owner),
            purchase_limit=None if args.all_purchases else 10,
        )
    out.result(card, _lines(card))
    return EXIT_OK


def _lines(card: CustomerCard) -> Iterator[str]:
    who = card.customer
    yield f"{who.display_name}  (#{who.id})"
    facts = [ngettext("{n} visit", "{n} visits", card.visits).format(n=card.visits)]
    if card.last_visit:
        facts.append(_("last visit {date}").format(date=format_day(card.last_visit)))
    if who.customer_since:
        facts.append(_("customer since {date}").format(date=format_day(who.customer_since)))
    if who.birthday:
        facts.append(_("birthday {birthday}").format(birthday=birthday_words(who.birthday)))
    yield "  " + " · ".join(facts)
    contact = card.contact_line
    if contact:
        yield "  " + contact
    for more in card.more_contacts:
        yield f"    {more.line}"
    if card.prompts:
        yield _("Ask about:")
        for prompt in card.prompts:
            yield f"  - {prompt.text}  ({prompt.reason})"
    if card.household:
        yield _("Household:")
        for person in card.household:
            what = person.species or relation_word(person.kind)
            birthday = (
                _(", birthday {birthday}").format(birthday=birthday_words(person.birthday))
                if person.birthday
                else ""
            )
            yield f"  - {person.name} ({what}{birthday})"
            for gift in person.gifts:
                yield _("      gift {day}: {item}").format(
                    day=format_day(gift.purchased_on), item=gift.item
                )
            for about in person.about:
                yield f"      {about}"
    if card.occasions:
        yield _("Coming up:")
        for occasion in card.occasions:
            yield _("  - {label} on {date}").format(
                label=occasion.label, date=format_weekday(occasion.on)
            )
    yield _("Purchases ({len} of {purchase_lines_total}):").format(
        len=format_count(len(card.purchases)),
        purchase_lines_total=format_count(card.purchase_lines_total),
    )
    for line in card.purchases:
        quantity = _(" x{quantity:g}").format(quantity=line.quantity) if line.quantity != 1 else ""
        given = _(" — gift for {name}").format(name=line.gift_for) if line.gift_for else ""
        yield f"  {format_day(line.purchased_on)}  {line.item}{quantity}{given}  #{line.line_id}"
    if card.notes:
        yield _("Notes:")
        for note in card.notes:
            pin = _("[pinned] ") if note.pinned else ""
            pin += _("[private] ") if note.private else ""
            pin += _("[don't bring up] ") if note.dont_bring_up else ""
            body = note.body.replace("\n", "\n    ")  # its further lines under its first
            yield f"  - {pin}{body}  ({format_day(note.created_at.date())})"
    if card.tags:
        yield _("Tags: ") + ", ".join(card.tags)
