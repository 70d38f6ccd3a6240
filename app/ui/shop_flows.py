"""Shop-wide work from the window: product rules, importing history, name practice.

Both dialogs run their work through the window's background helper; afterwards the
search index, Today and the open card are refreshed, since any of them may have changed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QInputDialog

from app.i18n import _
from app.importing import ImportReport, import_file
from app.importing.mapping import save_preset
from app.practice import (
    PracticeSession,
    StaffMember,
    add_staff,
    list_staff,
    progress,
    wall_clock,
)
from app.prompts import CategoryInfo, list_categories, set_category_kind
from app.ui.import_wizard import ImportWizard
from app.ui.practice_view import PracticeView
from app.ui.products_dialog import CategoryChange, ProductsDialog
from app.ui.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class ShopFlows(QObject):
    """The Shop and File menus' longer jobs."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QDialog | None = None

    def products(self) -> None:
        """Shop ▸ Products: which categories are asked about, and when (owner settings)."""
        if not self.window.owner_for("Changing product rules", self.products):
            return
        database = self.window.database
        self.window.background.run(
            partial(list_categories, database), self._show_products, self.window.report
        )

    def _show_products(self, categories: list[CategoryInfo]) -> None:
        database = self.window.database

        def save(
            change: CategoryChange,
            on_done: Callable[[CategoryInfo], None],
            on_error: Callable[[Exception], None],
        ) -> None:
            self.window.background.run(
                partial(
                    set_category_kind,
                    database,
                    change.name,
                    change.kind,
                    follow_up_days=change.follow_up_days,
                    replenish_days=change.replenish_days,
                    access=self.window.owner.access,
                ),
                on_done,
                on_error,
                writes=True,
            )

        dialog = ProductsDialog(categories, save, self.window)
        dialog.finished.connect(lambda _result: self.window.reopen_card())
        self.dialog = dialog
        dialog.open()

    def settings(self) -> None:
        """Shop ▸ Settings: the shop's settings file (owner only); once saved, owner mode's
        timeout, the phones' country, money and the open card follow at once."""
        if not self.window.owner_for("Changing the settings", self.settings):
            return
        dialog = SettingsDialog(self.window.background, self.window)
        dialog.accepted.connect(lambda: self._settings_saved(dialog))
        self.dialog = dialog
        dialog.open()

    def _settings_saved(self, dialog: SettingsDialog) -> None:
        if dialog.saved is None:
            return
        self.window.owner.set_idle_minutes(dialog.saved.idle_minutes)
        self.window.refresh_summary()
        self.window.reopen_card()
        self.window.statusBar().showMessage(_("Settings saved."), 5000)

    def practice(self, staff_name: str | None = None) -> None:
        """Practice ▸ Learn their names: flash cards for one staff member (asked for by
        name; a new name joins the staff list). The staff list is read, and a new name
        stored, off the GUI thread."""
        database = self.window.database
        self.window.background.run(
            partial(list_staff, database),
            partial(self._choose_practiser, staff_name),
            self.window.report,
        )

    def _choose_practiser(self, staff_name: str | None, staff: list[StaffMember]) -> None:
        if staff_name is None:
            names = [m.name for m in staff if m.active]
            staff_name, ok = QInputDialog.getItem(
                self.window, _("Learn their names"), _("Who is practising?"), names, 0, True
            )
            if not ok or not staff_name.strip():
                return
        if staff_name.casefold() in {m.name.casefold() for m in staff}:
            self._practise(staff_name)
            return
        name = staff_name
        self.window.background.run(
            partial(add_staff, self.window.database, name),
            lambda _member: self._practise(name),
            self.window.report,
            writes=True,
        )

    def _practise(self, staff_name: str) -> None:
        database = self.window.database
        view = PracticeView(
            PracticeSession(database, staff_name),
            staff_name,
            run=lambda fn, done: self.window.background.run(
                fn, done, self.window.report, writes=True
            ),
            parent=self.window,
            progress=lambda: progress(database, staff_name, wall_clock()),
        )
        self.dialog = view
        view.open()
        view.start()

    def import_history(self) -> None:
        """File ▸ Import: the wizard (file, preview, progress with cancel, summary); a file
        no till format fits goes through the column mapping the owner confirms."""
        database = self.window.database
        wizard: ImportWizard

        def dry_run(
            path: Path, progress: Callable[[int], None], stop: Callable[[], bool]
        ) -> ImportReport:
            return import_file(
                database,
                path,
                dry_run=True,
                progress=progress,
                should_stop=stop,
                mapping=wizard.confirmed_mapping,
            )

        def commit(
            path: Path, progress: Callable[[int], None], stop: Callable[[], bool]
        ) -> ImportReport:
            mapping = wizard.confirmed_mapping
            report = import_file(
                database,
                path,
                progress=progress,
                should_stop=stop,
                mapping=mapping,
                skip_bad=wizard.skip_bad,
            )
            if mapping is not None and report.written and wizard.keep_mapping:
                save_preset(database, path, mapping)
            return report

        wizard = ImportWizard(dry_run, commit, self.window.background, self.window)
        wizard.imported.connect(lambda _report: self.window.refresh_facts())
        self.dialog = wizard
        wizard.open()
