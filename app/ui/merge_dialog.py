"""Merging two records of one person, field by field.

The dialog shows the open customer (kept) beside a likely duplicate and lets the owner
pick, for every field where they differ, which value survives. It only collects the
choice; the window runs the merge (which backs up first and can be undone).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.customers import CustomerView
from app.customers.field_list import CUSTOMER_FIELDS
from app.i18n import _

FIELDS = tuple((f.key, f.label) for f in CUSTOMER_FIELDS if f.kind not in ("consent", "flag"))


def _shown(value: object) -> str:
    return "—" if value in (None, "") else str(value)


NOTE_CHARS = 60
"""The note under the fields wraps at about this many characters, not at a few words."""


class MergeDialog(QDialog):
    """Keep ``keep``; fold the chosen candidate into it."""

    def __init__(
        self, keep: CustomerView, candidates: Sequence[CustomerView], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Merge into {display_name}").format(display_name=keep.display_name))
        self.keep = keep
        self.candidates = list(candidates)
        self.groups: dict[str, QButtonGroup] = {}
        layout = QVBoxLayout(self)
        # Never smaller than what it holds: the field names, both values and the wrapped
        # note stay whole in any language (German headings are longer than English ones).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(
            QLabel(
                _("Keep <b>{display_name}</b> (#{id}) and merge in:").format(
                    display_name=keep.display_name, id=keep.id
                )
            )
        )
        self.picker = QComboBox()
        self.picker.setAccessibleName(_("Customer to merge in"))
        for other in self.candidates:
            self.picker.addItem(f"{other.display_name} (#{other.id})")
        layout.addWidget(self.picker)
        self.grid_host = QWidget()
        layout.addWidget(self.grid_host)
        note = QLabel(
            _(
                "Purchases, notes, prompts, household and tags all move to the kept customer; "
                "the other record is archived. A backup is taken first, and Undo last merge "
                "puts everything back."
            )
        )
        note.setWordWrap(True)
        note.setMinimumWidth(self.fontMetrics().averageCharWidth() * NOTE_CHARS)
        note.setMinimumHeight(note.heightForWidth(note.minimumWidth()))
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText(_("&Merge"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.picker.currentIndexChanged.connect(self._show_fields)
        self._show_fields()

    @property
    def other(self) -> CustomerView:
        """The record being merged in."""
        return self.candidates[self.picker.currentIndex()]

    def _show_fields(self) -> None:
        old = self.grid_host.layout()
        if old is not None:
            QWidget().setLayout(old)
        grid = QGridLayout(self.grid_host)
        grid.addWidget(QLabel(_("<b>Field</b>")), 0, 0)
        grid.addWidget(QLabel(_("<b>Keep</b>")), 0, 1)
        grid.addWidget(QLabel(_("<b>Take from the other</b>")), 0, 2)
        self.groups = {}
        row = 1
        for field, label in FIELDS:
            mine, theirs = getattr(self.keep, field), getattr(self.other, field)
            if _shown(mine) == _shown(theirs):
                continue
            group = QButtonGroup(self.grid_host)
            keep_button = QRadioButton(_shown(mine))
            other_button = QRadioButton(_shown(theirs))
            keep_button.setObjectName(f"keep-{field}")
            other_button.setObjectName(f"other-{field}")
            group.addButton(keep_button, 0)
            group.addButton(other_button, 1)
            (other_button if mine in (None, "") else keep_button).setChecked(True)
            grid.addWidget(QLabel(_(label)), row, 0)
            grid.addWidget(keep_button, row, 1)
            grid.addWidget(other_button, row, 2)
            self.groups[field] = group
            row += 1
        if row == 1:
            grid.addWidget(QLabel(_("Their details are the same.")), 1, 0, 1, 3)

    def choices(self) -> dict[str, str]:
        """Field → "keep" or "other", for ``merge_customers``."""
        return {
            field: "other" if group.checkedId() == 1 else "keep"
            for field, group in self.groups.items()
        }
