"""``make bench`` / ``python -m bench``: run every benchmark and print one table.

Scale defaults to what the issues ask for (100,000 customers, about a million purchase
lines); ``--customers`` shrinks it for a quick look, ``--only`` picks benchmarks.
"""

from __future__ import annotations

import argparse
import importlib

from bench.common import Row, Scale, print_table

BENCH_MODULES = (
    "bench.demo_gen",
    "bench.cold_start",
    "bench.search",
    "bench.register",
    "bench.today",
    "bench.propagation",
    "bench.importing",
    "bench.postgres",
    "bench.spoken_dates",
)


def main(argv: list[str] | None = None) -> None:
    """Parse the scale, run the chosen benchmarks, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", action="append", help="run only these benchmarks (e.g. demo_gen)")
    args = parser.parse_args(argv)
    scale = Scale(customers=args.customers, years=args.years, seed=args.seed)
    rows: list[Row] = []
    for name in BENCH_MODULES:
        if args.only and name.removeprefix("bench.") not in args.only:
            continue
        rows.extend(importlib.import_module(name).run(scale))
    print_table(scale, rows)


if __name__ == "__main__":
    main()
