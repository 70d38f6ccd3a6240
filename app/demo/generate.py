"""Writing a whole demo shop into a database, deterministically and fast.

Same (seed, customers, years, end) gives the same shop, row for row: one seeded
``random.Random`` draws everything and every timestamp is derived from ``end``, never
from the clock. Rows go in with Core bulk inserts, a batch of customers at a time, all
in one transaction, so 100,000 customers and a million purchase lines take well under a
minute and a failure leaves nothing behind.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.catalog import CatalogCache
from app.db import Database, open_database
from app.demo.data import CastMember, DemoData, demo_data
from app.demo.history import Rhythm, Shopper, Stock, Visit
from app.demo.notes import NoteWriter
from app.demo.people import Birthday, Identity, People
from app.dialects import after_bulk_load, ids_used_up_to
from app.errors import RegularsError
from app.feed.postgres import pause_feed_on, resume_feed_on
from app.i18n import _
from app.models import (
    Base,
    Customer,
    OccasionKind,
    Purchase,
    RelationKind,
    Staff,
    StaffRole,
    Tag,
)

DEMO_CUSTOMERS = 2_000
DEMO_STALE_DAYS = 14
BATCH_CUSTOMERS = 1_000
# Rows are written in this order so every foreign key points at a row already there.
_TABLES = (
    "customer",
    "contact_point",
    "customer_tag",
    "relation",
    "occasion",
    "note",
    "note_revision",
    "purchase",
    "purchase_line",
)
# Shares of customers with each trait.
_BOAT_CATEGORIES = frozenset({"kayaks", "canoes", "paddleboards"})
"""A note about going paddling names a boat the customer bought, not any big purchase."""
_SAME_NAME_SHARE = 0.004
_LINKED_COUPLE_SHARE = 0.05
_OWN_SURNAME_SHARE = 0.15
_SHARED_PHONE_SHARE = 0.4
_PHONE_SHARE = 0.92
_MORE_PHONE_SHARE = 0.3
_MORE_EMAIL_SHARE = 0.15
_BIRTHDAY_SHARE = 0.7
_SPOUSE_SHARE = 0.4
_ANNIVERSARY_SHARE = 0.4
_PET_SHARE = 0.3
_TAG_SHARE = 0.15
_NO_SALES_PROMPTS_SHARE = 0.02
_GIFT_SHARE = 0.5
"""Of the birthdays a customer shopped for in the run-up, how many got a marked present."""
_GIFT_RUN_UP_DAYS = 20
_GIFT_MIN_CENTS = 2_000
_GIFT_KINDS = frozenset({RelationKind.CHILD, RelationKind.SPOUSE})
_CHILDREN_WEIGHTS = (55, 18, 18, 9)
_CONSENT = (True, True, True, True, False, None, None)

Progress = Callable[[int, int], None]
# A birthday as (month, day, year); any part may be unknown.
_Dates = tuple[int | None, int | None, int | None]
_NO_DATES: _Dates = (None, None, None)


@dataclass(frozen=True)
class DemoSummary:
    """What a demo run wrote, for the CLI's report and the bench."""

    customers: int
    relations: int
    pets: int
    occasions: int
    tag_links: int
    notes: int
    purchases: int
    purchase_lines: int
    products: int
    categories: int
    staff: int
    end: date


@dataclass
class _Member:
    """A customer being written, with what their notes may mention."""

    id: int
    identity: Identity
    first_day: int
    facts: dict[str, str] = field(default_factory=dict)
    lines: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    """Their purchase lines by day, as written: one may yet be marked a gift."""


def _stamp(day: int, minutes: int) -> datetime:
    return datetime.fromordinal(day) + timedelta(minutes=minutes)


class _ShopBuilder:
    """Draws the shop and writes it through one session; ids are assigned here."""

    def __init__(
        self,
        session: Session,
        *,
        seed: int,
        customers: int,
        years: int,
        end: date,
        progress: Progress | None,
    ) -> None:
        self._session = session
        self._rng = random.Random(seed)
        self._keys = random.Random(f"customer keys {seed}")
        """Customer keys drawn apart from the shop, so one seed gives one shop, keys too."""
        self._data: DemoData = demo_data()
        self._total = customers
        self._end = end.toordinal()
        self._window_start = self._end - round(365.25 * years)
        self._years = years
        self._progress = progress
        self._people = People(self._rng, self._data, end.year)
        self._more_rng = random.Random(seed + 1)
        self._more = People(self._more_rng, self._data, end.year)
        """Draws the further phones and emails, on its own generator so adding them left
        every other draw (and so every demo shop of a seed) as it was."""
        self._gift_rng = random.Random(f"gifts {seed}")
        """Draws which purchases were presents, on its own generator for the same reason."""
        self._birthdays: dict[int, list[tuple[int, int, int]]] = {}
        """The household's named children and spouses with a birthday, by customer id:
        (relation id, month, day)."""
        self._rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _TABLES}
        self._last_id = dict.fromkeys(_TABLES, 0)
        self._written = dict.fromkeys(_TABLES, 0)
        self._pets = 0
        self._identities: list[Identity] = []
        self._homes: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._tag_ids: list[int] = []
        self._shopper: Shopper
        self._notes: NoteWriter

    def build(self) -> DemoSummary:
        """Write staff, tags, the catalogue, then every customer; report the counts."""
        authors = self._staff()
        self._tag_ids = self._tags()
        shelves = self._catalogue()
        self._boats = {
            stock.product_id
            for category, stock_list in shelves.items()
            if category.lower() in _BOAT_CATEGORIES
            for stock in stock_list
        }
        self._shopper = Shopper(self._rng, shelves)
        self._notes = NoteWriter(self._rng, self._data.notes, authors)
        cast = iter(self._data.cast)
        while self._last_id["customer"] < self._total:
            self._household(next(cast, None))
            if len(self._rows["customer"]) >= BATCH_CUSTOMERS:
                self._flush()
        self._flush()
        for table, last in self._last_id.items():
            ids_used_up_to(self._session.connection(), table, last)
        after_bulk_load(self._session.connection())
        return DemoSummary(
            customers=self._written["customer"],
            relations=self._written["relation"],
            pets=self._pets,
            occasions=self._written["occasion"],
            tag_links=self._written["customer_tag"],
            notes=self._written["note"],
            purchases=self._written["purchase"],
            purchase_lines=self._written["purchase_line"],
            products=sum(len(stock) for stock in shelves.values()),
            categories=len(shelves),
            staff=len(authors),
            end=date.fromordinal(self._end),
        )

    # --- the shop's fixed parts -------------------------------------------------------

    def _staff(self) -> list[str]:
        session = self._session
        for name, role in self._data.staff:
            if session.scalar(select(Staff.id).where(Staff.name == name)) is None:
                session.add(
                    Staff(
                        name=name,
                        role=StaffRole(role),
                        active=True,
                        created_at=_stamp(self._window_start, 9 * 60),
                    )
                )
        return [name for name, _ in self._data.staff]

    def _tags(self) -> list[int]:
        session = self._session
        existing = {tag.name: tag for tag in session.scalars(select(Tag))}
        tags = [existing.get(name) or Tag(name=name) for name in self._data.tags]
        session.add_all(tags)
        session.flush()
        return [tag.id for tag in tags]

    def _catalogue(self) -> dict[str, tuple[Stock, ...]]:
        cache = CatalogCache(self._session)
        products = [
            (item, cache.product(sku=item.sku, name=item.name, category=item.category))
            for item in self._data.catalogue
        ]
        self._session.flush()
        shelves: dict[str, list[Stock]] = {}
        for item, product in products:
            shelves.setdefault(item.category, []).append(
                Stock(product.id, item.name, item.price_cents)
            )
        return {category: tuple(stock) for category, stock in shelves.items()}

    # --- customers --------------------------------------------------------------------

    def _next_id(self, table: str) -> int:
        self._last_id[table] += 1
        return self._last_id[table]

    def _household(self, cast: CastMember | None) -> None:
        """One customer, or a couple who both shop here, with family, pets, tags, notes."""
        rng, people = self._rng, self._people
        if cast is not None:
            who = Identity(
                cast.first, cast.last, cast.female, people.locale(cast.locale), cast.preferred
            )
        elif self._identities and rng.random() < _SAME_NAME_SHARE:
            twin = rng.choice(self._identities)
            who = Identity(twin.first, twin.last, twin.female, twin.locale)
        else:
            who = people.identity()
        address = self._fresh_address(who)
        self._identities.append(who)
        phone = people.phone() if rng.random() < _PHONE_SHARE else (None, None)
        members = [self._customer(who, address, phone, cast)]
        couple = cast is None and self._last_id["customer"] < self._total
        if couple and rng.random() < _LINKED_COUPLE_SHARE:
            partner = self._partner(who)
            self._identities.append(partner)
            shared = phone if rng.random() < _SHARED_PHONE_SHARE else people.phone()
            members.append(self._customer(partner, address, shared, None))
            self._link_couple(members[0], members[1])
        elif rng.random() < _SPOUSE_SHARE:
            self._spouse(members[0])
        self._dependants(members)
        for member in members:
            self._tag(member.id)
            self._write_notes(member)
            self._gifts(member)

    def _fresh_address(self, who: Identity) -> tuple[str, str]:
        """An address; a namesake of an earlier customer never lives at the same one."""
        taken = self._homes.setdefault((who.first, who.last), [])
        address = self._people.address()
        while address in taken:
            address = self._people.address()
        taken.append(address)
        return address

    def _partner(self, who: Identity) -> Identity:
        rng, people = self._rng, self._people
        female = not who.female
        first = people.first_name(who.locale, female=female)
        if rng.random() < _OWN_SURNAME_SHARE:
            last = people.surname(who.locale, female=female)
        else:
            forms = next((f for f in who.locale.surnames if who.last in f), (who.last, who.last))
            last = forms[1] if female else forms[0]
        return Identity(first, last, female, who.locale, people.preferred_name(first))

    def _customer(
        self,
        who: Identity,
        address: tuple[str, str],
        phone: tuple[str | None, str | None],
        cast: CastMember | None,
    ) -> _Member:
        rng, shopper, end = self._rng, self._shopper, self._end
        customer_id = self._next_id("customer")
        if cast is not None:
            rhythm = Rhythm(cast.rhythm)
            habits = [shopper.habit(category) for category in cast.habits]
            since = self._window_start - rng.randint(0, 3 * 365)
        else:
            rhythm = shopper.rhythm()
            habits = shopper.habits(rhythm)
            since = end - rng.randint(14, round(365.25 * (self._years + 3)))
        last = shopper.last_visit_bound(rhythm, end)
        if rhythm is Rhythm.LAPSED:
            since = min(since, last - rng.randint(60, 700))
        first = max(since, self._window_start)
        durables = (
            [(category, max(first, end - days)) for category, days in cast.durables]
            if cast is not None
            else shopper.durables(first, last)
        )
        birthday = (
            self._people.birthday(18, 85, year_share=0.55)
            if rng.random() < _BIRTHDAY_SHARE
            else None
        )
        joined = _stamp(since, rng.randint(8 * 60, 18 * 60))
        self._rows["customer"].append(
            {
                "id": customer_id,
                "key": f"{self._keys.getrandbits(128):032x}",
                "external_ref": None,
                "first_name": who.first,
                "last_name": who.last,
                "preferred_name": who.preferred,
                "phone": phone[0],
                "phone_digits": phone[1],
                "email": self._people.email(who),
                "address_line": address[0],
                "town": address[1],
                "birthday_month": birthday.month if birthday else None,
                "birthday_day": birthday.day if birthday else None,
                "birthday_year": birthday.year if birthday else None,
                "customer_since": date.fromordinal(since),
                "photo": None,
                "contact_consent": rng.choice(_CONSENT),
                "no_sales_prompts": rng.random() < _NO_SALES_PROMPTS_SHARE,
                "archived": False,
                "created_at": joined,
                "updated_at": joined,
                "version": 1,
            }
        )
        self._more_contacts(customer_id, who)
        member = _Member(customer_id, who, first)
        self._purchases(
            member, shopper.history(rhythm, first, last, habits=habits, durables=durables)
        )
        return member

    def _more_contacts(self, customer_id: int, who: Identity) -> None:
        """A home or work phone, a work email, for some customers (contact points)."""
        more, rng = self._more, self._more_rng
        found: list[tuple[str, str, str, str]] = []
        if rng.random() < _MORE_PHONE_SHARE:
            shown, digits = more.phone()
            found.append(("phone", rng.choice(("home", "work")), shown, digits))
        email = more.email(who) if rng.random() < _MORE_EMAIL_SHARE else None
        if email:
            found.append(("email", "work", email, email.casefold()))
        for position, (kind, label, value, normalised) in enumerate(found, start=1):
            self._rows["contact_point"].append(
                {
                    "id": self._next_id("contact_point"),
                    "customer_id": customer_id,
                    "kind": kind,
                    "label": label,
                    "value": value,
                    "normalised": normalised,
                    "position": position,
                }
            )

    def _purchases(self, member: _Member, visits: list[Visit]) -> None:
        purchases, lines = self._rows["purchase"], self._rows["purchase_line"]
        for day, basket in visits:
            purchase_id = self._next_id("purchase")
            purchases.append(
                {
                    "id": purchase_id,
                    "customer_id": member.id,
                    "purchased_on": date.fromordinal(day),
                    "order_ref": None,
                }
            )
            for stock, quantity in basket:
                line = {
                    "id": self._next_id("purchase_line"),
                    "purchase_id": purchase_id,
                    "product_id": stock.product_id,
                    "item": stock.name,
                    "quantity": quantity,
                    "unit_price_cents": stock.price_cents,
                    "gift_for_id": None,
                }
                lines.append(line)
                member.lines.setdefault(day, []).append(line)
                if stock.price_cents >= 10_000:
                    member.facts["item"] = stock.name
                if stock.product_id in self._boats:
                    member.facts["boat"] = stock.name

    # --- household ----------------------------------------------------------------------

    def _relation(
        self,
        customer_id: int,
        kind: RelationKind,
        *,
        name: str | None = None,
        related: int | None = None,
        species: str | None = None,
        birthday: _Dates = _NO_DATES,
    ) -> int:
        relation_id = self._next_id("relation")
        self._rows["relation"].append(
            {
                "id": relation_id,
                "customer_id": customer_id,
                "kind": kind,
                "name": name,
                "related_customer_id": related,
                "species": species,
                "birthday_month": birthday[0],
                "birthday_day": birthday[1],
                "birthday_year": birthday[2],
                "note": None,
            }
        )
        if kind in _GIFT_KINDS and name and birthday[0] and birthday[1]:
            self._birthdays.setdefault(customer_id, []).append(
                (relation_id, birthday[0], birthday[1])
            )
        return relation_id

    def _anniversary(self, customer_id: int, relation_id: int, wedding: Birthday) -> None:
        self._rows["occasion"].append(
            {
                "id": self._next_id("occasion"),
                "customer_id": customer_id,
                "relation_id": relation_id,
                "kind": OccasionKind.ANNIVERSARY,
                "label": "Wedding anniversary",
                "month": wedding.month,
                "day": wedding.day,
                "year": wedding.year,
            }
        )

    def _wedding(self) -> Birthday:
        return self._people.birthday(1, 50, year_share=0.7)

    def _link_couple(self, one: _Member, other: _Member) -> None:
        wedding = self._wedding() if self._rng.random() < _ANNIVERSARY_SHARE else None
        for member, partner in ((one, other), (other, one)):
            relation_id = self._relation(member.id, RelationKind.SPOUSE, related=partner.id)
            member.facts["spouse"] = partner.identity.preferred or partner.identity.first
            if wedding:
                self._anniversary(member.id, relation_id, wedding)

    def _spouse(self, member: _Member) -> None:
        rng, people = self._rng, self._people
        who = member.identity
        name = people.first_name(who.locale, female=not who.female)
        birthday = people.birthday(20, 85, year_share=0.4) if rng.random() < 0.5 else None
        relation_id = self._relation(
            member.id,
            RelationKind.SPOUSE,
            name=name,
            birthday=(birthday.month, birthday.day, birthday.year) if birthday else _NO_DATES,
        )
        member.facts["spouse"] = name
        if rng.random() < _ANNIVERSARY_SHARE:
            self._anniversary(member.id, relation_id, self._wedding())

    def _dependants(self, members: list[_Member]) -> None:
        """Children and pets belong to the whole household: each member gets them."""
        rng, people = self._rng, self._people
        locale = members[0].identity.locale
        children = rng.choices(range(len(_CHILDREN_WEIGHTS)), weights=_CHILDREN_WEIGHTS)[0]
        kin: list[tuple[RelationKind, str, str | None, _Dates]] = []
        for _child in range(children):
            born = people.birthday(1, 35, year_share=0.8)
            name = people.first_name(locale, female=rng.random() < 0.5)
            kin.append((RelationKind.CHILD, name, None, (born.month, born.day, born.year)))
        if rng.random() < _PET_SHARE:
            for _ in range(rng.choice((1, 1, 1, 2))):
                species = rng.choice(tuple(self._data.pets))
                kin.append(
                    (RelationKind.PET, rng.choice(self._data.pets[species]), species, _NO_DATES)
                )
        for member in members:
            for kind, called, kept, birthday in kin:
                self._relation(member.id, kind, name=called, species=kept, birthday=birthday)
                if kind is RelationKind.PET:
                    self._pets += 1
                    member.facts.setdefault("pet", called)
                else:
                    member.facts.setdefault("child", called)

    def _gifts(self, member: _Member) -> None:
        """The priciest thing a customer bought in the weeks before a child's or spouse's
        birthday was, as often as not, their present: marked as a gift for them, so a
        newcomer's demo card recalls last year's present before the next birthday."""
        rng = self._gift_rng
        first_year = date.fromordinal(self._window_start).year
        for relation_id, month, day in self._birthdays.pop(member.id, []):
            for year in range(first_year, date.fromordinal(self._end).year + 1):
                with suppress(ValueError):  # 29 February in a year without one
                    birthday = date(year, month, day).toordinal()
                    bought = [
                        line
                        for on in range(birthday - _GIFT_RUN_UP_DAYS, birthday)
                        for line in member.lines.get(on, ())
                        if line["unit_price_cents"] >= _GIFT_MIN_CENTS
                        and line["gift_for_id"] is None
                    ]
                    if bought and rng.random() < _GIFT_SHARE:
                        present = max(bought, key=lambda line: line["unit_price_cents"])
                        present["gift_for_id"] = relation_id
        member.lines.clear()

    def _tag(self, customer_id: int) -> None:
        rng = self._rng
        if rng.random() >= _TAG_SHARE:
            return
        for tag_id in rng.sample(self._tag_ids, rng.choice((1, 1, 2))):
            self._rows["customer_tag"].append({"customer_id": customer_id, "tag_id": tag_id})

    def _write_notes(self, member: _Member) -> None:
        for draft in self._notes.notes(member.facts, member.first_day, self._end):
            note_id = self._next_id("note")
            self._rows["note"].append(
                {
                    "id": note_id,
                    "customer_id": member.id,
                    "body": draft.body,
                    "kind": "general",
                    "author": draft.author,
                    "created_at": draft.created_at,
                    "updated_at": draft.created_at,
                    "pinned": draft.pinned,
                    "private": draft.private,
                    "dont_bring_up": draft.dont_bring_up,
                    "ask_on": draft.ask_on,
                    "deleted_at": None,
                }
            )
            self._rows["note_revision"].append(
                {
                    "id": self._next_id("note_revision"),
                    "note_id": note_id,
                    "number": 1,
                    "body": draft.body,
                    "author": draft.author,
                    "edited_at": draft.created_at,
                    "pinned": draft.pinned,
                    "private": draft.private,
                    "ask_on": draft.ask_on,
                }
            )

    # --- writing ------------------------------------------------------------------------

    def _flush(self) -> None:
        for name in _TABLES:
            rows = self._rows[name]
            if rows:
                self._session.execute(insert(Base.metadata.tables[name]), rows)
                self._written[name] += len(rows)
                rows.clear()
        if self._progress is not None:
            self._progress(self._written["customer"], self._total)


def _customer_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Customer)) or 0


def generate_demo(
    target: Database | Path | str,
    *,
    customers: int,
    seed: int = 1,
    years: int = 5,
    end: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with a realistic demo shop (refused if it has customers).

    ``end`` is the demo's "today" (default: the real today); purchases span ``years``
    before it and follow-up notes fall around it. ``progress(done, total)`` is called
    after each batch of customers.
    """
    if customers < 0:
        raise RegularsError(
            _("The number of demo customers must not be negative ({customers}).").format(
                customers=customers
            )
        )
    if years < 1:
        raise RegularsError(
            _("A demo shop needs at least one year of history (got {years}).").format(years=years)
        )
    database = target if isinstance(target, Database) else open_database(str(target))
    try:
        with database.session() as session:
            existing = _customer_count(session)
            if existing:
                raise RegularsError(
                    _(
                        "'{path}' already holds {existing:,} customers; a demo shop is only "
                        "written into an empty database. Choose a new file with --db."
                    ).format(path=database.path, existing=existing)
                )
            builder = _ShopBuilder(
                session,
                seed=seed,
                customers=customers,
                years=years,
                end=end or date.today(),
                progress=progress,
            )
            pause_feed_on(session.connection())
            summary = builder.build()
            resume_feed_on(session.connection())
            return summary
    finally:
        if database is not target:
            database.close()


def ensure_demo_shop(path: Path, *, today: date | None = None) -> Path:
    """The demo shop at ``path``, generated first if the file is missing, empty or stale.

    The demo always lives in its own file, so it can never mix with the shop's real data.
    A demo whose last sale is more than ``DEMO_STALE_DAYS`` old is made anew, so its
    prompts and birthdays stay about the real today.
    """
    today = today or date.today()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_database(str(path)) as database, database.session() as session:
        newest = session.scalar(select(func.max(Purchase.purchased_on)))
        empty = _customer_count(session) == 0
    if empty or newest is None or (today - newest).days > DEMO_STALE_DAYS:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        with open_database(str(path)) as database:
            generate_demo(database, customers=DEMO_CUSTOMERS, end=today)
    return path
