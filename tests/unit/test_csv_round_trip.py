"""The CSV export read back by the importer: every value a customer holds comes back
exactly, and no cell opens as a formula in a spreadsheet, whatever the text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.exporting.contacts import Contact
from app.exporting.regulars_csv import ENCODING, spreadsheet_safe, write_csv
from app.importing import csvfile, regulars_csv, values
from app.importing.records import CustomerRecord, ReadOptions

TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
"""Any text a cell can hold (NUL is refused on import; lone surrogates cannot be saved)."""
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
ROUND_TRIP = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def contact(ref: str, first: str, last: str, preferred: str, tags: str, note: str) -> Contact:
    """A customer as the book keeps them: each value in the form an import stores it
    (names in one spelling, trimmed reference and note, tags split)."""
    return Contact(
        id=1,
        ref=ref.strip() or "C-1",
        first_name=values.name_text(first) or "Ann",
        last_name=values.name_text(last),
        preferred_name=values.name_text(preferred),
        phone="",
        email="",
        address_line="",
        town="",
        birthday=None,
        customer_since=None,
        anniversary=None,
        tags=values.tags(tags),
        note=values.note_text(note.replace("\r", "").strip()) or "",
    )


def rounded_by_a_spreadsheet(ref: str) -> bool:
    """A reference shaped like 7.02255E+12 is refused on import by design (never stored),
    so it never reaches an export."""
    try:
        values.unrounded(ref.strip())
    except ValueError:
        return True
    return False


def exported_and_read_back(folder: Path, exported: Contact) -> CustomerRecord:
    path = folder / "customers.csv"
    with path.open("w", encoding=ENCODING, newline="") as fh:
        write_csv([exported], fh)
    cells = next(row for number, row in csvfile.rows(path) if number == 2)
    assert not [cell for cell in cells if cell.startswith(FORMULA_LEADS)]
    rows = list(regulars_csv.read(path, ReadOptions()).rows)
    assert [row.problems for row in rows] == [()]
    assert rows[0].customer is not None
    return rows[0].customer


@ROUND_TRIP
@given(ref=TEXT, first=TEXT, last=TEXT, preferred=TEXT, tags=TEXT, note=TEXT)
def test_every_value_reads_back_exactly(
    tmp_path: Path, ref: str, first: str, last: str, preferred: str, tags: str, note: str
) -> None:
    assume(not rounded_by_a_spreadsheet(ref))
    exported = contact(ref, first, last, preferred, tags, note)
    record = exported_and_read_back(tmp_path, exported)
    assert (
        record.external_ref,
        record.first_name,
        record.last_name,
        record.preferred_name or "",
        record.tags,
        record.note or "",
    ) == (
        exported.ref,
        exported.first_name,
        exported.last_name,
        exported.preferred_name,
        exported.tags,
        exported.note,
    )


@pytest.mark.parametrize(
    "value",
    ["'Ohana", "'Tis the season", "''", "'", "'=1+1", '＝HYPERLINK("x")', "＠home", "－5"],
)
def test_a_leading_quote_or_full_width_formula_survives_the_round_trip(
    tmp_path: Path, value: str
) -> None:
    record = exported_and_read_back(tmp_path, contact("C-9", value, value, "", "", value))
    assert (record.first_name, record.last_name, record.note) == (value, value, value)


@given(TEXT)
def test_the_guard_is_taken_off_exactly(value: str) -> None:
    guarded = spreadsheet_safe(value)
    assert not guarded.startswith(FORMULA_LEADS)
    assert csvfile.unguard(guarded) == value.strip()


@pytest.mark.parametrize("cell", ["'Ohana", "'00123", "'7 Seas"])
def test_an_apostrophe_the_export_did_not_write_is_the_values_own(cell: str) -> None:
    assert csvfile.unguard(cell) == cell.strip()


def test_a_file_from_elsewhere_keeps_its_leading_apostrophes(tmp_path: Path) -> None:
    path = tmp_path / "till.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["customer_ref", "first_name", "last_name", "note"])
        writer.writerow(["'00123", "'Ohana", "Kahale", "'Tis her shop's anniversary"])
    (row,) = regulars_csv.read(path, ReadOptions()).rows
    assert row.customer is not None
    assert (row.customer.external_ref, row.customer.first_name, row.customer.note) == (
        "'00123",
        "'Ohana",
        "'Tis her shop's anniversary",
    )
