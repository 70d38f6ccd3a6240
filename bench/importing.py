"""Importing a till's history at full size: a Shopify orders export of ten lines per
customer (a million lines at the default scale) into an empty database, then the same file
again (the re-import must change nothing, quickly), beside the physical floor: the sqlite3
command line's ``.import`` of the same file into a bare table.

The export is generated once per scale into ``bench/out/`` and reused. Each import runs in
a child process so its peak memory is its own, not the bench's (plus the process that
reads the file beside it, ``app.importing.worker``).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from app.db import open_database
from app.importing import import_file
from bench.common import OUT_DIR, Row, Scale, high_water_mb, peak_rss_mb, percentiles

ROOT = Path(__file__).resolve().parent.parent
LINES_PER_CUSTOMER = 10
RUNS = 3
"""Each import and the floor are run this many times (a fresh database each), for a
median that one slow moment of a shared machine does not decide."""
_CHILD = "from bench.importing import child; child()"
SMALL_LINES = 200_000
"""The second size measured beside the scale's own (a million lines by default)."""
_FLOORS: dict[Scale, float] = {}
"""Each size's median floor, once measured."""
_HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Accepts Marketing", "Currency",
    "Subtotal", "Total", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem sku", "Billing Name", "Billing Phone", "Id",
]  # fmt: skip
_FIRST = ["Ann", "Bob", "Cleo", "Dan", "Eve", "Finn", "Gus", "Hana", "Ivan", "José", "Zoë"]
_LAST = ["Lee", "Smith", "Müller", "O'Brien", "Nowak", "Okafor", "Berg", "Fox", "Lane"]
_ITEMS = [
    ("Sea kayak", "1,299.00"),
    ("Paddle", "49.50"),
    ("Layer feed 20kg", "18.99"),
    ("Bird seed 5kg", "12.50"),
    ("Propane refill", "21.00"),
    ("Work gloves", "9.95"),
    ("Coffee beans 1kg", "24.00"),
    ("Chainsaw", "349.00"),
]


def export_path(scale: Scale, *, phones: bool = False) -> Path:
    """Where the export for ``scale`` is kept."""
    kind = "shopify-orders-phones" if phones else "shopify-orders"
    return OUT_DIR / f"{kind}-{scale.customers * LINES_PER_CUSTOMER}-{scale.seed}.csv"


def shopify_orders(scale: Scale, *, phones: bool = False) -> Path:
    """The export for ``scale``, written first if missing: deterministic for a seed, orders
    of one to four lines, the order's own columns on its first line only (as Shopify does),
    built in a temporary file and moved into place when complete. ``phones``: every order
    has its buyer's billing phone (each is read by ``phonenumbers``, which costs)."""
    path = export_path(scale, phones=phones)
    if path.exists():
        return path
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    rng = random.Random(scale.seed)
    lines = scale.customers * LINES_PER_CUSTOMER
    start = date(2026, 1, 1) - timedelta(days=365 * scale.years)
    with tempfile.NamedTemporaryFile(
        "w", dir=OUT_DIR, prefix=".building-", suffix=".csv", delete=False, newline=""
    ) as fh:
        writer = csv.writer(fh)
        writer.writerow(_HEADER)
        written, order = 0, 1000
        while written < lines:
            order += 1
            who = rng.randrange(scale.customers)
            created = f"{start + timedelta(days=rng.randrange(365 * scale.years))} 10:15:00 -0400"
            name = f"{_FIRST[who % len(_FIRST)]} {_LAST[who // len(_FIRST) % len(_LAST)]}"
            phone = f"(802) {200 + who // 10_000:03d}-{who % 10_000:04d}" if phones else ""
            for n in range(min(rng.randint(1, 4), lines - written)):
                item, price = _ITEMS[rng.randrange(len(_ITEMS))]
                sku = f"SKU-{rng.randrange(200)}"
                facts = (
                    [f"c{who}@example.com", "paid", created, "no", "USD", "", ""]
                    if n == 0
                    else [""] * 7
                )
                writer.writerow(
                    [f"#{order}", *facts, created if n == 0 else "", str(rng.randint(1, 3)),
                     item, price, sku, name if n == 0 else "", phone if n == 0 else "", f"'{order}"]
                )  # fmt: skip
                written += 1
    Path(fh.name).replace(path)
    return path


def child() -> None:
    """In the child process: import ``argv[2]`` into ``argv[1]``, print figures as JSON
    (peak memory of this process and, separately, of the process that read the file)."""
    db_path, export = sys.argv[1:3]
    database = open_database(db_path)
    readers = _ReaderMemory()
    started = time.perf_counter()
    with readers:
        report = import_file(database, export)
    seconds = time.perf_counter() - started
    if report.problems:
        raise SystemExit(f"import refused: {report.problems[:3]}")
    figures = {
        "seconds": seconds,
        "written": report.written,
        "peak_rss_mb": peak_rss_mb(),
        "reader_rss_mb": readers.peak_mb
        or resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps(figures))


class _ReaderMemory:
    """Watches this process's child processes (the file's reader) while an import runs,
    keeping the highest peak memory seen, read from the reader itself every 50 ms."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._children = Path(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/children")

    def __enter__(self) -> None:
        self._thread.start()

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            with contextlib.suppress(OSError):
                for pid in self._children.read_text().split():
                    self.peak_mb = max(self.peak_mb, high_water_mb(pid))


def _import(db_path: Path, export: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(db_path), str(export)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"bench import failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return figures


def _floor(folder: Path, export: Path) -> tuple[float, str]:
    """Seconds to load the file into a bare table, by the sqlite3 command line when it is
    installed, else by Python's sqlite3 ``executemany`` of the raw rows (and says so)."""
    target = folder / "floor.db"
    cli = shutil.which("sqlite3")
    started = time.perf_counter()
    if cli:
        subprocess.run([cli, str(target), f".import --csv {export} orders"], check=True)
        return time.perf_counter() - started, "sqlite3 CLI .import --csv, bare table"
    with sqlite3.connect(target) as conn, export.open(newline="", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        conn.execute(f"CREATE TABLE orders ({', '.join(f'c{i}' for i in range(len(header)))})")
        marks = ", ".join("?" * len(header))
        conn.executemany(f"INSERT INTO orders VALUES ({marks})", rows)
    return time.perf_counter() - started, "no sqlite3 CLI: Python executemany, bare table"


def run(scale: Scale) -> list[Row]:
    """At the scale's size and at ``SMALL_LINES`` (a shop's first year, where a fixed
    start-up cost weighs most): first import, re-import and the floor, on the same file,
    ``RUNS`` times over; then one import with a phone on every order."""
    small = Scale(SMALL_LINES // LINES_PER_CUSTOMER, scale.years, scale.seed)
    sizes = [scale] if small.customers >= scale.customers else [small, scale]
    rows = [row for size in sizes for row in _size(size)]
    with tempfile.TemporaryDirectory(prefix="regulars-bench-") as folder:
        phoned = _import(Path(folder) / "import.db", shopify_orders(scale, phones=True))
    rows.append(
        Row(
            "import, a billing phone on every order (1 run)",
            phoned["seconds"],
            None,
            "s",
            note=f"{phoned['seconds'] / _FLOORS[scale]:.1f}× the median floor",
        )
    )
    return [*rows, *_wide_headers()]


def _size(scale: Scale) -> list[Row]:
    """The figures for one size of export."""
    export = shopify_orders(scale)
    lines = scale.customers * LINES_PER_CUSTOMER
    first, again, floor = [], [], []
    how = ""
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory(prefix="regulars-bench-") as folder:
            db_path = Path(folder) / "import.db"
            first.append(_import(db_path, export))
            again.append(_import(db_path, export))
            seconds, how = _floor(Path(folder), export)
            floor.append(seconds)
    _FLOORS[scale] = percentiles(floor)[0]
    label = f"{lines:,}-line Shopify orders export"
    ratios = [run["seconds"] / bare for run, bare in zip(first, floor, strict=True)]
    return [
        *_runs(f"import {label} (empty db)", first, lines, "≤ 30 s"),
        *_runs(f"re-import {label} (no change)", again, lines, "≤ 30 s"),
        Row(f"floor: {label}", *percentiles(floor), "s", note=how),
        Row(f"import vs floor, {lines:,} lines (same run)", *percentiles(ratios), "×",
            target="≤ 4×"),
    ]  # fmt: skip


WIDE_COLUMNS = (5_000, 20_000)
"""Header widths timed: four times the columns should cost about four times as much."""


def _wide_headers() -> list[Row]:
    """A dry-run import of a customers file with thousands of columns nobody reads (an
    export of every custom field), 20 rows: column handling must grow linearly."""
    timings = []
    with tempfile.TemporaryDirectory(prefix="regulars-bench-") as folder:
        database = open_database(str(Path(folder) / "wide.db"))
        try:
            for width in WIDE_COLUMNS:
                path = Path(folder) / f"wide-{width}.csv"
                with path.open("w", encoding="utf-8", newline="") as fh:
                    writer = csv.writer(fh)
                    writer.writerow(
                        ["customer_ref", "first_name", *(f"field {i}" for i in range(width))]
                    )
                    writer.writerows([f"C-{row}", "Ann", *("x" * width)] for row in range(20))
                started = time.perf_counter()
                import_file(database, path, dry_run=True)
                timings.append(time.perf_counter() - started)
        finally:
            database.close()
    small, large = timings
    return [
        Row(
            f"dry-run import, {WIDE_COLUMNS[1]:,}-column header (1 run)",
            large,
            None,
            "s",
            note=f"{large / small:.1f}× the {WIDE_COLUMNS[0]:,}-column one (linear: ~4×)",
        )
    ]


def _runs(label: str, runs: list[dict[str, float]], lines: int, target: str) -> list[Row]:
    """Time, rate and peak memory of one kind of import over the runs. Memory is the
    importing process's peak plus the reading process's (the two run side by side)."""
    seconds = [run["seconds"] for run in runs]
    memory = [run["peak_rss_mb"] + run["reader_rss_mb"] for run in runs]
    readers = max(run["reader_rss_mb"] for run in runs)
    median, p95 = percentiles(seconds)
    return [
        Row(label, median, p95, "s", target=target),
        Row("  rate (at the median and p95 times)", lines / median, lines / p95, "rows/s"),
        Row(
            "  peak RSS, importer + reader",
            *percentiles(memory),
            "MB",
            note=f"reader up to {readers:.0f} MB",
            target="≤ 400 MB",
        ),
    ]
