"""Guards against a Qt binding that would crash the app after enough clicks.

PySide6 6.12.0 dropped a reference to ``None`` on every call of a method returning
nothing; on Python 3.11, where ``None`` is not immortal, the app then dies mid-shift
("deallocating None"). pyproject.toml excludes that release; this test catches the next.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
        font.setBold(True)
    assert sys.getrefcount(None) >= before - 50
