"""A damaged book is refused by the commands that only read it too, as README promises:
each command line checks the file (``quick_check``) when it opens it, so a page
overwritten in the middle of the file is never answered from, nothing is written, and
nothing is left beside it (no ``-wal``, no ``-shm``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from tests.integration.test_failure_injection import FORBIDDEN, _damage, _shop, beside


def test_a_damaged_book_is_refused_by_every_reader_and_left_as_it_was(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _shop(db, [f"Filler{n}" for n in range(40)])
    db.close()
    assert main(["card", "1", "--db", str(db_path)]) == 0
    capsys.readouterr()
    _damage(db_path)
    before = db_path.read_bytes()
    for command in (["card", "1"], ["search", "Filler1"], ["note", "list", "1"], ["today"]):
        assert main([*command, "--db", str(db_path)]) == 1, command
        captured = capsys.readouterr()
        assert "damaged" in captured.err and str(db_path) in captured.err, command
        assert captured.out == "", command
        assert len(captured.err.splitlines()) <= 3, captured.err  # not SQLite's whole list
        for word in FORBIDDEN:
            assert word not in captured.err
        assert db_path.read_bytes() == before, command
        assert beside(db_path) == set(), command
