"""``regulars prompts`` and ``regulars products`` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from tests.integration.prompt_shop import Shop


def test_prompts_lists_each_prompt_with_its_reason(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = Shop(db)
    anna = shop.customer(birthday_month=10, birthday_day=18)
    shop.buy(anna, 20, "Kayaks", "Pelican Maxim 100X")

    assert main(["--db", str(db_path), "prompts", str(anna), "--on", "2024-10-14"]) == 0
    text = capsys.readouterr().out
    assert f"Prompts for customer {anna} on Monday, Oct 14, 2024:" in text
    assert "why: bought Sep 24 — 3 weeks ago" in text
    assert "why: birthday Oct 18" in text

    assert main(["prompts", str(anna), "--on", "2024-10-14", "--json", "--db", str(db_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["on"] == "2024-10-14"
    assert [p["kind"] for p in data["prompts"]] == ["follow_up", "occasion"]
    assert all(p["reason"] and p["source_key"] for p in data["prompts"])


def test_prompts_for_an_unknown_customer_is_refused(
    db_path: Path, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "prompts", "42"]) == 1
    assert "no customer with id 42" in capsys.readouterr().err


def test_prompts_with_a_bad_date_is_a_usage_error(db_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db_path), "prompts", "1", "--on", "2024-02-31"])
    assert exit_info.value.code == 2


def test_products_kind_sets_and_creates_categories(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Shop(db).buy(Shop(db).customer(), 3, "kayaks", "Pelican Maxim 100X")
    args = [
        "--db",
        str(db_path),
        "products",
        "kind",
        "Kayaks ",
        "durable",
        "--follow-up-days",
        "14",
    ]
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "name": "kayaks",
        "kind": "durable",
        "follow_up_days": 14,
        "replenish_days": None,
        "product_count": 1,
    }
    new = ["--db", str(db_path), "products", "kind", "Goat feed", "consumable"]
    assert main([*new, "--replenish-days", "20"]) == 0
    assert "Goat feed: consumable (reorder every 20 days), 0 products" in capsys.readouterr().out

    assert main(["--db", str(db_path), "products", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["name"], c["kind"]) for c in listed] == [
        ("Goat feed", "consumable"),
        ("kayaks", "durable"),
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["products", "kind", "Kayaks", "vehicle"],
        ["products", "kind", "Kayaks", "durable", "--follow-up-days", "-3"],
        ["products"],
    ],
)
def test_products_usage_errors(db_path: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db_path), *args])
    assert exit_info.value.code == 2


def test_products_kind_refuses_a_blank_name(
    db_path: Path, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "products", "kind", "  ", "durable"]) == 1
    assert "Give the category a name" in capsys.readouterr().err
