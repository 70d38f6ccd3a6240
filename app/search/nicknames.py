"""Which names stand for which: "bob" finds Robert, "kasia" finds Katarzyna.

The English pairs come from the maintained ``nicknames`` dataset (Apache-2.0); short
forms from the other languages a shop's customers speak (Pepe, Hansi, Gosia, Sasha) are
our own list in ``resources/nicknames/short_forms.csv``, in the same columns. Both are
folded like every name, and the relation is kept both ways, so a customer entered as
"Bob" is found by "robert" too.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache

from nicknames import name_triplets

from app.paths import resources_dir
from app.search.normalize import fold

SHORT_FORMS_FILE = "nicknames/short_forms.csv"
_NONE: frozenset[str] = frozenset()


class Nicknames:
    """Nickname pairs, folded, answering in both directions."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        short_forms: dict[str, set[str]] = {}
        full_names: dict[str, set[str]] = {}
        for full, short in pairs:
            full_key, short_key = fold(full).strip(), fold(short).strip()
            if full_key and short_key and full_key != short_key:
                short_forms.setdefault(full_key, set()).add(short_key)
                full_names.setdefault(short_key, set()).add(full_key)
        self._short_forms = {name: frozenset(forms) for name, forms in short_forms.items()}
        self._full_names = {name: frozenset(forms) for name, forms in full_names.items()}

    def full_names_of(self, word: str) -> frozenset[str]:
        """The names ``word`` is short for ("bob" → robert)."""
        return self._full_names.get(word, _NONE)

    def short_forms_of(self, word: str) -> frozenset[str]:
        """The short forms of ``word`` ("robert" → bob, rob, bobby, …)."""
        return self._short_forms.get(word, _NONE)


def _our_short_forms() -> list[tuple[str, str]]:
    path = resources_dir() / SHORT_FORMS_FILE
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return [(r["name1"], r["name2"]) for r in rows if r["relationship"] == "has_nickname"]


@cache
def nicknames() -> Nicknames:
    """The shipped nickname table (read once per process)."""
    dataset = [(t.name1, t.name2) for t in name_triplets() if t.relationship == "has_nickname"]
    return Nicknames([*dataset, *_our_short_forms()])
