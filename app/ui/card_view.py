"""The customer card as the clerk sees it: who, household, what to ask, what they bought.

It paints a ``CustomerCard`` value and nothing else; actions on prompts are passed up as
signals, so this widget never reaches for the database itself.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.birthdays import birthday_words
from app.card import CardPurchase, CustomerCard
from app.i18n import _, format_day, format_weekday, ngettext
from app.prompts import PromptView
from app.prompts.wording import ago, relation_word
from app.ui.history_chart import HistoryChart
from app.ui.text import initials, quantity_text, scaled

PHOTO_SIZE = 72


def _plain_label(text: str) -> QLabel:
    """A label that shows ``text`` exactly, whatever characters a name or note holds."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class _Section(QFrame):
    """A titled block of the card."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setObjectName("cardSection")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 4)
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        self.body = QVBoxLayout()
        self.body.setSpacing(4)
        layout.addLayout(self.body)

    def add_text(self, html: str, name: str = "") -> QLabel:
        label = QLabel(html)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if name:
            label.setObjectName(name)
        self.body.addWidget(label)
        return label


class CardView(QScrollArea):
    """Shows one customer's card; ``showAllPurchases``, prompt, note and gift actions go to
    the window."""

    promptAction = Signal(str, str)
    noteAction = Signal(int, str)
    showAllPurchases = Signal(int)
    giftAction = Signal(int)
    """"Gift for…" on a purchase line (its id)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(_("Customer card"))
        self.card: CustomerCard | None = None
        self._show_all = False
        self._prompt_boxes: list[tuple[QFrame, str]] = []
        self.setWidget(QWidget())

    def _muted(self) -> str:
        """The palette's quiet text colour (readable in light and dark alike)."""
        return self.palette().color(QPalette.ColorRole.PlaceholderText).name()

    def current_prompt_key(self) -> str | None:
        """The question whose buttons have the focus, else the first one (Alt+A/D/O)."""
        focus = QApplication.focusWidget()
        for box, source_key in self._prompt_boxes:
            if focus is not None and box.isAncestorOf(focus):
                return source_key
        return self._prompt_boxes[0][1] if self._prompt_boxes else None

    def show_card(self, card: CustomerCard, *, today: date, all_purchases: bool = False) -> None:
        """Replace whatever was shown with ``card``."""
        self.card = card
        self._show_all = all_purchases
        page = QWidget()
        page.setObjectName("card")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._header(card, today))
        self._prompt_boxes = []
        if card.prompts:
            layout.addWidget(self._prompts(card.prompts))
        layout.addWidget(self._notes(card))
        if card.household:
            layout.addWidget(self._household(card))
        if card.occasions:
            layout.addWidget(self._occasions(card))
        layout.addWidget(self._purchases(card))
        if card.visits:
            layout.addWidget(self._history(card))
        if card.tags:
            section = _Section(_("Tags"))
            section.add_text(escape(" · ".join(card.tags)), "tags")
            layout.addWidget(section)
        layout.addStretch(1)
        self.setWidget(page)

    def _header(self, card: CustomerCard, today: date) -> QHBoxLayout:
        who = card.customer
        row = QHBoxLayout()
        photo = QLabel(initials(who.display_name))
        photo.setObjectName("photo")
        photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        photo.setFixedSize(PHOTO_SIZE, PHOTO_SIZE)
        scaled(photo, 1.6, bold=True)
        picture = QPixmap()
        if card.photo and picture.loadFromData(card.photo):
            photo.setObjectName("photoPicture")
            photo.setPixmap(
                picture.scaled(
                    PHOTO_SIZE,
                    PHOTO_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        row.addWidget(photo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        name = _plain_label(who.display_name)
        name.setObjectName("cardName")
        scaled(name, 1.8, bold=True)
        text.addWidget(name)
        full = " ".join(p for p in (who.first_name, who.last_name) if p)
        facts = []
        if who.preferred_name and who.preferred_name != who.first_name:
            facts.append(_("goes by {name} ({full})").format(name=who.preferred_name, full=full))
        if who.customer_since:
            facts.append(_("customer since {year}").format(year=who.customer_since.year))
        facts.append(ngettext("{n} visit", "{n} visits", card.visits).format(n=card.visits))
        if card.last_visit:
            facts.append(_("last visit {ago}").format(ago=ago(card.last_visit, today)))
        summary = _plain_label(" · ".join(facts))
        summary.setObjectName("cardFacts")
        summary.setWordWrap(True)
        text.addWidget(summary)
        contact = card.contact_line
        if contact:
            label = _plain_label(contact)
            label.setObjectName("cardContact")
            label.setToolTip(card.more_contacts_text)
            label.setWordWrap(True)
            text.addWidget(label)
        row.addLayout(text, 1)
        return row

    def _prompts(self, prompts: tuple[PromptView, ...]) -> _Section:
        section = _Section(_("Ask about"))
        for prompt in prompts:
            box = QFrame()
            box.setObjectName("prompt")
            grid = QGridLayout(box)
            grid.setContentsMargins(8, 6, 8, 6)
            marked_up = (
                f"<b>{escape(prompt.text)}</b><br><span style='color:{self._muted()}'>"
                f"{_('Suggestion · ') if prompt.suggestion else ''}{escape(prompt.reason)}</span>"
            )
            label = QLabel(marked_up)
            label.setWordWrap(True)
            grid.addWidget(label, 0, 0, 1, 4)
            self._prompt_boxes.append((box, prompt.source_key))
            first = len(self._prompt_boxes) == 1
            for column, (caption, action, keys) in enumerate(
                ((_("Asked"), "asked", "Alt+A"), (_("Dismiss"), "dismiss", "Alt+D"),
                 (_("Snooze"), "snooze", "Alt+O"))
            ):  # fmt: skip
                button = QPushButton(caption)
                button.setObjectName(f"prompt-{action}")
                button.setAccessibleName(f"{caption}: {prompt.text}")
                if first:
                    button.setToolTip(
                        _("{caption} ({keys}: the question in focus)").format(
                            caption=caption, keys=keys
                        )
                    )
                source_key = prompt.source_key
                button.clicked.connect(
                    lambda _=False, k=source_key, a=action: self.promptAction.emit(k, a)
                )
                grid.addWidget(button, 1, column)
            section.body.addWidget(box)
        return section

    def _household(self, card: CustomerCard) -> _Section:
        section = _Section(_("Household"))
        for person in card.household:
            pet = person.species if person.kind == "pet" else None
            what = pet or relation_word(person.kind)
            line = f"<b>{escape(person.name)}</b> — {escape(what)}"
            if person.birthday:
                line += _(", birthday {day}").format(day=escape(birthday_words(person.birthday)))
            gifts = [
                _("{item} ({day})").format(item=escape(g.item), day=format_day(g.purchased_on))
                for g in person.gifts
            ]
            if gifts:
                line += "<br>" + _("Gifts: {gifts}").format(gifts="; ".join(gifts))
            for about in person.about:
                line += f"<br><span style='color:{self._muted()}'>{escape(about)}</span>"
            section.add_text(line, "householdMember")
        return section

    def _occasions(self, card: CustomerCard) -> _Section:
        section = _Section(_("Coming up"))
        for occasion in card.occasions:
            when = (
                _("today")
                if occasion.days_away == 0
                else ngettext("in {n} day", "in {n} days", occasion.days_away).format(
                    n=occasion.days_away
                )
            )
            section.add_text(f"{escape(occasion.label)} — {format_weekday(occasion.on)} ({when})")
        return section

    def _purchases(self, card: CustomerCard) -> _Section:
        section = _Section(_("Recent purchases"))
        if not card.purchases:
            section.add_text(
                "<i>" + _("No purchases yet. File ▸ Import… brings in the till's sales.") + "</i>",
                "empty",
            )
        for line in card.purchases:
            item = f"{escape(line.item)}{quantity_text(line.quantity)}"
            if line.gift_for:
                item += " · " + _("gift for {name}").format(name=escape(line.gift_for))
            label = section.add_text(f"{format_day(line.purchased_on)} — {item}", "purchase")
            if card.household:
                section.body.removeWidget(label)
                section.body.addLayout(self._gift_row(label, line))
        if not self._show_all and card.purchase_lines_total > len(card.purchases):
            button = QPushButton(
                ngettext(
                    "Show all {n} purchases", "Show all {n} purchases", card.purchase_lines_total
                ).format(n=card.purchase_lines_total)
            )
            button.setObjectName("showAll")
            button.clicked.connect(lambda: self.showAllPurchases.emit(card.customer.id))
            section.body.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        return section

    def _gift_row(self, label: QLabel, line: CardPurchase) -> QHBoxLayout:
        """A purchase line with its "Gift for…" button (for someone in the household)."""
        row = QHBoxLayout()
        row.addWidget(label, 1)
        caption = _("Gift for…")
        button = QPushButton(caption)
        button.setObjectName("gift-for")
        button.setFlat(True)
        button.setAccessibleName(f"{caption} {line.item}")
        button.clicked.connect(lambda _=False, n=line.line_id: self.giftAction.emit(n))
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _history(self, card: CustomerCard) -> _Section:
        section = _Section(_("Visits and spend, last two years"))
        chart = HistoryChart()
        chart.setObjectName("history")
        chart.show_history(card.history)
        section.body.addWidget(chart)
        return section

    def _notes(self, card: CustomerCard) -> _Section:
        section = _Section(_("Notes"))
        if not card.notes:
            section.add_text(
                "<i>"
                + _("No notes yet. Customer ▸ New note… (Ctrl+N) keeps what they told you.")
                + "</i>",
                "empty",
            )
        for note in card.notes:
            marks = ("📌 " if note.pinned else "") + ("🔒 " if note.private else "")
            if note.dont_bring_up:
                marks += "<b>" + _("Don't bring this up:") + "</b> "
            still = _("Still true?")
            meta = (
                format_day(note.created_at)
                + (f" · {escape(note.author)}" if note.author else "")
                + (f" · {escape(note.age)}" if note.age else "")
                + (f" · <b>{escape(still)}</b>" if note.still_true else "")
            )
            section.add_text(
                f"{marks}{escape(note.body)}<br><span style='color:{self._muted()}'>{meta}</span>",
                "note",
            )
            row = QHBoxLayout()
            for caption, action in ((_("Edit"), "edit"), (_("Delete"), "delete")):
                button = QPushButton(caption)
                button.setObjectName(f"note-{action}")
                button.setFlat(True)
                button.clicked.connect(
                    lambda _=False, n=note.id, a=action: self.noteAction.emit(n, a)
                )
                row.addWidget(button)
            row.addStretch(1)
            section.body.addLayout(row)
        return section
