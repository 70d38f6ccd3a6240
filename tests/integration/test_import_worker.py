"""A big file is read by a child process while this one writes: the result must be the
same as reading it here, and a cancel, a broken row or a dry run must leave exactly what
they leave without the child. Big imports into empty purchase tables set their indexes
aside (and the customer table's, when it was empty too) and build them again; a rollback
must bring them back too."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.cli import main
from app.db import Database, open_database
from app.errors import RegularsError
from app.i18n import use_language
from app.importing import apply, import_file, worker
from app.server.local import start_server, stop_server
from tests.integration.test_import_formats import SHOPIFY_ORDERS_HEADER, csv_bytes
from tests.integration.test_import_regulars_csv import row_counts

ROOT = Path(__file__).resolve().parents[2]
ORDERS = 120
"""Orders in the generated export (one to three lines each, a walk-in every tenth)."""


def orders_export(
    path: Path, *, broken_at: int | None = None, number_from: int = 1000, orders: int = ORDERS
) -> Path:
    """A Shopify orders export of ``orders`` orders by 40 customers, numbered from
    ``number_from``, the order's own columns on its first line only; ``broken_at``: that
    order's first line has a price that is no amount of money."""
    rows = []
    for n in range(orders):
        who = n % 40
        email = "" if n % 10 == 9 else f"c{who}@example.com"
        created = f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d} 10:15:00 -0400"
        for line in range(n % 3 + 1):
            first = line == 0
            price = "twelve" if first and n == broken_at else f"{10 + line}.50"
            rows.append(
                [f"#{number_from + n}", email if first else "", "paid", "", "no", "USD", "", "",
                 created if first else "", str(line + 1), f"Item {line}", price,
                 f"SKU-{line}", f"Cleo Number{who}" if first else "", "", f"'{n}"]
            )  # fmt: skip
    path.write_bytes(csv_bytes(SHOPIFY_ORDERS_HEADER, rows))
    return path


def contents(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What the import landed, in plain values, ids left out."""
    queries = {
        "customers": "SELECT first_name, last_name, email FROM customer ORDER BY email",
        "purchases": "SELECT c.email, p.order_ref, p.purchased_on FROM purchase p "
        "JOIN customer c ON c.id = p.customer_id ORDER BY p.order_ref",
        "lines": "SELECT p.order_ref, l.item, l.quantity, l.unit_price_cents, pr.sku "
        "FROM purchase_line l JOIN purchase p ON p.id = l.purchase_id "
        "JOIN product pr ON pr.id = l.product_id ORDER BY p.order_ref, l.item",
    }
    with sqlite3.connect(db_path) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


def indexes(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {
            name
            for table in ("customer", "purchase", "purchase_line")
            for (_, name, *_) in conn.execute(f"PRAGMA index_list({table})")
            if name.startswith("ix_")
        }


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """Every file is read by a child (whatever its size), and the children are kept so a
    test can see they have gone; chunks are small, so indexes are set aside."""
    started: list[subprocess.Popen[bytes]] = []

    class Recorded(subprocess.Popen[bytes]):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(worker, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(subprocess, "Popen", Recorded)
    monkeypatch.setattr(apply, "FLUSH_LINES", 16)
    return started


def test_a_file_read_by_a_child_lands_exactly_as_one_read_here(
    tmp_path: Path, db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = orders_export(tmp_path / "orders_export.csv")
    here = import_file(db, export)

    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def recorded(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(worker, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(subprocess, "Popen", recorded)
    other_path = tmp_path / "other.db"
    other = open_database(str(other_path))
    try:
        there = import_file(other, export)
    finally:
        other.close()

    assert len(started) == 1 and started[0].returncode == 0
    assert there.written and here.written
    assert (there.customers, there.purchases, there.skipped) == (
        here.customers,
        here.purchases,
        here.skipped,
    )
    assert there.notices == here.notices
    assert there.customers.new == 40, "36 buyers by email, 4 by name only (no walk-ins)"
    assert there.preview == here.preview
    assert contents(other_path) == contents(db_path)
    assert len(contents(db_path)["lines"]) == here.purchases.new > 0


def test_a_big_first_import_builds_the_indexes_it_set_aside_again(
    tmp_path: Path, db: Database, db_path: Path, children: list[subprocess.Popen[bytes]]
) -> None:
    before = indexes(db_path)
    assert before == {
        "ix_customer_birthday_month_birthday_day",
        "ix_customer_customer_since",
        "ix_customer_email",
        "ix_customer_last_name_first_name",
        "ix_customer_phone_digits",
        "ix_purchase_customer_id_purchased_on",
        "ix_purchase_purchased_on",
        "ix_purchase_line_product_id",
        "ix_purchase_line_gift_for_id",
        "ix_purchase_line_purchase_id",
    }
    report = import_file(db, orders_export(tmp_path / "orders_export.csv"))
    assert report.written and report.purchases.new > 16
    assert indexes(db_path) == before

    more = import_file(db, orders_export(tmp_path / "next_month.csv", number_from=5000))
    assert more.written and more.purchases.new == report.purchases.new
    assert (more.customers.new, more.customers.unchanged) == (0, report.customers.new)
    assert indexes(db_path) == before
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_dry_run_and_a_refused_file_leave_the_indexes_and_nothing_else(
    tmp_path: Path, db: Database, db_path: Path, children: list[subprocess.Popen[bytes]]
) -> None:
    before, counts = indexes(db_path), row_counts(db_path)
    dry = import_file(db, orders_export(tmp_path / "orders_export.csv"), dry_run=True)
    assert dry.ok and not dry.written and dry.purchases.new > 16

    broken = orders_export(tmp_path / "broken.csv", broken_at=ORDERS - 2)
    refused = import_file(db, broken)
    assert not refused.written
    ((row, column, reason),) = [(p.row, p.column, p.reason) for p in refused.problems]
    assert (column, reason) == ("Lineitem price", "'twelve' is not an amount of money")
    assert row > 200

    assert indexes(db_path) == before
    assert row_counts(db_path) == counts
    assert all(child.poll() is not None for child in children)


def test_cancel_stops_the_child_and_writes_nothing(
    tmp_path: Path,
    db: Database,
    db_path: Path,
    children: list[subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(apply, "PROGRESS_ROWS", 10)
    counts = row_counts(db_path)
    seen: list[int] = []
    with pytest.raises(RegularsError, match="cancelled; nothing was written"):
        import_file(
            db,
            orders_export(tmp_path / "orders_export.csv"),
            progress=seen.append,
            should_stop=lambda: len(seen) >= 2,
        )
    assert seen == [10, 20]
    assert row_counts(db_path) == counts
    (child,) = children
    assert child.poll() is not None


def test_a_file_that_breaks_as_csv_midway_is_refused_naming_the_row(
    tmp_path: Path, db: Database, db_path: Path, children: list[subprocess.Popen[bytes]]
) -> None:
    export = orders_export(tmp_path / "orders_export.csv")
    export.write_bytes(export.read_bytes() + b'#9999,"unclosed@example.com,paid\r\n')
    counts = row_counts(db_path)
    with pytest.raises(RegularsError, match=r"row \d+: not readable as CSV"):
        import_file(db, export)
    assert row_counts(db_path) == counts
    (child,) = children
    assert child.poll() is not None


def test_a_reader_killed_midway_refuses_the_import_and_writes_nothing(
    tmp_path: Path,
    db: Database,
    db_path: Path,
    children: list[subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(apply, "PROGRESS_ROWS", 10)
    monkeypatch.setattr(worker, "BATCH_ROWS", 5)
    monkeypatch.setattr(worker, "QUEUED_BATCHES", 1)
    counts = row_counts(db_path)

    def kill_the_reader(_rows: int) -> None:
        children[0].kill()

    with pytest.raises(RegularsError, match="stopped unexpectedly; nothing was written"):
        import_file(
            db,
            orders_export(tmp_path / "orders_export.csv", orders=6000),
            progress=kill_the_reader,
        )
    assert row_counts(db_path) == counts
    assert children[0].poll() is not None


def test_a_child_reader_says_how_the_file_was_read_and_names_bad_cells(
    db: Database, tmp_path: Path, children: list[subprocess.Popen[bytes]]
) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("customer_ref,first_name\r\nC-1,José\r\n".encode("cp1252"))
    report = import_file(db, latin)
    assert children and report.written
    assert any("Windows-1252" in notice for notice in report.notices)
    broken = tmp_path / "broken.csv"
    broken.write_bytes("customer_ref,first_name\r\nC-2,Zoë\r\n".encode() + b"C-3,Bo\x00b\r\n")
    report = import_file(db, broken)
    assert not report.written
    assert [(p.row, p.column) for p in report.problems] == [(3, "first_name")]


def test_a_child_reader_gives_its_reasons_in_the_shops_language(
    db: Database, tmp_path: Path, children: list[subprocess.Popen[bytes]]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"customer_ref,first_name,birthday\r\nC-1,Anna,2026-02-30\r\n")
    use_language("de")
    try:
        report = import_file(db, bad)
    finally:
        use_language("en")
    assert children and not report.written
    assert [p.reason for p in report.problems] == ["'2026-02-30' ist kein gültiges Datum"]


def test_the_reading_process_loads_its_format_without_the_database() -> None:
    """What the child imports to read a Shopify export (its start-up, on every big import,
    was most of a second of importing the database layer and every format)."""
    probe = (
        "import sys; from app.importing.records import defined_format; "
        "import app.importing.worker; "
        "fmt = defined_format('app.importing.shopify', 'shopify-orders'); "
        "print(fmt.name, sorted(m for m in ('sqlalchemy', 'app.db', 'app.search.index', "
        "'app.importing.service') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split(maxsplit=1) == ["shopify-orders", "[]\n"]


def test_the_server_stopping_mid_import_is_said_in_one_plain_sentence(
    started: Path,
    server_book: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    export = orders_export(tmp_path / "orders_export.csv")
    stopped: list[bool] = []

    def server_stops(should_stop: Any) -> None:
        if not stopped:
            stop_server()
            stopped.append(True)

    monkeypatch.setattr(apply, "PROGRESS_ROWS", 20)
    monkeypatch.setattr(apply, "_stop_if_asked", server_stops)
    assert main(["import", str(export), "--db", server_book.target]) == 1
    said = capsys.readouterr()
    assert stopped and said.err.count("\n") == 1, said.err
    assert not caplog.records, caplog.records
    assert "The server stopped during the import of" in said.err
    assert "nothing was written" in said.err and "import again" in said.err
    start_server()
    with server_book.reading() as session:
        assert session.execute(text("SELECT count(*) FROM purchase")).scalar() == 0
