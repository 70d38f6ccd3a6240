"""Characters no typed or imported field may hold: invisible controls and direction overrides.

A name is printed by the command line, shown in the window and written into exports. An
escape sequence in it ("Ev\\x1b]0;PWNED\\x07il") re-titles or recolours the terminal that
prints it, and a right-to-left override makes "Eve" show as something else; neither is
ever part of a real name. The customer form, the command line and every importer ask
here, so one rule refuses them everywhere (``refuse_hidden`` for a typed name: a
customer's field, a relation's name, a category or a staff member). Tabs and line breaks
pass where a field holds lines (a note); one-line fields fold them into spaces before
they are asked about.
"""

from __future__ import annotations

import re

from app.errors import RegularsError
from app.i18n import _

_HIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
"""Controls (C0 but tab and line breaks, DEL, C1), direction overrides and isolates, and
lone surrogates (bytes a command line could not read as text, which nothing can store)."""
_IN_LINES = re.compile(f"[{_HIDDEN}]")
_IN_ONE_LINE = re.compile(f"[{_HIDDEN}\t\n\r]")


def hidden_character(text: str, *, lines: bool = False) -> str | None:
    """The first control (C0, C1, DEL) or direction-override character in ``text`` as
    ``U+001B``, or ``None`` when there is none; ``lines`` lets tabs and line breaks pass.
    One regular expression, so a million-row import pays a scan per value, no more."""
    found = (_IN_LINES if lines else _IN_ONE_LINE).search(text)
    return f"U+{ord(found[0]):04X}" if found else None


def refuse_hidden(field: str, text: str) -> None:
    """Refuse ``text`` typed for ``field`` (its label, in the owner's words) when it holds
    a hidden character, saying which; tabs and line breaks pass (one-line fields fold
    them into spaces)."""
    if hidden := hidden_character(text, lines=True):
        raise RegularsError(
            _(
                "{field}: holds an invisible control character ({code}); "
                "retype it without that character."
            ).format(field=field, code=hidden)
        )
