"""gift memory: a purchase line may name the household member it was a gift for (a new
empty column; every existing line stays as it was, bought for the customer themselves)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("purchase_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gift_for_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_purchase_line_gift_for_id"), ["gift_for_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_purchase_line_gift_for_id_relation"),
            "relation",
            ["gift_for_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("purchase_line", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_purchase_line_gift_for_id_relation"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_purchase_line_gift_for_id"))
        batch_op.drop_column("gift_for_id")
