"""The clerk's moment at shop scale: keystroke to updated results list, and card open.

The window runs offscreen on a copy of the bench shop (opening cards records the prompts
they show, and the shared shop must stay as generated). Keystrokes type real names
letter by letter; the figure is from the text changing to the results model holding the
answer, and separately to the list being painted.
"""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import time
from contextlib import closing
from datetime import date
from pathlib import Path

from app.backup import copy_database
from app.card import load_card
from app.db import open_database
from bench.common import Row, Scale, percentiles
from bench.shop import shop_db

NAMES = 40
CARDS = 300


def _sample(path: Path, count: int) -> list[tuple[int, str]]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT id, first_name || ' ' || last_name FROM customer").fetchall()
    return random.Random(7).sample(rows, min(count, len(rows)))


def _keystrokes(db_path: Path, names: list[str]) -> tuple[list[float], list[float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    database = open_database(str(db_path))
    window = MainWindow(database)
    window.show()
    loop = QEventLoop()
    window.indexReady.connect(loop.quit)
    if window.index is None:
        loop.exec()
    updated, painted = [], []
    for name in names:
        window.search_box.clear()
        for end in range(1, len(name) + 1):
            start = time.perf_counter()
            window.search_box.setText(name[:end])
            updated.append((time.perf_counter() - start) * 1000)
            window.results_view.viewport().repaint()
            painted.append((time.perf_counter() - start) * 1000)
    window.background.wait()
    window.close()
    app.processEvents()
    database.close()
    return updated, painted


def run(scale: Scale) -> list[Row]:
    """Keystroke → results and card open, median and p95 in milliseconds."""
    with tempfile.TemporaryDirectory() as folder:
        copy = copy_database(shop_db(scale), Path(folder) / "shop.db")
        sample = _sample(copy, max(NAMES, CARDS))
        updated, painted = _keystrokes(copy, [name for _, name in sample[:NAMES]])
        database = open_database(str(copy))
        today = date.today()
        samples = []
        for customer_id, _ in sample[:CARDS]:
            start = time.perf_counter()
            load_card(database, customer_id, today=today)
            samples.append((time.perf_counter() - start) * 1000)
        database.close()
    keystrokes = f"{len(updated)} keystrokes"
    return [
        Row("register: keystroke → results model", *percentiles(updated), "ms",
            note=keystrokes, target="≤ 16"),
        Row("register: keystroke → list painted", *percentiles(painted), "ms",
            note=keystrokes, target="≤ 16"),
        Row("register: card open (with prompts)", *percentiles(samples), "ms",
            note=f"{len(samples)} cards", target="p95 ≤ 30"),
    ]  # fmt: skip
