"""One list of a customer's fields: the command line, the merge dialog's rows, the Regulars
CSV and every refusal use its labels and names, so they cannot drift apart again."""

from __future__ import annotations

import dataclasses

import pytest

from app.cli import main
from app.customers import CustomerView, NewCustomer
from app.customers.field_list import CUSTOMER_FIELDS, FIELD_BY_KEY, FIELDS
from app.customers.fields import read_field
from app.errors import RegularsError
from app.importing.regulars_csv import CUSTOMER_COLUMNS


def test_the_csv_columns_are_the_fields_export_names_in_order() -> None:
    exported = [f.csv_column for f in CUSTOMER_FIELDS if f.csv_column]
    assert [c for c in CUSTOMER_COLUMNS if c in exported] == exported
    assert tuple(f.key for f in CUSTOMER_FIELDS) == FIELDS


def test_the_command_line_offers_each_field_with_its_label(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["customer", "add", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for field in CUSTOMER_FIELDS:
        if field.option:
            assert field.option in text
            assert field.label in text


@pytest.mark.parametrize("key", ["first_name", "preferred_name", "address_line"])
def test_a_refusal_names_the_field_by_its_label(key: str) -> None:
    with pytest.raises(RegularsError) as error:
        read_field(key, "x" * 500, "US")
    assert str(error.value).startswith(f"{FIELD_BY_KEY[key].label}: 500 characters long")


def test_the_forms_values_and_the_json_carry_every_field_by_its_key() -> None:
    assert tuple(f.name for f in dataclasses.fields(NewCustomer)) == FIELDS
    shown = {f.name for f in dataclasses.fields(CustomerView)}
    assert set(FIELDS) <= shown, set(FIELDS) - shown
