"""The import wizard: a till's export brought in without a spreadsheet session.

File → the format it was recognised as → a dry run (counts, the first rows as they will
land, every problem with row, column and reason) → the import with a progress bar and a
Cancel → a summary; problems can be saved as a CSV to fix the file in one pass, or the
good rows imported and the problem rows saved beside the file, a reason each, to fix.

The wizard never touches the database: ``dry_run`` and ``commit`` do (the window passes
``import_file`` calls), on the ``runner`` (``Background``), so the GUI thread never waits.
The importer is all or nothing and checks ``should_stop`` before it commits, so Cancel
at any point leaves the database exactly as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.errors import RegularsError
from app.i18n import _, ngettext
from app.importing import (
    ImportReport,
    csvfile,
    detect_format,
    mapping,
    needs_mapping,
    set_aside,
)
from app.importing.preview_words import preview_words
from app.importing.problems_csv import save_problems
from app.ui.mapping_page import MappingPage

Step = Callable[[Path, Callable[[int], None], Callable[[], bool]], ImportReport]
"""``(path, progress, should_stop) -> report``: a dry run or the real import."""


class Runner(Protocol):
    """What the wizard needs of ``Background``: run work elsewhere, call back here."""

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        writes: bool = False,
    ) -> None: ...


def counts_text(report: ImportReport) -> str:
    """ "Customers: 3 new, 1 updated, 0 unchanged · …" in one line."""
    counted = _("{label}: {new} new, {updated} updated, {unchanged} unchanged")
    parts = [
        counted.format(label=label, new=c.new, updated=c.updated, unchanged=c.unchanged)
        for label, c in (
            (_("Customers"), report.customers),
            (_("Purchase lines"), report.purchases),
        )
    ]
    skipped = _("Skipped: {n}").format(n=report.skipped)
    return " · ".join([*parts, skipped, _("Problems: {n}").format(n=len(report.problems))])


def _table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


class FilePage(QWizardPage):
    """Which file; the format it will be read as is shown as soon as it is chosen."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(_("A till's export (Shopify, Square, …), a vCard file or a Regulars CSV."))
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(_("path to the file"))
        label = QLabel(_("&File:"))
        label.setBuddy(self.path_edit)
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        for widget in (label, self.path_edit, browse):
            row.addWidget(widget)
        self.format_label = QLabel()
        self.format_label.setWordWrap(True)
        self.mapping_page = MappingPage()
        self.mapping_page.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.format_label)
        layout.addWidget(self.mapping_page)
        self._format: str | None = None
        self._mapped = False
        self.path_edit.textChanged.connect(self._detect)

    def _browse(self) -> None:
        chosen = self._wizard.choose_import_file()
        if chosen:
            self.path_edit.setText(chosen)

    def _detect(self, text: str) -> None:
        self._format = None
        self._mapped = False
        self.mapping_page.hide()
        path = Path(text.strip())
        if not text.strip():
            self.format_label.clear()
        elif not path.is_file():
            self.format_label.setText(_("No such file."))
        else:
            try:
                self._format = detect_format(path)
                unknown = needs_mapping(path)
            except RegularsError as exc:
                self.format_label.setText(str(exc))
            else:
                self.format_label.setText(_("Recognised as: {format}").format(format=self._format))
                if unknown:
                    self._offer_mapping(path)
        self.completeChanged.emit()

    def _offer_mapping(self, path: Path) -> None:
        """A CSV no format knows: its columns, each with the field guessed for it."""
        try:
            columns = csvfile.header(path)
            guess = mapping.guess_mapping(path)
        except RegularsError:
            return
        if not guess.pairs:
            return
        self.mapping_page.show_columns(columns, guess)
        self.mapping_page.show()
        self._mapped = True
        self._format = mapping.FORMAT.label
        self.format_label.setText(_("No format recognised: check which column goes where."))

    def isComplete(self) -> bool:
        """A readable file of a known format (or mapped column by column)."""
        return self._format is not None

    def chosen_mapping(self) -> mapping.Mapping | None:
        """The column mapping confirmed on this page, when the file needed one."""
        return self.mapping_page.mapping() if self._mapped else None

    def path(self) -> Path:
        """The chosen file."""
        return Path(self.path_edit.text().strip())


class PreviewPage(QWizardPage):
    """The dry run: what the import will do, row by row problems, before anything is written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Check before importing"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.notices = QLabel()
        self.notices.setWordWrap(True)
        self.rows = _table(
            _("Rows as they will land"),
            (_("row"), _("kind"), _("action"), _("as it will land")),
        )
        self.problems = _table(_("Problem rows"), (_("row"), _("column"), _("reason")))
        self.save_button = QPushButton(_("&Save problems as CSV…"))
        self.save_button.clicked.connect(wizard.save_problems)
        self.skip_bad = QCheckBox()
        self.skip_bad.setObjectName("skipBad")
        self.skip_bad.toggled.connect(lambda _on: self.completeChanged.emit())
        self.can_skip_bad = False
        """Whether the dry run found problem rows and good rows both (the box is offered)."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.counts)
        layout.addWidget(self.notices)
        layout.addWidget(QLabel(_("First rows:")))
        layout.addWidget(self.rows)
        layout.addWidget(QLabel(_("Problems (nothing is imported until there are none):")))
        layout.addWidget(self.problems)
        layout.addWidget(self.save_button)
        layout.addWidget(self.skip_bad)

    def initializePage(self) -> None:
        """Start the dry run on the chosen file."""
        self.progress.show()
        self.progress.setRange(0, 0)
        self.counts.setText(_("Reading the file…"))
        self.notices.clear()
        _fill(self.rows, [])
        _fill(self.problems, [])
        self.save_button.setEnabled(False)
        self.skip_bad.setChecked(False)
        self.skip_bad.hide()
        self.can_skip_bad = False
        self._wizard.start_dry_run()

    def cleanupPage(self) -> None:
        """Back to the file: the dry run under way is no longer wanted."""
        self._wizard.stop()

    def show_report(self, report: ImportReport) -> None:
        """The dry run's findings."""
        self.progress.hide()
        text = f"{report.format}: {counts_text(report)}"
        if report.ok and not (report.new or report.updated):
            text += "\n" + _("Nothing to import: everything in this file is already here.")
        self.counts.setText(text)
        self.notices.setText("\n".join(report.notices))
        _fill(
            self.rows,
            [(str(p.row), *preview_words(p)) for p in report.preview],
        )
        _fill(self.problems, [(str(p.row), p.column, p.reason) for p in report.problems])
        self.save_button.setEnabled(bool(report.problems))
        bad = len({p.row for p in report.problems})
        good = self._wizard.rows_read - report.skipped - bad
        self.skip_bad.setText(
            _(
                "Import the {good} good rows and save the {bad} problem rows to a file "
                "to fix ({name}, beside the file)"
            ).format(
                good=good, bad=bad, name=set_aside.problems_path(self._wizard.file_page.path()).name
            )
        )
        self.can_skip_bad = bool(bad) and good > 0
        self.skip_bad.setVisible(self.can_skip_bad)
        self.completeChanged.emit()

    def show_failure(self, message: str) -> None:
        """The file could not be read at all."""
        self.progress.hide()
        self.counts.setText(message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """A clean dry run that would change something."""
        report = self._wizard.dry_report
        if report is None or not (report.new or report.updated):
            return False
        return report.ok or (self.can_skip_bad and self.skip_bad.isChecked())


class ImportPage(QWizardPage):
    """The import itself: a progress bar and Cancel, then straight on to the summary."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Importing"))
        self.setSubTitle(_("A backup is taken just before anything is written."))
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(_("&Cancel import"))
        self.cancel_button.clicked.connect(self.cancel)
        self.state = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        layout.addWidget(self.cancel_button)

    def initializePage(self) -> None:
        """Start the import."""
        self.progress.setRange(0, max(self._wizard.rows_read, 1))
        self.progress.setValue(0)
        self.state.setText(_("Reading and checking every row…"))
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        self._wizard.start_commit()

    def cancel(self) -> None:
        """Stop before the commit: nothing is written."""
        self._wizard.stop()
        self.cancel_button.setEnabled(False)
        self.state.setText(_("Cancelling…"))

    def isComplete(self) -> bool:
        """Only once the import has finished one way or the other."""
        return self._wizard.outcome is not None


class SummaryPage(QWizardPage):
    """What was imported (or why nothing was), and the problems to save if any."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Done"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.save_button = QPushButton(_("&Save problems as CSV…"))
        self.save_button.clicked.connect(wizard.save_problems)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.save_button)
        layout.addStretch()

    def initializePage(self) -> None:
        """Say how it ended. Only Finish is left: Back would go to an import that is
        over, and Cancel would cancel nothing."""
        self._wizard.setButtonLayout(
            [QWizard.WizardButton.Stretch, QWizard.WizardButton.FinishButton]
        )
        self.summary.setText(self._wizard.outcome or "")
        report = self._wizard.problems_report()
        self.save_button.setEnabled(report is not None and bool(report.problems))


class ImportWizard(QWizard):
    """The import, step by step; ``imported`` carries the report once data was written."""

    imported = Signal(object)
    progressed = Signal(int)

    FILE, PREVIEW, IMPORT, SUMMARY = range(4)

    def __init__(
        self,
        dry_run: Step,
        commit: Step,
        runner: Runner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import customers and sales"))
        self.setObjectName("importWizard")
        self._dry_run = dry_run
        self._commit = commit
        self._runner = runner
        self.confirmed_mapping: mapping.Mapping | None = None
        """The mapping as confirmed when the running step started (steps read this, not
        the widgets, since they run off the GUI thread)."""
        self.keep_mapping = False
        self.skip_bad = False
        """Whether the running step imports the good rows and saves the others (steps
        read this, as the mapping, rather than the check box)."""
        self._stop = threading.Event()
        self._job = 0
        self._busy = False
        self._close_when_idle = False
        self.dry_report: ImportReport | None = None
        self.final_report: ImportReport | None = None
        self.outcome: str | None = None
        self.rows_read = 0
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.import_page = ImportPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in enumerate(
            (self.file_page, self.preview_page, self.import_page, self.summary_page)
        ):
            self.setPage(page_id, page)
        self.progressed.connect(self._progressed)
        self.resize(760, 560)

    # what the window may replace (tests do): the file dialogs

    def choose_import_file(self) -> str:
        """Ask for the file to import; "" when the owner changed their mind."""
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Import from", "", "Exports (*.csv *.txt *.vcf *.vcard);;All files (*)"
        )
        return chosen

    def choose_problems_file(self) -> str:
        """Ask where to save the problems; "" when the owner changed their mind."""
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save problems as CSV", "import-problems.csv", "CSV (*.csv)"
        )
        return chosen

    def chosen_mapping(self) -> mapping.Mapping | None:
        """For the steps: the column mapping the owner confirmed, when the file needed one
        (pass it as ``import_file(..., mapping=...)``)."""
        return self.file_page.chosen_mapping()

    def remember_mapping(self) -> bool:
        """Whether the owner asked for the mapping to be kept as a preset."""
        return self.file_page.mapping_page.remember.isChecked()

    # the work

    def start_dry_run(self) -> None:
        """Read the whole file, write nothing, and show what an import would do."""
        self.dry_report = None
        self.rows_read = 0
        self._start(self._dry_run, self._dry_run_done, self._dry_run_failed)

    def start_commit(self) -> None:
        """The import itself, all or nothing."""
        self.outcome = None
        self.final_report = None
        self._start(self._commit, self._commit_done, self._commit_failed)

    def stop(self) -> None:
        """Ask the work under way to stop; the importer then rolls back."""
        self._stop.set()

    def problems_report(self) -> ImportReport | None:
        """The report whose problems "Save problems as CSV" writes: the latest one."""
        return self.final_report or self.dry_report

    def save_problems(self) -> None:
        """Write the latest report's problems where the owner chooses."""
        report = self.problems_report()
        if report is None or not report.problems:
            return
        out = self.choose_problems_file()
        if not out:
            return
        page = self.currentPage()
        label = page.summary if isinstance(page, SummaryPage) else self.preview_page.notices
        try:
            written = save_problems(report, Path(out))
        except RegularsError as exc:
            label.setText(str(exc))
        else:
            label.setText(
                ngettext(
                    "Saved {n} problem to {out}.", "Saved {n} problems to {out}.", written
                ).format(n=written, out=out)
            )

    def reject(self) -> None:
        """Cancel: stop any work first; the wizard closes once it has rolled back."""
        self.stop()
        if self._busy:
            self._close_when_idle = True
            return
        super().reject()

    def _start(
        self,
        step: Step,
        on_done: Callable[[ImportReport], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Run ``step`` as the one writer: even a dry run writes inside its transaction
        (then rolls back), so it must not overlap another writer."""
        self._job += 1
        job = self._job
        self._stop = threading.Event()
        self._busy = True
        self.confirmed_mapping = self.chosen_mapping()
        self.keep_mapping = self.remember_mapping()
        self.skip_bad = step is self._commit and self.preview_page.skip_bad.isChecked()
        path, stop, progressed = self.file_page.path(), self._stop.is_set, self.progressed.emit
        self._runner.run(
            lambda: step(path, progressed, stop),
            lambda report: self._finished(job, on_done, report),
            lambda exc: self._finished(job, on_error, exc),
            writes=True,
        )

    def _finished(self, job: int, then: Callable[[Any], None], value: object) -> None:
        if job != self._job:
            return
        self._busy = False
        if self._close_when_idle:
            super().reject()
            return
        then(value)

    def _progressed(self, rows: int) -> None:
        if self.currentPage() is self.import_page:
            self.import_page.progress.setValue(min(rows, self.import_page.progress.maximum()))
        else:
            self.rows_read = rows

    def _dry_run_done(self, report: ImportReport) -> None:
        self.dry_report = report
        self.preview_page.show_report(report)

    def _dry_run_failed(self, exc: Exception) -> None:
        self.preview_page.show_failure(str(exc))

    def _commit_done(self, report: ImportReport) -> None:
        self.final_report = report
        if report.written:
            self.outcome = _("Imported from {file}. {counts}").format(
                file=Path(report.file).name, counts=counts_text(report)
            )
            if report.problems_file:
                rows = len({p.row for p in report.set_aside})
                self.outcome += "\n" + ngettext(
                    "Left out {n} problem row, saved with a reason to {file}: fix it there "
                    "and import that file.",
                    "Left out {n} problem rows, saved with a reason each to {file}: fix them "
                    "there and import that file.",
                    rows,
                ).format(n=rows, file=report.problems_file)
            self.imported.emit(report)
        elif report.problems:
            self.outcome = ngettext(
                "{n} problem found; nothing was written. Save it as CSV to fix the file.",
                "{n} problems found; nothing was written. Save them as CSV to fix the file.",
                len(report.problems),
            ).format(n=len(report.problems))
        else:
            self.outcome = _("Nothing to import: everything in this file is already here.")
        self._to_summary()

    def _commit_failed(self, exc: Exception) -> None:
        self.outcome = str(exc)
        self._to_summary()

    def _to_summary(self) -> None:
        self.import_page.completeChanged.emit()
        if self.currentPage() is self.import_page:
            self.next()
