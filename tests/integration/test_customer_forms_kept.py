"""Customer forms saved while the shop's server was away: kept whole on this register
(never beside the book), read back as they were typed, saved later by the same service
as the form, and gone with a customer who is forgotten."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.customers import NewCustomer, add_customer, get_customer
from app.customers.forms import (
    CustomerEdit,
    discard_form,
    keep_form,
    load_forms,
    store_customer,
)
from app.db import Database
from app.notes.drafts import drafts_dir
from app.safety.forget import forget_customer


def test_a_kept_form_comes_back_as_it_was_typed_and_never_beside_the_book(db_path: Path) -> None:
    new = NewCustomer(
        first_name="Zed",
        last_name="Quill",
        birthday="--07-09",
        customer_since=date(2020, 5, 1),
        contact_consent=False,
        no_sales_prompts=True,
    )
    edit = CustomerEdit(4, {"town": "Porto", "customer_since": date(2021, 1, 2)}, 3)
    kept_new = keep_form(db_path, new, "Zed Quill")
    kept_edit = keep_form(db_path, edit, "José Müller")
    assert not kept_new.file.is_relative_to(drafts_dir(db_path))
    assert [(f.values, f.name) for f in load_forms(db_path)] == [
        (new, "Zed Quill"),
        (edit, "José Müller"),
    ]
    discard_form(kept_new)
    assert [f.file for f in load_forms(db_path)] == [kept_edit.file]


def test_a_kept_form_is_saved_later_as_the_form_would_have(db: Database) -> None:
    keep_form(db.path, NewCustomer(first_name="Zed", last_name="Quill"), "Zed Quill")
    [new] = load_forms(db.path)
    zed = store_customer(db, new.values)
    assert get_customer(db, zed).display_name == "Zed Quill"
    keep_form(db.path, CustomerEdit(zed, {"town": "Porto"}, 1), "Zed Quill")
    edit = next(f for f in load_forms(db.path) if isinstance(f.values, CustomerEdit))
    assert store_customer(db, edit.values) == zed
    assert get_customer(db, zed).town == "Porto"


@pytest.mark.sqlite_only  # forget sets a verified copy of the file aside first
def test_forgetting_a_customer_takes_the_edits_kept_for_them(db: Database) -> None:
    gone = add_customer(db, NewCustomer(first_name="Zed", last_name="Quill"))
    stays = add_customer(db, NewCustomer(first_name="Amy", last_name="Ash"))
    keep_form(db.path, CustomerEdit(gone, {"phone": "555 0199"}, 1), "Zed Quill")
    keep_form(db.path, CustomerEdit(stays, {"town": "Leeds"}, 1), "Amy Ash")
    keep_form(db.path, NewCustomer(first_name="Bo"), "Bo")
    forget_customer(db, gone)
    assert sorted(f.name for f in load_forms(db.path)) == ["Amy Ash", "Bo"]
