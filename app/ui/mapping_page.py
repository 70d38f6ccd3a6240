"""The column-mapping step of the import wizard: each column of a file no format knows,
and the field of ours it fills, prefilled with the guess for the owner to confirm or edit.

The widget only shows and edits a ``Mapping``; the wizard passes ``mapping()`` to
``import_file(..., mapping=...)`` and, when "remember" is ticked, to ``save_preset``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.importing.mapping import FIELDS, Mapping
from app.importing.preview_words import field_label

UNUSED = N_("(not imported)")


class MappingPage(QWidget):
    """A table: file column → our field (a combo box per column)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[str] = []
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels((_("Column in the file"), _("Goes into")))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(_("Columns of the file and where each goes"))
        self.remember = QCheckBox(_("Remember this mapping for files from the same till"), self)
        self.remember.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Check which column goes where; change any that are wrong.")))
        layout.addWidget(self.table)
        layout.addWidget(self.remember)

    def show_columns(self, columns: list[str], guess: Mapping) -> None:
        """One row per file column, its combo set to the guessed field (else unused)."""
        self.columns = list(columns)
        by_column = {column: field for field, column in guess.pairs}
        self.table.setRowCount(len(columns))
        for row, column in enumerate(columns):
            item = QTableWidgetItem(column)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, item)
            combo = QComboBox(self.table)
            combo.addItem(_(UNUSED), "")
            for field in FIELDS:
                combo.addItem(field_label(field), field)
            combo.setCurrentIndex(max(0, combo.findData(by_column.get(column, ""))))
            combo.currentIndexChanged.connect(self.changed)
            combo.setAccessibleName(_("Where {column} goes").format(column=column))
            self.table.setCellWidget(row, 1, combo)

    def mapping(self) -> Mapping:
        """The mapping as the table now says (a field chosen twice: the first column)."""
        pairs: dict[str, str] = {}
        for row, column in enumerate(self.columns):
            combo = self.table.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            field = str(combo.currentData())
            if field:
                pairs.setdefault(field, column)
        return Mapping(tuple(pairs.items()))
