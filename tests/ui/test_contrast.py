"""Words are readable in both themes: WCAG AA (4.5:1) for every colour pair text is drawn
in, and for any fixed colour a style sheet in resources/ gives text."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton
from pytestqt.qtbot import QtBot

from app.paths import resources_dir
from app.ui.theme import TEXT_PAIRS, ThemeControl, dark_palette, light_palette

AA = 4.5


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def _over(front: QColor, back: QColor) -> QColor:
    """``front`` as painted on ``back`` (a half-transparent grey is lighter than it says)."""
    alpha = front.alphaF()

    def mix(f: float, b: float) -> float:
        return alpha * f + (1 - alpha) * b

    return QColor.fromRgbF(
        mix(front.redF(), back.redF()),
        mix(front.greenF(), back.greenF()),
        mix(front.blueF(), back.blueF()),
    )


def contrast(front: QColor, back: QColor) -> float:
    """The WCAG contrast ratio of ``front`` text on ``back``."""
    lighter, darker = sorted((_luminance(_over(front, back)), _luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_ratio_is_computed_as_wcag_does() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#767676"), QColor("#ffffff")) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_text_colour_pair_reaches_aa(qapp: QApplication, theme: str) -> None:
    palette = light_palette(qapp.palette()) if theme == "light" else dark_palette()
    low = {
        f"{text.name} on {back.name}": round(ratio, 2)
        for text, back in TEXT_PAIRS
        if (ratio := contrast(palette.color(text), palette.color(back))) < AA
    }
    assert low == {}


def test_style_sheets_name_no_colour_that_fails_either_theme(qapp: QApplication) -> None:
    backgrounds = [
        palette.color(role)
        for palette in (light_palette(qapp.palette()), dark_palette())
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base)
    ]
    sheets = list((resources_dir() / "theme").glob("*.qss"))
    assert sheets
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        for match in re.finditer(
            r"(?<![-\w])color:\s*(?!palette)(#[0-9a-fA-F]{3,8}|[a-z]+)\b", text
        ):
            colour = QColor(match.group(1))
            for back in backgrounds:
                assert contrast(colour, back) >= AA, (sheet.name, match.group(0), back.name())


UI_PARTS = 3.0
"""WCAG's least contrast for the edge of a control (1.4.11), below text's 4.5."""


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("checked", [False, True], ids=["unticked", "ticked"])
def test_a_check_box_stands_out_from_the_window(
    qtbot: QtBot, qapp: QApplication, theme: str, checked: bool
) -> None:
    control = ThemeControl(qapp)
    control.dark = theme == "dark"
    control.apply()
    try:
        box = QCheckBox("Pinned")
        qtbot.addWidget(box)
        box.setChecked(checked)
        box.show()
        qtbot.waitExposed(box)
        option = QStyleOptionButton()
        box.initStyleOption(option)
        square = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        picture = box.grab().toImage()
        window = box.palette().color(QPalette.ColorRole.Window)
        edge = max(
            contrast(picture.pixelColor(x, y), window)
            for x in range(square.left(), square.right() + 1)
            for y in range(square.top(), square.bottom() + 1)
        )
        assert edge >= UI_PARTS
    finally:
        control.dark = False
        control.apply()
