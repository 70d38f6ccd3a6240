"""Backups from the window: one at start and every day while it is open (only when
something changed), Back up now, and restoring a backup (owner only).

A restore replaces the file under the window, so the window lets go of the database and
its writer lock first and opens the restored file afterwards. A server's book is restored
in place, as the window's one write, holding the shop-wide job lock
(``app.server.shop_jobs``) so the other registers say so meanwhile.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.i18n import _, format_decimal, format_moment
from app.safety.backups import (
    DUMP_SUFFIX,
    FILE_SUFFIX,
    BackupOutcome,
    backups_folder,
    list_backups,
    take_backup,
)
from app.safety.restore import RestoreOutcome, restore_database
from app.safety.server_backups import take_server_backup
from app.safety.server_restore import ServerRestoreOutcome, restore_server
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
        """File ▸ Restore a backup: choose one, confirm, and it is put back: a file's with
        the window reopening on it, a server's book in place (``restore_server``, as the
        command line does it: the other registers are told while it runs and start over
        on the restored book)."""
        if not self.window.owner_for("Restoring a backup", self.restore):
            return
        database = self.window.database
        suffix = DUMP_SUFFIX if database.server else FILE_SUFFIX
        backups = list_backups(database.path, suffix)
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
        path = database.path
        answer = QMessageBox.warning(
            self.window,
            _("Restore this backup?"),
            _(
                "Replace the shop's book with the backup from {chosen}? Whatever was added "
                "or changed since then leaves the book. It is not lost: the book as it is "
                "now is set aside first, as '{stem}-<today's date and time>-before-restore"
                "{suffix}' in '{folder}', and kept at least 30 days."
            ).format(chosen=chosen, stem=path.stem, suffix=suffix, folder=backups_folder(path)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        access = self.window.owner.access
        busy = _("Restoring the backup from {chosen}…").format(chosen=chosen)
        if not database.server:
            self.window.reopen_after(
                partial(restore_database, file=backup.path, access=access),
                partial(self._restored, chosen),
                busy,
            )
            return
        self.window.statusBar().showMessage(busy)
        self.window.background.run(
            partial(restore_server, database, backup.path, access=access),
            partial(self._restored_on_server, chosen),
            self.window.report,
            writes=True,
        )

    def _restored_on_server(self, chosen: str, outcome: ServerRestoreOutcome) -> None:
        """Said as a file's restore is; the window starts over on the restored book, with
        nothing made before to undo."""
        self.window.forget_undo()
        self._restored(chosen, outcome)
        self.window.live.catch_up()

    def _restored(self, chosen: str, outcome: RestoreOutcome | ServerRestoreOutcome) -> None:
        if outcome.previous is None:
            message = _("Restored the backup from {chosen}.").format(chosen=chosen)
        else:
            message = _(
                "Restored the backup from {chosen}; the book as it was is set aside at "
                "'{previous}'."
            ).format(chosen=chosen, previous=outcome.previous)
        self.window.statusBar().showMessage(message, 15_000)
