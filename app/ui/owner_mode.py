"""Owner mode in the window: unlocking with the passphrase, setting or changing it, and a
switch that falls back to clerk mode.

Private notes, exports, erasure and restore are for the owner, but the window sits at the
register where anyone may stand. ``OwnerModeControl`` holds the mode and the ``Access``
every service is given: ``request(then=...)`` asks for the passphrase and, once it is
right, goes on with the action that asked (no need to redo it); ``drop()`` leaves at once,
and a few idle minutes (no ``touch()``) drop it too, so a private note is not left on
screen for the next customer. Checking a passphrase costs a deliberately slow hash, so it
runs off the GUI thread like any database work. ``offer_owner_secret(window)`` is the one
entry point for setting the passphrase (Shop menu, welcome page).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import RegularsError
from app.i18n import N_, _, ngettext
from app.safety.access import CLERK, Access, OwnerSession
from app.safety.owner_secret import Kind, SecretSet, secret_kind, set_owner_secret, unlock
from app.safety.plain_backups import remove_backups
from app.safety.scrub import server_wal_note
from app.safety.sealed_copies import CopiesSecured, secure_plain_copies
from app.safety.sealing import MIN_PASSPHRASE, check_passphrase
from app.ui.text import fit_wrapped_text, scaled

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

CHECK_EVERY_MS = 15_000
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]], None]
"""Runs a callable off the GUI thread, then one of the two callbacks on it."""

LOST_TEXT = N_(
    "Without the passphrase or the recovery code, private notes are gone for good: "
    "nobody, Regulars included, can open them."
)


def _monospaced(font: QFont) -> QFont:
    """``font``'s size in a fixed-width face: 0 and O, 1 and l are told apart."""
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    fixed.setPointSizeF(font.pointSizeF())
    fixed.setBold(font.bold())
    return fixed


def _password_box(parent: QWidget, placeholder: str, name: str) -> QLineEdit:
    box = QLineEdit(parent)
    box.setObjectName(name)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setPlaceholderText(placeholder)
    box.setAccessibleName(placeholder)
    return box


class UnlockDialog(QDialog):
    """Asks for the passphrase (or recovery code, or an old PIN); ``unlocked(Access)`` when
    it is right. A wrong guess or a lockout is explained in the dialog, which stays open."""

    unlocked = Signal(object)

    def __init__(
        self, kind: Kind, check: Callable[[str], Access], run: Runner, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Owner mode"))
        self._check = check
        self._run = run
        what = _("owner PIN") if kind == "pin" else _("passphrase (or the recovery code)")
        self.secret = _password_box(self, _("Owner {what}").format(what=what), "ownerSecret")
        self.message = QLabel(_("Enter the {what} to see private notes.").format(what=what), self)
        self.message.setObjectName("ownerMessage")
        self.message.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("ownerChecking")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.secret)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self._checks = 0
        self._busy = False
        self.secret.textChanged.connect(lambda _text: self._enable_ok())
        self._enable_ok()

    def _ok(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _submit(self) -> None:
        """Enter (the default OK button) lands here. The check is slow on purpose, so it
        runs off the GUI thread with a moving bar; Cancel still works meanwhile."""
        if not self._ok().isEnabled():
            return
        secret = self.secret.text()
        self.secret.clear()
        self._checking(True)
        self.message.setText(_("Checking… (this takes a moment on purpose)"))
        self._checks += 1
        check = self._checks
        self._run(
            partial(self._check, secret),
            partial(self._answered, check, self._right),
            partial(self._answered, check, self._wrong),
        )

    def _enable_ok(self) -> None:
        """OK (and Enter) only with something typed and no check running: an empty field
        is never sent as a guess that counts towards the lockout."""
        self._ok().setEnabled(not self._busy and bool(self.secret.text().strip()))

    def _checking(self, busy: bool) -> None:
        self._busy = busy
        self._enable_ok()
        self.secret.setEnabled(not busy)
        self.busy.setVisible(busy)

    def _answered(self, check: int, then: Callable[[Any], None], answer: Any) -> None:
        """An answer for a dialog since cancelled (or closed) is dropped: owner mode is
        entered only while someone is still waiting for it."""
        if check != self._checks or not self.isVisible():
            return
        self._checking(False)
        then(answer)

    def reject(self) -> None:
        """Cancel, even while the check runs: its answer will be dropped."""
        self._checks += 1
        self._checking(False)
        super().reject()

    def _right(self, access: Access) -> None:
        self.accept()
        self.unlocked.emit(access)

    def _wrong(self, exc: Exception) -> None:
        self.message.setText(str(exc) if isinstance(exc, RegularsError) else _("Could not check."))
        fit_wrapped_text(self)  # a lockout's explanation runs to several lines
        self.secret.setFocus()


class OwnerSecretDialog(QDialog):
    """Set or change the owner's passphrase; the recovery code is shown once, here."""

    secretSet = Signal(object)

    def __init__(
        self,
        database: Database,
        access: Access,
        run: Runner,
        parent: QWidget | None,
        *,
        replacing_pin: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Owner's passphrase"))
        self.setObjectName("ownerSecretDialog")
        self._database = database
        self._access = access
        self._run = run
        lead = (
            "The owner PIN is replaced by a passphrase now. "
            if replacing_pin
            else "Choose the passphrase that opens owner mode. "
        )
        self.message = QLabel(
            _(
                "{lead}It needs at least {minimum} characters (a few words are easy to "
                "remember). Private notes are sealed with it. You will get a recovery "
                "code once, to write down and keep away from the till. {lost}"
            ).format(lead=lead, minimum=MIN_PASSPHRASE, lost=_(LOST_TEXT)),
            self,
        )
        self.message.setObjectName("ownerSecretMessage")
        self.message.setWordWrap(True)
        self.passphrase = _password_box(self, "New passphrase", "newPassphrase")
        self.repeat = _password_box(self, "Type it again", "repeatPassphrase")
        self.code = QLabel(self)
        self.code.setObjectName("recoveryCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.code.hide()
        self.warning = QLabel(_(LOST_TEXT), self)
        self.warning.setObjectName("recoveryWarning")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.done_button = QPushButton(_("I have written it down"), self)
        self.done_button.setObjectName("recoveryWrittenDown")
        self.done_button.hide()
        self.done_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.message, self.passphrase, self.repeat, self.code, self.warning):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        layout.addWidget(self.done_button)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def showEvent(self, event: QShowEvent) -> None:
        """The explanation is read whole before anything is typed: no line cut off."""
        super().showEvent(event)
        fit_wrapped_text(self)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        fit_wrapped_text(self)

    def _submit(self) -> None:
        passphrase = self.passphrase.text()
        try:
            check_passphrase(passphrase)
            if self.repeat.text() != passphrase:
                raise RegularsError(_("The two passphrases differ; type the same one twice."))
        except RegularsError as exc:
            self._say(str(exc))
            return
        self.buttons.setEnabled(False)
        self._say(_("Sealing private notes…"))
        self._run(
            partial(set_owner_secret, self._database, passphrase, access=self._access),
            self._set,
            self._refused,
        )

    def _set(self, done: SecretSet) -> None:
        self.buttons.setEnabled(True)
        self.passphrase.clear()
        self.repeat.clear()
        for widget in (self.passphrase, self.repeat, self.buttons):
            widget.hide()
        said = _(
            "The passphrase is set and private notes are sealed. Your recovery code, "
            "shown only now (write it down and keep it safe):"
        )
        if not done.wal_cleared:
            kept = server_wal_note(False)
            said = f"{kept[:1].upper()}{kept[1:]}\n\n{said}"
        self.message.setText(said)
        scaled(self.code, 1.5, bold=True)
        self.code.setFont(_monospaced(self.code.font()))
        self.code.setText(done.recovery_code)
        self.code.show()
        self.warning.show()
        self.done_button.show()
        fit_wrapped_text(self)
        self.done_button.setFocus()
        self.secretSet.emit(done)

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self._say(str(exc) if isinstance(exc, RegularsError) else _("Not set."))


class OwnerModeControl(QObject):
    """The window's owner/clerk switch; ``changed(bool)`` is True on entering owner mode."""

    changed = Signal(bool)

    def __init__(
        self,
        database: Callable[[], Database],
        run: Runner,
        *,
        idle_minutes: float | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._run = run
        self._clock = clock
        self._session = OwnerSession(idle_minutes=idle_minutes, clock=clock)
        self._access = CLERK
        self._then: list[Callable[[], None]] = []
        self._unprotected = False
        self.dialog: QDialog | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        application = QCoreApplication.instance()
        if application is not None:
            application.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any key or click anywhere in the app (a note being typed too) is activity."""
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self.touch()
        return False

    @property
    def is_owner(self) -> bool:
        """Whether owner mode is on right now."""
        return self._session.is_owner

    @property
    def access(self) -> Access:
        """What the services are told: the owner's access (with the key) or the clerk's."""
        return self._access if self.is_owner else CLERK

    def set_idle_minutes(self, minutes: float) -> None:
        """The settings changed: owner mode now lasts ``minutes`` without activity."""
        self._session.idle = timedelta(minutes=minutes)

    @property
    def unprotected(self) -> bool:
        """True while actions that asked for owner mode run on a book with no secret set:
        there is nobody to tell apart, so they go ahead without owner mode."""
        return self._unprotected

    def request(
        self,
        parent: QWidget | None = None,
        then: Callable[[], None] | None = None,
        asking: Callable[[], None] | None = None,
    ) -> None:
        """Ask for the secret (without blocking); owner mode begins when it is right, then
        ``then`` runs; ``asking`` runs as the question is put (to say why it is asked).
        With no secret set there is nothing to ask: an action that asked (``then``) just
        goes ahead, in clerk mode, as the services let anyone do owner things then; only
        asking for owner mode itself enters it."""
        if self.is_owner:
            if then is not None:
                then()
            return
        if then is not None:
            self._then.append(then)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        database = self._database()
        self._run(partial(secret_kind, database), partial(self._ask, parent, asking), self._failed)

    def _ask(self, parent: QWidget | None, asking: Callable[[], None] | None, kind: Kind) -> None:
        if kind == "none":
            self._go_ahead()
            return
        if asking is not None:
            asking()
        database = self._database()
        dialog = UnlockDialog(
            kind, lambda secret: unlock(database, secret, now=self._clock()), self._run, parent
        )
        dialog.unlocked.connect(lambda access: self._unlocked(access, parent))
        dialog.rejected.connect(self._then.clear)
        self.dialog = dialog
        dialog.open()

    def _unlocked(self, access: Access, parent: QWidget | None) -> None:
        self._enter(access)
        if access.pin_only:
            self.set_secret(parent, replacing_pin=True)

    def _failed(self, exc: Exception) -> None:
        self._then.clear()
        QMessageBox.warning(None, _("Owner mode"), str(exc))

    def set_secret(self, parent: QWidget | None = None, *, replacing_pin: bool = False) -> None:
        """The owner's passphrase dialog (owner mode must be on); afterwards owner mode
        holds the key, and old backups with plain private notes are offered for removal."""
        dialog = OwnerSecretDialog(
            self._database(), self.access, self._run, parent, replacing_pin=replacing_pin
        )
        dialog.secretSet.connect(lambda done: self._secret_set(done, parent))
        self.dialog = dialog
        dialog.open()

    def _secret_set(self, done: SecretSet, parent: QWidget | None) -> None:
        self._access = done.access
        self._session.enter()
        self.changed.emit(True)
        database = self._database()
        self._run(
            partial(secure_plain_copies, database),
            partial(self._copies_secured, parent),
            self._failed,
        )

    def _copies_secured(self, parent: QWidget | None, copies: CopiesSecured) -> None:
        """Say what became of the older backups that held private notes in plain text;
        any that could not be sealed are offered for removal."""
        if not copies.sealed and not copies.left:
            return
        lines: list[str] = []
        if copies.sealed:
            lines += [
                ngettext(
                    "{n} older backup held private notes in plain text; it is sealed with "
                    "the passphrase now:",
                    "{n} older backups held private notes in plain text; they are sealed "
                    "with the passphrase now:",
                    len(copies.sealed),
                ).format(n=len(copies.sealed)),
                *(str(p) for p in copies.sealed),
                "",
            ]
        if copies.left:
            lines += [
                _(
                    "These could not be sealed and still hold private notes in plain text "
                    "(only the passphrase opens owner mode on them). Remove them?"
                ),
                *(str(p) for p in copies.left),
            ]
        box = QMessageBox(
            QMessageBox.Icon.Question if copies.left else QMessageBox.Icon.Information,
            _("Older backups"),
            "\n".join(lines).strip(),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
            if copies.left
            else QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setObjectName("plainBackups")
        if copies.left:
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.finished.connect(
                lambda result: (
                    remove_backups(list(copies.left))
                    if result == QMessageBox.StandardButton.Yes
                    else None
                )
            )
        self.dialog = box
        box.open()

    def _go_ahead(self) -> None:
        """No secret is set: the actions that asked run now, without owner mode (which
        would otherwise stay on, unasked, after a cancelled restore)."""
        pending, self._then = self._then, []
        if not pending:
            self._enter(Access(owner=True))
            return
        self._unprotected = True
        try:
            for action in pending:
                action()
        finally:
            self._unprotected = False

    def _enter(self, access: Access) -> None:
        self._access = access
        self._session.enter()
        self._timer.start()
        self.changed.emit(True)
        pending, self._then = self._then, []
        for action in pending:
            action()

    def touch(self) -> None:
        """The owner is still here (a key or click): owner mode lasts longer."""
        self._session.touch()

    def drop(self) -> None:
        """Back to clerk mode now; the key is let go."""
        was_owner = self._session.is_owner
        self._session.drop()
        self._access = CLERK
        self._timer.stop()
        if was_owner:
            self.changed.emit(False)

    def check(self) -> None:
        """Drop to clerk mode if owner mode has been idle too long (the timer calls this)."""
        if self._timer.isActive() and not self._session.is_owner:
            self._access = CLERK
            self._timer.stop()
            self.changed.emit(False)


def offer_owner_secret(window: MainWindow) -> None:
    """Set (or change) the owner's passphrase from anywhere in the window: the Shop menu,
    the welcome page of an empty book. Owner mode is asked for first when a secret exists."""
    window.owner.request(window, then=partial(window.owner.set_secret, window))
