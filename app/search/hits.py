"""One result row as the register shows it: who, how sure, why, and what tells them apart."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from app.i18n import _, format_day
from app.search.entries import Entry
from app.search.query import FULL_POINTS, Kind, Match, Pick, Query


@dataclass(frozen=True)
class SearchHit:
    """A customer found for a query. ``score`` is 1.0 when every word matched exactly;
    ``reason`` says why it matched; ``detail`` tells same-name people apart."""

    customer_id: int
    display_name: str
    score: float
    reason: str
    detail: str


def _reason(pick: Pick) -> str:
    typed, matched, kind = pick
    match kind:
        case Kind.EXACT:
            return _("name {matched}").format(matched=matched)
        case Kind.PREFIX:
            return _("prefix of {matched}").format(matched=matched)
        case Kind.NICKNAME:
            return _("nickname of {matched}").format(matched=matched)
        case Kind.FULL_NAME:
            return _("{matched}, short for {typed}").format(matched=matched, typed=typed)
        case Kind.TYPO:
            return _("1 typo: {typed}→{matched}").format(matched=matched, typed=typed)
        case Kind.TWO_TYPOS:
            return _("2 typos: {typed}→{matched}").format(matched=matched, typed=typed)
        case Kind.SOUNDS:
            return _("sounds like {matched}").format(matched=matched)
        case Kind.PHONE:
            return _("phone …{matched}").format(matched=matched)
        case Kind.EMAIL:
            return _("email {matched}").format(matched=matched)


def detail(entry: Entry) -> str:
    """Street or town, last visit, and the phone's last four digits, where known."""
    bits = [entry.place] if entry.place else []
    bits.append(
        _("last visit {date}").format(date=format_day(entry.last_visit))
        if entry.last_visit
        else _("no visits")
    )
    if entry.phone:
        bits.append(_("phone …{matched}").format(matched=entry.phone[-4:]))
    return " · ".join(bits)


def to_hit(query: Query, entry: Entry, match: Match) -> SearchHit:
    """The row for ``entry``; the score is the average match quality over the query's terms."""
    return SearchHit(
        customer_id=entry.customer_id,
        display_name=entry.display_name,
        score=round((match.points - match.bonus) / (FULL_POINTS * query.size), 4),
        reason="; ".join(_reason(pick) for pick in match.picks),
        detail=detail(entry),
    )


def with_more(hits: list[SearchHit], more: list[SearchHit], limit: int) -> list[SearchHit]:
    """``hits`` and ``more`` (each best first) merged by score, ``hits`` first on a tie,
    each customer once (at their better place), ``limit`` in all."""
    merged: list[SearchHit] = []
    shown: set[int] = set()
    for hit in heapq.merge(hits, more, key=lambda hit: -hit.score):
        if hit.customer_id not in shown:
            shown.add(hit.customer_id)
            merged.append(hit)
    return merged[:limit]
