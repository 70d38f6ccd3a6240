"""``regulars bench``: the performance table, the same as ``make bench``.

The benchmarks live in the source tree's ``bench/`` (they generate large shops and are
not shipped in the wheel), so this command works from a checkout.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from app.cli.common import EXIT_OK, Output, positive_int
from app.errors import RegularsError
from app.i18n import _


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``bench`` to the command line; its options are the benchmark runner's."""
    parser = commands.add_parser(
        "bench",
        parents=[common],
        help=_("print the performance table (median, p95) at a chosen scale"),
    )
    parser.add_argument(
        "--customers", type=positive_int, default=100_000, help=_("shop size (100,000)")
    )
    parser.add_argument("--years", type=positive_int, default=5, help=_("years of purchases (5)"))
    parser.add_argument("--seed", type=positive_int, default=1, help=_("demo seed (1)"))
    parser.add_argument(
        "--only", action="append", help=_("one benchmark, e.g. search (repeatable)")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: Output) -> int:
    """Run the benchmarks in this process and print their table."""
    try:
        runner = importlib.import_module("bench.__main__")
    except ModuleNotFoundError as exc:
        raise RegularsError(
            _("The benchmarks ship with the source tree only; run `make bench` in a checkout.")
        ) from exc
    forwarded = ["--customers", str(args.customers), "--years", str(args.years)]
    forwarded += ["--seed", str(args.seed)]
    for name in args.only or ():
        forwarded += ["--only", name]
    runner.main(forwarded)
    return EXIT_OK
