"""Finding a customer from whatever the clerk types: name parts in any order, no accents,
nicknames, typos, sound-alikes, phone and email fragments. Plain Python, no Qt.

The names below are loaded when first asked for, not with the package, so a module that
needs only ``normalize`` (the process reading an import file) does not import the index
and the database with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.search.hits import SearchHit
    from app.search.index import SearchIndex
    from app.search.service import search_without_index

__all__ = ["SearchHit", "SearchIndex", "search_without_index"]
_HOMES = {
    "SearchHit": "app.search.hits",
    "SearchIndex": "app.search.index",
    "search_without_index": "app.search.service",
}


def __getattr__(name: str) -> Any:
    """One of ``__all__``, from its module (imported at the first such question)."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_HOMES[name]), name)
