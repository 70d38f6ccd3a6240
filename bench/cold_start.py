"""Start-up as a person feels it: the window shown on the bench's shop, and a headless
command (scripts and cron jobs call those often; they must start well under a second).

Each start is a fresh interpreter, timed from launch to exit, so imports, opening the
database and building the first screen all count.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Row, Scale, percentiles
from bench.shop import shop_db

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def _wall_seconds(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr}")
    return elapsed


def run(scale: Scale) -> list[Row]:
    """Median and p95 of ``RUNS`` starts of the window and of ``regulars --version``."""
    path = shop_db(scale)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = [sys.executable, "-m", "app"]
    show = [*app, "--db", str(path), "--exit-when-shown"]
    shown = percentiles([_wall_seconds(show, env) for _ in range(RUNS)])
    headless = percentiles([_wall_seconds([*app, "--version"], env) for _ in range(RUNS)])
    return [
        Row("cold start to a shown window", *shown, "s", note=f"{RUNS} runs, offscreen"),
        Row("headless CLI start (--version)", *headless, "s", note=f"{RUNS} runs", target="< 1 s"),
    ]
