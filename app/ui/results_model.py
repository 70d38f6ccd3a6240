"""The search results list: a model over customer ids with their row text cached.

Rows carry what tells same-name people apart (street or town, last visit, phone's last
four). When nothing matches, one row offers to add the typed name as a new customer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.i18n import _
from app.search import SearchHit
from app.ui.note_results import note_question

CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2
REASON_ROLE = Qt.ItemDataRole.UserRole + 3
ADD_ROW_ROLE = Qt.ItemDataRole.UserRole + 4
SHORT_DETAIL_ROLE = Qt.ItemDataRole.UserRole + 5

_Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractListModel):
    """Ranked hits for the current query, plus an "add" row when there are none."""

    def __init__(self) -> None:
        super().__init__()
        self._query = ""
        self._hits: list[SearchHit] = []

    @property
    def query(self) -> str:
        """The text these results answer."""
        return self._query

    def set_results(self, query: str, hits: list[SearchHit]) -> None:
        """Swap in the answer to ``query`` in one reset (cheap: rows are small)."""
        self.beginResetModel()
        self._query = query
        self._hits = list(hits)
        self.endResetModel()

    def drop(self, customer_id: int) -> None:
        """Take ``customer_id`` off the list (merged away, archived or forgotten)."""
        if any(hit.customer_id == customer_id for hit in self._hits):
            self.beginResetModel()
            self._hits = [hit for hit in self._hits if hit.customer_id != customer_id]
            self.endResetModel()

    def has_add_row(self) -> bool:
        """True when the list shows "No match — add …?" instead of customers."""
        return not self._hits and bool(self._query.strip()) and note_question(self._query) is None

    def has_no_notes_row(self) -> bool:
        """True when a question about the notes ("?word") found nothing: one row says
        so, as "No match" does for a name, instead of an empty list."""
        return not self._hits and bool(note_question(self._query))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._hits) or int(self.has_add_row() or self.has_no_notes_row())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if self.has_add_row():
            return self._add_row_data(role)
        if self.has_no_notes_row():
            return self._no_notes_data(role)
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.display_name
        if role == CUSTOMER_ID_ROLE:
            return hit.customer_id
        if role == DETAIL_ROLE:
            return hit.detail
        if role == SHORT_DETAIL_ROLE:
            return hit.short_detail
        if role == REASON_ROLE:
            return hit.reason
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.display_name}\n{hit.detail}\nMatched: {hit.reason}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.display_name}, {hit.detail}"
        return None

    def _add_row_data(self, role: int) -> Any:
        text = " ".join(self._query.split())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"No match — add '{text}'?"
        if role == ADD_ROW_ROLE:
            return text
        if role == DETAIL_ROLE:
            return "Press Enter to add a new customer"
        return None

    def _no_notes_data(self, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _("No matching note")
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            question = " ".join(str(note_question(self._query)).split())
            return _("No note mentions '{question}'").format(question=question)
        if role == DETAIL_ROLE:
            return _("Try fewer or shorter words")
        return None
