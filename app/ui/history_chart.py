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
from PySide6.QtGui import QColor, QPalette, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.card_history import MonthStat
from app.i18n import _, format_month, language_date, ngettext
from app.settings import load_settings
from app.ui.small_chart import (
    bar_set,
    clear,
    count_axis,
    every_nth_from_end,
    glance_chart,
    index_axis,
    tooltip_on_hover,
)

LABEL_EVERY = 3
SPEND_COLOUR = QColor("#e8710a")


def currency_symbol(locale: QLocale) -> str:
    """The settings' currency if one is set, else that of the shop's country (its locale)."""
    return load_settings().currency_symbol or locale.currencySymbol()


def money(cents: int, locale: QLocale) -> str:
    """Spend in the shop's currency and number style, e.g. "$1,299.00"."""
    return locale.toCurrencyString(cents / 100, currency_symbol(locale))


def shop_locale(region: str) -> QLocale:
    """The locale of the shop's country ("US", "DE"...): its currency and number style."""
    territory = QLocale.codeToTerritory(region)
    if territory == QLocale.Country.AnyTerritory:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.AnyLanguage, territory)


def _month(stat: MonthStat) -> str:
    return format_month(stat.month)


def _visits(count: int) -> str:
    return ngettext("{n} visit", "{n} visits", count).format(n=count)


def history_summary(stats: Sequence[MonthStat], locale: QLocale) -> str:
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
        money=money(spend, locale),
        month=_month(busiest),
        busiest=_visits(busiest.visits),
    )


def month_text(stat: MonthStat, locale: QLocale) -> str:
    """One month in words, for the tooltip over its bar."""
    return _("{month}: {visits}, {money} spent").format(
        month=_month(stat), visits=_visits(stat.visits), money=money(stat.spend_cents, locale)
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
        self.summary = ""
        self.show_history(())

    def show_history(self, stats: Sequence[MonthStat]) -> None:
        """Paint ``stats`` (oldest first); an empty history says so instead of bars."""
        self._stats = tuple(stats)
        chart = self._chart
        clear(chart)
        locale = self.locale()
        self.summary = history_summary(self._stats, locale)
        self.setToolTip(self.summary)
        self.view.setToolTip(self.summary)
        self.setAccessibleDescription(
            "\n".join([self.summary, *(month_text(s, locale) for s in self._stats)])
        )
        has_visits = any(s.visits for s in self._stats)
        chart.setTitle("" if has_visits else self.summary)
        chart.legend().setVisible(has_visits)
        if not has_visits:
            return
        count = len(self._stats)
        x_axis = index_axis(
            self,
            count,
            [
                (i, language_date(self._stats[i].month, _("MMM yy")))
                for i in every_nth_from_end(count, LABEL_EVERY)
            ],
        )
        visits_axis = count_axis(self, max(s.visits for s in self._stats))
        symbol = currency_symbol(locale).replace("%", "%%")
        spend_axis = count_axis(self, max(s.spend_cents for s in self._stats) / 100, symbol)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(visits_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(spend_axis, Qt.AlignmentFlag.AlignRight)

        bars = QBarSeries()
        bars.setBarWidth(0.7)
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        bars.append(bar_set(_("Visits"), [s.visits for s in self._stats], highlight))
        months = [month_text(s, locale) for s in self._stats]
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
