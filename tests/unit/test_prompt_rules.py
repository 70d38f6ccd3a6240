"""The shipped rules and how a mistyped rules file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import RegularsError
from app.models import PromptKind, RelationKind
from app.paths import resources_dir
from app.prompts.rules import default_rules, parse_rules

SHIPPED = resources_dir() / "prompts" / "rules.toml"


def test_shipped_defaults() -> None:
    rules = default_rules()
    assert (rules.follow_up.start_days, rules.follow_up.until_days) == (7, 56)
    assert rules.follow_up.until_for("Tents") == 120
    assert rules.follow_up.until_for("Kayaks") == 56
    assert (rules.replenish.min_intervals, rules.replenish.window_start) == (2, 0.85)
    assert rules.replenish.window_end == 1.5
    assert rules.occasion.lookahead_days == 7
    assert rules.occasion.leap_day_birthday == (2, 28)
    assert RelationKind.PET in rules.occasion.household_kinds
    assert RelationKind.FRIEND not in rules.occasion.household_kinds
    assert 10 in rules.round_years
    assert rules.sales_kinds == {PromptKind.REPLENISH, PromptKind.RELATED}
    assert rules.respect_contact_consent
    assert set(rules.weights) == set(PromptKind)
    assert rules.weights[PromptKind.NOTE] > rules.weights[PromptKind.RELATED]


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_edited_value_is_used(tmp_path: Path) -> None:
    rules = parse_rules(_edited(tmp_path, "until_days = 56", "until_days = 70"))
    assert rules.follow_up.until_days == 70


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("until_days = 56", 'until_days = "56"', "[rules.follow_up] until_days"),
        ("until_days = 56", "until_days = 3", "at least 8"),
        ("min_visits = 4", "min_visits = 1", "[rules.welcome_back] min_visits"),
        ("window_end = 1.5", "window_end = 0.5", "[rules.replenish] window_end"),
        ('leap_day_birthday = "02-28"', 'leap_day_birthday = "02-29"', "leap_day_birthday"),
        ('"grandchild", "pet"]', '"grandchild", "cat"]', "household_kinds"),
        ('sales_kinds = ["replenish"', 'sales_kinds = ["upsell"', "sales_kinds"),
        ("enabled = true", "enabled = 1", "true or false"),
        ("round_years = [1,", "round_years = [0,", "round_years"),
        ("related = 0.3", "related = true", "[rules.weights] related"),
        ("min_visits = 4", "min_visits = ", "not valid TOML"),
    ],
)
def test_mistyped_rules_are_refused(tmp_path: Path, old: str, new: str, expected: str) -> None:
    with pytest.raises(RegularsError, match=r"rules\.toml") as error:
        parse_rules(_edited(tmp_path, old, new))
    assert expected in str(error.value)
