"""The small QtCharts pieces the card's history and the practice progress share.

Both are glance charts a few centimetres tall: bars along an index axis with a label
every few bars, no frame or background of their own, and text in the window's own
palette so they read the same in the light and the dark theme. QtCharts (from
PySide6-Addons) is used rather than hand-painting, so axes, hover and accessibility
come from a maintained library.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCharts import QBarSeries, QBarSet, QCategoryAxis, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QWidget

CHART_HEIGHT = 170


def glance_chart(owner: QWidget) -> tuple[QChart, QChartView]:
    """An empty chart in a view sized for a glance, coloured from ``owner``'s palette;
    the view never takes keyboard focus, so keys stay with the card or practice dialog."""
    chart = QChart()
    chart.setBackgroundVisible(False)
    chart.setMargins(QMargins(0, 0, 0, 0))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    text = owner.palette().color(QPalette.ColorRole.WindowText)
    chart.legend().setLabelColor(text)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
    chart.setTitleBrush(text)
    view = QChartView(chart, owner)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setFrameShape(QChartView.Shape.NoFrame)
    view.setStyleSheet("background: transparent")
    view.setMinimumHeight(CHART_HEIGHT)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return chart, view


def _style_axis(axis: QValueAxis, owner: QWidget) -> None:
    text = owner.palette().color(QPalette.ColorRole.WindowText)
    axis.setLabelsColor(text)
    axis.setGridLineVisible(False)
    axis.setMinorGridLineVisible(False)


def index_axis(owner: QWidget, count: int, labels: Sequence[tuple[int, str]]) -> QCategoryAxis:
    """An x axis for ``count`` bars with text only under some of them (``labels``:
    bar index and its text), so a month or day every few bars stays legible."""
    axis = QCategoryAxis()
    axis.setRange(-0.5, count - 0.5)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setTruncateLabels(False)
    for index, label in labels:
        axis.append(label, index)
    _style_axis(axis, owner)
    return axis


def count_axis(
    owner: QWidget, highest: float, text: Callable[[int], str] | None = None
) -> QValueAxis:
    """A y axis from zero in whole, round steps (1, 2, 5, 10, 20…) up to at least
    ``highest``, so a customer with one visit reads "0, 1", never "0, 0, 1". ``text``
    writes each step's label (an amount of money in the shop's style): Qt's own number
    format turns a sign beyond Latin-1, such as €, into "?"."""
    step = _round_step(max(highest, 1) / 3)
    top = step * math.ceil(max(highest, 1) / step)
    axis: QValueAxis
    if text is None:
        axis = QValueAxis()
        axis.setRange(0, top)
        axis.setTickType(QValueAxis.TickType.TicksDynamic)
        axis.setTickAnchor(0)
        axis.setTickInterval(step)
        axis.setLabelFormat("%d")
    else:
        axis = QCategoryAxis()
        axis.setRange(0, top)
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for value in range(0, top + 1, step):
            axis.append(text(value), value)
    _style_axis(axis, owner)
    return axis


def _round_step(rough: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… at least ``rough``."""
    scale = 1
    while True:
        for factor in (1, 2, 5):
            if factor * scale >= rough:
                return factor * scale
        scale *= 10


def bar_set(name: str, values: Sequence[float], colour: QColor) -> QBarSet:
    """One named row of bars in ``colour``."""
    bars = QBarSet(name)
    bars.append(list(values))
    bars.setColor(colour)
    bars.setBorderColor(colour)
    return bars


def label_step(count: int, labels: Sequence[str], room: float) -> int:
    """How many bars apart the index axis's labels go (3, 6 or 12, at least one label
    per step) so that ``labels`` (the widest that can show) stand apart in ``room``
    pixels of plot width with a gap of a few spaces, not run into one another."""
    metrics = QFontMetrics(QCategoryAxis().labelsFont())
    widest = max((metrics.horizontalAdvance(label) for label in labels), default=0)
    needed = widest + metrics.horizontalAdvance("   ")
    for step in (3, 6, 12):
        if math.ceil(count / step) * needed <= room:
            return step
    return max(count, 1)


def every_nth_from_end(count: int, step: int) -> list[int]:
    """Indices of every ``step``-th bar counting back from the last, oldest first, so
    the newest bar (this month, today) is always labelled."""
    return list(range((count - 1) % step, count, step))


def tooltip_on_hover(bars: QBarSeries, view: QWidget, texts: Sequence[str], rest: str) -> None:
    """Put ``texts[i]`` in ``view``'s tooltip while the pointer is on bar ``i``, and
    ``rest`` (the whole chart in words) again when it leaves."""

    def hovered(entered: bool, index: int, _bars: QBarSet) -> None:
        inside = entered and 0 <= index < len(texts)
        view.setToolTip(texts[index] if inside else rest)

    bars.hovered.connect(hovered)


def clear(chart: QChart) -> None:
    """Remove every series and axis, ready to paint new values."""
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
