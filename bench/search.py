"""The register lookup at shop scale: speed per keystroke, build cost, memory, and recall.

Reads the shared bench shop (``bench.shop.shop_db``), never writing to it. Every query
set runs through the index and, side by side, through a plain ``LIKE '%q%'`` scan over
first and last names, the way most customer directories search.

Recall@5 counts a query as found when one of the first five results is the customer it
was made from, or someone with exactly the same name (no search can tell those apart;
the row's detail does).
"""

from __future__ import annotations

import random
import sqlite3
import string
import time
import tracemalloc
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from app.db import open_database
from app.search import SearchIndex, search_without_index
from app.search.nicknames import nicknames
from app.search.normalize import fold
from bench.common import Row, Scale, percentiles, time_each
from bench.shop import shop_db

QUERIES_PER_SET = 300
TYPED_NAMES = 60
LIMIT = 20
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


@dataclass(frozen=True)
class Person:
    """A customer a query is made from."""

    customer_id: int
    first: str
    last: str

    @property
    def key(self) -> tuple[str, str]:
        """Same folded name, same person as far as any search can tell."""
        return name_key(self.first), name_key(self.last)


def name_key(name: str) -> str:
    """A name as no search can tell apart: folded, umlauts spelled out ("Schröder" is
    "Schroeder")."""
    return fold(name.translate(_UMLAUTS))


def _read_only(path: Path) -> sqlite3.Connection:
    """Reading the shared shop must never create or change it."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _people(path: Path) -> list[Person]:
    with closing(_read_only(path)) as conn:
        rows = conn.execute(
            "SELECT id, first_name, last_name FROM customer "
            "WHERE archived = 0 AND first_name <> '' AND last_name <> ''"
        ).fetchall()
    return [Person(*row) for row in rows]


def _typo(word: str, rng: random.Random) -> str:
    """One edit: a letter swapped with its neighbour, dropped, doubled or replaced."""
    i = rng.randrange(1, len(word) - 1)
    match rng.randrange(4):
        case 0:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        case 1:
            return word[:i] + word[i + 1 :]
        case 2:
            return word[:i] + rng.choice(string.ascii_lowercase) + word[i:]
        case _:
            return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]


def _query_sets(people: list[Person], rng: random.Random) -> dict[str, list[tuple[str, Person]]]:
    def simple(person: Person) -> bool:
        return " " not in person.first and " " not in person.last

    plain = [p for p in people if simple(p) and len(fold(p.first)) >= 4 and len(fold(p.last)) >= 4]
    accented = [p for p in plain if not f"{p.first}{p.last}".isascii()]
    nicknamed = [p for p in plain if nicknames().short_forms_of(fold(p.first))]
    names = nicknames()

    def sample(pool: list[Person]) -> list[Person]:
        return rng.sample(pool, min(QUERIES_PER_SET, len(pool)))

    def one_typo(p: Person) -> str:
        first, last = fold(p.first), fold(p.last)
        return (
            f"{_typo(first, rng)} {last}" if rng.random() < 0.5 else f"{first} {_typo(last, rng)}"
        )

    return {
        "exact name": [(f"{p.first} {p.last}", p) for p in sample(plain)],
        "1 typo": [(one_typo(p), p) for p in sample(plain)],
        "2 typos": [
            (f"{_typo(fold(p.first), rng)} {_typo(fold(p.last), rng)}", p) for p in sample(plain)
        ],
        "accent-stripped": [
            (fold(f"{p.first} {p.last}".translate(_UMLAUTS) if i % 2 else f"{p.first} {p.last}"), p)
            for i, p in enumerate(sample(accented))
        ],
        "nickname": [
            (f"{rng.choice(sorted(names.short_forms_of(fold(p.first))))} {p.last}", p)
            for p in sample(nicknamed)
        ],
    }


def _keystrokes(people: list[Person], rng: random.Random) -> list[str]:
    typed: list[str] = []
    for person in rng.sample(people, min(TYPED_NAMES, len(people))):
        text = f"{person.first} {person.last}"
        typed.extend(text[:i] for i in range(1, len(text) + 1) if not text[:i].endswith(" "))
    return typed


def _like_peer(conn: sqlite3.Connection) -> Callable[[str], list[tuple[str, str]]]:
    """Each typed word must appear somewhere in the first or last name."""

    def search(query: str) -> list[tuple[str, str]]:
        words = query.split() or [""]
        where = " AND ".join(
            "(first_name LIKE ? ESCAPE '\\' OR last_name LIKE ? ESCAPE '\\')" for _ in words
        )
        params = []
        for word in words:
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [pattern, pattern]
        sql = f"SELECT first_name, last_name FROM customer WHERE archived = 0 AND {where} LIMIT ?"
        return conn.execute(sql, [*params, LIMIT]).fetchall()

    return search


def _recall(
    found: Callable[[str], list[tuple[str, str]]], queries: list[tuple[str, Person]]
) -> float:
    hits = sum(
        1
        for text, person in queries
        if person.key in {(name_key(a), name_key(b)) for a, b in found(text)[:5]}
    )
    return hits / len(queries) if queries else float("nan")


def _memory_mb(path: Path) -> float:
    database = open_database(str(path))
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = SearchIndex.build(database)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    database.close()
    del index
    return (after - before) / 2**20


def run(scale: Scale) -> list[Row]:
    """Time and score the lookup; print nothing (the table is printed by ``bench``)."""
    path = shop_db(scale)
    people = _people(path)
    rng = random.Random(scale.seed)
    database = open_database(str(path))
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        index = SearchIndex.build(database)
        builds.append(time.perf_counter() - start)
    build_median, build_p95 = percentiles(builds)
    rows = [
        Row(
            "search: index build",
            build_median,
            build_p95,
            "s",
            f"{len(index):,} customers",
            "≤ 2",
        ),
        Row("search: index extra memory", _memory_mb(path), None, "MB", "tracemalloc", "≤ 150"),
    ]
    conn = _read_only(path)
    peer = _like_peer(conn)
    sets = _query_sets(people, rng)
    names_by_id = {p.customer_id: (p.first, p.last) for p in people}

    def ours(text: str) -> list[tuple[str, str]]:
        return [names_by_id.get(hit.customer_id, ("", "")) for hit in index.search(text, LIMIT)]

    keystrokes = _keystrokes(people, rng)
    phones = [
        row[0][-rng.choice((4, 7)) :]
        for row in conn.execute(
            "SELECT phone_digits FROM customer WHERE phone_digits <> '' LIMIT 300"
        )
    ]
    timed = {
        "prefix keystrokes": keystrokes,
        "1 typo": [q for q, _ in sets["1 typo"]],
        "nickname": [q for q, _ in sets["nickname"]],
        "phone fragment": phones,
    }
    for label, queries in timed.items():
        median, p95 = time_each(lambda q: index.search(q, LIMIT), queries)
        rows.append(
            Row(f"search: {label}", median, p95, "ms", f"{len(queries)} queries", "p95 ≤ 5")
        )
        if label != "phone fragment":
            median, p95 = time_each(peer, queries)
            rows.append(Row(f"  peer LIKE: {label}", median, p95, "ms", f"{len(queries)} queries"))
    targets = {"exact name": "1.0", "1 typo": "≥ 0.98", "nickname": "≥ 0.95"}
    for label, queries in sets.items():
        rows.append(
            Row(
                f"recall@5: {label}",
                _recall(ours, queries),
                None,
                "ratio",
                f"peer LIKE {_recall(peer, queries):.3f}; {len(queries)} queries",
                targets.get(label, ""),
            )
        )
    one_off = [q for q, _ in sets["1 typo"][:5]]
    median, p95 = time_each(lambda q: search_without_index(database, q, LIMIT), one_off)
    rows.append(Row("search: one query without index", median, p95, "ms", "the CLI's one-off path"))
    conn.close()
    database.close()
    return rows
