"""Starting the window: pick the database (the real one, or the demo shop), open it, show.

The file is checked (a damaged one is moved aside untouched, and its newest verified
backup offered in its place) and upgraded, holding the one-writer lock.
Anything that stops it from opening is shown to the owner in plain words and the app
exits with code 1, except a shop server that does not answer yet: then a small window
says so and the book opens when the back office is on (``ServerWait``).
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from app.db import Database, open_database, sqlite_path
from app.dialects import is_server
from app.errors import RegularsError
from app.i18n import _, use_language
from app.paths import demo_db_path, resolve_db
from app.server.reach import server_away
from app.settings import load_settings
from app.ui.collector import GuiThreadCollector
from app.ui.crash import install_crash_handlers
from app.ui.opening import open_or_restore
from app.ui.qt_words import use_qt_language
from app.ui.server_wait import ServerWait, WaitElsewhereError, refuse_to_wait
from app.ui.writer_wait import show_waits_in

if TYPE_CHECKING:
    from app.ui.theme import ThemeControl


def run_gui(*, db: str | None, demo: bool, exit_when_shown: bool = False) -> int:
    """Open the register window and run until it closes; returns the exit code."""
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Regulars")
    app.setOrganizationName("Regulars")
    install_crash_handlers()
    GuiThreadCollector(app)
    from app.ui.theme import ThemeControl

    theme = ThemeControl(app)
    try:
        use_qt_language(use_language(load_settings().language))
    except RegularsError as exc:
        QMessageBox.critical(
            None,
            _("Regulars cannot read its settings"),
            _(
                "{exc}\n\nCorrect that line, or delete the file to go back to the "
                "defaults, then start Regulars again."
            ).format(exc=exc),
        )
        return 1
    try:
        if demo:
            from app.demo import ensure_demo_shop

            target = str(ensure_demo_shop(demo_db_path()))
        else:
            target = resolve_db(db)
        database = (
            open_database(target, waiting=refuse_to_wait)
            if is_server(target)
            else open_or_restore(sqlite_path(target))
        )
    except RegularsError as exc:
        elsewhere = isinstance(exc, WaitElsewhereError)
        if not elsewhere and not server_away(exc):
            _cannot_open(exc)
            return 1
        wait = ServerWait(target, str(exc) if elsewhere else "")

        def opened(book: Database) -> None:
            wait.close()
            _show(book, theme, demo, exit_when_shown, started)

        def refused(problem: Exception) -> None:
            wait.close()
            _cannot_open(problem)
            app.exit(1)

        wait.opened.connect(opened)
        wait.refused.connect(refused)
        wait.show()
        return app.exec()
    _show(database, theme, demo, exit_when_shown, started)
    return app.exec()


def _cannot_open(exc: Exception) -> None:
    QMessageBox.critical(None, _("Regulars cannot open the database"), str(exc))


def _show(
    database: Database,
    theme: ThemeControl,
    demo: bool,
    exit_when_shown: bool,
    started: float,
) -> None:
    """The register window on the open book."""
    from app.ui.main_window import MainWindow

    window = MainWindow(database, theme=theme)
    show_waits_in(window)
    if demo:
        window.setWindowTitle(_("Regulars — demo shop"))
    window.show()
    if exit_when_shown:
        QTimer.singleShot(0, lambda: _report_and_quit(window, started))
    else:
        if not database.server and not database.read_only:  # a server backs itself up
            window.backups.start()
        QTimer.singleShot(0, window.backups.warn_about_storage)
        QTimer.singleShot(0, window.notes.offer_drafts)
        if not database.read_only:
            QTimer.singleShot(0, window.customers.save_forms_left)


def _report_and_quit(window: QMainWindow, started: float) -> None:
    print(f"shown in {time.perf_counter() - started:.3f} s", file=sys.stderr)
    window.close()
