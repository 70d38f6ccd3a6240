"""Practice progress: the three counts over a month of bars, words for the tooltip, and the
practice dialog refreshing them as cards are graded."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCharts import QBarSeries, QCategoryAxis
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db import Database
from app.practice import DayCount, PracticeSession, Progress, progress
from app.ui.practice_progress import PracticeProgress
from app.ui.practice_view import PracticeView
from tests.integration.practice_shop import NOON, fill_practice_shop

LAST = date(2026, 11, 20)


def _progress(reviews: dict[int, int]) -> Progress:
    """A month ending on ``LAST``; ``reviews`` maps days back from it to a count."""
    days = tuple(
        DayCount(LAST - timedelta(days=back), reviews.get(back, 0)) for back in range(29, -1, -1)
    )
    return Progress("Ana", 4, 5, 9, 3, 2, 20, days)


def _panel(qtbot: QtBot) -> PracticeProgress:
    panel = PracticeProgress()
    qtbot.addWidget(panel)
    panel.resize(420, 230)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_counts_and_a_bar_a_day(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    panel.show_progress(_progress({0: 6, 1: 2, 9: 1}))

    assert panel.known_label.text() == "Names known: 4 of 20"
    assert panel.due_label.text() == "Due today: 3"
    assert panel.new_label.text() == "New left today: 2"
    chart = panel.view.chart()
    bars = next(s for s in chart.series() if isinstance(s, QBarSeries))
    values = [bars.barSets()[0].at(i) for i in range(30)]
    assert values[-1] == 6 and values[-2] == 2 and values[-10] == 1 and sum(values) == 9
    days = next(a for a in chart.axes() if isinstance(a, QCategoryAxis))
    assert days.categoriesLabels() == ["Oct 23", "Oct 30", "Nov 6", "Nov 13", "Nov 20"]
    assert panel.toolTip() == "Last 30 days: 9 reviews on 3 days."
    assert "Names known: 4 of 20" in panel.accessibleDescription()
    bars.hovered.emit(True, 29, bars.barSets()[0])
    assert panel.view.toolTip() == "Fri Nov 20: 6 reviews"
    bars.hovered.emit(False, 29, bars.barSets()[0])
    assert panel.view.toolTip() == panel.summary
    assert not panel.grab().isNull()


def test_no_practice_yet_says_so(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    panel.show_progress(_progress({0: 1}))
    panel.show_progress(_progress({}))

    chart = panel.view.chart()
    assert chart.series() == []
    assert chart.title() == "No practice in the last 30 days yet."
    assert not panel.grab().isNull()


def test_the_practice_dialog_refreshes_progress_after_each_grade(
    qtbot: QtBot, db: Database
) -> None:
    fill_practice_shop(db)
    session = PracticeSession(db, "Ana", clock=lambda: NOON, daily_new=2)
    view = PracticeView(session, "Ana", progress=lambda: progress(db, "Ana", NOON, daily_new=2))
    qtbot.addWidget(view)
    view.open()
    qtbot.waitExposed(view)
    panel = view.progress_panel
    assert panel is not None
    with qtbot.waitSignal(view.cardShown):
        view.start()
    assert panel.new_label.text() == "New left today: 1"
    assert panel.view.chart().series() == []

    qtbot.keyClick(view, Qt.Key.Key_Space)
    with qtbot.waitSignal(view.cardShown):
        qtbot.keyClick(view, Qt.Key.Key_3)
    assert panel.new_label.text() == "New left today: 0"
    assert panel.toolTip() == "Last 30 days: 1 review on 1 day."
