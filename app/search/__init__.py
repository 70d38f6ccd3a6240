"""Finding a customer from whatever the clerk types: name parts in any order, no accents,
nicknames, typos, sound-alikes, phone and email fragments. Plain Python, no Qt."""

from app.search.hits import SearchHit
from app.search.index import SearchIndex
from app.search.service import search_without_index

__all__ = ["SearchHit", "SearchIndex", "search_without_index"]
