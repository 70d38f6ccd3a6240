"""planner statistics without words: on a PostgreSQL server no column of text, JSON or
bytes that may hold a customer's or a note's words is sampled by ANALYZE any more, and the
statistics gathered for them are dropped (``app.server.statistics``); no row changes, and
nothing happens on SQLite

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

from app.server.statistics import sampled_columns, unsample

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    unsample(op.get_bind())


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    kept = sampled_columns()
    unsampled = connection.exec_driver_sql(
        "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') "
        "AND a.attnum > 0 AND NOT a.attisdropped AND a.attstattarget = 0"
    ).all()
    for table, column in unsampled:
        if (table, column) not in kept:
            op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET STATISTICS -1')
