"""Folding, name splitting, nicknames and query parsing: the pieces every search path shares."""

from __future__ import annotations

import pytest

from app.search.nicknames import Nicknames, nicknames
from app.search.normalize import fold, name_parts, query_words
from app.search.query import (
    FULL_NAME,
    MAX_NAME_TERMS,
    MAX_WORD_CHARS,
    NICKNAME,
    SOUNDS,
    TWO_TYPOS,
    TYPO,
    Kind,
    parse_query,
    relate,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("José", "jose"),
        ("ŁÓDŹ", "lodz"),
        ("Straße", "strasse"),
        ("Ørsted", "orsted"),
        ("Æsir", "aesir"),
        ("Œuvre", "oeuvre"),
        ("Þór", "thor"),
        ("Đorđe", "dorde"),
        ("Nguyễn", "nguyen"),
        ("SMITH", "smith"),
    ],
)
def test_fold_removes_case_accents_and_special_letters(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_umlauts_get_a_second_spelling() -> None:
    (part,) = name_parts("Müller")
    assert part.display == "Müller"
    assert part.forms == ("muller", "mueller")


def test_apostrophe_names_are_found_whole_and_by_their_main_part() -> None:
    (part,) = name_parts("O'Brien")
    assert part.forms == ("obrien", "brien")


def test_hyphens_and_spaces_split_names_into_parts() -> None:
    assert [p.display for p in name_parts("Smith-Jones")] == ["Smith", "Jones"]
    assert [p.display for p in name_parts("Van  Buren")] == ["Van", "Buren"]
    assert name_parts("") == ()
    assert name_parts(None) == ()


def test_query_words_keep_what_was_typed_for_the_reason() -> None:
    assert query_words("Jonh  SMIHT") == [("Jonh", "jonh"), ("SMIHT", "smiht")]


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("bob", "robert"),
        ("peggy", "margaret"),
        ("bill", "william"),
        ("liz", "elizabeth"),
        ("pepe", "jose"),
        ("paco", "francisco"),
        ("hansi", "johannes"),
        ("kasia", "katarzyna"),
        ("gosia", "malgorzata"),
        ("sasha", "alexander"),
    ],
)
def test_nicknames_cover_english_and_other_languages(short: str, full: str) -> None:
    assert full in nicknames().full_names_of(short)
    assert short in nicknames().short_forms_of(full)


def test_nickname_table_folds_and_ignores_self_pairs() -> None:
    table = Nicknames([("Małgorzata", "Gosia"), ("Anna", "ANNA")])
    assert table.full_names_of("gosia") == {"malgorzata"}
    assert table.short_forms_of("anna") == frozenset()


@pytest.mark.parametrize(
    ("token", "word", "expected"),
    [
        ("bob", "robert", NICKNAME),
        ("margaret", "peggy", FULL_NAME),
        ("jonh", "john", TYPO),
        ("smiht", "smith", TYPO),
        ("filip", "philip", SOUNDS),
        ("kathryn", "catherine", SOUNDS),
        ("christpoher", "christopher", TYPO),
        ("chriztopjer", "christopher", TWO_TYPOS),
        ("smiht", "jones", None),
        ("ab", "ac", None),
        ("zzzzz", "zoe", None),  # the same Metaphone key, nothing else in common
        ("zzz", "zoe", None),
    ],
)
def test_forgiving_relations(token: str, word: str, expected: object) -> None:
    assert relate(token, word) == expected


def test_two_typos_need_a_long_word() -> None:
    assert relate("jhon", "john") is TYPO
    assert relate("jnho", "john") is None


@pytest.mark.parametrize(
    ("text", "digits"),
    [("555 0142", "5550142"), ("0142", "0142"), ("+1 (555)", "1555"), ("555-0142", "5550142")],
)
def test_phone_fragments_in_any_format(text: str, digits: str) -> None:
    query = parse_query(text)
    assert query.names == []
    assert [(t.kind, t.text) for t in query.fields] == [(Kind.PHONE, digits)]


def test_email_fragments_are_recognised() -> None:
    assert [(t.kind, t.text) for t in parse_query("JSmith@").fields] == [(Kind.EMAIL, "jsmith@")]
    assert [t.kind for t in parse_query("example.org").fields] == [Kind.EMAIL]
    assert parse_query("@").size == 0


def test_names_and_phone_mix() -> None:
    query = parse_query("smith 0142")
    assert [t.token for t in query.names] == ["smith"]
    assert [t.text for t in query.fields] == ["0142"]


@pytest.mark.parametrize("text", ["", "   ", "%", "_", "'", "*", "(", "% _ ' * ( )", "😀🎉", "12"])
def test_junk_makes_no_terms(text: str) -> None:
    assert parse_query(text).size == 0


def test_work_is_capped_for_huge_input() -> None:
    query = parse_query("a" * 10_000)
    assert len(query.names) == 1
    assert len(query.names[0].token) == MAX_WORD_CHARS
    assert len(parse_query("ab " * 5_000).names) == MAX_NAME_TERMS


def test_right_to_left_words_are_kept_as_words() -> None:
    assert [t.token for t in parse_query("שלום مرحبا").names] == ["שלום", "مرحبا"]
