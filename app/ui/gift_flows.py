"""Gift for…: the clerk marks a purchase line on the card as a gift for someone in the
customer's household (or takes the mark off), off the GUI thread.

The choice is a short list of the household's names, so nothing typed can miss; it is
kept by relation id, not by name, and a name the household has twice ("Sam" the son, "Sam"
the husband) shows who each one is. The service (``app.gifts``) still checks the person
belongs to the buyer's household.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QInputDialog

from app.card import CardRelation
from app.gifts import GiftView, mark_gift
from app.i18n import _
from app.prompts.wording import relation_word

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class GiftFlows(QObject):
    """The card's "Gift for…" buttons; ``dialog`` is the open choice, if any."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QInputDialog | None = None

    def choose(self, line_id: int) -> None:
        """Ask whom the line was for: a household member, or nobody (not a gift)."""
        card = self.window.card_view.card
        lines = [line for line in card.purchases if line.line_id == line_id] if card else []
        people = list(card.household) if card else []
        if not lines or not people:
            return
        ids: list[int | None] = [person.id for person in people]
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(_("Gift for…"))
        dialog.setLabelText(_("{item} was a gift for:").format(item=lines[0].item))
        dialog.setComboBoxItems([*choice_labels(people), _("Not a gift")])
        ids.append(None)
        combo = dialog.findChild(QComboBox)
        assert combo is not None  # made by setComboBoxItems
        current = lines[0].gift_for_id
        combo.setCurrentIndex(ids.index(current) if current in ids else 0)
        dialog.accepted.connect(lambda: self._mark(line_id, ids[combo.currentIndex()]))
        self.dialog = dialog
        dialog.open()

    def _mark(self, line_id: int, relation_id: int | None) -> None:
        window = self.window
        database = window.database

        def marked(view: GiftView) -> None:
            if view.recipient is None:
                said = _("{item}: not a gift.").format(item=view.item)
            else:
                said = _("{item}: a gift for {name}.").format(item=view.item, name=view.recipient)
            window.statusBar().showMessage(said, 5000)
            window.open_card(view.customer_id)

        window.background.run(
            partial(mark_gift, database, line_id, relation_id), marked, window.report, writes=True
        )


def choice_labels(people: list[CardRelation]) -> list[str]:
    """Each household member's name, with who they are beside a name that repeats ("Sam
    (child)", "Sam (spouse)") and a count beside one that still does."""
    names = Counter(person.name for person in people)
    labels = [
        _("{name} ({relation})").format(name=person.name, relation=relation_word(person.kind))
        if names[person.name] > 1
        else person.name
        for person in people
    ]
    seen: Counter[str] = Counter()
    repeated = Counter(labels)
    numbered = []
    for label in labels:
        seen[label] += 1
        numbered.append(f"{label} {seen[label]}" if repeated[label] > 1 else label)
    return numbered
