"""ids never reused: AUTOINCREMENT on every table whose ids people see, and a stable
random key on each customer (what the erasure ledger remembers)

Every listed table is rebuilt in batch mode, keeping all its rows, indexes and checks.
Existing customers get a key derived from their id and creation time, so the same
customer gets the same key in every copy of the book upgraded later (an old backup
restored next year still matches the erasure ledger); new customers get a random one.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "customer",
    "relation",
    "occasion",
    "tag",
    "note",
    "prompt",
    "purchase",
    "product",
    "staff",
    "change_log",
)
KEY_NAMESPACE = uuid.UUID("6f0c61a4-53d4-4a4e-9a55-5b0e0e3c1f27")


def legacy_key(customer_id: int, created_at: object) -> str:
    """The key of a customer who existed before keys did: the same in every copy."""
    return uuid.uuid5(KEY_NAMESPACE, f"{customer_id}|{created_at}").hex


def upgrade() -> None:
    op.add_column("customer", sa.Column("key", sa.String(length=32), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, created_at FROM customer")).fetchall()
    if rows:
        conn.execute(
            sa.text("UPDATE customer SET key = :key WHERE id = :id"),
            [
                {"key": legacy_key(customer_id, created), "id": customer_id}
                for customer_id, created in rows
            ],
        )
    if conn.dialect.name != "sqlite":
        # A PostgreSQL sequence never hands an id out twice: only the key is new.
        op.alter_column("customer", "key", existing_type=sa.String(length=32), nullable=False)
        op.create_unique_constraint(op.f("uq_customer_key"), "customer", ["key"])
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ) as batch_op:
            if table == "customer":
                batch_op.alter_column("key", existing_type=sa.String(length=32), nullable=False)
                batch_op.create_unique_constraint(batch_op.f("uq_customer_key"), ["key"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("uq_customer_key"), "customer", type_="unique")
        op.drop_column("customer", "key")
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": False}
        ) as batch_op:
            if table == "customer":
                batch_op.drop_constraint(batch_op.f("uq_customer_key"), type_="unique")
                batch_op.drop_column("key")
