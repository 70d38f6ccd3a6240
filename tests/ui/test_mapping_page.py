"""The mapping step shows the guess per column and hands back what the owner chose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db import Database
from app.importing import import_file
from app.importing.mapping import guess_from
from app.models import Customer
from app.ui.import_wizard import ImportWizard, Step
from app.ui.mapping_page import UNUSED, MappingPage
from tests.ui.names import unnamed_controls


def test_the_guess_is_prefilled_and_an_edit_changes_the_mapping(qtbot: QtBot) -> None:
    page = MappingPage()
    qtbot.addWidget(page)
    columns = ["cust_#", "given", "surname", "shoe_size"]
    page.show_columns(columns, guess_from(columns))
    assert page.mapping().fields() == {
        "customer_ref": "cust_#",
        "first_name": "given",
        "last_name": "surname",
    }
    combo = page.table.cellWidget(3, 1)
    assert isinstance(combo, QComboBox) and combo.currentText() == UNUSED
    with qtbot.waitSignal(page.changed):
        combo.setCurrentText("Note")
    assert page.mapping().fields()["note"] == "shoe_size"


class _Now:
    """A runner doing the work at once on this thread (the wizard's hand-over is what is
    under test here, not the threading)."""

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        writes: bool = False,
    ) -> None:
        try:
            result = fn()
        except Exception as exc:  # the same hand-over Background does
            on_error(exc)
        else:
            on_done(result)


def test_the_wizard_offers_the_mapping_for_an_unknown_csv_and_imports_through_it(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    holder: list[ImportWizard] = []

    def step(dry: bool) -> Step:
        def run(path: Path, progress: Callable[[int], None], stop: Callable[[], bool]) -> Any:
            wizard = holder[0]
            return import_file(
                db, path, dry_run=dry, progress=progress, should_stop=stop,
                mapping=wizard.chosen_mapping(),
            )  # fmt: skip

        return run

    wizard = ImportWizard(step(True), step(False), _Now())
    holder.append(wizard)
    qtbot.addWidget(wizard)
    wizard.open()
    path = tmp_path / "till.csv"
    path.write_text("Cust #,Given,Surname,E-mail\n7,Ann,Lee,ann@example.com\n", encoding="utf-8")
    wizard.file_page.path_edit.setText(str(path))
    assert wizard.file_page.isComplete()
    assert wizard.chosen_mapping() == guess_from(["cust_#", "given", "surname", "e_mail"])
    assert unnamed_controls(wizard) == []
    wizard.next()
    assert wizard.preview_page.isComplete()
    assert "Customers: 1 new" in wizard.preview_page.counts.text()
    with qtbot.waitSignal(wizard.imported):
        wizard.button(QWizard.WizardButton.CommitButton).click()
    with db.session() as s:
        assert list(s.scalars(select(Customer.external_ref))) == ["7"]
