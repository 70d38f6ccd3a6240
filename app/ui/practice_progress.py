"""How a staff member is getting on: names known, what is due today, and a month of
practice as small bars.

Seeing the names-known count grow and a row of practice days is what keeps someone
coming back to a few minutes of flash cards. The widget only paints a ``Progress``
value (from ``app.practice.progress``); whoever shows it fetches that off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import _, format_short_day, language_date, ngettext
from app.practice import DayCount, Progress
from app.ui.small_chart import (
    bar_set,
    clear,
    count_axis,
    every_nth_from_end,
    glance_chart,
    index_axis,
    tooltip_on_hover,
)

LABEL_EVERY = 7


def _reviews(count: int) -> str:
    return ngettext("{n} review", "{n} reviews", count).format(n=count)


def day_text(day: DayCount) -> str:
    """One day in words, for the tooltip over its bar."""
    return _("{day}: {reviews}").format(
        day=f"{language_date(day.day, 'EEE')} {format_short_day(day.day)}",
        reviews=_reviews(day.reviews),
    )


def practice_summary(days: tuple[DayCount, ...]) -> str:
    """The chart in words: reviews over the period and on how many days."""
    if not any(d.reviews for d in days):
        return _("No practice in the last {n} days yet.").format(n=len(days))
    practised = sum(1 for d in days if d.reviews)
    total = sum(d.reviews for d in days)
    return ngettext(
        "Last {days} days: {reviews} on {n} day.",
        "Last {days} days: {reviews} on {n} days.",
        practised,
    ).format(days=len(days), reviews=_reviews(total), n=practised)


class PracticeProgress(QWidget):
    """Three counts over a bar chart of reviews a day; call ``show_progress``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceProgress")
        self.setAccessibleName(_("Practice progress"))
        self.known_label = QLabel()
        self.known_label.setObjectName("progressKnown")
        self.due_label = QLabel()
        self.due_label.setObjectName("progressDue")
        self.new_label = QLabel()
        self.new_label.setObjectName("progressNew")
        counts = QHBoxLayout()
        for label in (self.known_label, self.due_label, self.new_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            counts.addWidget(label, 1)
        self._chart, self.view = glance_chart(self)
        self._chart.legend().setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(counts)
        layout.addWidget(self.view)
        self.summary = ""

    def show_progress(self, progress: Progress) -> None:
        """Paint ``progress``: the counts, and a bar a day (a plain line when none yet)."""
        self.known_label.setText(
            _("Names known: {names_known} of {deck_size}").format(
                names_known=progress.names_known, deck_size=progress.deck_size
            )
        )
        self.due_label.setText(_("Due today: {due_today}").format(due_today=progress.due_today))
        self.new_label.setText(_("New left today: {new_left}").format(new_left=progress.new_left))
        days = progress.per_day
        self.summary = practice_summary(days)
        self.setToolTip(self.summary)
        self.view.setToolTip(self.summary)
        self.setAccessibleDescription(
            "\n".join(
                [
                    self.known_label.text(),
                    self.due_label.text(),
                    self.new_label.text(),
                    self.summary,
                ]
            )
        )
        chart = self._chart
        clear(chart)
        practised = any(d.reviews for d in days)
        chart.setTitle("" if practised else self.summary)
        if not practised:
            return
        x_axis = index_axis(
            self,
            len(days),
            [
                (i, format_short_day(days[i].day))
                for i in every_nth_from_end(len(days), LABEL_EVERY)
            ],
        )
        y_axis = count_axis(self, max(d.reviews for d in days))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        bars = QBarSeries()
        bars.setBarWidth(0.8)
        colour = self.palette().color(QPalette.ColorRole.Highlight)
        bars.append(bar_set(_("Reviews"), [d.reviews for d in days], colour))
        tooltip_on_hover(bars, self.view, [day_text(d) for d in days], self.summary)
        chart.addSeries(bars)
        bars.attachAxis(x_axis)
        bars.attachAxis(y_axis)
