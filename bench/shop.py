"""The bench's standard shop: one demo database per scale, generated once and reused.

Benchmarks that read a shop (search, prompts, cold start) share this file instead of
each paying for generation; it is rebuilt only when missing or incomplete.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from app.demo import generate_demo
from bench.common import OUT_DIR, Scale


def shop_path(scale: Scale) -> Path:
    """Where the shop for ``scale`` is kept (``bench/out/shop-<customers>-<seed>.db``)."""
    years = "" if scale.years == Scale(customers=0).years else f"-{scale.years}y"
    return OUT_DIR / f"shop-{scale.customers}-{scale.seed}{years}.db"


def _complete(path: Path, scale: Scale) -> bool:
    """Whether ``path`` holds the whole shop (not an empty file some run created there)."""
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT count(*) FROM customer").fetchone()
    except sqlite3.Error:
        return False
    return bool(row and row[0] == scale.customers)


def shop_db(scale: Scale) -> Path:
    """The demo shop at ``scale``, generated first if missing or incomplete.

    It is built in a private temporary folder and moved into place when complete, so an
    interrupted run never leaves a half-built file, and two benches building the same
    shop at once do not trip over each other (the last one's identical copy wins).
    """
    path = shop_path(scale)
    if _complete(path, scale):
        return path
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    print(f"bench: generating {path.name} (once) ...", file=sys.stderr)
    with tempfile.TemporaryDirectory(dir=OUT_DIR, prefix=".building-") as folder:
        partial = Path(folder) / path.name
        generate_demo(partial, customers=scale.customers, seed=scale.seed, years=scale.years)
        partial.replace(path)
    return path
