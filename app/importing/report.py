"""What an import did, or would do: counts, every problem with its row and column, a preview.

The owner decides from this report whether to commit, so it has to say everything in one
go: a file is fixed once, not once per error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PREVIEW_ROWS = 10
CUSTOMER = "customer"
PURCHASE = "purchase"

Action = Literal["new", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one cell (or row) was refused. ``row`` is numbered as a spreadsheet shows it."""

    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class Counts:
    """Records of one kind: how many the import adds, changes, or finds already there."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class PreviewRow:
    """One record as it will land, in words, for the dry run's "first rows"."""

    row: int
    kind: str
    action: Action
    fields: dict[str, str]


@dataclass(frozen=True)
class ImportReport:
    """The outcome of one import; ``written`` is true only when the database was changed."""

    file: str
    format: str
    dry_run: bool
    written: bool
    customers: Counts
    purchases: Counts
    skipped: int
    problems: tuple[RowProblem, ...]
    notices: tuple[str, ...]
    preview: tuple[PreviewRow, ...]
    set_aside: tuple[RowProblem, ...] = ()
    """With ``skip_bad``: the problems of the rows left out so the good ones could land."""
    problems_file: str | None = None
    """Where the rows left out were saved, with a reason each, to fix and import again."""

    @property
    def ok(self) -> bool:
        """No problems: the import may be (or was) committed."""
        return not self.problems

    @property
    def new(self) -> int:
        """Customers and purchase lines added."""
        return self.customers.new + self.purchases.new

    @property
    def updated(self) -> int:
        """Customers changed."""
        return self.customers.updated + self.purchases.updated

    @property
    def unchanged(self) -> int:
        """Records already in the database exactly as the file has them."""
        return self.customers.unchanged + self.purchases.unchanged


@dataclass
class ReportBuilder:
    """The report while rows stream past; ``finish`` freezes it."""

    file: str
    format: str
    dry_run: bool
    skipped: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    set_aside: list[RowProblem] = field(default_factory=list)
    skip_bad: bool = False
    notices: list[str] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)
    _counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {
            kind: {"new": 0, "updated": 0, "unchanged": 0} for kind in (CUSTOMER, PURCHASE)
        }
    )

    def refuse(self, problems: tuple[RowProblem, ...] | list[RowProblem]) -> None:
        """A row cannot land: it refuses the file, or with ``skip_bad`` is set aside."""
        (self.set_aside if self.skip_bad else self.problems).extend(problems)

    def count(self, kind: str, action: Action, records: int = 1) -> None:
        """One record (or ``records`` of them) landed, or will."""
        self._counts[kind][action] += records

    @property
    def wants_preview(self) -> bool:
        """Whether the preview still has room (describing a record costs time)."""
        return len(self.preview) < PREVIEW_ROWS

    def show(self, row: int, kind: str, action: Action, fields: dict[str, str]) -> None:
        """Keep one record, in words, for the "first rows as they will land"."""
        self.preview.append(PreviewRow(row, kind, action, fields))

    def counts(self, kind: str) -> Counts:
        """The tally for one kind of record so far."""
        return Counts(**self._counts[kind])

    def finish(self, *, written: bool) -> ImportReport:
        """The frozen report handed back to the caller."""
        return ImportReport(
            file=self.file,
            format=self.format,
            dry_run=self.dry_run,
            written=written,
            customers=self.counts(CUSTOMER),
            purchases=self.counts(PURCHASE),
            skipped=self.skipped,
            problems=tuple(self.problems),
            notices=tuple(self.notices),
            preview=tuple(self.preview),
            set_aside=tuple(self.set_aside),
        )
