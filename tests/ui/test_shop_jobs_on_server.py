"""A job on the whole book at another register (a separate process holding the shop-wide
lock, as an import there does): the open window says so while it runs and goes on
answering lookups and opening cards; a second job is refused, naming the first."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pytestqt.qtbot import QtBot

from app.db import Database
from app.errors import ConflictError
from app.server.shop_jobs import shop_job
from app.ui.main_window import MainWindow

pytestmark = [
    pytest.mark.both_engines,
    pytest.mark.parametrize("engine", ["postgresql"], indirect=True),
]

HOLD = (
    "import sys\n"
    "from app.server.shop_jobs import shop_job\n"
    "with shop_job(sys.argv[1], 'import'):\n"
    "    print('held', flush=True)\n"
    "    sys.stdin.read()\n"
)


@contextmanager
def _importing_elsewhere(db: Database) -> Iterator[None]:
    """Another register's process holds the shop-wide lock for an import until the block
    ends."""
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD, db.target],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        yield
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=30)


def test_an_import_at_another_register_is_shown_and_blocks_no_lookup(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    assert not window.shop_job_banner.isVisible()
    with _importing_elsewhere(db):
        qtbot.waitUntil(window.shop_job_banner.isVisible, timeout=10_000)
        assert window.shop_job_banner.text() == "Importing at another register…"
        with qtbot.waitSignal(window.cardShown, timeout=10_000):
            window.open_card(shop["jose"])
        qtbot.keyClicks(window.search_box, "peggy")
        assert window.results.rowCount() >= 1
        with (
            pytest.raises(ConflictError, match=r"busy with the whole book \(import\)"),
            shop_job(db.target, "merge"),
        ):
            pass
    qtbot.waitUntil(lambda: not window.shop_job_banner.isVisible(), timeout=10_000)
    with shop_job(db.target, "merge"):  # free again once the other register is done
        pass
