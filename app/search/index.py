"""The register's lookup: every keystroke answered in a millisecond or two at 100,000 customers.

Customers sit in *slots* numbered in rank order (regulars first), and each distinct name
word keeps a sorted array of the slots that carry it. A query narrows before it scores:
exact and prefix words come from the sorted vocabulary, nicknames from the table,
typos from a deletion dictionary over the vocabulary (SymSpell), sound-alikes from a
Metaphone map; fuzzy matching never touches a customer, only the (far smaller) set of
distinct words. The most selective term then streams its customers tier by tier in
slot order, and stops as soon as nothing later can outrank what it already holds.
Phone and email fragments are found by ``str.find`` over one long string per field,
also in slot order.

Build it off the GUI thread; it keeps no session, so it can be handed to another
thread. ``load_changes`` (any thread) then ``apply`` (the index's thread) keep it current
as customers are added, edited, archived or erased, here or in another window; mutations
and searches belong to one thread at a time.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date
from itertools import accumulate

from app.db import Database
from app.search.entries import Entry, load_entries, rank_key
from app.search.hits import SearchHit, to_hit, with_more
from app.search.nicknames import nicknames
from app.search.normalize import sound_key
from app.search.query import (
    EXACT,
    FULL_POINTS,
    MIN_FUZZY_CHARS,
    MIN_TWO_TYPO_CHARS,
    PREFIX,
    FieldTerm,
    Kind,
    Match,
    NameTerm,
    Query,
    as_email_fragment,
    completion_bonus,
    evaluate,
    parse_query,
)

MAX_EVALUATIONS = 20_000
TWO_TYPO_MIN_WORD = MIN_TWO_TYPO_CHARS - 2
_DIRTY_LIMIT = 1_000
_LAST_CHAR = "\U0010ffff"

Group = tuple[int, Iterable[int]]


def _deletes(word: str, depth: int) -> set[str]:
    """Every string left after deleting up to ``depth`` letters (SymSpell's keys)."""
    found: set[str] = set()
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _forms(entry: Entry) -> set[str]:
    return {form for part in entry.parts for form in part.forms}


class _FieldScan:
    """Substring search over phone digits or emails, yielding slots in rank order.

    All values sit in one string, one per line, so ``str.find`` does the scanning in C;
    a whole-value match is a search for the value between two line breaks. Values that
    changed since the string was made are checked one by one until the next rebuild."""

    def __init__(self, kind: Kind, entries: list[Entry | None]) -> None:
        self.kind = kind
        self._dirty: set[int] = set()
        self.shortest = 0
        self._text = ""
        self._starts = array("l")
        self.rebuild(entries)

    def parts(self, entry: Entry) -> tuple[str, ...]:
        """The customer's values of the field this scan covers (main first)."""
        return entry.phones() if self.kind is Kind.PHONE else entry.emails()

    def value(self, entry: Entry) -> str:
        """The field's values one a line: a whole-value match finds any of them."""
        return "\n".join(part.replace("\n", " ") for part in self.parts(entry))

    def rebuild(self, entries: list[Entry | None]) -> None:
        """Make the one string afresh from the current values."""
        values = [self.value(e) if e else "" for e in entries]
        self._text = "\n" + "\n".join(values) + "\n"
        self._starts = array("l", accumulate((len(v) + 1 for v in values), initial=1))
        self._dirty.clear()
        self.shortest = min(
            (len(part) for e in entries if e for part in self.parts(e) if part), default=0
        )

    def update(self, slot: int, old: Entry | None, new: Entry | None) -> bool:
        """Note a changed value; True when enough changed that a rebuild is due.
        ``shortest`` only ever shrinks here, so whole-value matches are never skipped."""
        before, after = (self.value(e) if e else "" for e in (old, new))
        if before != after:
            self._dirty.add(slot)
            for part in self.parts(new) if new else ():
                if part:
                    self.shortest = min(self.shortest or len(part), len(part))
        return len(self._dirty) > _DIRTY_LIMIT

    def slots(self, fragment: str, entries: list[Entry | None], *, whole: bool) -> Iterator[int]:
        """Slots whose value contains ``fragment`` (or is it, when ``whole``), ascending."""
        changed = []
        for slot in sorted(self._dirty):
            entry = entries[slot]
            if entry is not None:
                parts = self.parts(entry)
                if fragment in parts or (not whole and any(fragment in p for p in parts)):
                    changed.append(slot)
        needle, skip = (f"\n{fragment}\n", 1) if whole else (fragment, 0)
        return heapq.merge(self._scan(needle, skip, entries), changed)

    def _scan(self, needle: str, skip: int, entries: list[Entry | None]) -> Iterator[int]:
        """``skip`` steps over a leading line break in ``needle`` to reach the value."""
        text, starts, dirty = self._text, self._starts, self._dirty
        last = len(starts) - 2
        position = text.find(needle)
        while position != -1:
            slot = bisect_right(starts, position + skip) - 1
            if slot not in dirty and entries[slot] is not None:
                yield slot
            if slot >= last:
                return
            position = text.find(needle, starts[slot + 1] - skip)


class SearchIndex:
    """Customers in memory, ready for ``search`` on every keystroke."""

    def __init__(self, entries: Iterable[Entry], today: date) -> None:
        """Prefer ``SearchIndex.build``; this takes customers already loaded."""
        self._today = today
        ranked = sorted(entries, key=rank_key)
        self._entries: list[Entry | None] = [*ranked]
        self._slot_of = {entry.customer_id: slot for slot, entry in enumerate(ranked)}
        self._count = len(ranked)
        self._postings: dict[str, array[int]] = {}
        for slot, entry in enumerate(ranked):
            for form in _forms(entry):
                postings = self._postings.get(form)
                if postings is None:
                    postings = self._postings[form] = array("l")
                postings.append(slot)
        self._vocabulary = sorted(self._postings)
        self._typo_keys: dict[str, list[str]] = {}
        self._sounds: dict[str, list[str]] = {}
        for word in self._vocabulary:
            self._add_word_keys(word)
        self._phones = _FieldScan(Kind.PHONE, self._entries)
        self._emails = _FieldScan(Kind.EMAIL, self._entries)

    @classmethod
    def build(cls, database: Database, *, today: date | None = None) -> SearchIndex:
        """Load every findable customer and their visit stats in two bulk queries and
        index them. Slow (about a second at 100,000 customers): run it off the GUI thread."""
        day = today or date.today()
        with database.reading() as session:
            entries = load_entries(session, day)
        return cls(entries, day)

    def __len__(self) -> int:
        return self._count

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """The best ``limit`` customers for what was typed, best first, each with its reason."""
        parsed = parse_query(query)
        if parsed.size == 0 or limit <= 0:
            return []
        for term in parsed.names:
            term.fill_others(self._forgiving_words(term.token))
        hits = self._hits(parsed, limit)
        fragment = as_email_fragment(query)
        if fragment is not None:
            hits = with_more(hits, self._hits(fragment, limit), limit)
        return hits

    def _hits(self, parsed: Query, limit: int) -> list[SearchHit]:
        hits = []
        for match, slot in self._top(parsed, self._groups(parsed), limit):
            entry = self._entries[slot]
            assert entry is not None
            hits.append(to_hit(parsed, entry, match))
        return hits

    def upsert(self, database: Database, customer_id: int) -> None:
        """Re-read one customer after an add or edit (an archived one leaves the index).
        A new customer ranks after everyone already indexed until the next build."""
        self.apply(self.load_changes(database, [customer_id]))

    def load_changes(
        self, database: Database, customer_ids: Collection[int]
    ) -> dict[int, Entry | None]:
        """The current entries of these customers, None for one archived or gone. Reads
        only, so it runs on any thread; ``apply`` then updates the index on its own."""
        with database.reading() as session:
            loaded = load_entries(session, self._today, customer_ids)
        found: dict[int, Entry | None] = dict.fromkeys(customer_ids)
        found.update((entry.customer_id, entry) for entry in loaded)
        return found

    def apply(self, changes: Mapping[int, Entry | None]) -> None:
        """Put changed customers in (or take them out) without a rebuild; no database."""
        for customer_id, entry in changes.items():
            if entry is None:
                self.remove(customer_id)
                continue
            slot = self._slot_of.get(customer_id)
            if slot is None:
                slot = self._slot_of[customer_id] = len(self._entries)
                self._entries.append(None)
            self._replace(slot, entry)

    def remove(self, customer_id: int) -> None:
        """Take a customer out of the lookup (archived or erased)."""
        slot = self._slot_of.get(customer_id)
        if slot is not None:
            self._replace(slot, None)

    def _replace(self, slot: int, new: Entry | None) -> None:
        old = self._entries[slot]
        old_forms = _forms(old) if old else set()
        new_forms = _forms(new) if new else set()
        for form in old_forms - new_forms:
            gone = self._postings[form]
            del gone[bisect_left(gone, slot)]
        for form in new_forms - old_forms:
            if form not in self._postings:
                self._postings[form] = array("l")
                insort(self._vocabulary, form)
                self._add_word_keys(form)
            insort(self._postings[form], slot)
        self._entries[slot] = new
        self._count += (new is not None) - (old is not None)
        for scan in (self._phones, self._emails):
            if scan.update(slot, old, new):
                scan.rebuild(self._entries)

    def _add_word_keys(self, word: str) -> None:
        if len(word) >= MIN_FUZZY_CHARS - 1:
            depth = 2 if len(word) >= TWO_TYPO_MIN_WORD else 1
            for key in _deletes(word, depth):
                self._typo_keys.setdefault(key, []).append(word)
        key = sound_key(word)
        if key:
            self._sounds.setdefault(key, []).append(word)

    def _forgiving_words(self, token: str) -> set[str]:
        """Known words that may be a nickname, typo or sound-alike of ``token`` (a superset;
        ``NameTerm.fill_others`` keeps the ones that really are)."""
        names = nicknames()
        words = {
            word
            for word in names.full_names_of(token) | names.short_forms_of(token)
            if word in self._postings
        }
        if len(token) >= MIN_FUZZY_CHARS:
            depth = 2 if len(token) >= MIN_TWO_TYPO_CHARS else 1
            for variant in _deletes(token, depth) | {token}:
                if variant in self._postings:
                    words.add(variant)
                words.update(self._typo_keys.get(variant, ()))
            words.update(self._sounds.get(sound_key(token), ()))
        return words

    def _name_tiers(self, term: NameTerm) -> list[tuple[int, list[array[int]]]]:
        """The term's matching words' postings, best tier first, empty tiers left out."""
        lo = bisect_left(self._vocabulary, term.token)
        hi = bisect_left(self._vocabulary, term.token + _LAST_CHAR, lo)
        tiers: dict[int, list[array[int]]] = {}
        for word in self._vocabulary[lo:hi]:
            points = EXACT.points if word == term.token else PREFIX.points
            if postings := self._postings[word]:
                tiers.setdefault(points, []).append(postings)
        for word, found in term.others.items():
            if postings := self._postings[word]:
                tiers.setdefault(found.points, []).append(postings)
        return sorted(tiers.items(), reverse=True)

    def _field_tiers(self, term: FieldTerm) -> list[Group]:
        scan = self._phones if term.kind is Kind.PHONE else self._emails
        fragments = (PREFIX.points, scan.slots(term.text, self._entries, whole=False))
        if len(term.text) < scan.shortest:
            return [fragments]
        return [(FULL_POINTS, scan.slots(term.text, self._entries, whole=True)), fragments]

    def _groups(self, query: Query) -> list[Group]:
        """The most selective term's candidates by tier, each tier bounded by the best
        score any of its customers could reach."""
        tiers_of = [self._name_tiers(term) for term in query.names]
        if any(not tiers for tiers in tiers_of):
            return []
        best = [tiers[0][0] for tiers in tiers_of] + [FULL_POINTS] * len(query.fields)
        best.append(completion_bonus(query))
        if not tiers_of:
            rest = sum(best) - FULL_POINTS
            return [(points + rest, slots) for points, slots in self._field_tiers(query.fields[0])]
        sizes = [sum(len(p) for _, lists in tiers for p in lists) for tiers in tiers_of]
        drive = sizes.index(min(sizes))
        rest = sum(best) - best[drive]
        return [
            (points + rest, lists[0] if len(lists) == 1 else heapq.merge(*lists))
            for points, lists in tiers_of[drive]
        ]

    def _top(self, query: Query, groups: list[Group], limit: int) -> list[tuple[Match, int]]:
        """Threshold search: candidates arrive by tier, and by rank within a tier, so the
        stream stops once the worst kept result beats anything still to come."""
        kept: list[tuple[int, int, Match]] = []
        seen: set[int] = set()
        evaluations = 0
        entries = self._entries
        for bound, slots in groups:
            if len(kept) >= limit and kept[0][0] > bound:
                break
            for slot in slots:
                if len(kept) >= limit:
                    worst_points, worst_slot = kept[0][0], -kept[0][1]
                    if worst_points > bound or (worst_points == bound and slot > worst_slot):
                        break
                if slot in seen:
                    continue
                seen.add(slot)
                entry = entries[slot]
                if entry is None:
                    continue
                evaluations += 1
                match = evaluate(query, entry)
                if match is not None:
                    item = (match.points, -slot, match)
                    if len(kept) < limit:
                        heapq.heappush(kept, item)
                    elif item > kept[0]:
                        heapq.heapreplace(kept, item)
                if evaluations >= MAX_EVALUATIONS:
                    break
            if evaluations >= MAX_EVALUATIONS:
                break
        return [(match, -negative) for _, negative, match in sorted(kept, reverse=True)]
