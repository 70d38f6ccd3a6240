"""Template loading, checking, variant choice and filling."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import RegularsError
from app.paths import resources_dir
from app.prompts.templates import default_templates, parse_templates, pick

SHIPPED = resources_dir() / "prompts" / "templates.toml"


def test_pick_is_stable_and_spreads_across_sources() -> None:
    variants = ("a", "b", "c")
    assert pick(variants, "follow_up:3:2024-09-24") == pick(variants, "follow_up:3:2024-09-24")
    chosen = {pick(variants, f"follow_up:{n}:2024-09-24") for n in range(40)}
    assert chosen == {"a", "b", "c"}


def test_category_wording_wins_over_the_general_one() -> None:
    templates = default_templates()
    kayak = templates.say(
        "follow_up", "variants", "k1", for_category="Kayaks", item="Pelican", category="Kayaks"
    )
    assert "kayak" in kayak.lower()
    assert "Pelican" not in kayak
    saw = templates.say(
        "follow_up",
        "variants",
        "k1",
        for_category="Wheelbarrows",
        item="Ames 6 cu ft",
        category="Wheelbarrows",
    )
    assert "Ames 6 cu ft" in saw


def test_prompts_start_with_a_capital_and_reasons_do_not() -> None:
    templates = default_templates()
    text = templates.say(
        "customer_years", "variants", "customer_years:1", years="a year", name="Al"
    )
    assert text[0].isupper()
    assert templates.reason("customer_years", "reason", "x", date="2 Oct") == "customer since 2 Oct"


def test_notes_that_already_read_as_a_question_are_recognised() -> None:
    templates = default_templates()
    assert templates.reads_as_prompt("Ask how the surgery went")
    assert templates.reads_as_prompt("how was Lisbon?")
    assert not templates.reads_as_prompt("Tom's knee surgery")


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "templates.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_unknown_placeholder_is_refused_with_its_place(tmp_path: Path) -> None:
    path = _edited(tmp_path, "How's the {item} working out?", "How's the {itme} working out?")
    with pytest.raises(RegularsError) as error:
        parse_templates(path)
    message = str(error.value)
    assert str(path) in message
    assert "[templates.follow_up] variants" in message
    assert "{itme}" in message
    assert "{item}" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('reason = "customer since {date}"', 'reason = "customer since {date"', "braces"),
        ('reason = "note from {date}"', "reason = 3", "some text"),
        ('reason = "bought {date} — {ago}"', 'reason = "bought {0}"', "placeholder {0}"),
        ("[welcome_back]", "[welcome_back_typo]", "[templates.welcome_back]"),
        ('"Suggestion:', "Suggestion:", "not valid TOML"),
    ],
)
def test_mistyped_templates_are_refused(tmp_path: Path, old: str, new: str, expected: str) -> None:
    with pytest.raises(RegularsError, match=r"templates\.toml") as error:
        parse_templates(_edited(tmp_path, old, new))
    assert expected in str(error.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegularsError, match="Cannot read"):
        parse_templates(tmp_path / "nope.toml")
