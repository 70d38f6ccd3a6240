"""Opening a shop's file from the window, at start or from File ▸ Open.

What ``open_for_window`` refuses is refused here too, except a damaged file with a
verified backup: the owner is asked, in one question, whether to put that backup in its
place, so a shop is back at the till without the command line.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.db import Database
from app.i18n import _, format_moment
from app.safety.restore import restore_database
from app.safety.startup import DamagedDatabaseError, open_for_window


def open_or_restore(path: Path) -> Database:
    """``open_for_window``, and when the file turns out damaged and a verified backup
    exists, the owner is offered that backup in its place (the damaged file stays set
    aside); declining, or a failed restore, is refused as before."""
    try:
        return open_for_window(path)
    except DamagedDatabaseError as damaged:
        if damaged.backup is None or not _restore_wanted(damaged, damaged.backup):
            raise
        restore_database(damaged.path, damaged.backup)
        return open_for_window(path)


def _restore_wanted(damaged: DamagedDatabaseError, backup: Path) -> bool:
    taken = format_moment(datetime.fromtimestamp(backup.stat().st_mtime))
    answer = QMessageBox.question(
        None,
        _("The shop's file is damaged"),
        _(
            "{damaged}\n\nRestore the newest verified backup, taken {taken}, now? "
            "Anything done since then is not in it; the damaged file stays where it"
            " was moved."
        ).format(damaged=damaged, taken=taken),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes
