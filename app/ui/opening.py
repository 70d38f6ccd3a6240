"""Opening a shop's file from the window, at start or from File ▸ Open.

What ``open_for_window`` refuses is refused here too, except a damaged file with a
verified backup: the owner is asked, in one question, whether to put that backup in its
place, so a shop is back at the till without the command line. At start (no window yet)
this runs before the event loop; from File ▸ Open the window runs the opening and the
restore on its writer, and only the question is asked on the GUI thread.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

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
        if not restore_wanted(damaged):
            raise
        return restore_then_open(damaged)


def restore_then_open(damaged: DamagedDatabaseError) -> Database:
    """Put the damaged file's newest verified backup in its place and open that (the
    damaged file stays where ``open_for_window`` moved it)."""
    assert damaged.backup is not None
    restore_database(damaged.path, damaged.backup)
    return open_for_window(damaged.path)


def restore_wanted(damaged: DamagedDatabaseError, parent: QWidget | None = None) -> bool:
    """Whether the owner wants the newest verified backup in place of the damaged file
    (never asked when there is none). The question says what is lost and where the
    damaged file, which still holds it, was put."""
    if damaged.backup is None:
        return False
    taken = format_moment(datetime.fromtimestamp(damaged.backup.stat().st_mtime))
    answer = QMessageBox.question(
        parent,
        _("The shop's file is damaged"),
        _(
            "{problem}\n\nRestore the newest verified backup, taken {taken}, now? Anything "
            "done since then is not in it; the damaged file stays set aside at '{aside}'."
        ).format(problem=damaged, taken=taken, aside=damaged.aside),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes
