"""Visits per month as bars and spend as a line, the card's glance at a regular's rhythm.

A clerk should see in a second whether someone is coming as often as they used to and
spending as they did; the exact figures are in the tooltip (and the accessible
description, for screen readers): the whole period, and the month under the pointer.
The widget only paints ``MonthStat`` values; the window loads them with
``app.card_history.visit_history`` off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QBarSeries, QLineSeries
from PySide6.QtCore import QLocale, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.card_history import MonthStat
from app.i18n import _, format_money, format_month, language_date, ngettext
from app.ui.small_chart import (
    bar_set,
    clear,
    count_axis,
    every_nth_from_end,
    glance_chart,
    index_axis,
    label_step,
    tooltip_on_hover,
)

SPEND_COLOUR = QColor("#e8710a")
AXES_ROOM = 60
"""Pixels of the chart's width taken besides the plot and its two axes' labels (ticks,
padding), counted generously so month labels are never spaced too tight."""


def shop_locale(region: str) -> QLocale:
    """The locale of the shop's country ("US", "DE"...): its number style."""
    territory = QLocale.codeToTerritory(region)
    if territory == QLocale.Country.AnyTerritory:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.AnyLanguage, territory)


def _month(stat: MonthStat) -> str:
    return format_month(stat.month)


def _visits(count: int) -> str:
    return ngettext("{n} visit", "{n} visits", count).format(n=count)


def history_summary(stats: Sequence[MonthStat]) -> str:
    """The chart in words: totals over the period and the busiest month."""
    if not stats:
        return _("No purchase history.")
    visits = sum(s.visits for s in stats)
    period = f"{_month(stats[0])} – {_month(stats[-1])}"
    if not visits:
        return _("No visits {period}.").format(period=period)
    busiest = max(stats, key=lambda s: (s.visits, s.month))
    spend = sum(s.spend_cents for s in stats)
    return _("{period}: {visits}, {money} spent. Busiest month: {month} ({busiest}).").format(
        period=period,
        visits=_visits(visits),
        money=format_money(spend),
        month=_month(busiest),
        busiest=_visits(busiest.visits),
    )


def month_text(stat: MonthStat) -> str:
    """One month in words, for the tooltip over its bar."""
    return _("{month}: {visits}, {money} spent").format(
        month=_month(stat), visits=_visits(stat.visits), money=format_money(stat.spend_cents)
    )


class HistoryChart(QWidget):
    """The last months of one customer; call ``show_history`` with their stats."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyChart")
        self.setAccessibleName(_("Visits and spend by month"))
        self._chart, self.view = glance_chart(self)
        for part in (self.view, self.view.viewport()):
            part.setAccessibleName(self.accessibleName())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._stats: tuple[MonthStat, ...] = ()
        self._label_every = 0
        """Months between the labels shown (0: no labels yet)."""
        self.summary = ""
        self.show_history(())

    def show_history(self, stats: Sequence[MonthStat]) -> None:
        """Paint ``stats`` (oldest first); an empty history says so instead of bars."""
        self._stats = tuple(stats)
        chart = self._chart
        clear(chart)
        self.summary = history_summary(self._stats)
        self.setToolTip(self.summary)
        self.view.setToolTip(self.summary)
        months = [month_text(s) for s in self._stats]
        self.setAccessibleDescription("\n".join([self.summary, *months]))
        has_visits = any(s.visits for s in self._stats)
        chart.setTitle("" if has_visits else self.summary)
        chart.legend().setVisible(has_visits)
        self._label_every = 0
        if not has_visits:
            return
        count = len(self._stats)
        self._label_every = self._month_step()
        x_axis = index_axis(
            self,
            count,
            [
                (i, _axis_month(self._stats[i]))
                for i in every_nth_from_end(count, self._label_every)
            ],
        )
        visits_axis = count_axis(self, max(s.visits for s in self._stats))
        highest = max(s.spend_cents for s in self._stats) / 100
        spend_axis = count_axis(self, highest, _axis_money)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(visits_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(spend_axis, Qt.AlignmentFlag.AlignRight)

        bars = QBarSeries()
        bars.setBarWidth(0.7)
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        bars.append(bar_set(_("Visits"), [s.visits for s in self._stats], highlight))
        tooltip_on_hover(bars, self.view, months, self.summary)
        chart.addSeries(bars)
        bars.attachAxis(x_axis)
        bars.attachAxis(visits_axis)

        spend = QLineSeries()
        spend.setName(_("Spend"))
        spend.setPen(QPen(SPEND_COLOUR, 2))
        spend.append([QPointF(i, s.spend_cents / 100) for i, s in enumerate(self._stats)])
        chart.addSeries(spend)
        spend.attachAxis(x_axis)
        spend.attachAxis(spend_axis)

    def _month_step(self) -> int:
        """Months between labels so they stand apart at this width (the axes' own labels
        and padding taken off): every quarter where there is room, else fewer."""
        metrics = QFontMetrics(self.font())
        top_visits = max(s.visits for s in self._stats)
        top_spend = max(s.spend_cents for s in self._stats)
        axes = metrics.horizontalAdvance(f"{top_visits * 10}{_axis_money(top_spend)}")
        room = self.width() - axes - AXES_ROOM
        return label_step(len(self._stats), [_axis_month(s) for s in self._stats], room)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width may space the month labels differently: draw them again if so."""
        super().resizeEvent(event)
        if self._label_every and self._month_step() != self._label_every:
            self.show_history(self._stats)


def _axis_month(stat: MonthStat) -> str:
    return language_date(stat.month, _("MMM yy"))


def _axis_money(amount: int) -> str:
    """A round amount on the spend axis, in the shop's currency and style ("100 €")."""
    return format_money(amount * 100, whole=True)
