"""The shop on a PostgreSQL server (issue 20): lookup, card, Today, note saves with ten
registers writing at once, and how soon another register hears of a change.

A throwaway server is started from pip (``pgserver``) and the demo shop generated into it
at the bench's scale, so the figures compare with the SQLite rows of the same table.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app.card import load_card
from app.customers import NewCustomer, add_customer
from app.db import Database, open_database
from app.demo.generate import generate_demo
from app.feed.postgres import ServerCommits
from app.models import Customer, Purchase
from app.notes.service import add_note
from app.search import SearchIndex
from bench.common import Row, Scale, percentiles
from bench.today import mornings_timed

CARDS = 200
LOOKUPS = 500
WRITERS = 10
NOTES_EACH = 20
CHANGES = 40


def _server_book(folder: Path, scale: Scale) -> str:
    from pgserver.postgres_server import get_server

    server = get_server(folder, cleanup_mode="stop")
    admin = make_url(server.get_uri()).set(drivername="postgresql+psycopg")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("CREATE DATABASE bench"))
    engine.dispose()
    target = admin.set(database="bench").render_as_string(hide_password=False)
    open_database(target).close()
    generate_demo(target, customers=scale.customers, seed=scale.seed, years=scale.years)
    settled = create_engine(admin.set(database="bench"), isolation_level="AUTOCOMMIT")
    with settled.connect() as conn:
        # What autovacuum does within a minute or two of a bulk load (the visibility map
        # that lets index-only scans skip the table): the figures are a shop's day, not
        # the minute after a million rows were written, when autovacuum shares the CPU.
        conn.execute(text("VACUUM (ANALYZE)"))
    settled.dispose()
    return target


def _note_saves(target: str, customers: list[int]) -> list[float]:
    registers = [Database(target) for _ in range(WRITERS)]
    samples: list[float] = []
    lock = threading.Lock()

    def write(register: Database) -> None:
        rng = random.Random(id(register))
        for n in range(NOTES_EACH):
            start = time.perf_counter()
            add_note(register, rng.choice(customers), f"bench note {n}")
            with lock:
                samples.append((time.perf_counter() - start) * 1000)

    try:
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            list(pool.map(write, registers))
    finally:
        for register in registers:
            register.close()
    return samples


def _propagation(database: Database) -> list[float]:
    listener = ServerCommits(database.target)
    samples = []
    try:
        for n in range(CHANGES):
            start = time.perf_counter()
            add_customer(database, NewCustomer(first_name=f"Heard{n}", last_name="Bench"))
            listener.wait(5)
            samples.append((time.perf_counter() - start) * 1000)
    finally:
        listener.close()
    return samples


def run(scale: Scale) -> list[Row]:
    """Every figure the issue asks of a server book, on one throwaway server."""
    folder = Path(tempfile.mkdtemp(prefix="regulars-bench-pg-"))
    try:
        target = _server_book(folder, scale)
        database = Database(target)
        with database.reading() as session:
            ids = list(session.scalars(select(Customer.id)))
            names = list(session.scalars(select(Customer.last_name)))
            last = session.scalar(select(func.max(Purchase.purchased_on))) or date.today()
        rng = random.Random(scale.seed)
        index = SearchIndex.build(database)
        queries = [name[: rng.randint(2, len(name))].lower() for name in rng.sample(names, LOOKUPS)]
        lookups = []
        for query in queries:
            start = time.perf_counter()
            index.search(query)
            lookups.append((time.perf_counter() - start) * 1000)
        cards = []
        load_card(database, ids[0], today=last)  # warm-up: the server's first plans
        for customer_id in rng.sample(ids, min(CARDS, len(ids))):
            start = time.perf_counter()
            load_card(database, customer_id, today=last)
            cards.append((time.perf_counter() - start) * 1000)
        today_median, today_p95, today_note = mornings_timed(database)
        saves = _note_saves(target, ids)
        heard = _propagation(database)
        database.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Row("postgresql: lookup (in-memory index)", *percentiles(lookups), "ms",
            note=f"{LOOKUPS} prefixes", target="p95 ≤ 5"),
        Row("postgresql: card open (with prompts)", *percentiles(cards), "ms",
            note=f"{len(cards)} cards", target="p95 ≤ 30"),
        Row("postgresql: today view", today_median, today_p95, "ms",
            note=today_note, target="≤ 300"),
        Row("postgresql: note save, 10 writers at once", *percentiles(saves), "ms",
            note=f"{len(saves)} notes"),
        Row("postgresql: change → other register hears", *percentiles(heard), "ms",
            note=f"{len(heard)} changes, NOTIFY", target="p95 ≤ 200"),
    ]  # fmt: skip
