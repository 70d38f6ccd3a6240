"""``regulars search``: the table, the JSON, the batch mode and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from tests.integration.test_search_index import TODAY, add_customer

ON = ["--on", TODAY.isoformat()]


@pytest.fixture
def shop(db: Database) -> Database:
    add_customer(db, "Mary", "Smith", visits=3, town="Hillsboro")
    add_customer(db, "Mark", "Smithers")
    add_customer(db, "Robert", "Clark", phone_digits="15555550142")
    return db


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_table_lists_id_name_reason_detail(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "search", "smi", *ON]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "name", "reason", "detail"]
    assert "Mary Smith" in lines[1]
    assert "prefix of Smith" in lines[1]
    assert "Hillsboro" in lines[1]
    assert "Mark Smithers" in lines[2]


def test_json_is_a_ranked_list(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = run_json(capsys, "search", "--db", str(db_path), "smi", "--json", *ON)
    assert isinstance(results, list)
    assert [r["display_name"] for r in results] == ["Mary Smith", "Mark Smithers"]
    assert set(results[0]) == {"id", "display_name", "score", "reason", "detail"}
    assert results[0]["score"] == 0.8


def test_global_options_before_the_command_and_words_joined(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = run_json(capsys, "--json", "--db", str(db_path), "search", "mary", "smi", *ON)
    assert isinstance(results, list)
    assert results[0]["display_name"] == "Mary Smith"
    assert results[0]["reason"] == "name Mary; prefix of Smith"


def test_limit(shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = run_json(capsys, "--db", str(db_path), "--json", "search", "smi", "--limit", "1")
    assert isinstance(results, list)
    assert len(results) == 1


def test_no_match_is_not_an_error(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "search", "zzqx"]) == 0
    assert "No customer matches 'zzqx'" in capsys.readouterr().out
    assert run_json(capsys, "--db", str(db_path), "--json", "search", "%") == []


def test_batch_answers_each_line_like_a_single_query(
    shop: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = ["smi", "", "bob", "555 0142", "😀", "x" * 10_000]
    batch = tmp_path / "queries.txt"
    batch.write_text("\n".join(queries) + "\n", encoding="utf-8")
    assert main(["--db", str(db_path), "search", "--batch", str(batch), "--json", *ON]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query"] for line in lines] == queries
    for line in lines:
        single = run_json(capsys, "--db", str(db_path), "--json", "search", line["query"], *ON)
        assert isinstance(single, list)
        brief = [{k: v for k, v in r.items() if k != "detail"} for r in single]
        assert line["results"] == brief
    assert lines[2]["results"][0]["reason"] == "nickname of Robert"
    assert set(lines[0]["results"][0]) == {"id", "display_name", "score", "reason"}


def test_usage_errors_exit_2(shop: Database, db_path: Path, tmp_path: Path) -> None:
    batch = tmp_path / "q.txt"
    batch.write_text("smi\n", encoding="utf-8")
    for argv in (
        ["search"],
        ["search", "smi", "--batch", str(batch)],
        ["search", "smi", "--limit", "lots"],
    ):
        with pytest.raises(SystemExit) as exited:
            main(["--db", str(db_path), *argv])
        assert exited.value.code == 2


def test_unreadable_batch_is_refused(
    shop: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "search", "--batch", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("smith\nJos\xe9\n".encode("latin-1"))
    assert main(["--db", str(db_path), "search", "--batch", str(latin)]) == 1
    captured = capsys.readouterr()
    assert "line 2" in captured.err
    assert captured.out == ""


def test_a_note_search_typed_as_in_the_window_says_which_command_does_it(
    shop: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "search", "?bees", *ON]) == 1
    assert "regulars note search bees" in capsys.readouterr().err
