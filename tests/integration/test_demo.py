"""The demo shop: same seed, same shop; every promised kind of customer is in it; the
command refuses a database that already has customers."""

from __future__ import annotations

import itertools
import json
import random
import re
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db import Database, open_database
from app.demo import DEMO_CUSTOMERS, ensure_demo_shop, generate_demo
from app.demo.data import demo_data
from app.demo.notes import NoteWriter
from app.errors import RegularsError
from app.models import (
    Base,
    Category,
    Customer,
    Note,
    NoteRevision,
    Occasion,
    OccasionKind,
    Product,
    ProductKind,
    Purchase,
    PurchaseLine,
    Relation,
    RelationKind,
    Staff,
    StaffRole,
)
from app.phones import normalise_phone
from app.prompts import prompts_for
from app.today import today_view

END = date(2025, 6, 1)
SMALL = 200


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order (the change feed without its clock)."""
    columns = {"change_feed": "seq, entity, entity_id, customer_id, kind"}
    with sqlite3.connect(path) as conn:
        return {
            name: conn.execute(
                f'SELECT {columns.get(name, "*")} FROM "{name}" ORDER BY 1, 2'
            ).fetchall()
            for name in sorted(Base.metadata.tables)
        }


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One small demo shop shared by the read-only checks."""
    database = open_database(str(tmp_path_factory.mktemp("demo") / "shop.db"))
    generate_demo(database, customers=SMALL, seed=1, end=END)
    yield database
    database.close()


def test_same_seed_gives_the_same_shop_row_for_row(tmp_path: Path) -> None:
    paths = [tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"]
    for path, seed in zip(paths, (7, 7, 8), strict=True):
        generate_demo(path, customers=SMALL, seed=seed, end=END)
    first, second, other = (_dump(path) for path in paths)
    assert first == second
    assert len(first["customer"]) == SMALL
    assert len(first["purchase_line"]) > SMALL
    assert first["customer"] != other["customer"]
    assert first["purchase_line"] != other["purchase_line"]


def test_progress_is_reported_up_to_the_total(db: Database) -> None:
    calls: list[tuple[int, int]] = []
    summary = generate_demo(db, customers=SMALL, end=END, progress=lambda *a: calls.append(a))
    assert calls[-1] == (SMALL, SMALL)
    assert summary.customers == SMALL
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == SMALL


def test_names_have_accents_hyphens_apostrophes_namesakes_and_nicknames(shop: Database) -> None:
    with shop.session() as s:
        people = s.execute(
            select(
                Customer.first_name,
                Customer.last_name,
                Customer.preferred_name,
                Customer.address_line,
            )
        ).all()
    names = [f"{first} {last}" for first, last, _, _ in people]
    assert any(not name.isascii() for name in names)
    assert any(ch in name for name in names for ch in "łŁđĐøß")
    assert any("-" in last for _, last, _, _ in people)
    assert any("'" in last for _, last, _, _ in people)
    homes: dict[str, set[str | None]] = {}
    for (first, last, _, street), name in zip(people, names, strict=True):
        homes.setdefault(name, set()).add(street)
        assert first and last
    assert len(homes["Robert Smith"]) == 2
    preferred = {(first, nick) for first, _, nick, _ in people if nick}
    assert {("Robert", "Bob"), ("Katarzyna", "Kasia"), ("Margaret", "Peggy")} <= preferred


def test_contact_details_are_varied_and_consistent(shop: Database) -> None:
    with shop.session() as s:
        rows = s.execute(
            select(Customer.phone, Customer.phone_digits, Customer.email, Customer.customer_since)
        ).all()
    phones = [(phone, digits) for phone, digits, _, _ in rows if phone]
    assert all(digits == normalise_phone(phone).digits for phone, digits in phones)
    shapes = {re.sub(r"\d", "9", phone) for phone, _ in phones}
    assert len(shapes) >= 5
    emails = [email for _, _, email, _ in rows if email]
    pattern = r"[a-z0-9._]+@([a-z]+\.)?example\.(com|org|net)"
    assert emails and all(re.fullmatch(pattern, email) for email in emails)
    assert all(since is not None and since <= END for _, _, _, since in rows)


def test_households_pets_and_anniversaries(shop: Database) -> None:
    with shop.session() as s:
        relations = s.scalars(select(Relation)).all()
        anniversaries = s.scalars(
            select(Occasion).where(Occasion.kind == OccasionKind.ANNIVERSARY)
        ).all()
    spouses = [r for r in relations if r.kind is RelationKind.SPOUSE]
    linked = {(r.customer_id, r.related_customer_id) for r in spouses if r.related_customer_id}
    assert linked and all((b, a) in linked for a, b in linked)
    assert any(r.name for r in spouses)
    children = [r for r in relations if r.kind is RelationKind.CHILD]
    assert children and all(r.name and r.birthday_month for r in children)
    pets = [r for r in relations if r.kind is RelationKind.PET]
    assert pets and all(r.name and r.species for r in pets)
    assert anniversaries and all(o.relation_id for o in anniversaries)


def test_presents_bought_before_a_birthday_are_marked_and_recalled_on_today(
    shop: Database,
) -> None:
    with shop.session() as s:
        gifts = s.execute(
            select(Purchase, PurchaseLine, Relation)
            .join(PurchaseLine, PurchaseLine.purchase_id == Purchase.id)
            .join(Relation, Relation.id == PurchaseLine.gift_for_id)
        ).all()
        assert gifts
        for purchase, _line, relation in gifts:
            assert relation.customer_id == purchase.customer_id
            assert relation.kind in (RelationKind.CHILD, RelationKind.SPOUSE)
            assert relation.birthday_month and relation.birthday_day
            birthday = date(purchase.purchased_on.year, relation.birthday_month,
                            relation.birthday_day)  # fmt: skip
            if birthday < purchase.purchased_on:
                birthday = birthday.replace(year=birthday.year + 1)
            assert 0 < (birthday - purchase.purchased_on).days <= 20
    rows = [
        row
        for row in today_view(shop, today=END, limit=500).section("follow_ups").rows
        if row.key.startswith("gift:")
    ]
    assert rows
    card = prompts_for(shop, rows[0].customer_id, today=END, limit=10)
    assert rows[0].text in [prompt.text for prompt in card]


def test_notes_include_private_ask_on_pinned_and_dont_bring_up(shop: Database) -> None:
    with shop.session() as s:
        notes = s.scalars(select(Note)).all()
        revisions = s.scalars(select(NoteRevision)).all()
    assert any(n.private for n in notes)
    assert any(n.pinned for n in notes)
    assert any(n.dont_bring_up for n in notes)
    asks = [n.ask_on for n in notes if n.ask_on]
    assert asks and all(END - timedelta(days=14) <= day <= END + timedelta(days=30) for day in asks)
    assert all("{" not in n.body for n in notes)
    by_note = {r.note_id: r for r in revisions}
    assert len(revisions) == len(notes)
    assert all(
        by_note[n.id].number == 1 and by_note[n.id].body == n.body and n.author for n in notes
    )


def test_purchases_have_durables_consumables_regulars_and_lapsed(shop: Database) -> None:
    with shop.session() as s:
        kinds = dict(s.execute(select(Category.name, Category.kind)).all())
        visits = s.execute(
            select(Purchase.customer_id, func.count(), func.max(Purchase.purchased_on)).group_by(
                Purchase.customer_id
            )
        ).all()
        sold = dict(
            s.execute(
                select(Category.kind, func.count())
                .select_from(PurchaseLine)
                .join(PurchaseLine.product)
                .join(Product.category)
                .group_by(Category.kind)
            ).all()
        )
        feed_days = s.scalars(
            select(Purchase.purchased_on)
            .join(Purchase.lines)
            .join(PurchaseLine.product)
            .join(Product.category)
            .where(Purchase.customer_id == 1, Category.name == "chicken feed")
            .order_by(Purchase.purchased_on)
        ).all()
    assert kinds["kayaks"] is ProductKind.DURABLE
    assert kinds["chicken feed"] is ProductKind.CONSUMABLE
    assert sold[ProductKind.DURABLE] >= SMALL // 10
    assert sold[ProductKind.CONSUMABLE] > sold[ProductKind.DURABLE]
    gaps = sorted((b - a).days for a, b in itertools.pairwise(feed_days))
    assert len(gaps) >= 20 and 20 <= gaps[len(gaps) // 2] <= 45
    assert len(visits) >= SMALL * 0.9 and all(last <= END for _, _, last in visits)
    assert any(count >= 100 for _, count, _ in visits)
    lapsed = [c for c, count, last in visits if count >= 5 and last < END - timedelta(days=120)]
    assert len(lapsed) >= 3


def test_staff_are_an_owner_and_a_clerk_without_pins(shop: Database) -> None:
    with shop.session() as s:
        staff = s.scalars(select(Staff)).all()
    assert sorted(member.role for member in staff) == [StaffRole.CLERK, StaffRole.OWNER]
    assert all(member.pin_hash is None for member in staff)


def test_a_database_with_customers_is_refused_untouched(db: Database, db_path: Path) -> None:
    generate_demo(db, customers=20, end=END)
    before = _dump(db_path)
    with pytest.raises(RegularsError, match="already holds 20 customers"):
        generate_demo(db, customers=20, seed=2, end=END)
    assert _dump(db_path) == before


@pytest.mark.parametrize(("customers", "years"), [(-1, 5), (10, 0)])
def test_nonsense_sizes_are_refused(db: Database, customers: int, years: int) -> None:
    with pytest.raises(RegularsError):
        generate_demo(db, customers=customers, years=years, end=END)


def test_cli_writes_the_demo_and_then_refuses(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--db", str(db_path), "demo", "--customers", "30", "--on", END.isoformat()]
    assert main([*argv, "--json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["customers"] == 30
    assert report["end"] == END.isoformat()
    assert report["purchase_lines"] > 30
    assert "30 of 30 customers" in err
    before = _dump(db_path)
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "already holds 30 customers" in err
    assert _dump(db_path) == before


def test_cli_rejects_a_bad_date_as_a_usage_error(db_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db_path), "demo", "--on", "2025-13-01"])
    assert exit_info.value.code == 2
    assert not db_path.exists()


def test_ensure_demo_shop_generates_once_into_its_own_file(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "demo.db"
    assert ensure_demo_shop(path) == path
    first = _dump(path)
    assert len(first["customer"]) == DEMO_CUSTOMERS
    ensure_demo_shop(path)
    assert _dump(path) == first


def test_a_stale_demo_shop_is_made_anew_about_today(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    ensure_demo_shop(path, today=date(2026, 1, 10))
    ensure_demo_shop(path, today=date(2026, 3, 1))
    with sqlite3.connect(path) as conn:
        newest = conn.execute("SELECT max(purchased_on) FROM purchase").fetchone()[0]
    assert newest > "2026-02-01"


def test_notes_fit_what_the_customer_bought(shop: Database) -> None:
    """A paddling trip is with a boat they bought; a note naming an item names theirs."""
    with shop.session() as s:
        notes = s.scalars(select(Note)).all()
        bought = {
            (customer_id, item)
            for customer_id, item in s.execute(
                select(Purchase.customer_id, PurchaseLine.item).join(PurchaseLine.purchase)
            )
        }
    for note in (n for n in notes if n.body.startswith("Going paddling")):
        boat = note.body.split("with the new ")[1].split(" — ")[0]
        assert (note.customer_id, boat) in bought
        assert any(word in boat.lower() for word in ("kayak", "canoe", "paddleboard", "sup"))


def test_a_paddling_note_needs_a_boat_not_any_big_purchase() -> None:
    writer = NoteWriter(random.Random(1), demo_data().notes, ["Sam"])

    def bodies(facts: dict[str, str]) -> list[str]:
        return [d.body for _ in range(600) for d in writer.notes(facts, 739_000, 739_400)]

    chainsaw = bodies({"item": '18" Farm Chainsaw 50cc'})
    assert chainsaw and not any("paddling" in body for body in chainsaw)
    canoe = "Prospector 16' Canoe"
    assert any(
        f"paddling on the Allagash with the new {canoe}" in b
        for b in bodies({"item": canoe, "boat": canoe})
    )


def test_anniversary_prompts_read_well_on_the_day(shop: Database) -> None:
    """No "coming up today": every anniversary wording works for today and later days."""
    from app.prompts.templates import default_templates

    templates = default_templates()
    for when in ("today", "tomorrow", "on Friday"):
        for key in range(40):
            text = templates.say(
                "anniversary", "upcoming", f"k{key}", label="Anniversary", when=when
            )
            assert "coming up today" not in text
