"""A migration that fails half-way leaves the database at its old revision, with a backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app import migrate
from app.db import Database
from app.errors import RegularsError
from app.models import Customer
from app.paths import migrations_dir

BROKEN = '''"""A revision that changes the schema, then fails."""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customer", sa.Column("half_done", sa.Integer()))
    op.execute("UPDATE customer SET first_name = 'overwritten'")
    raise RuntimeError("the disk was unplugged")


def downgrade() -> None:
    op.drop_column("customer", "half_done")
'''


def test_a_failed_upgrade_changes_nothing_and_leaves_a_copy(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session() as s:
        s.add(Customer(first_name="Ada", last_name="Byron"))
    db.close()
    old_head = migrate.head_revision()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), scripts)
    (scripts / "versions" / "9999_broken.py").write_text(
        BROKEN.format(head=old_head), encoding="utf-8"
    )
    monkeypatch.setattr("app.migrate.migrations_dir", lambda: scripts)

    with pytest.raises(RegularsError, match="was left at schema"):
        migrate.upgrade_to_head(str(db_path))

    conn = sqlite3.connect(db_path)
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    columns = [row[1] for row in conn.execute("PRAGMA table_info(customer)")]
    names = conn.execute("SELECT first_name FROM customer").fetchall()
    conn.close()
    assert revision == old_head
    assert "half_done" not in columns
    assert names == [("Ada",)]
    copies = list(tmp_path.glob(f"{db_path.stem}.pre-9999-*.db"))
    assert len(copies) == 1
