"""The shop's settings file: defaults, wrong values named by line, the CLI, and each setting
doing what it says where it is used."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from app.errors import RegularsError
from app.paths import CONFIG_ENV, config_dir
from app.prompts import prompts_for
from app.safety.access import OwnerSession
from app.safety.backups import list_backups, take_backup
from app.settings import (
    FIELD_BY_KEY,
    Settings,
    default_settings,
    load_settings,
    save_settings,
    settings_path,
)
from tests.integration.prompt_shop import Shop
from tests.owner import PASSPHRASE, protect


@pytest.fixture(autouse=True)
def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_ENV, str(folder))
    return folder


def _write(text: str) -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_setting_has_a_field_and_a_shipped_default() -> None:
    assert set(FIELD_BY_KEY) == {f.name for f in fields(Settings)}
    defaults = default_settings()
    assert (defaults.country, defaults.prompts_per_card, defaults.idle_minutes) == ("US", 3, 5)
    assert not settings_path().exists()
    assert load_settings() == defaults


def test_the_env_var_moves_the_config_folder(_config: Path) -> None:
    assert config_dir() == _config
    assert settings_path() == _config / "settings.toml"


def test_the_owners_file_wins_key_by_key() -> None:
    _write('# my shop\ncountry = "de"\ncurrency = "eur"\nprompts_per_card = 5\n')
    settings = load_settings()
    assert (settings.country, settings.currency, settings.prompts_per_card) == ("DE", "EUR", 5)
    assert settings.shop_name == "" and settings.keep_daily == 7
    assert settings.locale_name == "en_DE"
    assert settings.currency_symbol == "€"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("prompts_per_card = 9", "line 4: prompts_per_card must be 1 to 5, not 9."),
        ('country = "Narnia"', "line 4: country must be a two-letter country code"),
        ('currency = "EURO"', "line 4: currency must be a three-letter currency code"),
        ('language = "klingon"', "line 4: language must be a language code"),
        ("idle_minutes = 0", "line 4: idle_minutes must be 1 to 240 (minutes), not 0."),
        ('backup_folder = "backups"', "line 4: backup_folder must be a full folder path"),
        ("keep_latest = true", "line 4: keep_latest must be 1 to 100, not true."),
        ("promts_per_card = 4", "line 4: there is no setting 'promts_per_card'"),
        ("prompts_per_card = ", "is not valid TOML"),
    ],
)
def test_a_wrong_value_is_named_with_its_line(line: str, expected: str) -> None:
    path = _write(f'# settings\nshop_name = "Corner Hardware"\n\n{line}\n')
    with pytest.raises(RegularsError) as error:
        load_settings()
    assert f"'{path}'" in str(error.value)
    assert expected in str(error.value)


def test_saving_keeps_comments_and_refuses_a_wrong_value_untouched() -> None:
    path = _write('# our own notes\nshop_name = "Corner Hardware"\n')
    save_settings({"country": "gb", "prompts_per_card": "4"})
    assert path.read_text(encoding="utf-8") == (
        '# our own notes\nshop_name = "Corner Hardware"\ncountry = "GB"\nprompts_per_card = 4\n'
    )
    before = path.read_bytes()
    with pytest.raises(RegularsError, match=r"Prompts on a card \(prompts_per_card\) must be 1"):
        save_settings({"shop_name": "New name", "prompts_per_card": "six"})
    assert path.read_bytes() == before
    save_settings({"prompts_per_card": "2"})
    assert load_settings().prompts_per_card == 2
    assert path.read_text(encoding="utf-8").count("prompts_per_card") == 1


def test_cli_shows_and_sets_and_refuses_a_wrong_value(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", str(db_path)]
    assert main(["settings", "show", *base]) == 0
    out = capsys.readouterr().out
    assert "(not written yet: the defaults apply)" in out
    assert "prompts_per_card = 3" in out

    assert main(["settings", "set", "currency", "EUR", *base]) == 0
    assert "currency = 'EUR'" in capsys.readouterr().out
    assert main(["settings", "set", "prompts_per_card", "9", *base]) == 1
    assert "must be 1 to 5, not '9'" in capsys.readouterr().err
    assert main(["settings", "show", "--json", *base]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["exists"] is True
    assert data["settings"]["currency"] == "EUR"
    assert data["settings"]["prompts_per_card"] == 3
    assert main(["settings", "show", *base]) == 0
    assert "idle_minutes = 5  #" in capsys.readouterr().out  # as the file writes it


def test_a_new_shop_sets_its_language_before_its_first_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Settings belong to this computer: with no book yet there is no owner to ask."""
    book = tmp_path / "shop.db"
    assert main(["settings", "set", "language", "de", "--db", str(book)]) == 0
    assert load_settings().language == "de" and not book.exists()


def test_only_the_owner_changes_settings_once_a_passphrase_is_set(
    db: Database,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    protect(db)
    base = ["--db", str(db_path)]
    assert main(["settings", "set", "idle_minutes", "30", *base]) == 1
    assert "Only the owner" in capsys.readouterr().err
    assert not settings_path().exists()
    assert main(["settings", "show", *base]) == 0
    monkeypatch.setenv("REGULARS_OWNER_PIN", PASSPHRASE)
    assert main(["settings", "set", "idle_minutes", "30", "--owner", *base]) == 0
    assert load_settings().idle_minutes == 30


def test_prompts_per_card_is_honoured_up_to_five(db: Database) -> None:
    shop = Shop(db)
    anna = shop.customer()
    for number in range(7):
        shop.note(anna, f"Ask about trip {number}", ask_on=date(2024, 10, 10 + number % 4))
    on = shop.today
    assert len(prompts_for(db, anna, today=on)) == 3
    save_settings({"prompts_per_card": "5"})
    assert len(prompts_for(db, anna, today=on)) == 5
    save_settings({"prompts_per_card": "1"})
    assert len(prompts_for(db, anna, today=on)) == 1


def test_idle_minutes_set_how_long_owner_mode_lasts() -> None:
    save_settings({"idle_minutes": "12"})
    assert OwnerSession().idle.total_seconds() == 12 * 60
    assert OwnerSession(idle_minutes=2).idle.total_seconds() == 120


def test_backups_go_to_the_chosen_folder_and_keep_the_chosen_number(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "usb stick"
    save_settings(
        {
            "backup_folder": str(folder),
            "keep_latest": "1",
            "keep_daily": "0",
            "keep_weekly": "0",
            "keep_monthly": "0",
        }
    )
    shop = Shop(db)
    for day in (1, 2, 3):
        shop.customer(first=f"Customer {day}")
        outcome = take_backup(db_path, now=datetime(2026, 12, day, 9, 0))
        assert outcome.path.parent == folder
    assert [b.taken_at.day for b in list_backups(db_path)] == [3]
    assert not (db_path.parent / "backups").exists()


@pytest.mark.sqlite_only  # the default book is a file
def test_naming_a_book_that_does_not_exist_does_not_get_round_the_owners_secret(
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The settings are the computer's: once the shop's book (here the default one) has
    a passphrase, '--db nothing-here.db' is no way past it."""
    monkeypatch.setattr("app.cli.settings.default_db_path", lambda: db.path)
    protect(db)
    nowhere = tmp_path / "nothing-here.db"
    assert main(["settings", "set", "idle_minutes", "240", "--db", str(nowhere)]) == 1
    assert "There is no customer book at" in capsys.readouterr().err
    assert not settings_path().exists() and not nowhere.exists()
