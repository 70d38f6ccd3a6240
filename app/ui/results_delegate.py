"""Paints a result row as the clerk reads it at arm's length: name large, detail beneath."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.results_model import DETAIL_ROLE, REASON_ROLE

_PAD = 6


class ResultDelegate(QStyledItemDelegate):
    """Two lines per row: the name (and why it matched, right-aligned), then the detail."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = option.fontMetrics.height()
        return QSize(200, int(height * 2.6) + 2 * _PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        rect: QRect = option.rect.adjusted(_PAD * 2, _PAD, -_PAD * 2, -_PAD)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        name_font = QFont(option.font)
        name_font.setPointSizeF(name_font.pointSizeF() * 1.25)
        name_font.setBold(True)
        small = QFont(option.font)
        top = QRect(rect.left(), rect.top(), rect.width(), rect.height() // 2 + 2)
        bottom = QRect(rect.left(), top.bottom(), rect.width(), rect.height() - top.height())
        left_middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        muted = palette.color(text_role)
        muted.setAlphaF(0.7)
        reason = QFontMetrics(small).elidedText(
            str(index.data(REASON_ROLE) or ""), Qt.TextElideMode.ElideRight, int(top.width() * 0.45)
        )
        reason_width = QFontMetrics(small).horizontalAdvance(reason) + (_PAD * 2 if reason else 0)
        name = QFontMetrics(name_font).elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, top.width() - reason_width
        )
        detail = QFontMetrics(small).elidedText(
            str(index.data(DETAIL_ROLE) or ""), Qt.TextElideMode.ElideRight, bottom.width()
        )
        painter.setFont(name_font)
        painter.setPen(palette.color(text_role))
        painter.drawText(top, left_middle, name)
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, reason)
        painter.drawText(bottom, left_middle, detail)
        painter.restore()
