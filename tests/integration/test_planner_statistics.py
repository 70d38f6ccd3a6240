"""No copy of a customer's or a note's words in a book's planner statistics: on a server
``ANALYZE`` samples no column that may hold them (``app.server.statistics``), and a file
never gathers statistics at all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import JSON, LargeBinary, String

from app.cli import main
from app.db import Database
from app.dialects import after_bulk_load
from app.models import Base
from app.server.statistics import sampled_columns, sampled_word_columns

WORDS = "Quetzalfinch"


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_analyze_samples_no_column_that_may_hold_words(db: Database) -> None:
    """A new column of text, JSON or bytes fails here until its revision runs
    ``app.server.statistics.unsample`` (see revision 0009), or it is named among the
    columns of Regulars' own vocabulary."""
    kept = sampled_columns()
    wordy = {
        (table.name, column.name)
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, String | LargeBinary | JSON)
        and (table.name, column.name) not in kept
    }
    assert {("note", "body"), ("customer", "last_name"), ("change_log", "payload")} <= wordy
    with db.engine.begin() as conn:
        targets = {
            (table, column): target
            for table, column, target in conn.exec_driver_sql(
                "SELECT c.relname, a.attname, a.attstattarget FROM pg_attribute a "
                "JOIN pg_class c ON c.oid = a.attrelid "
                "WHERE c.relnamespace = current_schema()::regnamespace AND a.attnum > 0"
            )
        }
        assert {column: targets[column] for column in wordy} == dict.fromkeys(wordy, 0)
        conn.exec_driver_sql(
            "INSERT INTO customer (key, first_name, last_name, no_sales_prompts, archived, "
            "created_at, updated_at, version) SELECT md5(n::text), %s, %s || n, false, false, "
            "now(), now(), 1 FROM generate_series(1, 50) n",
            (WORDS, WORDS),
        )
        after_bulk_load(conn)
        assert sampled_word_columns(conn) == {}
        sampled = conn.exec_driver_sql(
            "SELECT string_agg(concat_ws(' ', most_common_vals::text, "
            "histogram_bounds::text), ' ') FROM pg_stats WHERE schemaname = current_schema()"
        ).scalar()
    assert sampled and WORDS not in sampled  # sampled: the columns of numbers and kinds


def test_a_file_never_gathers_statistics(db_path: Path) -> None:
    """SQLite keeps samples of indexed values only in ``sqlite_stat4`` (when built with
    it), filled by ``ANALYZE`` alone, which Regulars never runs on a file: even a whole demo
    shop (a bulk load, after which a server is asked to ``ANALYZE``) leaves no statistics
    table in it."""
    assert main(["--db", str(db_path), "demo", "--customers", "30", "--seed", "3"]) == 0
    conn = sqlite3.connect(db_path)
    try:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'")
        assert tables.fetchall() == []
    finally:
        conn.close()
