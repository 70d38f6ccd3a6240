"""A tiny shop builder for prompt tests: customers, purchases and notes at fixed dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from app.catalog import CatalogCache
from app.db import Database
from app.gifts import mark_gift
from app.models import (
    Customer,
    Note,
    Occasion,
    OccasionKind,
    Purchase,
    PurchaseLine,
    Relation,
    RelationKind,
)
from app.prompts import PromptView, prompts_for
from app.safety.access import CLERK, Access

MONDAY = date(2024, 10, 14)


class Shop:
    """Writes scenario data relative to ``today`` and asks for prompts on any day."""

    def __init__(self, database: Database, today: date = MONDAY) -> None:
        self.db = database
        self.today = today

    def customer(self, first: str = "Anna", last: str = "Smith", **fields: Any) -> int:
        with self.db.session() as s:
            customer = Customer(first_name=first, last_name=last, **fields)
            s.add(customer)
            s.flush()
            return customer.id

    def buy(
        self, customer_id: int, days_ago: int | list[int], category: str, item: str = ""
    ) -> None:
        """One purchase of ``item`` (of ``category``) per day in ``days_ago``."""
        days = [days_ago] if isinstance(days_ago, int) else days_ago
        with self.db.session() as s:
            catalog = CatalogCache(s)
            name = item or f"{category} item"
            for ago in days:
                product = catalog.product(sku=None, name=name, category=category)
                purchase = Purchase(
                    customer_id=customer_id, purchased_on=self.today - timedelta(days=ago)
                )
                purchase.lines.append(PurchaseLine(product=product, item=name))
                s.add(purchase)

    def note(
        self,
        customer_id: int,
        body: str,
        *,
        ask_on: date | None = None,
        written: date | None = None,
        **flags: object,
    ) -> int:
        written_on = written or self.today - timedelta(days=30)
        with self.db.session() as s:
            note = Note(
                customer_id=customer_id,
                body=body,
                ask_on=ask_on,
                created_at=datetime.combine(written_on, datetime.min.time()),
                **flags,
            )
            s.add(note)
            s.flush()
            return note.id

    def relation(
        self, customer_id: int, name: str, kind: RelationKind, month: int, day: int
    ) -> int:
        with self.db.session() as s:
            relation = Relation(
                customer_id=customer_id,
                kind=kind,
                name=name,
                birthday_month=month,
                birthday_day=day,
            )
            s.add(relation)
            s.flush()
            return relation.id

    def gift(self, customer_id: int, on: date, category: str, item: str, for_name: str) -> int:
        """Buy ``item`` on ``on`` and mark it a gift for ``for_name``; its line's id."""
        with self.db.session() as s:
            product = CatalogCache(s).product(sku=None, name=item, category=category)
            line = PurchaseLine(product=product, item=item)
            s.add(Purchase(customer_id=customer_id, purchased_on=on, lines=[line]))
            s.flush()
            line_id = line.id
        mark_gift(self.db, line_id, for_name)
        return line_id

    def occasion(self, customer_id: int, label: str, month: int, day: int) -> None:
        with self.db.session() as s:
            s.add(
                Occasion(
                    customer_id=customer_id,
                    kind=OccasionKind.ANNIVERSARY,
                    label=label,
                    month=month,
                    day=day,
                )
            )

    def prompts(
        self,
        customer_id: int,
        *,
        on: date | None = None,
        owner: bool = False,
        limit: int | None = None,
    ) -> list[PromptView]:
        return prompts_for(
            self.db,
            customer_id,
            today=on or self.today,
            limit=limit,
            access=Access(owner=True) if owner else CLERK,
        )
