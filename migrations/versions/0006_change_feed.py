"""change feed: a numbered row per write, recorded by triggers, so every open window
learns what another window or the command line changed (new table and triggers only; no
existing row changes)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.feed.postgres import create_triggers_on, drop_server_triggers
from app.feed.schema import PRUNE_TRIGGER, trigger_name

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = (
    "customer",
    "relation",
    "occasion",
    "customer_tag",
    "contact_point",
    "note",
    "note_revision",
    "prompt",
    "purchase",
    "practice_card",
    "practice_deck_entry",
    "product",
    "category",
    "tag",
    "staff",
    "setting",
)
"""The tables this revision watches (a later one adds its own)."""


def upgrade() -> None:
    op.create_table(
        "change_feed",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column(
            "at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_feed")),
        sqlite_autoincrement=True,
    )
    create_triggers_on(op.get_bind(), WATCHED)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        drop_server_triggers(op.execute)
        op.drop_table("change_feed")
        return
    for table in WATCHED:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table, event)}")
    op.execute(f"DROP TRIGGER IF EXISTS {PRUNE_TRIGGER}")
    op.drop_table("change_feed")
