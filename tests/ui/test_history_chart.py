"""The card's history chart: bars and a spend line with a month label every quarter, the
figures in words for the tooltip and screen readers, and a plain message with no visits."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCharts import QBarSeries, QCategoryAxis, QChart, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from app.card_history import MonthStat, visit_history
from app.db import Database
from app.i18n import use_language
from app.models import Customer, Product, Purchase, PurchaseLine
from app.settings import save_settings
from app.ui.history_chart import HistoryChart
from app.ui.main_window import MainWindow
from app.ui.qt_words import use_qt_language
from tests.ui.conftest import TODAY
from tests.ui.test_nothing_cut import SCREEN


def _year() -> list[MonthStat]:
    return [MonthStat(date(2025, 12, 1), 0, 0)] + [
        MonthStat(date(2026, m, 1), m % 3, (m % 3) * 1250) for m in range(1, 12)
    ]


def _bars(chart: QChart) -> list[QBarSeries]:
    return [s for s in chart.series() if isinstance(s, QBarSeries)]


def _chart(qtbot: QtBot, width: int = 420) -> HistoryChart:
    widget = HistoryChart()
    qtbot.addWidget(widget)
    widget.resize(width, 200)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_renders_visits_as_bars_and_spend_as_a_line(qtbot: QtBot) -> None:
    widget = _chart(qtbot, width=720)  # room for a label every quarter at any type size
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
        "Dec 2025 – Nov 2026: 12 visits, $150.00 spent. Busiest month: Nov 2026 (2 visits)."
    )
    assert "Mar 2026: 0 visits, $0.00 spent" in widget.accessibleDescription()

    bars.hovered.emit(True, 10, bars.barSets()[0])
    assert widget.view.toolTip() == "Oct 2026: 1 visit, $12.50 spent"
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
    save_settings({"country": "GB"})
    widget.show_history([MonthStat(date(2026, 10, 1), 0, 0), MonthStat(date(2026, 11, 1), 1, 1250)])
    assert widget.summary.startswith("Oct 2026 – Nov 2026: 1 visit, £12.50 spent.")
    chart = widget.view.chart()
    (visits,) = chart.axes(Qt.Orientation.Vertical, next(iter(_bars(chart))))
    (spend,) = (a for a in chart.axes(Qt.Orientation.Vertical) if a is not visits)
    assert isinstance(visits, QValueAxis) and isinstance(spend, QCategoryAxis)
    assert (visits.min(), visits.max(), visits.tickInterval()) == (0, 1, 1)
    assert spend.categoriesLabels() == ["£0", "£5", "£10", "£15"] and spend.max() == 15


def test_in_german_at_1024x768_the_card_chart_shows_euros_and_months_apart(
    qtbot: QtBot, db: Database, shop: dict[str, int]
) -> None:
    """Rendered as the shop sees it (REGULARS_SCREENSHOTS=folder keeps the picture)."""
    with db.session() as s:
        paddle = Product(sku="P1", name="Paddle")
        for months_ago in range(0, 24, 2):
            month = (TODAY.month - 1 - months_ago) % 12 + 1
            year = TODAY.year - (months_ago - TODAY.month + 12) // 12
            visit = Purchase(customer_id=shop["robert_elm"], purchased_on=date(year, month, 3))
            visit.lines.append(
                PurchaseLine(
                    product=paddle, item="Paddle", unit_price_cents=4250 * (1 + months_ago % 3)
                )
            )
            s.add(visit)
    save_settings({"country": "DE"})
    assert use_qt_language(use_language("de"))
    try:
        window = MainWindow(db, today=lambda: TODAY)
        qtbot.addWidget(window)
        window.resize(*SCREEN)
        with qtbot.waitSignal(window.indexReady, timeout=10_000):
            window.show()
        with qtbot.waitSignal(window.cardShown):
            window.open_card(shop["robert_elm"])
        widget = window.card_view.findChild(HistoryChart, "history")
        assert widget is not None
        qtbot.waitUntil(lambda: widget.view.chart().plotArea().width() > 0)
        picture = window.grab()
        if folder := os.environ.get("REGULARS_SCREENSHOTS"):
            picture.save(str(Path(folder) / "card-chart-de.png"))
        chart = widget.view.chart()
        (visits,) = chart.axes(Qt.Orientation.Vertical, _bars(chart)[0])
        (spend,) = (a for a in chart.axes(Qt.Orientation.Vertical) if a is not visits)
        assert isinstance(spend, QCategoryAxis)
        money = spend.categoriesLabels()
        assert money == ["0\xa0€", "50\xa0€", "100\xa0€", "150\xa0€"]
        _months_stand_apart(chart)
        window.background.wait()
    finally:
        use_qt_language(use_language("en"))


def _months_stand_apart(chart: QChart) -> list[str]:
    """The month labels, checked to leave at least two spaces between each other."""
    (months,) = chart.axes(Qt.Orientation.Horizontal)
    assert isinstance(months, QCategoryAxis)
    labels: list[str] = months.categoriesLabels()
    metrics = QFontMetrics(months.labelsFont())
    room = chart.plotArea().width() / len(labels)
    widest = max(metrics.horizontalAdvance(label) for label in labels)
    assert widest + metrics.horizontalAdvance("  ") <= room, (labels, room)
    return labels


def test_month_labels_thin_out_on_a_narrow_card_and_come_back_when_it_widens(
    qtbot: QtBot,
) -> None:
    assert use_qt_language(use_language("de"))
    try:
        widget = _chart(qtbot)
        widget.resize(330, 200)
        stats = [MonthStat(date(2024 + m // 12, m % 12 + 1, 1), 1, 4250) for m in range(11, 35)]
        widget.show_history(stats)
        qtbot.waitUntil(lambda: widget.view.chart().plotArea().width() < 300)
        narrow = _months_stand_apart(widget.view.chart())
        widget.resize(900, 200)
        qtbot.waitUntil(lambda: widget.view.chart().plotArea().width() > 600)
        wide = _months_stand_apart(widget.view.chart())
        assert len(narrow) < len(wide) and narrow[-1] == wide[-1] == "Nov. 26"
    finally:
        use_qt_language(use_language("en"))
