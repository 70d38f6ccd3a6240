"""The import wizard on a real CSV and a real database: the dry run's preview and problems,
the import off the GUI thread, Cancel leaving the database untouched, problems saved."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db import Database
from app.importing import ImportReport, import_file, worker
from app.models import Customer
from app.ui.background import Background
from app.ui.import_wizard import ImportWizard, Runner, Step
from tests.ui.names import unnamed_controls

REALFILES = Path(__file__).parent.parent / "fixtures" / "realfiles"
HEADER = "customer_ref,first_name,last_name,preferred_name,phone,email,birthday,customer_since"
ROWS = [
    "C1,Ann,Lee,Annie,802 555 0101,ann@example.com,1985-05-17,2021-02-13",
    "C2,Tom,Baker,,,tom@example.com,,",
    "C3,Zoë,Müller,,,zoe@example.com,,",
]


class Deferred:
    """A runner that keeps the work until the test says, so Cancel can come first."""

    def __init__(self) -> None:
        self.waiting: list[
            tuple[Callable[[], Any], Callable[[Any], None], Callable[..., None]]
        ] = []

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        writes: bool = False,
    ) -> None:
        self.waiting.append((fn, on_done, on_error))

    def finish(self) -> None:
        fn, on_done, on_error = self.waiting.pop(0)
        try:
            result = fn()
        except Exception as exc:  # the same hand-over Background does
            on_error(exc)
        else:
            on_done(result)


def _steps(db: Database) -> tuple[Step, Step]:
    """What the window passes in: the real importer, dry and for real."""

    def dry_run(
        path: Path, progress: Callable[[int], None], stop: Callable[[], bool]
    ) -> ImportReport:
        return import_file(db, path, dry_run=True, progress=progress, should_stop=stop)

    def commit(
        path: Path, progress: Callable[[int], None], stop: Callable[[], bool]
    ) -> ImportReport:
        return import_file(db, path, progress=progress, should_stop=stop)

    return dry_run, commit


def _customers(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Customer)) or 0


def _csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "customers.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _wizard(qtbot: QtBot, db: Database, runner: Runner) -> ImportWizard:
    dry_run, commit = _steps(db)
    wizard = ImportWizard(dry_run, commit, runner)
    qtbot.addWidget(wizard)
    wizard.open()
    qtbot.waitExposed(wizard)
    return wizard


@pytest.fixture
def background(qtbot: QtBot) -> Iterator[Background]:
    runner = Background()
    yield runner
    runner.wait()


@pytest.mark.parametrize("reader", ["in process", "child process"])
def test_file_preview_import_summary_off_the_gui_thread(
    qtbot: QtBot,
    db: Database,
    tmp_path: Path,
    background: Background,
    monkeypatch: pytest.MonkeyPatch,
    reader: str,
) -> None:
    if reader == "child process":
        monkeypatch.setattr(worker, "PARALLEL_BYTES", 0)
    wizard = _wizard(qtbot, db, background)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    qtbot.keyClicks(wizard.file_page.path_edit, str(_csv(tmp_path, ROWS)))
    assert wizard.file_page.format_label.text() == "Recognised as: Regulars CSV"
    assert unnamed_controls(wizard) == []
    qtbot.keyClick(wizard, Qt.Key.Key_Return)

    assert wizard.currentId() == ImportWizard.PREVIEW
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=10_000)
    assert "Customers: 3 new, 0 updated, 0 unchanged" in wizard.preview_page.counts.text()
    first = [wizard.preview_page.rows.item(0, c).text() for c in range(3)]  # type: ignore[union-attr]
    assert first == ["2", "customer", "new"]
    assert wizard.preview_page.problems.rowCount() == 0
    assert unnamed_controls(wizard) == []
    assert _customers(db) == 0

    with qtbot.waitSignal(wizard.imported, timeout=10_000) as imported:
        wizard.button(QWizard.WizardButton.CommitButton).click()
    assert isinstance(imported.args[0], ImportReport) and imported.args[0].written
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.SUMMARY, timeout=10_000)
    assert wizard.summary_page.summary.text().startswith("Imported from customers.csv.")
    assert not wizard.summary_page.save_button.isEnabled()
    assert unnamed_controls(wizard) == []
    assert _customers(db) == 3
    shown = [
        which
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.CancelButton,
            QWizard.WizardButton.FinishButton,
        )
        if wizard.button(which).isVisible()
    ]
    assert shown == [QWizard.WizardButton.FinishButton]


def test_problems_are_listed_and_saved_and_nothing_can_be_imported(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    runner = Deferred()
    wizard = _wizard(qtbot, db, runner)
    rows = [*ROWS, "C4,Bad,Mail,,,not-an-email,,", "C5,Worse,Date,,,,1985-13-45,"]
    wizard.file_page.path_edit.setText(str(_csv(tmp_path, rows)))
    wizard.next()
    runner.finish()

    page = wizard.preview_page
    assert not page.isComplete()
    problems = [
        [page.problems.item(r, c).text() for c in range(2)]  # type: ignore[union-attr]
        for r in range(page.problems.rowCount())
    ]
    assert problems == [["5", "email"], ["6", "birthday"]]
    out = tmp_path / "problems.csv"
    wizard.choose_problems_file = lambda: str(out)  # type: ignore[method-assign]
    page.save_button.click()
    with out.open(encoding="utf-8-sig", newline="") as fh:
        saved = list(csv.reader(fh))
    assert saved[0] == ["file", "row", "column", "reason"]
    assert [line[1:3] for line in saved[1:]] == [["5", "email"], ["6", "birthday"]]
    assert page.notices.text() == f"Saved 2 problems to {out}."
    assert _customers(db) == 0


def test_the_check_says_an_address_book_was_read_as_windows_1252(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    runner = Deferred()
    wizard = _wizard(qtbot, db, runner)
    text = (REALFILES / "thunderbird.csv").read_text(encoding="utf-8")
    path = tmp_path / "thunderbird.csv"
    path.write_bytes(text.replace(",Williams,", ",Müller,").encode("cp1252", errors="replace"))
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    runner.finish()

    page = wizard.preview_page
    assert page.counts.text().startswith("Thunderbird address book CSV: ")
    assert "'thunderbird.csv' is not UTF-8: it was read as Windows-1252" in page.notices.text()
    assert any("Müller" in page.rows.item(r, 3).text() for r in range(page.rows.rowCount()))  # type: ignore[union-attr]


def test_cancel_during_the_import_leaves_the_database_untouched(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    runner = Deferred()
    wizard = _wizard(qtbot, db, runner)
    wizard.file_page.path_edit.setText(str(_csv(tmp_path, ROWS)))
    wizard.next()
    runner.finish()
    wizard.next()
    assert wizard.currentId() == ImportWizard.IMPORT
    qtbot.keyClick(wizard.import_page.cancel_button, Qt.Key.Key_Space)
    runner.finish()

    assert wizard.currentId() == ImportWizard.SUMMARY
    assert wizard.summary_page.summary.text() == "Import cancelled; nothing was written."
    assert _customers(db) == 0


def test_closing_while_the_dry_run_works_waits_for_it_to_stop(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    runner = Deferred()
    wizard = _wizard(qtbot, db, runner)
    wizard.file_page.path_edit.setText(str(_csv(tmp_path, ROWS)))
    wizard.next()
    wizard.reject()
    assert wizard.isVisible()
    runner.finish()
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Rejected


def test_the_good_rows_are_imported_and_the_problem_rows_saved_beside_the_file(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    runner = Deferred()
    wizard: ImportWizard

    def dry_run(path: Path, progress: Callable[[int], None], stop: Callable[[], bool]) -> Any:
        return import_file(db, path, dry_run=True, progress=progress, should_stop=stop)

    def commit(path: Path, progress: Callable[[int], None], stop: Callable[[], bool]) -> Any:
        return import_file(db, path, progress=progress, should_stop=stop, skip_bad=wizard.skip_bad)

    wizard = ImportWizard(dry_run, commit, runner)
    qtbot.addWidget(wizard)
    wizard.open()
    qtbot.waitExposed(wizard)
    source = _csv(tmp_path, [*ROWS, "C4,Bad,Mail,,,not-an-email,,"])
    wizard.file_page.path_edit.setText(str(source))
    wizard.next()
    runner.finish()

    page = wizard.preview_page
    assert page.skip_bad.isVisible() and not page.isComplete()
    assert page.skip_bad.text() == (
        "Import the 3 good rows and save the 1 problem rows to a file to fix "
        "(customers.problems.csv, beside the file)"
    )
    qtbot.keyClick(page.skip_bad, Qt.Key.Key_Space)
    assert page.isComplete()
    commit_button = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit_button.isEnabled()
    commit_button.click()
    runner.finish()

    assert wizard.currentId() == ImportWizard.SUMMARY
    saved = tmp_path / "customers.problems.csv"
    assert f"Left out 1 problem row, saved with a reason to {saved}" in (
        wizard.summary_page.summary.text()
    )
    assert _customers(db) == 3
    with saved.open(encoding="utf-8-sig", newline="") as fh:
        left_out = list(csv.DictReader(fh))
    assert [(r["customer_ref"], r["email"]) for r in left_out] == [("C4", "not-an-email")]
    assert left_out[0]["reason"].startswith("email: 'not-an-email' is not an email address")
