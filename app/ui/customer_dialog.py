"""The add/edit customer form, with "already exists?" hints as the owner types.

The form holds no database code: the window hands in ``find_duplicates`` (asked after a
short pause in typing, on the window's ``Background`` runner) and ``save`` (which stores
``values()`` and raises ``RegularsError`` with the owner's message when the input is
refused; the message then shows in the form and nothing typed is lost). With a runner,
``save`` runs as a write off the GUI thread and ``saved`` hands its result back. Ctrl+Enter
or OK saves; Esc asks before throwing changes away. When the shop's server cannot be
reached, ``keep`` (if handed in) keeps what was typed to save later, and the form closes;
without it, or when nothing could keep it, the form says so and keeps everything typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.crashlog import plain_message
from app.customers import CustomerView, DuplicateHint, NewCustomer
from app.customers.field_list import TYPED_FIELDS, label
from app.customers.forms import CustomerEdit, CustomerValues
from app.errors import RegularsError
from app.i18n import N_, _
from app.server.reach import server_away
from app.ui.background import Background
from app.ui.confirm import confirm_discard as ask_discard
from app.ui.text import date_format, month_names, room_for_hint

DUPLICATE_DELAY_MS = 250
"""How long typing pauses before likely duplicates are looked up."""

CONSENT = ((N_("Unknown"), None), (N_("Yes"), True), (N_("No"), False))
_TEXT = tuple((f.key, f.label) for f in TYPED_FIELDS if f.kind != "birthday")

FindDuplicates = Callable[[str, str, str | None, str | None], list[DuplicateHint]]
"""``likely_duplicates`` with the database already bound: first, last, phone, email."""

SaveCustomer = Callable[[CustomerValues], object]
KeepCustomer = Callable[[CustomerValues, str], bool]
"""Keep the values for whom the form names until the server is back; False if nothing
could."""


def split_name(typed: str) -> tuple[str, str]:
    """What was typed in the search box as (first, last): "Smith, John" or "John Smith";
    a single word is taken as the first name."""
    if "," in typed:
        last, _, first = typed.partition(",")
        return " ".join(first.split()), " ".join(last.split())
    words = typed.split()
    if len(words) < 2:
        return " ".join(words), ""
    return " ".join(words[:-1]), words[-1]


class CustomerDialog(QDialog):
    """Add a customer (``for_new``) or edit one (``for_edit``)."""

    saved = Signal(object)
    """What ``save`` returned, once it stored the values (the dialog then closes)."""

    def __init__(
        self,
        view: CustomerView | None,
        *,
        find_duplicates: FindDuplicates,
        save: SaveCustomer,
        parent: QWidget | None = None,
        prefill: tuple[str, str] = ("", ""),
        runner: Background | None = None,
        keep: KeepCustomer | None = None,
    ) -> None:
        super().__init__(parent)
        self._view = view
        self._keep = keep
        self._find_duplicates = find_duplicates
        self._runner = runner
        self._asked = 0
        """How many duplicate checks have been asked for: only the latest one's answer
        is shown (an earlier one may come back after it)."""
        self._save = save
        self._saving = False
        """A save is on its way (a second Ctrl+Enter meanwhile does nothing)."""
        self.setObjectName("customerDialog")
        self.setWindowTitle(
            _("Edit {display_name}").format(display_name=view.display_name)
            if view
            else _("New customer")
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.text: dict[str, QLineEdit] = {}
        for field, caption in _TEXT:
            box = QLineEdit()
            box.setObjectName(field)
            self.text[field] = box
            form.addRow(_(caption), box)
        form.addRow(label("birthday"), self._birthday_row())
        form.addRow(label("customer_since"), self._since_row())
        self.consent = QComboBox()
        for caption, _value in CONSENT:
            self.consent.addItem(_(caption))
        form.addRow(_("May we contact them?"), self.consent)
        self.no_sales_prompts = QCheckBox(_("Don't send sales prompts"))
        form.addRow("", self.no_sales_prompts)
        layout.addLayout(form)

        self.duplicates = QLabel()
        self.duplicates.setObjectName("customerDuplicates")
        self.duplicates.setWordWrap(True)
        self.duplicates.hide()
        layout.addWidget(self.duplicates)
        self.problem = QLabel()
        self.problem.setObjectName("customerProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._fill(view, prefill)
        self._start = self._state()
        self._duplicate_timer = QTimer(self)
        self._duplicate_timer.setSingleShot(True)
        self._duplicate_timer.setInterval(DUPLICATE_DELAY_MS)
        self._duplicate_timer.timeout.connect(self.check_duplicates)
        for field in ("first_name", "last_name", "phone", "email"):
            self.text[field].textEdited.connect(self._duplicate_timer.start)
        self.text["first_name"].setFocus()

    @classmethod
    def for_new(
        cls,
        prefill_name: str,
        *,
        find_duplicates: FindDuplicates,
        save: SaveCustomer,
        parent: QWidget | None = None,
        runner: Background | None = None,
        keep: KeepCustomer | None = None,
    ) -> CustomerDialog:
        """A new customer, the name typed in the search box split into first and last;
        the duplicate hints for that name are asked for straight away."""
        dialog = cls(
            None,
            find_duplicates=find_duplicates,
            save=save,
            parent=parent,
            prefill=split_name(prefill_name),
            runner=runner,
            keep=keep,
        )
        if prefill_name.strip():
            dialog.check_duplicates()
        return dialog

    @classmethod
    def for_edit(
        cls,
        view: CustomerView,
        *,
        find_duplicates: FindDuplicates,
        save: SaveCustomer,
        parent: QWidget | None = None,
        runner: Background | None = None,
        keep: KeepCustomer | None = None,
    ) -> CustomerDialog:
        """An existing customer; saving sends only what changed, with the version shown."""
        return cls(
            view,
            find_duplicates=find_duplicates,
            save=save,
            parent=parent,
            runner=runner,
            keep=keep,
        )

    def _birthday_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.birthday_month = QComboBox()
        self.birthday_month.addItems(["—", *month_names()])
        self.birthday_month.setAccessibleName(_("Birthday month"))
        self.birthday_day = QSpinBox()
        self.birthday_day.setRange(0, 31)
        self.birthday_day.setSpecialValueText("—")
        self.birthday_day.setAccessibleName(_("Birthday day"))
        self.birthday_year = QLineEdit()
        self.birthday_year.setPlaceholderText(_("year (optional)"))
        self.birthday_year.setMaxLength(4)
        self.birthday_year.setAccessibleName(_("Birth year (optional)"))
        room_for_hint(self.birthday_year)
        self.birthday_day.setMinimumWidth(
            self.birthday_day.sizeHint().width() + self.fontMetrics().averageCharWidth()
        )
        for widget in (self.birthday_month, self.birthday_day, self.birthday_year):
            row.addWidget(widget)
        return row

    def _since_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.since_known = QCheckBox(_("Known"))
        self.since = QDateEdit()
        today = date.today()
        self.since.setDate(QDate(today.year, today.month, today.day))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat(date_format())
        self.since.setEnabled(False)
        self.since.setAccessibleName(_("Customer since"))
        self.since_known.toggled.connect(self.since.setEnabled)
        row.addWidget(self.since_known)
        row.addWidget(self.since)
        return row

    def _fill(self, view: CustomerView | None, prefill: tuple[str, str]) -> None:
        if view is None:
            self.text["first_name"].setText(prefill[0])
            self.text["last_name"].setText(prefill[1])
            return
        self.show_values(
            {
                key: getattr(view, key)
                for key in (
                    *self.text,
                    "birthday",
                    "customer_since",
                    "contact_consent",
                    "no_sales_prompts",
                )
            }
        )

    def show_values(self, values: Mapping[str, object]) -> None:
        """Put ``values`` (field by field, as the service reads them) into the boxes; a
        field not given stays as it is. A kept form shows again this way."""
        for field, box in self.text.items():
            if field in values:
                box.setText(str(values[field] or ""))
        if "birthday" in values:
            year, month, day = str(values["birthday"] or "--00-00").split("-")[-3:]
            self.birthday_month.setCurrentIndex(int(month))
            self.birthday_day.setValue(int(day))
            self.birthday_year.setText(year.lstrip("-"))
        since = values.get("customer_since")
        if isinstance(since, date):
            self.since.setDate(QDate(since.year, since.month, since.day))
        if "customer_since" in values:
            self.since_known.setChecked(since is not None)
        if "contact_consent" in values:
            consent = values["contact_consent"]
            self.consent.setCurrentIndex(next(i for i, c in enumerate(CONSENT) if c[1] == consent))
        if "no_sales_prompts" in values:
            self.no_sales_prompts.setChecked(bool(values["no_sales_prompts"]))

    def who(self) -> str:
        """Whom the form is about, for messages: the customer edited, else the name typed."""
        if self._view is not None:
            return self._view.display_name
        state = self._state()
        typed = " ".join(n for n in (state["first_name"], state["last_name"]) if n)
        return typed or _("the new customer")

    def _birthday_text(self) -> str | None:
        month, day = self.birthday_month.currentIndex(), self.birthday_day.value()
        year = self.birthday_year.text().strip()
        if not month and not day and not year:
            return None
        if not month or not day:
            raise RegularsError(_("Birthday: choose both the month and the day."))
        if year and not (year.isdigit() and len(year) == 4):
            raise RegularsError(
                _("Birthday: '{year}' is not a year such as 1970.").format(year=year)
            )
        return f"{year or '-'}-{month:02d}-{day:02d}"

    def _state(self) -> dict[str, Any]:
        """Every field as the service reads it (blank text as ``None``)."""
        state: dict[str, Any] = {
            field: box.text().strip() or None for field, box in self.text.items()
        }
        state["birthday"] = (
            self.birthday_month.currentIndex(),
            self.birthday_day.value(),
            self.birthday_year.text().strip(),
        )
        state["customer_since"] = (
            self.since.date().toPython() if self.since_known.isChecked() else None
        )
        state["contact_consent"] = CONSENT[self.consent.currentIndex()][1]
        state["no_sales_prompts"] = self.no_sales_prompts.isChecked()
        return state

    def values(self) -> CustomerValues:
        """What to store: a ``NewCustomer``, or a ``CustomerEdit`` of the changed fields."""
        state = self._state()
        fields = [f for f in state if self._view is None or state[f] != self._start[f]]
        given: dict[str, Any] = {field: state[field] for field in fields}
        if "birthday" in given:
            given["birthday"] = self._birthday_text()
        for field in ("first_name", "last_name"):
            if field in given:
                given[field] = given[field] or ""
        if self._view is None:
            return NewCustomer(**given)
        return CustomerEdit(self._view.id, given, self._view.version)

    def check_duplicates(self) -> None:
        """Ask for likely duplicates of the name, phone and email typed so far: on the
        ``runner`` when there is one (at 100,000 customers the look takes a few hundred
        milliseconds, which typing must not wait for), else at once."""
        self._duplicate_timer.stop()
        state = self._state()
        ask = partial(
            self._find_duplicates,
            state["first_name"] or "",
            state["last_name"] or "",
            state["phone"],
            state["email"],
        )
        if self._runner is None:
            self._show_duplicates(ask())
            return
        self._asked += 1
        asked = self._asked
        self._runner.run(
            ask,
            lambda hints: self._answered(asked, hints),
            lambda _exc: self._answered(asked, []),
        )

    def _answered(self, asked: int, hints: list[DuplicateHint]) -> None:
        """A check's answer, unless a later one was asked or the form has gone meanwhile.
        A check that failed shows no hints: they are advice, and saving checks again."""
        if asked == self._asked and isValid(self):
            self._show_duplicates(hints)

    def _show_duplicates(self, hints: list[DuplicateHint]) -> None:
        hints = [hint for hint in hints if self._view is None or hint.id != self._view.id]
        self.duplicates.setText(
            "\n".join(
                f"{hint.display_name}{', ' + hint.detail if hint.detail else ''} "
                f"already exists (#{hint.id}, {hint.reason})."
                for hint in hints
            )
        )
        self.duplicates.setVisible(bool(hints))

    def show_problem(self, message: str) -> None:
        """Say why the input was refused, in the form, keeping everything typed."""
        self.problem.setText(message)
        self.problem.show()

    def save(self) -> None:
        """Hand the values to the window's ``save``; close only if it stored them."""
        try:
            values = self.values()
            if isinstance(values, CustomerEdit) and not values.changes:
                super().reject()
                return
            if self._runner is None:
                self._stored(self._save(values))
                return
        except RegularsError as exc:
            self.show_problem(str(exc))
            return
        if self._saving:
            return
        self._saving = True
        self._runner.run(
            partial(self._save, values),
            self._stored,
            partial(self._refused, values),
            writes=True,
        )

    def _stored(self, result: object) -> None:
        self._saving = False
        self._duplicate_timer.stop()
        self.accept()
        self.saved.emit(result)

    def _refused(self, values: CustomerValues, exc: Exception) -> None:
        """A refusal shows in the form with everything typed kept; anything else is the
        window's to report. A server that is away: ``keep`` keeps the values to save once
        it is back and the form closes, or (nothing kept them) the form says so, what was
        typed still in it."""
        self._saving = False
        if server_away(exc):
            if self._keep is not None and self._keep(values, self.who()):
                self._duplicate_timer.stop()
                super().accept()
                return
            self.show_problem(plain_message(exc)[0])
            return
        if not isinstance(exc, RegularsError):
            raise exc
        self.show_problem(str(exc))

    def confirm_discard(self) -> bool:
        """Ask before typed changes are thrown away."""
        return ask_discard(
            self,
            _("Discard these changes?"),
            _("The customer details you typed have not been saved. Throw them away?"),
        )

    def reject(self) -> None:
        """Esc, Cancel or closing: only after confirming when something was changed."""
        if self._state() != self._start and not self.confirm_discard():
            return
        self._duplicate_timer.stop()
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter saves from any field."""
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save()
            return
        super().keyPressEvent(event)
