"""Whatever bytes arrive, an import refuses with a reason or reports; it never crashes and
never half-writes. Plus the cell readers' own properties (guards, dates, encodings)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db import Database, open_database
from app.errors import RegularsError
from app.importing import ImportReport, csvfile, import_file, values
from tests.integration.test_import_formats import (
    SHOPIFY_CUSTOMERS,
    SHOPIFY_CUSTOMERS_HEADER,
    SHOPIFY_ORDERS,
    SHOPIFY_ORDERS_HEADER,
    SQUARE_HEADER,
    SQUARE_ROWS,
    VCARDS,
    csv_bytes,
)
from tests.integration.test_import_regulars_csv import row_counts

SAMPLES = {
    "shopify_customers.csv": csv_bytes(SHOPIFY_CUSTOMERS_HEADER, SHOPIFY_CUSTOMERS),
    "orders.csv": csv_bytes(SHOPIFY_ORDERS_HEADER, SHOPIFY_ORDERS, delimiter=";"),
    "square.csv": csv_bytes(SQUARE_HEADER, SQUARE_ROWS, delimiter="\t", encoding="utf-16"),
    "contacts.vcf": VCARDS.encode(),
    "regulars.csv": b"customer_ref,first_name,email\r\nC-1,Ann,ann@example.com\r\n",
}
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path, Path]]:
    """One database (and a scratch folder) shared by every example: migrating a new file
    per example would cost seconds, and an import that is refused must leave it as it was."""
    folder = tmp_path_factory.mktemp("fuzz")
    database = open_database(str(folder / "shop.db"))
    yield database, folder / "shop.db", folder
    database.close()


def attempt(shop: tuple[Database, Path, Path], name: str, data: bytes, dry_run: bool) -> None:
    """Import ``data`` as a file called ``name``: a refusal changes no row; a report that
    was not written changes no row; nothing else may escape."""
    database, db_path, folder = shop
    path = folder / name
    path.write_bytes(data)
    before = row_counts(db_path)
    try:
        report = import_file(database, path, dry_run=dry_run)
    except RegularsError as exc:
        assert str(exc)
        assert row_counts(db_path) == before
        return
    assert isinstance(report, ImportReport)
    if dry_run or not report.written:
        assert row_counts(db_path) == before
    if report.problems:
        assert not report.written
        assert all(p.row >= 1 and p.column and p.reason for p in report.problems)


@FUZZ
@given(
    name=st.sampled_from(["x.csv", "x.vcf", "x.txt"]),
    data=st.binary(max_size=400),
    dry_run=st.booleans(),
)
def test_random_bytes_are_refused_or_reported(
    shop: tuple[Database, Path, Path], name: str, data: bytes, dry_run: bool
) -> None:
    attempt(shop, name, data, dry_run)


@FUZZ
@given(sample=st.sampled_from(sorted(SAMPLES)), cut=st.floats(0, 1), dry_run=st.booleans())
def test_truncated_files_are_refused_or_reported(
    shop: tuple[Database, Path, Path], sample: str, cut: float, dry_run: bool
) -> None:
    data = SAMPLES[sample]
    attempt(shop, sample, data[: int(len(data) * cut)], dry_run)


@FUZZ
@given(
    sample=st.sampled_from(sorted(SAMPLES)),
    position=st.floats(0, 1),
    junk=st.binary(min_size=1, max_size=20),
    dry_run=st.booleans(),
)
def test_corrupted_files_are_refused_or_reported(
    shop: tuple[Database, Path, Path], sample: str, position: float, junk: bytes, dry_run: bool
) -> None:
    data = SAMPLES[sample]
    at = int(len(data) * position)
    attempt(shop, sample, data[:at] + junk + data[at + len(junk) :], dry_run)


@FUZZ
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "BEGIN:VCARD", "END:VCARD", "VERSION:4.0", "FN:Ann Lee", "N:Lee;Ann",
                    "EMAIL:ann@example.com", "TEL:802 555 0101", "BDAY:--1301", "BDAY:1980",
                    "UID:x", "NOTE:a\\nb\\", "CATEGORIES:,,", "ADR:;;;;", " folded", "N",
                    'TEL;TYPE="a:b":1', "NICKNAME:", "N;ENCODING=QUOTED-PRINTABLE:=C3=", ":",
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=25,
    ),
    dry_run=st.booleans(),
)  # fmt: skip
def test_broken_vcards_are_refused_or_reported(
    shop: tuple[Database, Path, Path], lines: list[str], dry_run: bool
) -> None:
    text = "\r\n".join(["BEGIN:VCARD", *lines])
    attempt(shop, "broken.vcf", text.encode("utf-8", errors="surrogatepass"), dry_run)


def test_a_huge_field_is_refused_with_a_reason_not_a_crash(
    shop: tuple[Database, Path, Path],
) -> None:
    huge = "x" * 2_000_000
    data = f"customer_ref,first_name,note\r\nC-1,Ann,{huge}\r\n".encode()
    attempt(shop, "huge.csv", data, dry_run=False)
    attempt(
        shop, "huge.vcf", f"BEGIN:VCARD\r\nFN:Ann\r\nNOTE:{huge}\r\nEND:VCARD\r\n".encode(), False
    )


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.booleans())
def test_day_month_order_decided_by_the_column_reads_every_date_back(
    when: date, day_first: bool
) -> None:
    decisive = "25.12.2020" if day_first else "12/25/2020"
    spelled = (
        f"{when.day:02d}.{when.month:02d}.{when.year}"
        if day_first
        else f"{when.month:02d}/{when.day:02d}/{when.year}"
    )
    order = values.date_order([spelled, decisive])
    assert order == (values.DMY if day_first else values.MDY)
    assert values.calendar_date(spelled, order) == when


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters_are_recognised(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    rows = [["Name", "Note"], ["Zoë Müller", 'café; crème, "brûlée"\nline two']]
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter).writerows(rows)
    path = tmp_path / "f.csv"
    path.write_bytes(text.getvalue().encode(encoding))
    assert [cells for _, cells in csvfile.rows(path)] == rows


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2024-05-01 10:15:00 -0400", values.MDY, date(2024, 5, 1)),
        ("05/01/2024", values.MDY, date(2024, 5, 1)),
        ("05-01-2024", values.MDY, date(2024, 5, 1)),
        ("05.01.2024", values.DMY, date(2024, 1, 5)),
        ("5/1/24 3:04 PM", values.MDY, date(2024, 5, 1)),
    ],
)
def test_calendar_dates_as_tills_write_them(
    text: str, order: values.DateOrder, expected: date
) -> None:
    assert values.calendar_date(text, order) == expected


def test_birthdays_without_a_year_in_any_spelling() -> None:
    assert values.birthday("--0517") == values.birthday("05/17") == values.birthday("--05-17")
    assert values.birthday("17.05", values.DMY).year is None
    assert values.birthday("0000-05-17").year is None
    assert values.birthday("19800517").year == 1980


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yes", True),
        ("subscribed", True),
        ("Unsubscribed", False),
        ("no", False),
        ("Unknown", None),
    ],
)
def test_consent_as_tills_write_it(text: str, expected: bool | None) -> None:
    assert values.consent(text) is expected
    with pytest.raises(ValueError, match="maybe"):
        values.consent("maybe")
