"""Gift for…: the clerk marks a purchase line on the card as a gift for someone in the
customer's household (or takes the mark off), off the GUI thread.

The choice is a short list of the household's names, so nothing typed can miss; the
service (``app.gifts``) still checks the person belongs to the buyer's household.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from app.gifts import GiftView, mark_gift
from app.i18n import _

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
        people = [(person.name, person.id) for person in card.household] if card else []
        if not lines or not people:
            return
        choices = [name for name, _ in people]
        not_a_gift = _("Not a gift")
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(_("Gift for…"))
        dialog.setLabelText(_("{item} was a gift for:").format(item=lines[0].item))
        dialog.setComboBoxItems([*choices, not_a_gift])
        current = lines[0].gift_for_id
        chosen_name = next((name for name, pid in people if pid == current), choices[0])
        dialog.setTextValue(chosen_name)
        ids = dict(people)
        dialog.textValueSelected.connect(lambda text: self._mark(line_id, ids.get(text)))
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
