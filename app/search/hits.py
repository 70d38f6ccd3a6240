"""One result row as the register shows it: who, how sure, why, and what tells them apart."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.i18n import _, format_day, shop_locale
from app.search.entries import Entry
from app.search.query import FULL_POINTS, Kind, Match, Pick, Query


@dataclass(frozen=True)
class SearchHit:
    """A customer found for a query. ``score`` is 1.0 when every word matched exactly;
    ``reason`` says why it matched; ``detail`` tells same-name people apart, and
    ``short_detail`` (when there is one) is what of it a row too narrow for it keeps."""

    customer_id: int
    display_name: str
    score: float
    reason: str
    detail: str
    short_detail: str = ""


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
            return _("1 typo: {typed}→{matched}").format(typed=typed, matched=matched)
        case Kind.TWO_TYPOS:
            return _("2 typos: {typed}→{matched}").format(typed=typed, matched=matched)
        case Kind.SOUNDS:
            return _("sounds like {matched}").format(matched=matched)
        case Kind.PHONE:
            return _("phone …{digits}").format(digits=matched)
        case Kind.EMAIL:
            return _("email {matched}").format(matched=matched)


@lru_cache(maxsize=4096)
def _day_words(day: date, locale: str) -> str:
    """ "Dec 3, 2026" in the shop's way of writing dates; kept per locale, as rows are
    made at every keystroke and Babel's formatting is the slow part of them."""
    return format_day(day)


def details(entry: Entry) -> tuple[str, str]:
    """The row's detail (street or town, last visit, the phone's last four, where known)
    and its short form, the visit's date and the phone's last four alone: those tell
    same-name people apart, so a narrow row or large type drops the rest first."""
    phone = [_("phone …{digits}").format(digits=entry.phone[-4:])] if entry.phone else []
    if entry.last_visit:
        day = _day_words(entry.last_visit, str(shop_locale()))
        visit, short = _("last visit {day}").format(day=day), day
    else:
        visit = short = _("no visits")
    place = [entry.place] if entry.place else []
    return " · ".join([*place, visit, *phone]), " · ".join([short, *phone])


def to_hit(query: Query, entry: Entry, match: Match) -> SearchHit:
    """The row for ``entry``; the score is the average match quality over the query's terms."""
    full, short = details(entry)
    return SearchHit(
        customer_id=entry.customer_id,
        display_name=entry.display_name,
        score=round((match.points - match.bonus) / (FULL_POINTS * query.size), 4),
        reason="; ".join(_reason(pick) for pick in match.picks),
        detail=full,
        short_detail=short,
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
