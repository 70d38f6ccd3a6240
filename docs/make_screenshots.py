"""Render the README's screenshots offscreen from the demo shop: ``make screenshots``.

Real windows, real data: each picture is the register after typing a query and pressing
Enter, grabbed with ``QWidget.grab()``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="regulars-shots-")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.db import open_database
from app.demo import ensure_demo_shop
from app.ui.main_window import MainWindow
from app.ui.results_model import CUSTOMER_ID_ROLE
from app.ui.theme import ThemeControl

OUT = Path(__file__).resolve().parent / "screenshots"
SHOTS = (("register.png", "bob smith", False), ("dark.png", "jose", True), ("today.png", "", False))


def _spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    """Write each screenshot into docs/screenshots/."""
    app = QApplication(sys.argv[:1])
    theme = ThemeControl(app)
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(ensure_demo_shop(Path(folder) / "demo.db")))
        for name, query, dark in SHOTS:
            theme.set_dark(dark)
            window = MainWindow(database, theme=theme)
            window.resize(1200, 760)
            window.show()
            while window.index is None:
                _spin(50)
            loop = QEventLoop()
            if query:
                window.search_box.setText(query)
                window.cardShown.connect(loop.quit)
                window.open_card(int(window.results.index(0, 0).data(CUSTOMER_ID_ROLE)))
            else:
                window.todayShown.connect(loop.quit)
                window.refresh_today()
            loop.exec()
            _spin(100)
            window.grab().save(str(OUT / name))
            window.background.wait()
            window.close()
        database.close()


if __name__ == "__main__":
    main()
