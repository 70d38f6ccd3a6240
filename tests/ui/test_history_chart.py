"""The card's history chart: bars and a spend line with a month label every quarter, the
figures in words for the tooltip and screen readers, and a plain message with no visits."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QBarSeries, QCategoryAxis, QChart, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.card_history import MonthStat, visit_history
from app.db import Database
from app.models import Customer
from app.ui.history_chart import HistoryChart, shop_locale


def _year() -> list[MonthStat]:
    return [MonthStat(date(2025, 12, 1), 0, 0)] + [
        MonthStat(date(2026, m, 1), m % 3, (m % 3) * 1250) for m in range(1, 12)
    ]


def _bars(chart: QChart) -> list[QBarSeries]:
    return [s for s in chart.series() if isinstance(s, QBarSeries)]


def _chart(qtbot: QtBot) -> HistoryChart:
    widget = HistoryChart()
    qtbot.addWidget(widget)
    widget.resize(420, 200)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_renders_visits_as_bars_and_spend_as_a_line(qtbot: QtBot) -> None:
    widget = _chart(qtbot)
    stats = _year()
    widget.show_history(stats)

    chart = widget.view.chart()
    bars = next(s for s in chart.series() if isinstance(s, QBarSeries))
    line = next(s for s in chart.series() if isinstance(s, QLineSeries))
    assert [bars.barSets()[0].at(i) for i in range(12)] == [s.visits for s in stats]
    assert [point.y() for point in line.points()][-3:] == [0.0, 12.5, 25.0]
    months = next(a for a in chart.axes() if isinstance(a, QCategoryAxis))
    assert months.categoriesLabels() == ["Feb 26", "May 26", "Aug 26", "Nov 26"]
    assert widget.toolTip() == (
        "Dec 2025 – Nov 2026: 12 visits, 150.00 spent. Busiest month: Nov 2026 (2 visits)."
    )
    assert "Mar 2026: 0 visits, 0.00 spent" in widget.accessibleDescription()

    bars.hovered.emit(True, 10, bars.barSets()[0])
    assert widget.view.toolTip() == "Oct 2026: 1 visit, 12.50 spent"
    bars.hovered.emit(False, 10, bars.barSets()[0])
    assert widget.view.toolTip() == widget.summary
    assert not widget.grab().isNull()


def test_a_customer_without_purchases_gets_words_not_bars(qtbot: QtBot, db: Database) -> None:
    with db.session() as s:
        tom = Customer(first_name="Tom", last_name="Reed")
        s.add(tom)
        s.flush()
        tom_id = tom.id
    widget = _chart(qtbot)
    widget.show_history(_year())
    widget.show_history(visit_history(db, tom_id, today=date(2026, 11, 23)))

    chart = widget.view.chart()
    assert chart.series() == []
    assert chart.title() == "No visits Dec 2024 – Nov 2026."
    assert widget.toolTip() == chart.title()
    image = widget.grab()
    assert not image.isNull()
    assert image.width() == widget.width()


def test_spend_carries_the_shops_currency_and_axes_count_in_whole_steps(qtbot: QtBot) -> None:
    widget = _chart(qtbot)
    widget.setLocale(shop_locale("GB"))
    widget.show_history([MonthStat(date(2026, 10, 1), 0, 0), MonthStat(date(2026, 11, 1), 1, 1250)])
    assert widget.summary.startswith("Oct 2026 – Nov 2026: 1 visit, £12.50 spent.")
    chart = widget.view.chart()
    (visits,) = chart.axes(Qt.Orientation.Vertical, next(iter(_bars(chart))))
    (spend,) = (a for a in chart.axes(Qt.Orientation.Vertical) if a is not visits)
    assert isinstance(visits, QValueAxis) and isinstance(spend, QValueAxis)
    assert (visits.min(), visits.max(), visits.tickInterval()) == (0, 1, 1)
    assert spend.labelFormat() == "£%d"
    assert spend.max() >= 12.5 and float(spend.tickInterval()).is_integer()
