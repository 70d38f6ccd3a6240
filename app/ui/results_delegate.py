"""Paints a result row as the clerk reads it at arm's length: name large, detail beneath."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.results_model import DETAIL_ROLE, REASON_ROLE

_PAD = 6


class ResultDelegate(QStyledItemDelegate):
    """Two lines per row: the name (and why it matched, right-aligned), then the detail."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = option.fontMetrics.height()  # type: ignore[attr-defined]
        return QSize(200, int(height * 2.6) + 2 * _PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None  # type: ignore[attr-defined]
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)  # type: ignore[attr-defined]
        rect: QRect = option.rect.adjusted(_PAD * 2, _PAD, -_PAD * 2, -_PAD)  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        name_font = QFont(option.font)  # type: ignore[attr-defined]
        name_font.setPointSizeF(name_font.pointSizeF() * 1.25)
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(palette.color(text_role))
        top = QRect(rect.left(), rect.top(), rect.width(), rect.height() // 2 + 2)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(index.data()))
        small = QFont(option.font)  # type: ignore[attr-defined]
        painter.setFont(small)
        muted = palette.color(text_role)
        muted.setAlphaF(0.7)
        painter.setPen(muted)
        reason = index.data(REASON_ROLE)
        if reason:
            painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(reason))
        bottom = QRect(rect.left(), top.bottom(), rect.width(), rect.height() - top.height())
        detail = index.data(DETAIL_ROLE) or ""
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(detail))
        painter.restore()
