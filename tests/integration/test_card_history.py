"""Visits and spend per month for the card's chart: distinct days, priced lines, two years."""

from __future__ import annotations

from datetime import date

from app.card_history import MonthStat, visit_history
from app.db import Database
from app.models import Customer, Product, Purchase, PurchaseLine

TODAY = date(2026, 11, 23)


def _shop(db: Database) -> tuple[int, int]:
    """Maria with purchases across (and outside) the two years; Tom with none."""
    with db.session() as s:
        feed = Product(sku="FEED", name="Layer feed")
        maria = Customer(first_name="Maria", last_name="Lopez")
        tom = Customer(first_name="Tom", last_name="Reed")
        s.add_all([maria, tom])

        def visit(on: date, *lines: tuple[float, int | None]) -> None:
            purchase = Purchase(customer=maria, purchased_on=on)
            for quantity, price in lines:
                purchase.lines.append(
                    PurchaseLine(
                        product=feed, item="Layer feed", quantity=quantity, unit_price_cents=price
                    )
                )
            s.add(purchase)

        visit(date(2026, 11, 2), (2, 1250), (1, None))
        visit(date(2026, 11, 2), (1, 300))
        visit(date(2026, 11, 20), (0.5, 1000))
        visit(date(2026, 11, 24), (1, 9999))
        visit(date(2025, 12, 31))
        visit(date(2024, 12, 1), (1, 700))
        visit(date(2024, 11, 30), (1, 800))
        s.flush()
        return maria.id, tom.id


def test_months_count_distinct_days_and_priced_lines(db: Database) -> None:
    maria, _ = _shop(db)
    history = visit_history(db, maria, today=TODAY)

    assert len(history) == 24
    assert history[0].month == date(2024, 12, 1)
    assert history[-1] == MonthStat(date(2026, 11, 1), visits=2, spend_cents=2500 + 300 + 500)
    assert history[0] == MonthStat(date(2024, 12, 1), visits=1, spend_cents=700)
    by_month = {stat.month: stat for stat in history}
    assert by_month[date(2025, 12, 1)] == MonthStat(date(2025, 12, 1), 1, 0)
    assert by_month[date(2026, 6, 1)] == MonthStat(date(2026, 6, 1), 0, 0)
    assert sum(stat.visits for stat in history) == 4


def test_a_customer_without_purchases_gets_empty_months(db: Database) -> None:
    _, tom = _shop(db)
    history = visit_history(db, tom, today=TODAY, months=3)

    assert [stat.month for stat in history] == [
        date(2026, 9, 1),
        date(2026, 10, 1),
        date(2026, 11, 1),
    ]
    assert all(stat.visits == 0 and stat.spend_cents == 0 for stat in history)


def test_the_window_crosses_the_new_year(db: Database) -> None:
    maria, _ = _shop(db)
    history = visit_history(db, maria, today=date(2026, 1, 5), months=2)

    assert history == (
        MonthStat(date(2025, 12, 1), 1, 0),
        MonthStat(date(2026, 1, 1), 0, 0),
    )
