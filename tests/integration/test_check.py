"""``regulars check``: planted problems are found without writing, repaired after a backup,
and a second run finds nothing that repair could fix."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.db import Database
from app.models import (
    Customer,
    Note,
    NoteRevision,
    Product,
    Prompt,
    PromptKind,
    PromptStatus,
    Purchase,
    PurchaseLine,
)
from app.safety.backups import list_backups

DAY = date(2026, 5, 4)


def _check(db_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, Any]:
    code = main(["--json", "check", "--db", str(db_path), *extra])
    return code, json.loads(capsys.readouterr().out)


def _rules(problems: list[dict[str, Any]]) -> list[str]:
    return sorted(p["rule"] for p in problems)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _raw(db_path: Path, *statements: str) -> None:
    """Write behind the app's back, as a crash, a bug or another tool might."""
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.fixture
def shop(db: Database) -> dict[str, int]:
    """A healthy shop: two customers, a purchase with a line, a note with a revision and
    a note prompt; returns the ids the tests break."""
    with db.session() as s:
        ada = Customer(first_name="Ada", last_name="Check")
        ben = Customer(first_name="Ben", last_name="Check")
        product = Product(name="Kayak")
        s.add_all([ada, ben, product])
        s.flush()
        purchase = Purchase(customer_id=ada.id, purchased_on=DAY)
        purchase.lines.append(PurchaseLine(product_id=product.id, item="Kayak"))
        note = Note(customer_id=ada.id, body="Knee surgery in May", ask_on=DAY)
        note.revisions.append(NoteRevision(number=1, body="Knee surgery"))
        s.add_all([purchase, note])
        s.flush()
        s.add(
            Prompt(
                customer_id=ada.id,
                kind=PromptKind.NOTE,
                source_key=f"note:{note.id}:{DAY.isoformat()}",
                text="Ask how the knee surgery went",
                due_from=DAY,
            )
        )
        s.add(
            Prompt(
                customer_id=ben.id,
                kind=PromptKind.CUSTOMER_YEARS,
                source_key="customer_years:5",
                text="Five years a customer",
                due_from=DAY,
            )
        )
        ids = {"ada": ada.id, "ben": ben.id, "note": note.id, "product": product.id}
    db.close()
    return ids


def test_a_healthy_database_checks_clean(
    db_path: Path, shop: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--db", str(db_path)]) == 0
    assert "ok: no problems" in capsys.readouterr().out
    assert list_backups(db_path) == []


PLANTS: dict[str, Callable[[dict[str, int]], list[str]]] = {
    "foreign_key": lambda ids: [f"DELETE FROM note WHERE id = {ids['note']}"],
    "empty_purchase": lambda ids: [
        f"INSERT INTO purchase (customer_id, purchased_on) VALUES ({ids['ben']}, '2026-05-01')"
    ],
    "archived_customer_prompt": lambda ids: [
        f"UPDATE customer SET archived = 1 WHERE id = {ids['ben']}"
    ],
    "stale_note_prompt": lambda ids: [
        f"UPDATE note SET deleted_at = '2026-05-02 10:00:00' WHERE id = {ids['note']}"
    ],
}


@pytest.mark.parametrize("rule", sorted(PLANTS))
def test_each_planted_problem_is_found_repaired_and_gone_on_the_next_run(
    db_path: Path, shop: dict[str, int], rule: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _raw(db_path, *PLANTS[rule](shop))
    before = _sha(db_path)
    code, report = _check(db_path, capsys)
    assert code == 1
    assert rule in _rules(report["remaining"])
    assert all(p["fixable"] for p in report["remaining"])
    assert _sha(db_path) == before
    assert list_backups(db_path) == []

    code, repaired = _check(db_path, capsys, "--repair")
    assert code == 0, repaired
    assert repaired["remaining"] == []
    assert rule in _rules(repaired["found"])
    backup = Path(repaired["backup"])
    assert [b.path for b in list_backups(db_path)] == [backup]
    assert _sha(backup) != _sha(db_path)

    assert _check(db_path, capsys) == (
        0,
        {"path": str(db_path), "ok": True, "found": [], "remaining": [], "backup": None},
    )


def test_repair_fixes_each_rule_the_right_way(
    db_path: Path, shop: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    _raw(
        db_path,
        *(statement for plant in PLANTS.values() for statement in plant(shop)),
        "UPDATE product SET category_id = 999",
    )
    code, report = _check(db_path, capsys)
    assert code == 1
    assert _rules(report["found"]) == [
        "archived_customer_prompt",
        "empty_purchase",
        "foreign_key",
        "foreign_key",
        "stale_note_prompt",
    ]
    assert _check(db_path, capsys, "--repair")[0] == 0
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM note_revision").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM purchase").fetchone() == (1,)
        assert conn.execute("SELECT category_id FROM product").fetchone() == (None,)
        statuses = dict(conn.execute("SELECT source_key, status FROM prompt"))
        resolved_by = {row[0] for row in conn.execute("SELECT resolved_by FROM prompt")}
    finally:
        conn.close()
    assert set(statuses.values()) == {PromptStatus.DISMISSED.value}
    assert resolved_by == {"regulars check"}


def test_a_problem_repair_cannot_fix_remains_and_exits_1(
    db_path: Path, shop: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    _raw(
        db_path,
        f"DELETE FROM product WHERE id = {shop['product']}",
        f"INSERT INTO purchase (customer_id, purchased_on) VALUES ({shop['ben']}, '2026-05-01')",
    )
    code, report = _check(db_path, capsys, "--repair")
    assert code == 1
    assert _rules(report["found"]) == ["empty_purchase", "foreign_key"]
    assert [(p["rule"], p["fixable"]) for p in report["remaining"]] == [("foreign_key", False)]
    assert "purchase_line" in report["remaining"][0]["detail"]
    assert main(["check", "--db", str(db_path)]) == 1
    assert "1 problem(s) remain" in capsys.readouterr().out


def _corrupt_index(db_path: Path, index: str, change: str) -> None:
    """Change rows while SQLite does not know the index exists, leaving it stale."""
    conn = sqlite3.connect(db_path)
    row = conn.execute("SELECT * FROM sqlite_master WHERE name = ?", (index,)).fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("DELETE FROM sqlite_master WHERE name = ?", (index,))
    conn.commit()
    conn.close()
    conn = sqlite3.connect(db_path)
    conn.execute(change)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("INSERT INTO sqlite_master VALUES (?, ?, ?, ?, ?)", row)
    conn.commit()
    conn.close()


def test_a_stale_index_is_rebuilt(
    db_path: Path, shop: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    _corrupt_index(
        db_path, "ix_customer_last_name_first_name", "UPDATE customer SET last_name = 'Moved'"
    )
    code, report = _check(db_path, capsys)
    assert code == 1
    assert {p["rule"] for p in report["remaining"]} == {"integrity"}
    assert "ix_customer_last_name_first_name" in report["remaining"][0]["detail"]
    code, repaired = _check(db_path, capsys, "--repair")
    assert code == 0, repaired
    assert _check(db_path, capsys)[0] == 0


def test_an_unreadable_file_is_reported_and_never_written(
    db_path: Path, shop: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page : page * 3] = b"\xa5" * (page * 2)
    db_path.write_bytes(bytes(data))
    before = _sha(db_path)
    assert main(["check", "--db", str(db_path)]) == 1
    assert "the file is damaged and has no backup" in capsys.readouterr().out
    code, report = _check(db_path, capsys, "--repair")
    assert code == 1
    assert [(p["rule"], p["fixable"]) for p in report["remaining"]] == [("integrity", False)]
    assert report["backup"] is None
    assert _sha(db_path) == before
    assert list_backups(db_path) == []
