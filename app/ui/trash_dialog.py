"""The notes trash: a deleted note is never gone, and getting it back is one click.

The dialog lists what ``list_trash`` returned and calls the ``restore`` it was given with
a note id, so it holds no database; with the window's runner the restore runs as a write
off the GUI thread. A restored note leaves the list and ``restored`` tells the window to
refresh the card.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import RegularsError
from app.i18n import _, format_moment
from app.notes import NoteView
from app.ui.background import Background

PREVIEW_CHARS = 90
EMPTY_TEXT = "The trash is empty."
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def trash_row(note: NoteView, customer_name: str | None = None) -> str:
    """When it was deleted, whose it was, and how it began."""
    deleted = format_moment(note.deleted_at) if note.deleted_at else "?"
    who = customer_name or f"customer #{note.customer_id}"
    body = " ".join(note.body.split())
    if len(body) > PREVIEW_CHARS:
        body = body[: PREVIEW_CHARS - 1] + "…"
    return f"{deleted} · {who}\n{body}"


class TrashDialog(QDialog):
    """Deleted notes, newest deletion first, each restorable."""

    restored = Signal(int)

    def __init__(
        self,
        notes: Sequence[NoteView],
        restore: Callable[[int], object],
        customer_names: Mapping[int, str] | None = None,
        parent: QWidget | None = None,
        runner: Background | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Deleted notes"))
        self._restore = restore
        self._runner = runner
        names = customer_names or {}
        self.list = QListWidget()
        self.list.setObjectName("trashList")
        self.list.setAccessibleName(_("Deleted notes"))
        self.list.setWordWrap(True)
        for note in notes:
            item = QListWidgetItem(trash_row(note, names.get(note.customer_id)))
            item.setData(NOTE_ID_ROLE, note.id)
            item.setToolTip(note.body)
            self.list.addItem(item)
        self.message = QLabel()
        self.message.setObjectName("trashMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton(_("Restore"))
        self.restore_button.setObjectName("restoreNote")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.list.currentRowChanged.connect(self._update_button)
        self.list.itemActivated.connect(lambda _item: self.restore_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.message.setText(EMPTY_TEXT)
        self._update_button()

    def _update_button(self) -> None:
        self.restore_button.setEnabled(self.list.currentItem() is not None)

    def restore_selected(self) -> None:
        """Restore the highlighted note; if refused, say why and keep it listed."""
        item = self.list.currentItem()
        if item is None:
            return
        note_id = int(item.data(NOTE_ID_ROLE))
        if self._runner is not None:
            self._runner.run(
                partial(self._restore, note_id),
                lambda _result: self._restored(item, note_id),
                self._refused,
                writes=True,
            )
            return
        try:
            self._restore(note_id)
        except RegularsError as exc:
            self._refused(exc)
            return
        self._restored(item, note_id)

    def _refused(self, exc: Exception) -> None:
        if not isinstance(exc, RegularsError):
            raise exc
        self.message.setText(str(exc))

    def _restored(self, item: QListWidgetItem, note_id: int) -> None:
        if self.list.row(item) >= 0:
            self.list.takeItem(self.list.row(item))
        self.message.setText(_("Note restored.") if self.list.count() else EMPTY_TEXT)
        self._update_button()
        self.restored.emit(note_id)
