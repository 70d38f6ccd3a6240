"""How long ``regulars demo`` takes at the bench's scale, how fast it writes rows, how much
memory it needs and how big the file gets (the issue asks for under 2 minutes at 100,000
customers and about a million purchase lines).

The generation runs in a child process so the peak memory reported is its own, not the
bench's or another benchmark's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.demo import generate_demo
from bench.common import Row, Scale, peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent
_CHILD = "from bench.demo_gen import child; child()"


def child() -> None:
    """In the child process: generate into ``argv[1]`` and print the figures as JSON."""
    path, customers, seed, years = sys.argv[1:5]
    started = time.perf_counter()
    summary = generate_demo(Path(path), customers=int(customers), seed=int(seed), years=int(years))
    seconds = time.perf_counter() - started
    rows = (
        summary.customers
        + summary.relations
        + summary.occasions
        + summary.tag_links
        + 2 * summary.notes  # each note and its first revision
        + summary.purchases
        + summary.purchase_lines
        + summary.products
        + summary.categories
        + summary.staff
    )
    figures = {
        "seconds": seconds,
        "rows": rows,
        "lines": summary.purchase_lines,
        "peak_rss_mb": peak_rss_mb(),
    }
    print(json.dumps(figures))


def run(scale: Scale) -> list[Row]:
    """Generate a fresh demo shop at ``scale`` in a temporary folder and report on it."""
    with tempfile.TemporaryDirectory(prefix="regulars-bench-") as folder:
        path = Path(folder) / "demo.db"
        argv = [sys.executable, "-c", _CHILD, str(path), str(scale.customers), str(scale.seed)]
        done = subprocess.run(
            [*argv, str(scale.years)], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise RuntimeError(f"demo generation failed:\n{done.stderr}")
        figures = json.loads(done.stdout.splitlines()[-1])
        size_mb = path.stat().st_size / 2**20
    seconds = figures["seconds"]
    return [
        Row(
            f"demo generation ({scale.customers:,} customers, {figures['lines']:,} lines)",
            seconds,
            None,
            "s",
            target="< 120 s",
        ),
        Row(
            "demo generation rate",
            figures["rows"] / seconds,
            None,
            "rows/s",
            note=f"{figures['rows']:,} rows in all tables",
        ),
        Row("demo generation peak RSS", figures["peak_rss_mb"], None, "MB", note="child process"),
        Row("demo database file size", size_mb, None, "MB"),
    ]
