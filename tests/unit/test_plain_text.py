"""Exactly the control and direction-override characters are hidden ones; line breaks and
tabs pass only where a field holds lines."""

from __future__ import annotations

import unicodedata

from app.plain_text import hidden_character

OVERRIDES = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def test_every_control_and_override_is_found_and_nothing_else() -> None:
    for point in [*range(0x3000), *range(0xD7F0, 0xE010)]:
        ch = chr(point)
        hidden = unicodedata.category(ch) in ("Cc", "Cs") or point in OVERRIDES
        assert (hidden_character(f"Ann{ch}Lee") == f"U+{point:04X}") is hidden, hex(point)


def test_a_note_may_hold_lines_and_tabs_but_not_escapes() -> None:
    assert hidden_character("Likes:\r\n\tdark roast", lines=True) is None
    assert hidden_character("Likes:\n\x1b[2J", lines=True) == "U+001B"
    assert hidden_character("Ann\tLee") == "U+0009"
