"""A missing system library for Qt's X11 plugin is named in one sentence, not Qt's abort."""

from __future__ import annotations

import pytest

from app.cli import main
from app.system_libs import missing_for_window


def test_a_missing_xcb_cursor_is_named_with_the_package_to_install() -> None:
    message = missing_for_window(
        {}, platform="linux", loads=lambda soname: soname != "libxcb-cursor.so.0"
    )
    assert message is not None
    assert "libxcb-cursor.so.0" in message and "sudo apt install libxcb-cursor0" in message
    assert "xcb-util-cursor" in message and message.count(".") >= 1


@pytest.mark.parametrize(
    ("environ", "platform"),
    [({}, "darwin"), ({"QT_QPA_PLATFORM": "offscreen"}, "linux"), ({}, "win32")],
)
def test_other_platforms_are_not_checked(environ: dict[str, str], platform: str) -> None:
    assert missing_for_window(environ, platform=platform, loads=lambda _soname: False) is None


def test_all_present_means_nothing_to_say() -> None:
    assert missing_for_window({"QT_QPA_PLATFORM": "xcb"}, platform="linux", loads=bool) is None


def test_the_window_command_stops_with_the_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setattr("app.system_libs._loads", lambda soname: "EGL" not in soname)
    monkeypatch.setattr("sys.platform", "linux")
    assert main([]) == 1
    assert "libEGL.so.1" in capsys.readouterr().err
