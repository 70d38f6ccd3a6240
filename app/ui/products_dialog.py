"""The products screen: the owner says which categories are durable or consumable and how
many days after a purchase to ask about them, which is what decides the purchase prompts.

Keyboard first: the list takes ↑/↓ (and type-ahead on the name), Tab reaches the kind and
the two day counts, Enter saves the selected category. The dialog never touches the
database: it shows the ``CategoryInfo`` values it is given and hands each change to the
``save`` callable, which runs ``set_category_kind`` off the GUI thread and reports back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.models import ProductKind
from app.prompts import CategoryInfo

COLUMNS = (N_("Category"), N_("Kind"), N_("Follow-up days"), N_("Replenish days"), N_("Products"))
KINDS = {
    ProductKind.DURABLE: N_("durable"),
    ProductKind.CONSUMABLE: N_("consumable"),
    ProductKind.SERVICE: N_("service"),
    ProductKind.OTHER: N_("other"),
}
"""Each kind of category as the owner reads it."""
NOT_SET = -1
"""The spin boxes' value for "no day count of its own" (shown as "not set")."""
MAX_DAYS = 3650


@dataclass(frozen=True)
class CategoryChange:
    """What the owner asked for one category; ``None`` days are left as they are."""

    name: str
    kind: ProductKind
    follow_up_days: int | None
    replenish_days: int | None


SaveCategory = Callable[
    [CategoryChange, Callable[[CategoryInfo], None], Callable[[Exception], None]], None
]
"""Store a change, then call back on the GUI thread with the stored category or the error."""


def _days_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(NOT_SET, MAX_DAYS)
    box.setSpecialValueText(_("not set"))
    box.setSuffix(_(" days"))
    return box


def _days_text(days: int | None) -> str:
    return "" if days is None else str(days)


class ProductsDialog(QDialog):
    """Every category with its kind and day counts; the selected one is edited below."""

    def __init__(
        self,
        categories: Sequence[CategoryInfo],
        save: SaveCategory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Products"))
        self.setObjectName("productsDialog")
        self._save = save
        self._categories = list(categories)
        layout = QVBoxLayout(self)
        explained = QLabel(
            _(
                "Durable categories are asked about after a purchase and never suggested "
                "again; consumables are asked about when they may be running low."
            )
        )
        explained.setWordWrap(True)  # else the dialog is as wide as the sentence
        layout.addWidget(explained)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(column) for column in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_("Product categories"))
        layout.addWidget(self.table)

        form = QFormLayout()
        self.kind = QComboBox()
        for kind in ProductKind:
            self.kind.addItem(_(KINDS[kind]), kind)
        self.follow_up = _days_box()
        self.replenish = _days_box()
        for text, editor in (
            (_("&Kind:"), self.kind),
            (_("&Follow-up days:"), self.follow_up),
            (_("&Replenish days:"), self.replenish),
        ):
            label = QLabel(text)
            label.setBuddy(editor)
            form.addRow(label, editor)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setObjectName("productsStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton(_("&Save"))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ApplyRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save_selected)
        layout.addWidget(buttons)
        self.save_button.setDefault(True)

        self.table.itemSelectionChanged.connect(self._show_selected)
        self._fill()
        self.resize(760, 600)

    def _fill(self) -> None:
        self.table.setRowCount(len(self._categories))
        for row, info in enumerate(self._categories):
            self._fill_row(row, info)
        self.table.resizeColumnsToContents()
        if self._categories:
            self.table.selectRow(0)
        else:
            self.status.setText(_("No categories yet: they come with imported or demo purchases."))
        self._show_selected()

    def _fill_row(self, row: int, info: CategoryInfo) -> None:
        cells = (
            info.name,
            _(KINDS[info.kind]),
            _days_text(info.follow_up_days),
            _days_text(info.replenish_days),
            str(info.product_count),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)

    def selected(self) -> CategoryInfo | None:
        """The category being edited, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self._categories[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        info = self.selected()
        for editor in (self.kind, self.follow_up, self.replenish, self.save_button):
            editor.setEnabled(info is not None)
        if info is None:
            return
        self.kind.setCurrentIndex(self.kind.findData(info.kind))
        self.follow_up.setValue(NOT_SET if info.follow_up_days is None else info.follow_up_days)
        self.replenish.setValue(NOT_SET if info.replenish_days is None else info.replenish_days)

    def change(self) -> CategoryChange | None:
        """The selected category as the editors now describe it."""
        info = self.selected()
        if info is None:
            return None

        def days(box: QSpinBox) -> int | None:
            return None if box.value() == NOT_SET else box.value()

        kind: ProductKind = self.kind.currentData()
        return CategoryChange(info.name, kind, days(self.follow_up), days(self.replenish))

    def save_selected(self) -> None:
        """Hand the selected category's new rule to ``save``; the list updates when stored."""
        change = self.change()
        if change is None:
            return
        self.save_button.setEnabled(False)
        self.status.setText(_("Saving {name}…").format(name=change.name))
        self._save(change, self._saved, self._failed)

    def _saved(self, info: CategoryInfo) -> None:
        row = next((i for i, known in enumerate(self._categories) if known.name == info.name), None)
        if row is not None:
            self._categories[row] = info
            self._fill_row(row, info)
        self.save_button.setEnabled(self.selected() is not None)
        self.status.setText(
            _("Saved {name}: {value}.").format(name=info.name, value=_(KINDS[info.kind]))
        )

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(self.selected() is not None)
        self.status.setText(_("Not saved: {exc}").format(exc=exc))
