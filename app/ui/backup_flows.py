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

from app.i18n import _, format_decimal, format_moment
from app.safety.backups import BackupOutcome, backups_folder, list_backups, take_backup
from app.safety.restore import RestoreOutcome, restore_database
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
        self.timer.timeout.connect(partial(self.back_up, quiet=True))

    def start(self) -> None:
        """At start: a backup if anything changed since the last one, then one a day.
        These say nothing unless they fail: "Backed up to regulars-….db" on opening (a
        brand-new, empty book's first copy too) is news to nobody at the counter."""
        self.back_up(quiet=True)
        self.timer.start()

    def back_up(self, *, quiet: bool = False) -> None:
        """Back up now (skipped, and said so, when nothing changed); a server's book with
        ``pg_dump``. ``quiet`` (the automatic ones) reports only a failure."""
        database = self.window.database

        def done(outcome: BackupOutcome) -> None:
            if quiet:
                return
            message = (
                _("Backed up to {name}.").format(name=outcome.path.name)
                if outcome.written
                else _("Backup: nothing changed since the last one.")
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
            QMessageBox.warning(self.window, _("Where the database is kept"), warning)

    def restore(self) -> None:
        """File ▸ Restore a backup: choose one, confirm, and the window reopens on it."""
        if not self.window.owner_for("Restoring a backup", self.restore):
            return
        if self.window.database.server:
            self.window.statusBar().showMessage(
                _(
                    "The shop's server is restored from the command line, with every other "
                    "register's window open: regulars restore FILE.dump"
                ),
                15_000,
            )
            return
        backups = list_backups(self.window.database.path)
        if not backups:
            self.window.statusBar().showMessage(_("There are no backups yet."), 5000)
            return
        labels = [
            _("{taken} ({size} MB)").format(
                taken=format_moment(b.taken_at), size=format_decimal(b.size / 1_000_000, 1)
            )
            for b in backups
        ]
        chosen, ok = QInputDialog.getItem(
            self.window, _("Restore a backup"), _("Which backup?"), labels, 0, False
        )
        if not ok:
            return
        backup = backups[labels.index(chosen)]
        path = self.window.database.path
        answer = QMessageBox.warning(
            self.window,
            _("Restore this backup?"),
            _(
                "Replace the shop's book with the backup from {chosen}? Whatever was added "
                "or changed since then leaves the book. It is not lost: the book as it is "
                "now is set aside first, as '{stem}-<today's date and time>-before-restore.db' "
                "in '{folder}', and kept at least 30 days."
            ).format(chosen=chosen, stem=path.stem, folder=backups_folder(path)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.window.reopen_after(
            partial(restore_database, file=backup.path, access=self.window.owner.access),
            partial(self._restored, chosen),
            _("Restoring the backup from {chosen}…").format(chosen=chosen),
        )

    def _restored(self, chosen: str, outcome: RestoreOutcome) -> None:
        if outcome.previous is None:
            message = _("Restored the backup from {chosen}.").format(chosen=chosen)
        else:
            message = _(
                "Restored the backup from {chosen}; the book as it was is set aside at "
                "'{previous}'."
            ).format(chosen=chosen, previous=outcome.previous)
        self.window.statusBar().showMessage(message, 15_000)
