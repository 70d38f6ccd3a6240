"""Shared bench machinery: timing statistics, peak memory, the printed table, the scale."""

from __future__ import annotations

import contextlib
import resource
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "out"


@dataclass(frozen=True)
class Scale:
    """How big the shop is for this run (the issues ask for 100k customers / 1M lines)."""

    customers: int
    years: int = 5
    seed: int = 1


@dataclass(frozen=True)
class Row:
    """One measured figure; ``median`` and ``p95`` are in ``unit``; ``note`` holds extras."""

    name: str
    median: float
    p95: float | None
    unit: str
    note: str = ""
    target: str = ""


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile of the samples."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def time_calls(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and p95 in milliseconds of ``repeat`` calls of ``fn``."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def time_each(fn: Callable[[str], object], inputs: Iterable[str]) -> tuple[float, float]:
    """Median and p95 in milliseconds of one call per input."""
    samples = []
    for item in inputs:
        start = time.perf_counter()
        fn(item)
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def peak_rss_mb() -> float:
    """This process's own peak resident memory so far, in MB."""
    return high_water_mb("self") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def high_water_mb(pid: str) -> float:
    """A process's own peak resident memory (Linux's VmHWM), 0 where it cannot be read.
    Preferred to ``ru_maxrss``, which a process started by another inherits from it at
    the fork: a bench child would report the bench's own memory as its peak."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def print_table(scale: Scale, rows: list[Row]) -> None:
    """The bench's one output: a plain table a person and a closing note can both read."""

    def fmt(value: float | None) -> str:
        if value is None:
            return "-"
        return f"{value:,.3f}" if value < 10 else f"{value:,.1f}"

    header = ("measure", "median", "p95", "unit", "target", "note")
    body = [(r.name, fmt(r.median), fmt(r.p95), r.unit, r.target, r.note) for r in rows]
    widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(len(header))]
    print(f"scale: {scale.customers:,} customers, {scale.years} years, seed {scale.seed}")
    for line in [header, tuple("-" * w for w in widths), *body]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)))
