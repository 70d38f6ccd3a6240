"""The declarative base every table shares, with a constraint naming convention.

Named constraints are what let alembic's batch mode rebuild SQLite tables safely, and
they keep migration diffs stable across machines.
"""

from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


NEVER_REUSED = {"sqlite_autoincrement": True}
"""Table options for ids people see (customers, notes, purchases…): SQLite's AUTOINCREMENT
never hands out an id again once it was used, even after the row is erased, so an old
backup, a script or a printed card can never point at somebody new (PostgreSQL's identity
columns behave so already)."""


class Base(DeclarativeBase):
    """Root of the schema; ``Base.metadata`` is what alembic compares against."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Timestamps are stored as naive UTC, since SQLite keeps no time zone."""
    return datetime.now(UTC).replace(tzinfo=None)
