"""Alembic environment: run inside the caller's transaction, batch mode for SQLite."""

from alembic import context
from sqlalchemy import Connection, Engine

from app.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Migrations run on a connection (or engine) handed in by ``app.migrate`` or the tests,
    else on the database named in the config or the environment (developer use)."""
    connectable = context.config.attributes.get("connection")
    if isinstance(connectable, Connection):
        _run(connectable)
        return
    if isinstance(connectable, Engine):
        with connectable.begin() as conn:
            _run(conn)
        return
    from app.db import make_engine
    from app.paths import resolve_db

    url = context.config.get_main_option("sqlalchemy.url") or resolve_db(None)
    engine = make_engine(url, foreign_keys=False)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Regulars does not generate offline SQL scripts.")
run()
