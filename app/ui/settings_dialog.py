"""Shop ▸ Settings: the owner edits the shop's settings file without a text editor.

One row per setting in ``app.settings.FIELDS`` (label, value, what it does), so the dialog,
the file and ``regulars settings`` can never disagree about names or checks. Save checks
every row with the same code the file is read with; a wrong one is named, focused and
nothing is written. The settings file is small and local (no database), so it is written
on the spot. A shop server's password is typed under its address (never shown, never put
in the file): Save first lets the server check it, off the GUI thread, then keeps it in
the keyring (``app.server.connect``).
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import RegularsError
from app.i18n import _
from app.server.connect import connect
from app.settings import FIELDS, Settings, load_settings, parse_value, save_settings, settings_path
from app.ui.background import Background
from app.ui.text import room_for_hint


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class SettingsDialog(QDialog):
    """The settings as editable rows; ``saved`` holds the new settings after Save."""

    def __init__(self, background: Background, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.background = background
        self.setWindowTitle(_("Settings"))
        self.setObjectName("settingsDialog")
        self.saved: Settings | None = None
        current = asdict(load_settings())
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.edits: dict[str, QLineEdit] = {}
        for field in FIELDS:
            edit = QLineEdit(_shown(current[field.key]))
            edit.setObjectName(f"setting-{field.key}")
            edit.setPlaceholderText(_(field.help))
            edit.setToolTip(
                _("{help} ({key} in settings.toml)").format(help=_(field.help), key=field.key)
            )
            edit.setAccessibleName(_(field.label))
            room_for_hint(edit)
            form.addRow(_("{label}:").format(label=_(field.label)), edit)
            self.edits[field.key] = edit
        self.password = QLineEdit()
        self.password.setObjectName("setting-server-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("kept in the keyring; empty: keep the saved one"))
        self.password.setAccessibleName(_("Shop server password"))
        room_for_hint(self.password)
        form.addRow(_("Server password:"), self.password)
        where = QLabel(_("Saved in {settings_path}").format(settings_path=settings_path()))
        where.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(where)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Check every row; write them all, or name the first wrong one and keep the file."""
        for field in FIELDS:
            try:
                parse_value(field.key, self.edits[field.key].text())
            except RegularsError as exc:
                self._refuse(str(exc), self.edits[field.key])
                return
        server, password = self.edits["server"].text().strip(), self.password.text()
        if server and password:
            self.message.setText(_("Asking the server…"))
            self.background.run(
                partial(connect, server, password),
                lambda _joined: self._write(),
                lambda exc: self._refuse(str(exc), self.password),
            )
            return
        self._write()

    def _write(self) -> None:
        try:
            self.saved = save_settings({key: edit.text() for key, edit in self.edits.items()})
        except RegularsError as exc:
            self._refuse(str(exc), None)
            return
        self.accept()

    def _refuse(self, message: str, edit: QLineEdit | None) -> None:
        self.message.setText(message)
        if edit is not None:
            edit.setFocus()
            edit.selectAll()
