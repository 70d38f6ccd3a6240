"""The owner's rules live in the config folder: the package's copies are never written, the
owner's copy is read over them, and an upgrade with new package defaults keeps every edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import owner_rules
from app.catalog import new_category
from app.cli import main
from app.db import Database
from app.errors import RegularsError
from app.models import ProductKind
from app.owner_rules import CATEGORIES, PROMPT_RULES, owner_copy
from app.paths import resources_dir
from app.prompts.rules import default_rules
from tests.owner import PASSPHRASE, protect

SHIPPED = resources_dir()


def _package_bytes() -> dict[str, bytes]:
    return {name: (SHIPPED / name).read_bytes() for name in (*owner_rules.EDITABLE, CATEGORIES)}


def _new_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An upgrade: the package's defaults change under the owner's copies."""
    package = tmp_path / "new-package"
    shutil.copytree(SHIPPED, package)
    rules = package / PROMPT_RULES
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("until_days = 56", "until_days = 60"),
        encoding="utf-8",
    )
    with (package / CATEGORIES).open("a", encoding="utf-8") as fh:
        fh.write('\n[categories.hammocks]\nkind = "durable"\nfollow_up_days = 9\n')
    monkeypatch.setattr(owner_rules, "resources_dir", lambda: package)
    return package


def test_products_kind_writes_the_owners_copy_not_the_package(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _package_bytes()
    assert new_category("Kayaks").kind is ProductKind.DURABLE
    base = ["--db", str(db_path)]
    assert main(["products", "kind", "Kayaks", "consumable", "--replenish-days", "40", *base]) == 0
    assert _package_bytes() == before
    mine = owner_copy(CATEGORIES).read_text(encoding="utf-8")
    assert "[categories.kayaks]" in mine and 'kind = "consumable"' in mine
    kayaks = new_category("kayaks")
    assert (kayaks.kind, kayaks.replenish_days) == (ProductKind.CONSUMABLE, 40)

    _new_package(tmp_path, monkeypatch)
    kayaks = new_category("Kayaks")
    assert (kayaks.kind, kayaks.replenish_days) == (ProductKind.CONSUMABLE, 40)
    hammocks = new_category("Hammocks")
    assert (hammocks.kind, hammocks.follow_up_days) == (ProductKind.DURABLE, 9)


def test_an_upgrade_keeps_the_owners_edited_rules(
    db: Database,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    protect(db)
    before = _package_bytes()
    base = ["--db", str(db_path)]
    assert main(["settings", "rules", *base]) == 1
    assert "Only the owner" in capsys.readouterr().err
    monkeypatch.setenv("REGULARS_OWNER_PIN", PASSPHRASE)
    assert main(["settings", "rules", "--owner", *base]) == 0
    out = capsys.readouterr().out
    mine = owner_copy(PROMPT_RULES)
    assert f"made: {mine}" in out
    mine.write_text(
        mine.read_text(encoding="utf-8").replace("until_days = 56", "until_days = 70"),
        encoding="utf-8",
    )
    assert default_rules().follow_up.until_days == 70
    assert main(["settings", "rules", "--owner", *base]) == 0
    assert f"yours already: {mine}" in capsys.readouterr().out
    assert default_rules().follow_up.until_days == 70
    assert _package_bytes() == before

    _new_package(tmp_path, monkeypatch)
    assert default_rules().follow_up.until_days == 70


def test_a_mistyped_owner_copy_is_named(tmp_path: Path) -> None:
    mine = owner_copy(PROMPT_RULES)
    mine.parent.mkdir(parents=True)
    mine.write_text("[follow_up]\nuntil_days = 3\n", encoding="utf-8")
    with pytest.raises(RegularsError) as error:
        default_rules()
    assert str(mine) in str(error.value)
    assert "[rules.follow_up] until_days" in str(error.value)
    mine.write_text("[follow_up]\nuntil_days = 80\n", encoding="utf-8")
    rules = default_rules()
    assert rules.follow_up.until_days == 80
    assert rules.follow_up.start_days == 7
