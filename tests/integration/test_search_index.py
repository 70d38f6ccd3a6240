"""The register lookup on a real database: every kind of match, ranking, updates, bad input.

Every query runs through the index and through ``search_without_index``; the two must
agree exactly, since the GUI uses one before the other is ready.
"""

from __future__ import annotations

import random
import threading
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import Customer, Purchase
from app.search import SearchHit, SearchIndex, search_without_index

TODAY = date(2024, 6, 1)


def add_customer(db: Database, first: str, last: str, visits: int = 0, **fields: Any) -> int:
    """A customer through the ORM, with ``visits`` purchases up to a week before TODAY."""
    with db.session() as session:
        customer = Customer(first_name=first, last_name=last, **fields)
        session.add(customer)
        session.flush()
        for n in range(visits):
            session.add(Purchase(customer_id=customer.id, purchased_on=TODAY - timedelta(7 + n)))
        return customer.id


def search(db: Database, query: str, limit: int = 20) -> list[SearchHit]:
    """Index and no-index results, checked to be identical."""
    indexed = SearchIndex.build(db, today=TODAY).search(query, limit)
    scanned = search_without_index(db, query, limit, today=TODAY)
    assert indexed == scanned
    return indexed


def names(hits: list[SearchHit]) -> list[str]:
    return [hit.display_name for hit in hits]


@pytest.fixture
def shop(db: Database) -> Database:
    for first, last in [
        ("Mary", "Smith"),
        ("Mark", "Jones"),
        ("John", "Smith"),
        ("Robert", "Clark"),
        ("Margaret", "Hill"),
        ("José", "García"),
        ("Jürgen", "Müller"),
        ("Hans", "Mueller"),
        ("Björk", "Sigurdsdóttir"),
        ("Katarzyna", "Nowak"),
        ("Małgorzata", "Wiśniewska"),
        ("Philip", "Byrne"),
        ("Seán", "O'Brien"),
    ]:
        add_customer(db, first, last)
    return db


@pytest.mark.parametrize("query", ["mar smi", "smi mar", "MAR SMI", "smith mary"])
def test_prefixes_of_name_parts_in_any_order(shop: Database, query: str) -> None:
    assert names(search(shop, query)) == ["Mary Smith"]


def test_prefix_reason_names_the_matched_parts(shop: Database) -> None:
    (hit,) = search(shop, "mar smi")
    assert hit.reason == "prefix of Mary; prefix of Smith"
    assert hit.score == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jose", "José García"),
        ("garcia", "José García"),
        ("bjork", "Björk Sigurdsdóttir"),
        ("malgorzata", "Małgorzata Wiśniewska"),
        ("wisniewska", "Małgorzata Wiśniewska"),
        ("obrien", "Seán O'Brien"),
        ("o'brien", "Seán O'Brien"),
        ("brien", "Seán O'Brien"),
    ],
)
def test_accents_do_not_matter(shop: Database, query: str, expected: str) -> None:
    assert names(search(shop, query))[0] == expected


def test_muller_and_mueller_find_both_spellings(shop: Database) -> None:
    for query in ("muller", "mueller"):
        assert set(names(search(shop, query))) == {"Jürgen Müller", "Hans Mueller"}


@pytest.mark.parametrize(
    ("query", "expected", "reason"),
    [
        ("bob", "Robert Clark", "nickname of Robert"),
        ("peggy", "Margaret Hill", "nickname of Margaret"),
        ("kasia", "Katarzyna Nowak", "nickname of Katarzyna"),
        ("gosia", "Małgorzata Wiśniewska", "nickname of Małgorzata"),
        ("pepe garcia", "José García", "nickname of José; name García"),
    ],
)
def test_nicknames(shop: Database, query: str, expected: str, reason: str) -> None:
    hit = search(shop, query)[0]
    assert (hit.display_name, hit.reason) == (expected, reason)


def test_full_name_finds_a_customer_entered_by_nickname(db: Database) -> None:
    add_customer(db, "Peggy", "Olson")
    (hit,) = search(db, "margaret")
    assert hit.reason == "Peggy, short for margaret"


def test_preferred_name_is_searchable_and_shown(db: Database) -> None:
    add_customer(db, "Elizabeth", "Ward", preferred_name="Tilly")
    (hit,) = search(db, "tilly war")
    assert hit.display_name == "Tilly Ward"
    assert hit.reason == "name Tilly; prefix of Ward"


def test_typos(shop: Database) -> None:
    hit = search(shop, "jonh smiht")[0]
    assert hit.display_name == "John Smith"
    assert hit.reason == "1 typo: jonh→John; 1 typo: smiht→Smith"


def test_sounds_alike(shop: Database) -> None:
    hit = search(shop, "filip")[0]
    assert (hit.display_name, hit.reason) == ("Philip Byrne", "sounds like Philip")


@pytest.mark.parametrize("query", ["zzzzz", "zzz", "sss"])
def test_a_word_that_only_shares_a_sound_key_finds_no_one(shop: Database, query: str) -> None:
    add_customer(shop, "Zoë", "Ash")
    assert names(search(shop, "zoe")) == ["Zoë Ash"]
    assert search(shop, query) == []


def test_unmatched_word_means_no_match(shop: Database) -> None:
    assert search(shop, "mary zzzzqx") == []


@pytest.fixture
def phones(db: Database) -> Database:
    add_customer(db, "Ann", "Lee", phone_digits="15555550142", email="ann.lee@example.org")
    add_customer(db, "Ben", "Ray", phone_digits="15555559999", email="ben@shop.test")
    return db


@pytest.mark.parametrize("query", ["555 0142", "0142", "555-555-0142", "(555) 555 0142"])
def test_phone_fragments_in_any_format(phones: Database, query: str) -> None:
    (hit,) = search(phones, query)
    assert (hit.display_name, hit.reason) == ("Ann Lee", "phone …0142")


def test_country_code_fragment_finds_everyone_with_it(phones: Database) -> None:
    assert set(names(search(phones, "+1 (555)"))) == {"Ann Lee", "Ben Ray"}


def test_whole_phone_number_scores_as_exact(phones: Database) -> None:
    (hit,) = search(phones, "+1 555 555 0142")
    assert hit.score == 1.0


@pytest.mark.parametrize("query", ["ann.lee@", "example.org", "ANN.LEE@EXAMPLE.ORG"])
def test_email_fragments(phones: Database, query: str) -> None:
    (hit,) = search(phones, query)
    assert hit.display_name == "Ann Lee"
    assert hit.reason == "email ann.lee@example.org"


def test_one_word_finds_people_by_a_piece_of_any_email_ranked_with_those_by_name(
    phones: Database,
) -> None:
    add_customer(phones, "Jo", "Smith", email="jsmith@example.com")
    add_customer(phones, "Ray", "Shopworth", email="rs@example.com")
    (hit,) = search(phones, "jsmith")
    assert (hit.display_name, hit.reason) == ("Jo Smith", "email jsmith@example.com")
    assert names(search(phones, "shop")) == ["Ray Shopworth", "Ben Ray"]
    assert search(phones, "jsmith lee") == []


def test_name_and_phone_together(phones: Database) -> None:
    assert names(search(phones, "ben 9999")) == ["Ben Ray"]
    assert search(phones, "ben 0142") == []


def test_ranking_exact_then_prefix_then_nickname_then_typo(db: Database) -> None:
    # Visits favour the lower tiers, so only match quality can produce this order.
    add_customer(db, "Bub", "Davis", visits=9)
    add_customer(db, "Robert", "Clark", visits=6)
    add_customer(db, "Bobby", "Baker", visits=3)
    add_customer(db, "Bob", "Adams")
    hits = search(db, "bob")
    assert names(hits) == ["Bob Adams", "Bobby Baker", "Robert Clark", "Bub Davis"]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[-1].reason == "1 typo: bob→Bub"


def test_regulars_first_among_equal_matches(db: Database) -> None:
    once = add_customer(db, "Anna", "Kowalska", visits=1)
    never = add_customer(db, "Anna", "Kowalska")
    often = add_customer(db, "Anna", "Kowalska", visits=12)
    assert [h.customer_id for h in search(db, "anna kowalska")] == [often, once, never]


def test_a_name_typed_in_full_beats_a_longer_name(db: Database) -> None:
    add_customer(db, "Sebastián", "García-Márquez", visits=20)
    exact = add_customer(db, "Sebastián", "García")
    hits = search(db, "sebastian garcia")
    assert hits[0].customer_id == exact
    assert [h.score for h in hits] == [1.0, 1.0]
    assert search(db, "garcia")[0].display_name == "Sebastián García-Márquez"


def test_short_stored_numbers_still_match_whole(db: Database) -> None:
    add_customer(db, "Odd", "Number", phone_digits="0142")
    add_customer(db, "Long", "Number", phone_digits="15550100142")
    assert [(h.display_name, h.score) for h in search(db, "0142")] == [
        ("Odd Number", 1.0),
        ("Long Number", 0.8),
    ]


def test_detail_tells_same_name_people_apart(db: Database) -> None:
    add_customer(db, "Tom", "Reed", visits=2, town="Hillsboro", phone_digits="15550001234")
    add_customer(db, "Tom", "Reed", address_line="12 Elm Street")
    details = [h.detail for h in search(db, "tom reed")]
    assert details == [
        "Hillsboro · last visit May 25, 2024 · phone …1234",
        "12 Elm Street · no visits",
    ]


def test_archived_customers_are_not_found(db: Database) -> None:
    add_customer(db, "Old", "Timer", archived=True)
    assert search(db, "old timer") == []


def test_limit(shop: Database) -> None:
    assert len(search(shop, "m", limit=2)) == 2
    assert search(shop, "m", limit=0) == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\t\n",
        "x" * 10_000,
        "smith " * 2_000,
        "%",
        "_",
        "'",
        "*",
        "(",
        ")",
        "' OR 1=1 --",
        "%mar%",
        "sm_th",
        ".*",
        "[a-z]+",
        "😀",
        "mary 😀",
        "שלום",
        "مرحبا",
        "\u202emary",
        "\x00",
    ],
)
def test_bad_input_never_crashes(shop: Database, query: str) -> None:
    hits = search(shop, query)
    assert len(hits) <= 20
    assert all(isinstance(hit, SearchHit) for hit in hits)


def test_sql_wildcards_are_not_wildcards(shop: Database) -> None:
    assert search(shop, "%") == []
    assert search(shop, "_") == []


def test_junk_around_a_name_still_finds_it(shop: Database) -> None:
    assert names(search(shop, "(mary) 😀"))[0] == "Mary Smith"
    assert names(search(shop, "\u202emary"))[0] == "Mary Smith"


def test_right_to_left_names_are_found(db: Database) -> None:
    add_customer(db, "שרה", "כהן")
    assert names(search(db, "שרה")) == ["שרה כהן"]


def test_upsert_adds_edits_and_archives(shop: Database) -> None:
    index = SearchIndex.build(shop, today=TODAY)
    size = len(index)
    new_id = add_customer(shop, "Zelda", "Quill", phone_digits="15550007777")
    assert index.search("zelda") == []
    index.upsert(shop, new_id)
    assert len(index) == size + 1
    assert names(index.search("zel qui")) == ["Zelda Quill"]
    assert names(index.search("7777")) == ["Zelda Quill"]

    with shop.session() as session:
        customer = session.get(Customer, new_id)
        assert customer is not None
        customer.last_name = "Quintero"
        customer.phone_digits = "15550008888"
    index.upsert(shop, new_id)
    assert index.search("quill") == []
    assert index.search("7777") == []
    assert names(index.search("quintero")) == ["Zelda Quintero"]
    assert names(index.search("8888")) == ["Zelda Quintero"]
    assert [h.score for h in index.search("+1 555 000 8888")] == [1.0]
    assert index.search("zelda quintero") == search_without_index(
        shop, "zelda quintero", today=TODAY
    )

    with shop.session() as session:
        customer = session.get(Customer, new_id)
        assert customer is not None
        customer.archived = True
    index.upsert(shop, new_id)
    assert len(index) == size
    assert index.search("zelda") == []
    assert index.search("8888") == []


def test_remove_and_bring_back(shop: Database) -> None:
    index = SearchIndex.build(shop, today=TODAY)
    with shop.session() as session:
        mary = session.scalar(select(Customer.id).where(Customer.first_name == "Mary"))
    assert mary is not None
    index.remove(mary)
    index.remove(mary)
    assert "Mary Smith" not in names(index.search("smith"))
    index.upsert(shop, mary)
    assert "Mary Smith" in names(index.search("smith"))
    index.remove(987_654)


def test_many_phone_edits_rebuild_the_phone_scan(db: Database) -> None:
    ids = [add_customer(db, "Phone", f"Owner{n}", phone_digits=f"1555000{n:04d}") for n in range(3)]
    index = SearchIndex.build(db, today=TODAY)
    read = index.load_changes(db, ids)
    for round_ in range(1_099):
        target = ids[round_ % 3]
        entry = read[target]
        assert entry is not None
        index.apply({target: entry._replace(phone=f"1666{round_:07d}")})
    last = ids[1_099 % 3]
    with db.session() as session:
        customer = session.get(Customer, last)
        assert customer is not None
        customer.phone_digits = "16660001099"
    index.upsert(db, last)
    assert names(index.search("16660001099")) == [f"Phone Owner{1_099 % 3}"]
    assert names(index.search("16660001098")) == [f"Phone Owner{1_098 % 3}"]
    assert index.search("1555000") == []


def test_built_on_one_thread_used_on_another(shop: Database) -> None:
    built: list[SearchIndex] = []
    worker = threading.Thread(target=lambda: built.append(SearchIndex.build(shop, today=TODAY)))
    worker.start()
    worker.join()
    (index,) = built
    assert names(index.search("mar smi")) == ["Mary Smith"]
    new_id = add_customer(shop, "Late", "Comer")
    index.upsert(shop, new_id)
    assert names(index.search("late")) == ["Late Comer"]


def test_index_and_scan_agree_on_a_crowded_shop(db: Database) -> None:
    """Many look-alike names and visit counts, small limits: the index's early stop must
    never change the answer."""
    rng = random.Random(7)
    firsts = ["Mary", "Mark", "Marta", "Martin", "Robert", "Bob", "Bobby", "Jon", "John", "Joan"]
    lasts = ["Smith", "Smyth", "Smithers", "Jones", "Johnson", "Müller", "Mueller", "Miller"]
    with db.session() as session:
        for n in range(400):
            customer = Customer(
                first_name=rng.choice(firsts),
                last_name=rng.choice(lasts),
                phone_digits=f"1555{rng.randrange(10**7):07d}",
                email=f"c{n}@example.org",
            )
            session.add(customer)
            session.flush()
            for _ in range(rng.choice([0, 0, 1, 3, 8])):
                day = TODAY - timedelta(rng.randrange(900))
                session.add(Purchase(customer_id=customer.id, purchased_on=day))
    index = SearchIndex.build(db, today=TODAY)
    queries = [
        "m",
        "ma",
        "mar",
        "mar s",
        "mar smi",
        "smi mar",
        "jon",
        "jonh smiht",
        "bob",
        "robert",
        "muller",
        "milller",
        "s m",
        "55",
        "555",
        "0",
        "@example",
        "c1@",
        "jo jo",
    ]
    for query in queries:
        for limit in (1, 3, 20):
            assert index.search(query, limit) == search_without_index(
                db, query, limit, today=TODAY
            ), (query, limit)
