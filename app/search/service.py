"""Searching before the index exists: every customer scored once, no structures kept.

The register box works while ``SearchIndex.build`` runs on a worker thread, and a one-off
``regulars search`` answers without paying for an index it would throw away. It reads
the customers with the index's own loader and scores them with the index's own
``evaluate``, so it ranks exactly as the index does, only slower.
"""

from __future__ import annotations

import heapq
from datetime import date

from app.db import Database
from app.search.entries import Entry, load_entries, rank_key
from app.search.hits import SearchHit, to_hit, with_more
from app.search.query import Query, as_email_fragment, evaluate, parse_query


def search_without_index(
    database: Database, query: str, limit: int = 20, *, today: date | None = None
) -> list[SearchHit]:
    """The best ``limit`` matches for ``query`` by a full scan (correct, not fast), one
    word also looked for inside emails (as the index does)."""
    parsed = parse_query(query)
    if parsed.size == 0 or limit <= 0:
        return []
    with database.reading() as session:
        entries = load_entries(session, today or date.today())
    vocabulary = {form for entry in entries for part in entry.parts for form in part.forms}
    for term in parsed.names:
        term.fill_others(vocabulary)
    hits = _best(parsed, entries, limit)
    fragment = as_email_fragment(query)
    if fragment is not None:
        hits = with_more(hits, _best(fragment, entries, limit), limit)
    return hits


def _best(parsed: Query, entries: list[Entry], limit: int) -> list[SearchHit]:
    scored = []
    for entry in entries:
        match = evaluate(parsed, entry)
        if match is not None:
            scored.append((match, entry))
    best = heapq.nsmallest(limit, scored, key=lambda pair: (-pair[0].points, rank_key(pair[1])))
    return [to_hit(parsed, entry, match) for match, entry in best]
