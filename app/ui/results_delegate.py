"""Paints a result row as the clerk reads it at arm's length: name large, detail beneath.

What tells two same-name people apart must survive a narrow window or large type: the
whole name comes first, then the last visit and the phone's last four; the street gives
way (shortened with "…") before them, then the words "last visit" (the date stays), and
why the row matched (also in the tooltip) is left out before the name is cut.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.results_model import DETAIL_ROLE, REASON_ROLE, SHORT_DETAIL_ROLE

_PAD = 6
_SEP = " · "


class RowText(NamedTuple):
    """The three strings a row paints, each fitted to its room."""

    name: str
    reason: str
    detail: str


def _fit_detail(detail: str, short: str, small: QFontMetrics, width: int) -> str:
    """The street shortened first; then the short form (the visit's date and the phone's
    last four, without "last visit"), cut from the left only when even that is too wide."""
    if small.horizontalAdvance(detail) <= width:
        return detail
    place, _, rest = detail.partition(_SEP)
    if rest and width - small.horizontalAdvance(_SEP + rest) >= small.horizontalAdvance(
        place[:4] + "…"
    ):
        room = width - small.horizontalAdvance(_SEP + rest)
        return small.elidedText(place, Qt.TextElideMode.ElideRight, room) + _SEP + rest
    if short and small.horizontalAdvance(short) <= width:
        return short
    if not rest and not short:
        return small.elidedText(detail, Qt.TextElideMode.ElideRight, width)
    return small.elidedText(short or rest, Qt.TextElideMode.ElideLeft, width)


def row_text(
    name: str, reason: str, detail: str, short: str, fonts: tuple[QFont, QFont], width: int
) -> RowText:
    """What fits in ``width`` pixels with the name font and the small font; ``short`` is
    the detail's short form (or "")."""
    big, small = QFontMetrics(fonts[0]), QFontMetrics(fonts[1])
    name_width = big.horizontalAdvance(name)
    gap = _PAD * 2
    if reason and name_width + gap + small.horizontalAdvance(reason) > width:
        reason = ""
    shown = (
        name if name_width <= width else big.elidedText(name, Qt.TextElideMode.ElideRight, width)
    )
    return RowText(shown, reason, _fit_detail(detail, short, small, width))


def row_fonts(base: QFont) -> tuple[QFont, QFont]:
    """The name's font (larger, bold) and the detail's."""
    name_font = QFont(base)
    name_font.setPointSizeF(name_font.pointSizeF() * 1.25)
    name_font.setBold(True)
    return name_font, QFont(base)


def text_width(row_width: int) -> int:
    """The room for text in a row ``row_width`` wide."""
    return row_width - _PAD * 4


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
        name_font, small = row_fonts(option.font)
        top = QRect(rect.left(), rect.top(), rect.width(), rect.height() // 2 + 2)
        bottom = QRect(rect.left(), top.bottom(), rect.width(), rect.height() - top.height())
        left_middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        muted = palette.color(text_role if selected else QPalette.ColorRole.PlaceholderText)
        text = row_text(
            str(index.data()),
            str(index.data(REASON_ROLE) or ""),
            str(index.data(DETAIL_ROLE) or ""),
            str(index.data(SHORT_DETAIL_ROLE) or ""),
            (name_font, small),
            rect.width(),
        )
        painter.setFont(name_font)
        painter.setPen(palette.color(text_role))
        painter.drawText(top, left_middle, text.name)
        painter.setFont(small)
        painter.setPen(muted)
        right_middle = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(top, right_middle, text.reason)
        painter.drawText(bottom, left_middle, text.detail)
        painter.restore()
