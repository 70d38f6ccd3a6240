"""contact points: a customer's further phones, emails and addresses, each with its
label (new table only; the customer's main phone, email and address stay where they are,
so every existing row is kept as it was)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "phone",
                "email",
                "address",
                name="contact_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "label",
            sa.Enum(
                "mobile",
                "home",
                "work",
                "other",
                name="contact_label",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.String(length=254), nullable=False),
        sa.Column("normalised", sa.String(length=254), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_contact_point_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_point")),
        sa.UniqueConstraint(
            "customer_id",
            "kind",
            "normalised",
            name=op.f("uq_contact_point_customer_id_kind_normalised"),
        ),
    )
    with op.batch_alter_table("contact_point", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_point_kind_normalised"), ["kind", "normalised"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contact_point", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_point_kind_normalised"))
    op.drop_table("contact_point")
