"""practice: each staff member's spaced-repetition cards, their review log, and the
owner's deck choices (new tables only; no existing row changes)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "practice_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "face_to_name",
                "name_to_face",
                name="practice_direction",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "learning",
                "review",
                "relearning",
                name="practice_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("introduced_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_practice_card_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_practice_card_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_card")),
        sa.UniqueConstraint(
            "staff_id",
            "customer_id",
            "direction",
            name=op.f("uq_practice_card_staff_id_customer_id_direction"),
        ),
    )
    with op.batch_alter_table("practice_card", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practice_card_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_practice_card_staff_id_due"), ["staff_id", "due"], unique=False
        )

    op.create_table(
        "practice_deck_entry",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_practice_deck_entry_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_practice_deck_entry")),
    )
    op.create_table(
        "practice_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("due_after", sa.DateTime(), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 4", name=op.f("ck_practice_review_rating")),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["practice_card.id"],
            name=op.f("fk_practice_review_card_id_practice_card"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_review")),
    )
    with op.batch_alter_table("practice_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_review_card_id"), ["card_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_practice_review_reviewed_at"), ["reviewed_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("practice_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_review_reviewed_at"))
        batch_op.drop_index(batch_op.f("ix_practice_review_card_id"))

    op.drop_table("practice_review")
    op.drop_table("practice_deck_entry")
    with op.batch_alter_table("practice_card", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_card_staff_id_due"))
        batch_op.drop_index(batch_op.f("ix_practice_card_customer_id"))

    op.drop_table("practice_card")
