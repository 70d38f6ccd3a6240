"""The window's last line of defence: an unexpected error is one plain dialog naming the
log (where its traceback went); storage trouble names the folder; an uncaught exception
reaches the same dialog through ``sys.excepthook``."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.crashlog import log_path
from app.ui import crash
from app.ui.main_window import MainWindow


def _capture(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, name, lambda _parent, _title, text, *a, **k: shown.append(text)
    )
    return shown


def test_an_unexpected_error_in_the_window_is_one_plain_dialog(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _capture(monkeypatch, "warning")
    window.report(KeyError("slot 7"))
    (text,) = shown
    assert "Something unexpected went wrong" in text and str(log_path()) in text
    assert "Traceback" not in text
    assert "KeyError" in log_path().read_text(encoding="utf-8")


def test_storage_trouble_in_the_window_names_the_folder(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _capture(monkeypatch, "warning")
    window.report(OSError(28, "No space left on device"))
    (text,) = shown
    assert "the disk is full" in text and str(window.database.path.parent) in text


def test_an_uncaught_exception_reaches_one_dialog_through_the_excepthook(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _capture(monkeypatch, "critical")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(crash, "qInstallMessageHandler", lambda _handler: None)
    crash.install_crash_handlers()
    try:
        raise RuntimeError("nobody caught me")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    (text,) = shown
    assert "nobody caught me" in text and str(log_path()) in text
