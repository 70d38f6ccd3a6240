"""``regulars backup`` on a server's book: a verified ``pg_dump`` archive on the same
commands and schedule as a file's backups, and the password on no command line or
output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.errors import RegularsError
from app.server.dump import verify_dump
from app.server.local import local_target


def test_backup_dumps_the_server_book_verified_and_lists_it(
    started: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    password = (started / "password").read_text(encoding="utf-8").strip()
    monkeypatch.setenv("REGULARS_DB", local_target())
    assert main(["customer", "add", "--first", "Dee", "--last", "Dumped"]) == 0
    assert main(["backup", "--json"]) == 0
    assert main(["backup", "--list"]) == 0
    seen = capsys.readouterr()
    assert password not in seen.out + seen.err
    report = next(line for line in seen.out.splitlines() if '"written": true' in line)
    taken = Path(json.loads(report)["path"])
    assert taken.suffix == ".dump" and str(taken) in seen.out.splitlines()[-1]
    verify_dump(taken)

    assert main(["backup", str(tmp_path) + "/"]) == 0
    assert len(list(tmp_path.glob("*.dump"))) == 1
    other = tmp_path / "letter.txt"
    other.write_text("not a dump", encoding="utf-8")
    assert main(["backup", str(other)]) == 1
    assert other.read_text(encoding="utf-8") == "not a dump"

    cut = tmp_path / "cut.dump"
    cut.write_bytes(taken.read_bytes()[: taken.stat().st_size // 2])
    with pytest.raises(RegularsError):
        verify_dump(cut)


def test_an_import_into_the_server_book_is_dumped_first_as_on_a_file(
    started: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The book as it was before the import, restorable, as README promises."""
    monkeypatch.setenv("REGULARS_DB", local_target())
    assert main(["customer", "add", "--first", "Ann", "--last", "Before"]) == 0
    sheet = tmp_path / "customers.csv"
    sheet.write_text("customer_ref,first_name,last_name\nr1,Bo,After\n", encoding="utf-8")
    assert main(["import", str(sheet)]) == 0
    capsys.readouterr()
    assert main(["--json", "backup", "--list"]) == 0
    [dump] = json.loads(capsys.readouterr().out)
    verify_dump(Path(dump["path"]))
