"""``regulars practice next|grade|progress|deck``: learning the regulars' names from a
terminal, the same sessions as the practice window (handy for scripts and tests).

``--on DATE`` practises as if it were noon on DATE, so a schedule can be walked through
day by day.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

from app.cli.common import EXIT_OK, Output, int_at_least, iso_date, open_db, positive_int
from app.errors import RegularsError
from app.i18n import _, format_count, format_day, ngettext
from app.practice import (
    DAILY_NEW,
    RATINGS,
    PracticeItem,
    Progress,
    grade_card,
    list_deck,
    next_card,
    progress,
    set_in_deck,
    wall_clock,
)

_BARS = " ▁▂▃▄▅▆▇█"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``practice`` command and its actions."""
    parser = commands.add_parser(
        "practice",
        parents=[common],
        help=_("learn the regulars' names (spaced repetition)"),
        description=_(
            "Each staff member's own name practice: see a face or description, "
            "recall the name, then grade yourself 1 again, 2 hard, 3 good, 4 easy."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(name, parents=[common], help=help_text)
        sub.add_argument(
            "--on", metavar="DATE", type=iso_date, help=_("practise as if it were noon on DATE")
        )
        return sub

    nxt = action("next", _("the card to practise now (front and back)"))
    nxt.add_argument("--staff", metavar="NAME", required=True, help=_("who is practising"))
    nxt.add_argument(
        "--new-per-day",
        metavar="N",
        type=int_at_least(0),
        default=DAILY_NEW,
        help=_("new cards a day ({DAILY_NEW})").format(DAILY_NEW=DAILY_NEW),
    )
    nxt.set_defaults(handler=run_next)

    grade = action("grade", _("record how well you recalled a card"))
    grade.add_argument("card_id", metavar="CARD_ID", type=positive_int)
    grade.add_argument("rating", metavar="GRADE", type=positive_int, choices=sorted(RATINGS))
    grade.add_argument("--staff", metavar="NAME", required=True, help=_("who is practising"))
    grade.set_defaults(handler=run_grade)

    prog = action("progress", _("names known, due today, and reviews a day"))
    prog.add_argument("--staff", metavar="NAME", required=True, help=_("whose progress"))
    prog.set_defaults(handler=run_progress)

    deck = action("deck", _("who is in the deck; owners add or remove people"))
    choice = deck.add_mutually_exclusive_group()
    choice.add_argument(
        "--include", metavar="ID", type=positive_int, help=_("always include customer ID")
    )
    choice.add_argument(
        "--exclude", metavar="ID", type=positive_int, help=_("never include customer ID")
    )
    choice.add_argument(
        "--reset", metavar="ID", type=positive_int, help=_("leave ID to visit history")
    )
    deck.add_argument("--staff", metavar="NAME", help=_("the owner making the change"))
    deck.set_defaults(handler=run_deck)


def _moment(args: argparse.Namespace) -> datetime:
    if args.on:
        return datetime.combine(args.on, time(12))
    return wall_clock()


def _item_lines(item: PracticeItem) -> Iterator[str]:
    content = item.content
    new = _("new, ") if item.is_new else ""
    way = content.direction.replace("_", " ")
    yield _("card #{card_id} ({new}{way}; {left_today} left today)").format(
        card_id=item.card_id, new=new, way=way, left_today=item.left_today
    )
    yield _("Front:")
    if content.front_photo:
        yield _("  [photo]")
    yield from (f"  {line}" for line in content.front_lines)
    yield _("Back:")
    if content.back_photo:
        yield _("  [photo]")
    yield from (f"  {line}" for line in content.back_lines)


def _item_data(item: PracticeItem) -> dict[str, Any]:
    content = item.content
    return {
        "card_id": item.card_id,
        "customer_id": content.customer_id,
        "direction": content.direction,
        "is_new": item.is_new,
        "due_now": item.due_now,
        "new_left": item.new_left,
        "front": {"photo": content.front_photo is not None, "lines": content.front_lines},
        "back": {"photo": content.back_photo is not None, "lines": content.back_lines},
    }


def run_next(args: argparse.Namespace, out: Output) -> int:
    """Print the next card, or say today's practice is done."""
    with open_db(args) as database:
        item = next_card(database, args.staff, _moment(args), daily_new=args.new_per_day)
    if item is None:
        out.result(None, _("nothing to practise right now; well done."))
    else:
        out.result(_item_data(item), _item_lines(item))
    return EXIT_OK


def run_grade(args: argparse.Namespace, out: Output) -> int:
    """Record the grade and say when the card comes back."""
    with open_db(args) as database:
        graded = grade_card(database, args.card_id, args.rating, args.staff, _moment(args))
    out.result(
        graded,
        _("card #{card_id}: {RATINGS}; back {due:%Y-%m-%d %H:%M} ({state})").format(
            card_id=graded.card_id,
            RATINGS=RATINGS[graded.rating],
            due=graded.due,
            state=graded.state,
        ),
    )
    return EXIT_OK


def _chart(view: Progress) -> str:
    top = max((day.reviews for day in view.per_day), default=0)
    if not top:
        return "".join(_BARS[0] for _ in view.per_day)
    return "".join(
        _BARS[0 if not d.reviews else max(1, round(d.reviews / top * 8))] for d in view.per_day
    )


def run_progress(args: argparse.Namespace, out: Output) -> int:
    """Print the staff member's progress with a one-line chart of the last 30 days."""
    with open_db(args) as database:
        view = progress(database, args.staff, _moment(args))
    out.result(
        view,
        [
            _("{staff}: {names_known} names known of {deck_size} in the deck").format(
                staff=view.staff, names_known=view.names_known, deck_size=view.deck_size
            ),
            _("  cards known {cards_known}, started {cards_started}").format(
                cards_known=view.cards_known, cards_started=view.cards_started
            ),
            _("  due today {due_today}, new left today {new_left}").format(
                due_today=view.due_today, new_left=view.new_left
            ),
            _("  reviews, last {len} days: |{chart}|").format(
                len=len(view.per_day), chart=_chart(view)
            ),
        ],
    )
    return EXIT_OK


def run_deck(args: argparse.Namespace, out: Output) -> int:
    """List the deck, after an owner's include/exclude/reset if one was given."""
    target = args.include or args.exclude or args.reset
    now = _moment(args)
    with open_db(args) as database:
        if target is not None:
            if not args.staff:
                raise RegularsError(_("changing the deck needs --staff NAME (an owner)."))
            included = True if args.include else False if args.exclude else None
            set_in_deck(database, target, included, by=args.staff, now=now)
        members = list_deck(database, now.date())
    lines = [
        f"#{m.customer_id} {m.display_name}: "
        + ngettext("{n} visit", "{n} visits", m.visits).format(n=format_count(m.visits))
        + (_(", last {date}").format(date=format_day(m.last_visit)) if m.last_visit else "")
        + (_(" [added by owner]") if m.added_by_owner else "")
        for m in members
    ]
    out.result(members, lines or [_("the deck is empty: no regulars yet")])
    return EXIT_OK
