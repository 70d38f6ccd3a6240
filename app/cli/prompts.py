"""``regulars prompts ID [--on DATE]``: what the card would suggest asking, and why.

The same service as the card, so scripts and tests see exactly what the clerk sees; like
the card, it only reads (each prompt's key names it; a prompt is stored once acted on).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from app.cli.common import EXIT_OK, Output, iso_date, open_db, positive_int
from app.cli.owner import add_owner_flag, owner_access
from app.i18n import _, format_weekday
from app.prompts import prompts_for


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``prompts`` command."""
    parser = commands.add_parser(
        "prompts",
        parents=[common],
        help=_("the ask-about prompts for one customer, each with its reason"),
        description=_(
            "The ask-about prompts the register shows for one customer, best first "
            "(as many as the prompts_per_card setting allows), each with why it is shown."
        ),
    )
    parser.add_argument("customer_id", metavar="ID", type=positive_int, help=_("the customer's id"))
    parser.add_argument(
        "--on", metavar="DATE", type=iso_date, help=_("pretend today is DATE (YYYY-MM-DD)")
    )
    add_owner_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: Output) -> int:
    """Print the prompts; an unknown customer is refused (exit 1)."""
    today = args.on or date.today()
    with open_db(args) as database:
        prompts = prompts_for(
            database, args.customer_id, today=today, access=owner_access(database, args.owner)
        )
    lines = [
        _("Prompts for customer {customer_id} on {date}:").format(
            customer_id=args.customer_id, date=format_weekday(today)
        )
    ]
    for number, prompt in enumerate(prompts, start=1):
        marker = _(" (suggestion)") if prompt.suggestion else ""
        lines.append(f"{number}. {prompt.text}{marker}")
        lines.append(
            _("   why: {reason}  [{source_key}]").format(
                reason=prompt.reason, source_key=prompt.source_key
            )
        )
    if not prompts:
        lines.append(_("nothing to ask about today."))
    out.result(
        {"customer_id": args.customer_id, "on": today, "prompts": prompts},
        lines,
    )
    return EXIT_OK
