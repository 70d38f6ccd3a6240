"""sealed notes: private note bodies and their revisions may be stored sealed to the
owner's key; the owner's secret (public key, wrapped private key, lockout) gets its own
table (new columns are empty, new table has one empty row; no existing row changes)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("note", "note_revision"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))
    secret = op.create_table(
        "owner_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=True),
        sa.Column("passphrase_wrap", sa.Text(), nullable=True),
        sa.Column("recovery_wrap", sa.Text(), nullable=True),
        sa.Column("set_at", sa.DateTime(), nullable=True),
        sa.Column("guesses", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_owner_secret")),
    )
    op.bulk_insert(secret, [{"id": 1, "guesses": 0, "failures": 0}])


def downgrade() -> None:
    op.drop_table("owner_secret")
    for table in ("note_revision", "note"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("sealed")
