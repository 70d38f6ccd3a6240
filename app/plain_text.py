"""Characters no typed or imported field may hold: invisible controls and direction overrides.

A name is printed by the command line, shown in the window and written into exports. An
escape sequence in it ("Ev\\x1b]0;PWNED\\x07il") re-titles or recolours the terminal that
prints it, and a right-to-left override makes "Eve" show as something else; neither is
ever part of a real name. The customer form, the command line and every importer ask
here, so one rule refuses them everywhere. Tabs and line breaks pass where a field holds
lines (a note); one-line fields fold them into spaces before they are asked about.
"""

from __future__ import annotations

import unicodedata

_DIRECTION_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\t\n\r")


def hidden_character(text: str, *, lines: bool = False) -> str | None:
    """The first control (C0, C1, DEL) or direction-override character in ``text`` as
    ``U+001B``, or ``None`` when there is none; ``lines`` lets tabs and line breaks pass."""
    for ch in text:
        if lines and ch in _LINE_BREAKS:
            continue
        if ch in _DIRECTION_OVERRIDES or unicodedata.category(ch) == "Cc":
            return f"U+{ord(ch):04X}"
    return None
