"""Backups from the window: one at start and every day while it is open (only when
something changed), Back up now, and restoring a backup (owner only).

A restore replaces the file under the window, so the window lets go of the database and
its writer lock first and opens the restored file afterwards.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.errors import RegularsError
from app.safety.backups import BackupOutcome, list_backups, take_backup
from app.safety.restore import restore_database
from app.safety.server_backups import take_server_backup
from app.safety.storage import storage_warning

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

DAY_MS = 24 * 60 * 60 * 1000


class BackupFlows(QObject):
    """The File menu's safety entries and the daily backup timer."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setInterval(DAY_MS)
        self.timer.timeout.connect(self.back_up)

    def start(self) -> None:
        """At start: a backup if anything changed since the last one, then one a day."""
        self.back_up()
        self.timer.start()

    def back_up(self) -> None:
        """Back up now (skipped, and said so, when nothing changed); a server's book with
        ``pg_dump``."""
        database = self.window.database

        def done(outcome: BackupOutcome) -> None:
            message = (
                f"Backed up to {outcome.path.name}."
                if outcome.written
                else "Backup: nothing changed since the last one."
            )
            self.window.statusBar().showMessage(message, 5000)

        job = (
            partial(take_server_backup, database)
            if database.server
            else partial(take_backup, database.path)
        )
        self.window.background.run(job, done, self.window.report)

    def warn_about_storage(self) -> None:
        """Once at start: a database on a network share or in a synced folder is at risk."""
        warning = storage_warning(self.window.database.path)
        if warning:
            QMessageBox.warning(self.window, "Where the database is kept", warning)

    def restore(self) -> None:
        """File ▸ Restore a backup: choose one, confirm, and the window reopens on it."""
        if not self.window.owner_for("Restoring a backup", self.restore):
            return
        backups = list_backups(self.window.database.path)
        if not backups:
            self.window.statusBar().showMessage("There are no backups yet.", 5000)
            return
        labels = [f"{b.taken_at:%Y-%m-%d %H:%M} ({b.size / 1_000_000:.1f} MB)" for b in backups]
        chosen, ok = QInputDialog.getItem(
            self.window, "Restore a backup", "Which backup?", labels, 0, False
        )
        if not ok:
            return
        backup = backups[labels.index(chosen)]
        answer = QMessageBox.warning(
            self.window,
            "Restore this backup?",
            f"Replace the shop's database with the backup from {chosen}? Everything since "
            "then is replaced; the current database is backed up first.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.window.reopen_after(
                partial(restore_database, file=backup.path, access=self.window.owner.access)
            )
        except RegularsError as exc:
            self.window.report(exc)
            return
        self.window.statusBar().showMessage(f"Restored the backup from {chosen}.", 5000)
