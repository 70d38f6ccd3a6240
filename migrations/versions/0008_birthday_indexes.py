"""birthday and customer-since indexes: Today finds the week's birthdays (customers' and
their households') and round years as a customer through index ranges instead of
reading every customer and every relation (only new indexes; no row changes)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = (
    ("customer", ("birthday_month", "birthday_day")),
    ("customer", ("customer_since",)),
    ("relation", ("birthday_month", "birthday_day")),
)


def _name(table: str, columns: tuple[str, ...]) -> str:
    return f"ix_{table}_{'_'.join(columns)}"


def upgrade() -> None:
    for table, columns in _INDEXES:
        op.create_index(op.f(_name(table, columns)), table, list(columns), unique=False)


def downgrade() -> None:
    for table, columns in reversed(_INDEXES):
        op.drop_index(op.f(_name(table, columns)), table_name=table)
