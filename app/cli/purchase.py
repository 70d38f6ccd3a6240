"""``regulars purchase gift LINE --for NAME``: mark what was bought as a gift, and for whom.

The till does not know that the scarf was for the daughter; the clerk does. Line numbers
are shown by ``regulars card ID`` (``#129``). ``--none`` takes the mark off again.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import EXIT_OK, Output, open_db, positive_int
from app.gifts import mark_gift
from app.i18n import _


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``purchase`` command with its ``gift`` action."""
    parser = commands.add_parser(
        "purchase",
        parents=[common],
        help=_("mark a purchase line as a gift for someone in the household"),
        description=_("What a purchase line was bought for."),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    gift = actions.add_parser(
        "gift",
        parents=[common],
        help=_("mark a line as a gift (its number is on 'regulars card ID')"),
        description=_(
            "Marks a purchase line as a gift for a member of the buyer's household, so the "
            "card shows it and recalls it before their birthday or anniversary."
        ),
    )
    gift.add_argument("line_id", type=positive_int, metavar="LINE")
    whom = gift.add_mutually_exclusive_group(required=True)
    whom.add_argument(
        "--for",
        dest="recipient",
        metavar="NAME",
        help=_("the household member it was for (the first name will do)"),
    )
    whom.add_argument(
        "--none", action="store_true", help=_("not a gift after all: take the mark off")
    )
    gift.set_defaults(handler=run_gift)


def run_gift(args: argparse.Namespace, out: Output) -> int:
    """Mark or unmark the line; someone not in the household is refused (exit 1)."""
    with open_db(args) as database:
        view = mark_gift(database, args.line_id, None if args.none else args.recipient)
    if view.recipient is None:
        text = _("#{line} {item} ({day}): not a gift").format(
            line=view.line_id, item=view.item, day=view.purchased_on.isoformat()
        )
    else:
        text = _("#{line} {item} ({day}): a gift for {name}").format(
            line=view.line_id,
            item=view.item,
            day=view.purchased_on.isoformat(),
            name=view.recipient,
        )
    out.result(view, text)
    return EXIT_OK
