"""A change of the shop's country changes how stored numbers are spelled, never which
telephone they ring: the main phone, a further phone, the CLI card and the lookup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.card import load_card
from app.cli import main
from app.customers import NewCustomer, add_customer
from app.db import Database
from app.exporting import export
from app.importing import import_file
from app.models import ContactKind, ContactLabel, ContactPoint, Customer
from app.search import search_without_index
from app.settings import save_settings


def _donna(db: Database) -> int:
    save_settings({"country": "US"})
    customer_id = add_customer(
        db, NewCustomer(first_name="Donna", last_name="Pennington", phone="(518) 259-8133")
    )
    with db.session() as session:
        session.add(
            ContactPoint(
                customer_id=customer_id,
                kind=ContactKind.PHONE,
                label=ContactLabel.WORK,
                value="(802) 850-6245",
                normalised="18028506245",
                position=1,
            )
        )
    return customer_id


def test_numbers_saved_under_the_us_stay_american_when_the_shop_moves_to_germany(
    db: Database,
) -> None:
    customer_id = _donna(db)
    assert load_card(db, customer_id, today=date(2026, 12, 6)).customer.phone == "(518) 259-8133"
    save_settings({"country": "DE"})
    card = load_card(db, customer_id, today=date(2026, 12, 6))
    assert card.customer.phone == "+1 518-259-8133"
    assert [c.value for c in card.more_contacts] == ["+1 802-850-6245"]
    for typed in ("8133", "5182598133", "+1 518 259 8133"):
        hits = search_without_index(db, typed, 5, today=date(2026, 12, 6))
        assert [hit.customer_id for hit in hits] == [customer_id], typed


def test_the_command_line_card_shows_the_number_with_its_country(
    db: Database, db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    customer_id = _donna(db)
    save_settings({"country": "DE"})
    assert main(["card", str(customer_id), "--db", db_target, "--on", "2026-12-06"]) == 0
    shown = capsys.readouterr().out
    assert "+1 518-259-8133" in shown
    assert "+1 802-850-6245" in shown
    assert "05182" not in shown


def test_an_export_after_the_move_reads_back_as_the_same_numbers(
    db: Database, tmp_path: Path
) -> None:
    customer_id = _donna(db)
    save_settings({"country": "DE"})
    out = tmp_path / "customers.vcf"
    export(db, out)
    text = out.read_text(encoding="utf-8")
    assert "+1 518-259-8133" in text
    assert "+1 802-850-6245" in text
    report = import_file(db, out)
    assert report.ok and not report.written
    with db.session() as session:
        assert session.get(Customer, customer_id).phone_digits == "15182598133"  # type: ignore[union-attr]
        assert session.scalars(select(ContactPoint.normalised)).all() == ["18028506245"]
