"""One book on a PostgreSQL server: addresses, migrations, ids, the feed and its wake-up.

The rest of the suite runs on both engines through the ``db`` fixture; these tests are
about what only a server has (or what must never leak from its address).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from app.cli import main
from app.customers import NewCustomer, add_customer
from app.customers.merge import merge_customers
from app.db import Database, open_database
from app.dialects import shown
from app.errors import ConflictError
from app.feed import Commit, changes_since, latest_seq
from app.feed.postgres import CHANNEL, ServerCommits, function_name
from app.feed.schema import CUSTOMER_OF
from app.migrate import alembic_config, head_revision
from app.models import Base, Customer
from app.notes.service import add_note
from app.server import shop_jobs
from app.server.shop_jobs import shop_job

on_server = pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
SECRET = "s3cret-Pa55"


@pytest.mark.parametrize(
    "target",
    [
        f"mysql://shop:{SECRET}@backoffice/regulars",
        f"postgresql+psycopg://shop:{SECRET}@127.0.0.1:1/regulars",
    ],
)
def test_a_refused_or_unreachable_address_never_shows_its_password(
    target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", target, "search", "bob"]) == 1
    assert main(["--db", target, "backup"]) == 1
    err = capsys.readouterr().err
    assert SECRET not in err
    assert "***" in err


@pytest.mark.parametrize("password", ["Secr@tXYZ", "Qq9@Zz:c/d?e@Ww8", "PlainPa55"])
def test_a_password_holding_at_signs_is_hidden_whole(
    password: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = f"postgresql+psycopg://regulars:{password}@127.0.0.1:1/regulars"
    assert shown(target) == "postgresql+psycopg://regulars:***@127.0.0.1:1/regulars"
    assert shown(f"{target}?password={password}").endswith("/regulars?password=***")
    assert main(["--db", target, "search", "bob"]) == 1
    err = capsys.readouterr().err
    assert "regulars:***@127.0.0.1:1/regulars" in err
    assert not any(part in err for part in password.split("@")), err


@on_server
def test_a_server_book_takes_notes_and_numbers_ids_past_an_import(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "customers.csv"
    sheet.write_text(
        "customer_ref,first_name,last_name,tags,note\n"
        "r1,Ada,Imported,walk-in,likes tea\nr2,Ben,Imported,,\n",
        encoding="utf-8",
    )
    assert main(["--db", db.target, "import", str(sheet)]) == 0
    after = add_customer(db, NewCustomer(first_name="Cy", last_name="Typed"))
    add_note(db, after, "asked about the canoe")
    assert main(["--db", db.target, "--json", "search", "imported"]) == 0
    assert '"Ada Imported"' in capsys.readouterr().out
    with db.reading() as session:
        ids = session.scalars(text("SELECT id FROM customer ORDER BY id")).all()
    assert ids == sorted(set(ids)) and after == max(ids) and len(ids) == 3


@on_server
def test_every_watched_table_has_its_trigger_function(db: Database) -> None:
    with db.reading() as session:
        triggers = set(
            session.scalars(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
        )
    assert {function_name(table) for table in CUSTOMER_OF} <= triggers


@on_server
def test_a_commit_wakes_a_listening_register_which_then_reads_the_feed(db: Database) -> None:
    with db.reading() as session:
        seen = latest_seq(session)
    listener = ServerCommits(db.target)
    try:
        assert listener.poll() is Commit.NONE
        customer = add_customer(db, NewCustomer(first_name="Dee", last_name="Heard"))
        assert listener.wait(10) is Commit.CHANGED
        assert listener.poll() is Commit.NONE
    finally:
        listener.close()
    with db.reading() as session:
        assert customer in changes_since(session, seen).customers


@on_server
def test_a_listener_that_lost_its_server_catches_up_when_it_is_back(
    db: Database, pg_server: URL
) -> None:
    listener = ServerCommits(db.target)
    try:
        admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            ended = conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = :q"),
                {"q": f"LISTEN {CHANNEL}"},
            ).all()
        assert ended == [(True,)]
        admin.dispose()
        add_customer(db, NewCustomer(first_name="Eve", last_name="Missed"))
        assert listener.wait(10) is Commit.CHANGED
    finally:
        listener.close()


@on_server
def test_the_migrations_go_down_and_up_again_on_a_server(db: Database) -> None:
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    with db.engine.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        assert left.scalar() == 1  # alembic_version
    with open_database(db.target) as again, again.reading() as session:
        version = session.scalar(text("SELECT version_num FROM alembic_version"))
    assert version == head_revision()


@on_server
def test_a_database_that_is_not_a_regulars_book_is_refused_untouched(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
    with pytest.raises(Exception, match="not a Regulars book"):
        open_database(db.target)


@on_server
def test_a_demo_shop_on_a_server_then_takes_new_customers(db: Database) -> None:
    assert main(["--db", db.target, "demo", "--customers", "20", "--seed", "3"]) == 0
    newest = add_customer(db, NewCustomer(first_name="Gil", last_name="After"))
    with db.reading() as session:
        assert newest == session.scalar(text("SELECT max(id) FROM customer"))


@on_server
def test_the_migrated_server_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


@on_server
def test_ten_registers_writing_at_once_all_land_one_after_another(db: Database) -> None:
    customer = add_customer(db, NewCustomer(first_name="Hal", last_name="Busy"))
    registers = [Database(db.target) for _ in range(10)]

    def write(register: Database) -> None:
        for n in range(5):
            add_note(register, customer, f"note {n} from {id(register)}")

    try:
        with ThreadPoolExecutor(max_workers=10) as pool:
            list(pool.map(write, registers))
    finally:
        for register in registers:
            register.close()
    with db.reading() as session:
        assert session.scalar(text("SELECT count(*) FROM note")) == 50
        seqs = session.scalars(text("SELECT seq FROM change_feed ORDER BY seq")).all()
    assert len(seqs) == len(set(seqs))


@on_server
def test_a_register_on_another_computer_waits_for_the_write_in_progress(
    db: Database, tmp_path: Path
) -> None:
    elsewhere = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "other-pc"))  # its own locks
    waiting = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    command = [sys.executable, "-m", "app", "--db", db.target, "customer", "add"]
    with db.session() as first:
        first.add(Customer(first_name="Ivy", last_name="First"))
        first.flush()
        second = subprocess.Popen([*command, "--first", "Jo", "--last", "Next"], env=elsewhere)
        with db.reading() as look:
            for _ in range(600):
                if look.scalar(waiting) or second.poll() is not None:
                    break
                time.sleep(0.05)
            assert look.scalar(waiting) == 1
        assert second.poll() is None
    assert second.wait(60) == 0
    with db.reading() as session:
        names = session.scalars(text("SELECT first_name FROM customer ORDER BY id")).all()
    assert names == ["Ivy", "Jo"]


@on_server
def test_jobs_on_the_whole_book_run_one_at_a_time_and_leave_lookups_alone(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ada = add_customer(db, NewCustomer(first_name="Ada", last_name="Twice"))
    other = add_customer(db, NewCustomer(first_name="Ada", last_name="Twice"))
    sheet = tmp_path / "customers.csv"
    sheet.write_text("customer_ref,first_name,last_name\nb1,Bea,Waiting\n", encoding="utf-8")
    with shop_job(db.target, "restore"):
        assert main(["--db", db.target, "import", str(sheet)]) == 1
        assert main(["--db", db.target, "customer", "forget", str(other), "--yes"]) == 1
        assert capsys.readouterr().err.count("busy with the whole book (restore)") == 2
        with pytest.raises(ConflictError):
            merge_customers(db, ada, other, {})
        assert main(["--db", db.target, "--json", "search", "twice"]) == 0  # lookups go on
        assert capsys.readouterr().out.count("Ada Twice") == 2
        with db.reading() as session:
            assert session.scalar(text("SELECT count(*) FROM customer")) == 2
    assert main(["--db", db.target, "import", str(sheet)]) == 0


@on_server
def test_a_register_waits_for_another_registers_migration_a_bounded_time_and_says_so(
    db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "-1")
    monkeypatch.setattr(shop_jobs, "JOB_PATIENCE_S", 1)
    with shop_job(db.target, "migration"):  # another register, stuck in its migration
        assert main(["--db", db.target, "customer", "add", "--first", "Jo"]) == 1
    err = capsys.readouterr().err
    waited, _, gave_up = err.partition("This register waits for it to finish")
    assert "Updating the book for a new Regulars at another register" in waited
    assert "stopped waiting; nothing was changed here" in gave_up
    assert "close Regulars there" in gave_up
    with db.reading() as session:
        assert session.scalar(text("SELECT version_num FROM alembic_version")) != head_revision()
    assert main(["--db", db.target, "customer", "add", "--first", "Jo"]) == 0
    with db.reading() as session:
        assert session.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
