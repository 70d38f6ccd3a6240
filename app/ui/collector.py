"""Python's cycle collector runs on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate when a
threshold is crossed: a reader building a query can then free a cycle that holds a Qt
widget, and Qt deletes a GUI object from a worker thread while the GUI thread uses it,
which ends the process without a traceback. So automatic collection is switched off
and a timer on the GUI thread collects whatever generation is due, as often as the
thresholds would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Collects on a GUI-thread timer while it runs; ``stop`` hands collection back."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        self._timer.start(INTERVAL_MS)

    def collect_due(self) -> None:
        """Collect the oldest generation whose count has passed its threshold."""
        counts = gc.get_count()
        due = [g for g in range(3) if counts[g] > self._thresholds[g]]
        if due:
            gc.collect(max(due))

    def stop(self) -> None:
        """Collect everything now, here, and let Python collect by itself again."""
        self._timer.stop()
        gc.collect()
        gc.enable()
