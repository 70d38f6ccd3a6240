"""File ▸ Import from the window: an unknown till's CSV goes through the confirmed column
mapping, lands, and the mapping is remembered for that till's next file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.importing import import_file
from app.ui.import_wizard import ImportWizard
from app.ui.main_window import MainWindow


def test_a_mapped_csv_imports_and_its_mapping_is_kept(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "till.csv"
    path.write_text("Cust #,Given,Surname,E-mail\n7,Ann,Lee,ann@example.com\n", encoding="utf-8")
    window.shop.import_history()
    wizard = window.shop.dialog
    assert isinstance(wizard, ImportWizard)
    wizard.file_page.path_edit.setText(str(path))
    wizard.file_page.mapping_page.remember.setChecked(True)
    wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=10_000)
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        wizard.button(QWizard.WizardButton.CommitButton).click()
    window.search_box.setText("ann lee")
    assert window.results.data(window.results.index(0, 0)) == "Ann Lee"

    again = tmp_path / "till-december.csv"
    again.write_text("Cust #,Given,Surname,E-mail\n8,Bo,Park,bo@example.com\n", encoding="utf-8")
    assert import_file(window.database, again).customers.new == 1
