"""The Today view: the owner's start-of-day lists, shown where the card goes when the
search box is empty.

It paints a ``TodayView`` value and nothing else. Opening a card and marking a row done
or snoozed are passed up as signals, so this widget never reaches for the database;
the window runs the service off the GUI thread and calls ``show_today`` with the result.
Keyboard first: ↑/↓ to move, Enter opens the card, Alt+D marks done, Alt+O snoozes
(the window's menu entries; plain letters typed here go to the search box).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_weekday
from app.today import TodayRow
from app.today import TodayView as TodayData
from app.today.view import NOTHING_TODAY
from app.ui.text import scaled

CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 3
SHOWN_ROLE = Qt.ItemDataRole.UserRole + 4
PRIVATE_MARK = "private"
SIDE_SHARE = (0.34, 0.26)
"""At most this much of the width for the name and for the last visit; "What" gets the
rest, and every cell wraps rather than cutting its text short."""


Fit = QHeaderView.ResizeMode


class _WrappedRows(QStyledItemDelegate):
    """Row heights that hold each cell's text wrapped at its column's width."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        tree = self.parent()
        text = index.data()
        heading = index.column() == 0 and index.data(KEY_ROLE) is None  # spans the row
        if not isinstance(tree, QTreeWidget) or not text or heading:
            return size
        style = tree.style()
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)
        width = max(1, tree.header().sectionSize(index.column()) - margin)
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else option.font)
        wrap = Qt.TextFlag.TextWordWrap
        needed = metrics.boundingRect(QRect(0, 0, width, 1 << 20), wrap, str(text))
        return QSize(size.width(), max(size.height(), needed.height() + 4))


class _RowTree(QTreeWidget):
    """The sections as a tree; Enter on a row is turned into a signal."""

    rowKey = Signal(QTreeWidgetItem, str)

    def __init__(self) -> None:
        super().__init__()
        self._fitting = False
        self.setColumnCount(3)
        self.setWordWrap(True)
        self.setItemDelegate(_WrappedRows(self))
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        columns = self.header()
        columns.setStretchLastSection(False)
        for column, mode in enumerate((Fit.Fixed, Fit.Stretch, Fit.Fixed)):
            columns.setSectionResizeMode(column, mode)
        columns.sectionResized.connect(lambda *_: self._relayout())

    def fit_columns(self) -> None:
        """Name and last visit as wide as their longest text, up to their share of the
        width; "What" takes what is left. Rows grow to hold wrapped text."""
        width = self.viewport().width()
        for column, share in zip((0, 2), SIDE_SHARE, strict=True):
            self.header().resizeSection(
                column, min(self.sizeHintForColumn(column), int(width * share))
            )
        self._relayout()

    def _relayout(self) -> None:
        """Row heights follow the column widths (a wrapped cell needs more lines)."""
        if not self._fitting:
            self._fitting = True
            self.doItemsLayout()
            self._fitting = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        pressed = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if item is not None and enter and pressed == Qt.KeyboardModifier.NoModifier:
            self.rowKey.emit(item, "open")
            event.accept()
            return
        super().keyPressEvent(event)


class TodayView(QWidget):
    """Occasions, follow-ups, overdue regulars, newcomers and likely visitors.

    ``openCustomer(id)`` asks the window for a card; ``rowAction(key, "done"|"snooze")``
    asks it to mark a row (``app.today.mark_today_row``) and then to refresh the view
    or call ``remove_row``.
    """

    openCustomer = Signal(int)
    rowAction = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today")
        self.today: TodayData | None = None
        self._items: dict[str, QTreeWidgetItem] = {}
        self._headers: dict[str, QTreeWidgetItem] = {}
        self.heading = QLabel(_("Today"))
        self.heading.setObjectName("todayHeading")
        scaled(self.heading, 1.4, bold=True)
        self.tree = _RowTree()
        self.tree.setObjectName("todayRows")
        self.tree.setAccessibleName(_("Today's list"))
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Who"), _("What"), ""])
        self.tree.setRootIsDecorated(False)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.rowKey.connect(self._on_key)
        self.tree.itemDoubleClicked.connect(lambda item, _column: self._on_key(item, "open"))
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.empty = QLabel(_(NOTHING_TODAY))
        self.empty.setWordWrap(True)
        self.empty.setObjectName("welcome")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = QPushButton(_("Done"))
        self.done_button.setToolTip(_("Mark this row done: it will not show again (Alt+D)"))
        self.done_button.clicked.connect(lambda: self._act_on_current("done"))
        self.snooze_button = QPushButton(_("Snooze"))
        self.snooze_button.setToolTip(_("Hide this row until tomorrow (Alt+O)"))
        self.snooze_button.clicked.connect(lambda: self._act_on_current("snooze"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.snooze_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self.empty.hide()
        self._update_buttons()

    def show_today(self, view: TodayData) -> None:
        """Replace whatever was shown with ``view``; the first row becomes current."""
        self.today = view
        self.heading.setText(_("Today, {day}").format(day=format_weekday(view.on)))
        self.tree.clear()
        self._items.clear()
        self._headers.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for section in view.sections:
            # Headers are disabled items in the same flat list, so ↑/↓ skip over them.
            header = QTreeWidgetItem(self.tree)
            header.setFirstColumnSpanned(True)
            header.setFont(0, bold)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setForeground(0, self.tree.palette().text())
            header.setData(0, TITLE_ROLE, section.title)
            header.setData(0, TOTAL_ROLE, section.total)
            header.setData(0, SHOWN_ROLE, len(section.rows))
            self._label(header)
            for row in section.rows:
                self._items[row.key] = self._item(row)
                self._headers[row.key] = header
                self.tree.addTopLevelItem(self._items[row.key])
        self.tree.fit_columns()
        self.tree.setVisible(not view.empty)
        self.empty.setVisible(view.empty)
        if self._items:
            self.tree.setCurrentItem(next(iter(self._items.values())))
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        """Section headers follow a switch between light and dark (they are disabled items,
        so their colour is set by hand and must be set again)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for index in range(self.tree.topLevelItemCount()):
                item = self.tree.topLevelItem(index)
                if item is not None and item.data(0, KEY_ROLE) is None:
                    item.setForeground(0, self.palette().text())

    def remove_row(self, key: str) -> None:
        """Take the row ``key`` off the list (after the window marked it done or snoozed);
        the next row becomes current."""
        item = self._items.pop(key, None)
        if item is None:
            return
        header = self._headers.pop(key)
        for role in (TOTAL_ROLE, SHOWN_ROLE):
            header.setData(0, role, int(header.data(0, role)) - 1)
        self._label(header)
        index = self.tree.indexOfTopLevelItem(item)
        self.tree.takeTopLevelItem(index)
        rows = [
            row
            for i in range(self.tree.topLevelItemCount())
            if (row := self.tree.topLevelItem(i)) is not None and row.data(0, KEY_ROLE) is not None
        ]
        later = [row for row in rows if self.tree.indexOfTopLevelItem(row) >= index]
        nearest = later[0] if later else rows[-1] if rows else None
        if nearest is not None:
            self.tree.setCurrentItem(nearest)
        self._update_buttons()

    def row_keys(self) -> list[str]:
        """The keys of the rows shown, top to bottom (for tests and the window)."""
        return list(self._items)

    def section_labels(self) -> list[str]:
        """The section headings as shown, with their counts, top to bottom."""
        return [
            item.text(0)
            for item in map(self.tree.topLevelItem, range(self.tree.topLevelItemCount()))
            if item is not None and item.data(0, KEY_ROLE) is None
        ]

    def current_key(self) -> str | None:
        """The key of the row the owner is on, if any (Alt+D / Alt+O act on it)."""
        item = self._current_row()
        return None if item is None else str(item.data(0, KEY_ROLE))

    def select_row(self, key: str) -> None:
        """Make the row ``key`` current, as if the owner had moved to it."""
        if key in self._items:
            self.tree.setCurrentItem(self._items[key])

    @staticmethod
    def _label(header: QTreeWidgetItem) -> None:
        """ "Follow-ups due (3)", or "(30 of 412)" when only the first rows are shown."""
        title, total = str(header.data(0, TITLE_ROLE)), int(header.data(0, TOTAL_ROLE))
        shown = int(header.data(0, SHOWN_ROLE))
        count = f"{total}" if total == shown else f"{shown} of {total}"
        header.setText(0, f"{title} ({count})")

    def _item(self, row: TodayRow) -> QTreeWidgetItem:
        what = f"{row.text}  ({PRIVATE_MARK})" if row.private else row.text
        item = QTreeWidgetItem([row.display_name, what, row.detail])
        item.setData(0, CUSTOMER_ID_ROLE, row.customer_id)
        item.setData(0, KEY_ROLE, row.key)
        item.setToolTip(1, row.text)
        if row.private:
            font = QFont(self.tree.font())
            font.setItalic(True)
            item.setFont(1, font)
            item.setToolTip(
                1, _("{text}\n(from a private note: not for the register)").format(text=row.text)
            )
        return item

    def _current_row(self) -> QTreeWidgetItem | None:
        item = self.tree.currentItem()
        return item if item is not None and item.data(0, KEY_ROLE) is not None else None

    def _on_key(self, item: QTreeWidgetItem, action: str) -> None:
        if item.data(0, KEY_ROLE) is None:
            return
        if action == "open":
            self.openCustomer.emit(int(item.data(0, CUSTOMER_ID_ROLE)))
        else:
            self.rowAction.emit(str(item.data(0, KEY_ROLE)), action)

    def _act_on_current(self, action: str) -> None:
        item = self._current_row()
        if item is not None:
            self._on_key(item, action)

    def _update_buttons(self) -> None:
        has_row = self._current_row() is not None
        self.done_button.setEnabled(has_row)
        self.snooze_button.setEnabled(has_row)
