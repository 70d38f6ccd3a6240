"""``regulars demo``: write a realistic, deterministic demo shop into an empty database.

For trying Regulars out, for screenshots and for the bench. It refuses a database that
already holds customers, so a real shop's data can never be mixed with invented people.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import asdict

from app.cli.common import EXIT_OK, Output, int_at_least, iso_date, open_db, positive_int
from app.demo import DEMO_CUSTOMERS, generate_demo
from app.i18n import _, format_count, format_day, format_decimal


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the ``demo`` command."""
    parser = commands.add_parser(
        "demo",
        parents=[common],
        help=_("write a realistic demo shop into an empty --db"),
        description=_(
            "Write a deterministic demo shop (same seed, same shop) into an empty "
            "database: a hardware store and outdoor outfitter with customers, households, "
            "notes and years of purchases."
        ),
    )
    parser.add_argument(
        "--customers",
        type=positive_int,
        default=DEMO_CUSTOMERS,
        metavar="N",
        help=_("how many customers (default {n})").format(n=format_count(DEMO_CUSTOMERS)),
    )
    parser.add_argument(
        "--seed", type=positive_int, default=1, help=_("same seed, same shop (default 1)")
    )
    parser.add_argument(
        "--years",
        type=int_at_least(1),
        default=5,
        metavar="Y",
        help=_("years of purchases (default 5)"),
    )
    parser.add_argument(
        "--on",
        type=iso_date,
        metavar="DATE",
        help=_("the demo's today, YYYY-MM-DD (default: today)"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: Output) -> int:
    """Generate the shop, reporting progress on stderr and the counts on stdout."""
    started = time.perf_counter()
    reported = -1

    def progress(done: int, total: int) -> None:
        nonlocal reported
        tenth = done * 10 // max(total, 1)
        if tenth != reported:
            reported = tenth
            out.info(
                _("demo: {done} of {total} customers").format(
                    done=format_count(done), total=format_count(total)
                )
            )

    with open_db(args) as database:
        summary = generate_demo(
            database,
            customers=args.customers,
            seed=args.seed,
            years=args.years,
            end=args.on,
            progress=progress,
        )
        path = str(database.path)
    seconds = time.perf_counter() - started
    out.result(
        {
            "db": path,
            "seed": args.seed,
            "years": args.years,
            "seconds": round(seconds, 2),
            **asdict(summary),
        },
        [
            _(
                "Demo shop written to {path} in {seconds} s (seed {seed}, {years} "
                "years up to {date}):"
            ).format(
                path=path,
                seconds=format_decimal(seconds, 1),
                seed=args.seed,
                years=args.years,
                date=format_day(summary.end),
            ),
            _(
                "  {customers} customers, {relations} family members and pets, "
                "{occasions} occasions, {notes} notes"
            ).format(
                customers=format_count(summary.customers),
                relations=format_count(summary.relations),
                occasions=format_count(summary.occasions),
                notes=format_count(summary.notes),
            ),
            _(
                "  {purchases} purchases with {purchase_lines} lines of "
                "{products} products in {categories} categories"
            ).format(
                purchases=format_count(summary.purchases),
                purchase_lines=format_count(summary.purchase_lines),
                products=format_count(summary.products),
                categories=format_count(summary.categories),
            ),
        ],
    )
    return EXIT_OK
