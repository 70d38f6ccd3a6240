"""The first command on a new computer: the default book's folder (the user data folder)
does not exist yet and is made by Regulars; a folder the user named with ``--db`` is
never made behind their back."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.paths import data_dir, default_db_path


def test_the_first_customer_starts_the_default_book_in_a_new_user_data_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert not data_dir().exists()
    assert main(["customer", "add", "--first", "Ada", "--last", "First"]) == 0
    assert "added" in capsys.readouterr().out
    assert default_db_path().is_file()


def test_a_missing_folder_named_with_db_is_refused_and_not_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "no such folder" / "shop.db"
    assert main(["customer", "add", "--first", "Ada", "--last", "First", "--db", str(book)]) == 1
    assert "does not exist; create it first" in capsys.readouterr().err
    assert not book.parent.exists()


def test_a_new_shop_chooses_its_language_before_its_first_book(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.settings import load_settings

    assert main(["settings", "set", "country", "DE"]) == 0
    assert load_settings().country == "DE"
    assert "saved in" in capsys.readouterr().out
    assert not default_db_path().exists()  # nothing made behind the owner's back
