"""The register window: a search box, the matching customers, and the card.

Keyboard first: type, ↑/↓, Enter opens the card, Esc closes it or clears the box, Ctrl+F
or ``/`` comes back to the search from anywhere. The search index is built off the GUI
thread at start; until it is ready the box still works through a slower path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar, cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.card import CustomerCard, load_card
from app.crashlog import plain_message
from app.db import Database
from app.dialects import shown
from app.errors import RegularsError, folder_and_space, no_room
from app.i18n import _, format_count, ngettext
from app.paths import demo_db_path
from app.safety.startup import DamagedDatabaseError, open_for_window
from app.search import SearchHit, SearchIndex, search_without_index
from app.server.reach import server_away
from app.server.shop_jobs import SHOP_JOBS
from app.shop import ShopSummary, shop_summary
from app.today import TodayView as TodayData
from app.today import today_view
from app.ui.actions import make_action
from app.ui.background import Background
from app.ui.backup_flows import BackupFlows
from app.ui.card_view import CardView
from app.ui.customer_flows import CustomerFlows
from app.ui.gift_flows import GiftFlows
from app.ui.help_pages import HelpDialog
from app.ui.history_chart import shop_locale
from app.ui.live_updates import FollowChanges, LiveUpdates, build_index
from app.ui.mark_flows import MarkFlows
from app.ui.note_flows import NoteFlows
from app.ui.note_results import note_question, search_notes_as_hits
from app.ui.opening import restore_then_open, restore_wanted
from app.ui.owner_mode import OwnerModeControl, offer_owner_secret
from app.ui.results_delegate import ResultDelegate
from app.ui.results_model import ADD_ROW_ROLE, CUSTOMER_ID_ROLE, ResultsModel
from app.ui.shop_flows import ShopFlows
from app.ui.text import scaled, scaled_to_hint
from app.ui.theme import ThemeControl
from app.ui.today_view import TodayView
from app.ui.type_to_search import TypeToSearch
from app.ui.welcome_page import WelcomePage

RESULT_LIMIT = 50
SEARCH_TYPE = 1.4
"""The search box's type against the rest: large, so the clerk reads what they typed."""
T = TypeVar("T")


def _banner(name: str, text: str) -> QLabel:
    """A line across the top of the window, hidden until it has something to say."""
    banner = QLabel(text)
    banner.setObjectName(name)
    banner.setWordWrap(True)
    banner.setContentsMargins(12, 6, 12, 6)
    banner.hide()
    return banner


def _disk_full_text(path: Path) -> str:
    """The banner over a book read as it stands, its disk being full."""
    trouble, advice = no_room(path.parent)
    return _(
        "Changes cannot be saved in the folder {where}: {trouble}. You can look customers "
        "up and read their cards. {advice}, then open the book again (File ▸ Open "
        "database…)."
    ).format(where=folder_and_space(path.parent), trouble=trouble, advice=advice)


class MainWindow(QMainWindow):
    """One window per open database; it owns no session, only the services' handle."""

    cardShown = Signal(int)
    indexReady = Signal()
    todayShown = Signal()

    def __init__(
        self,
        database: Database,
        *,
        today: Callable[[], date] = date.today,
        theme: ThemeControl | None = None,
    ) -> None:
        super().__init__()
        self.database = database
        self.today = today
        self.theme = theme
        self.background = Background(self)
        self.live = LiveUpdates(self.background, self)
        self._closed = False
        """Set once the window closes: a search index built meanwhile is dropped, so it
        starts no watcher thread on a window that is going away."""
        self.index: SearchIndex | None = None
        self._query_seq = 0
        self._card_seq = 0
        self.setWindowTitle(_("Regulars"))
        self.resize(1100, 720)

        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(_("Name, phone or email…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(_("Search customers"))
        scaled(self.search_box, SEARCH_TYPE)
        self.results = ResultsModel()
        self.results_view = QListView()
        self.results_view.setObjectName("results")
        self.results_view.setAccessibleName(_("Matching customers"))
        self.results_view.setModel(self.results)
        self.results_view.setItemDelegate(ResultDelegate(self.results_view))
        self.results_view.setUniformItemSizes(True)
        self.results_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.card_view = CardView()
        hint = QLabel(
            _(
                "Who's at the counter? Type part of a name, a nickname, a phone number or an "
                "email, then press Enter."
            )
        )
        hint.setObjectName("welcome")
        hint.setWordWrap(True)
        self.today_view = TodayView()
        self.welcome = QWidget()
        home = QVBoxLayout(self.welcome)
        home.setContentsMargins(12, 8, 8, 8)
        home.addWidget(hint)
        home.addWidget(self.today_view, 1)
        self.first_day = WelcomePage()
        self.empty_book = False
        self.right = QStackedWidget()
        self.right.addWidget(self.welcome)
        self.right.addWidget(self.card_view)
        self.right.addWidget(self.first_day)

        self.read_only_text = _(
            "This book is read-only here: you can look customers up and read their "
            "cards, but changes cannot be saved. To work in it, copy the file to a "
            "folder you may write to and open the copy (File ▸ Open database…)."
        )
        self.read_only_banner = _banner("readOnlyBanner", self.read_only_text)
        self.server_away_banner = _banner(
            "serverAwayBanner",
            _(
                "The back-office computer can't be reached — search still works; notes you "
                "write are kept and saved when it's back."
            ),
        )
        self.shop_job_banner = _banner("shopJobBanner", "")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.search_box)
        left_layout.addWidget(self.results_view, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 660])
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.server_away_banner)
        column.addWidget(self.shop_job_banner)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel()
        self.count_label = QLabel()
        self.index_label = QLabel(_("Preparing search…"))
        self.statusBar().addWidget(self.db_label, 1)
        self._add_to_status_bar(self.index_label)
        self._add_to_status_bar(self.count_label)

        self.owner = OwnerModeControl(
            lambda: self.database, partial(self.background.run, writes=True), parent=self
        )
        self.owner.changed.connect(self._owner_changed)
        self.customers = CustomerFlows(self)
        self.notes = NoteFlows(self)
        self.gifts = GiftFlows(self)
        self.backups = BackupFlows(self)
        self.shop = ShopFlows(self)
        self.follow_changes = FollowChanges(self)
        self.live.reached.connect(self._server_reached)
        self.live.job.connect(self._shop_job)
        self.mode_label = QLabel(_("Clerk mode"))
        self._add_to_status_bar(self.mode_label)
        self._build_menus()
        if theme is not None:
            theme.changed.connect(self._scale_type)
        self.search_box.textChanged.connect(self._new_search)
        self.typing = TypeToSearch(self, self.search_box)
        self.search_box.installEventFilter(self)
        self.results_view.installEventFilter(self)
        self.card_view.installEventFilter(self)
        self.results_view.activated.connect(self._activate)
        self.results_view.doubleClicked.connect(self._activate)
        self.card_view.showAllPurchases.connect(self._show_all_purchases)
        self.card_view.promptAction.connect(self.marks.prompt)
        self.card_view.noteAction.connect(self.notes.on_note_action)
        self.card_view.giftAction.connect(self.gifts.choose)
        self.today_view.openCustomer.connect(self.open_card)
        self.today_view.rowAction.connect(self.marks.today_row)
        self.first_day.chosen.connect(self._first_day_choice)
        self.right.currentChanged.connect(lambda _index: self.update_actions())
        self.cardShown.connect(lambda _id: self.update_actions())
        self.today_view.tree.currentItemChanged.connect(lambda *_: self.update_actions())
        self.update_actions()
        QShortcut(QKeySequence("/"), self, self.focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)
        self.refresh_facts()
        self.search_box.setFocus()

    def _toggle_owner(self, wanted: bool) -> None:
        """View ▸ Owner mode: ask for the PIN, or drop back to clerk mode."""
        self.owner_action.setChecked(self.owner.is_owner)
        if wanted:
            self.owner.request(self)
        else:
            self.owner.drop()

    def set_owner_secret(self) -> None:
        """Shop ▸ Owner's passphrase: set it, or change it in owner mode."""
        offer_owner_secret(self)

    def owner_for(self, what: str, then: Callable[[], None] | None = None) -> bool:
        """Whether the owner is here for ``what``; if not, the passphrase is asked for (and
        the status bar says why) and ``then`` (the action that asked) goes on once it is
        given. A book with no passphrase asks nothing: ``then`` goes on at once."""
        if self.owner.is_owner or self.owner.unprotected:
            return True
        why = _("{what} needs owner mode: enter the passphrase.").format(what=what)
        self.owner.request(self, then=then, asking=partial(self.statusBar().showMessage, why, 5000))
        return False

    def _owner_changed(self, owner: bool) -> None:
        """Private notes appear or disappear at once: on the open card, Today, a ``?``
        search, the trash and a note box (put away until owner mode returns)."""
        self.owner_action.setChecked(owner)
        self.mode_label.setText(_("Owner mode") if owner else _("Clerk mode"))
        self.reopen_card()
        self.refresh_today()
        if note_question(self.search_box.text()) is not None:
            self.search(self.search_box.text())
        self.customers.owner_changed(owner)
        self.notes.owner_changed(owner)

    def reopen_card(self) -> None:
        """Show the open card again with fresh data (after an edit, a rule change...)."""
        if self.card_view.card is not None and self.right.currentWidget() is self.card_view:
            self.open_card(self.card_view.card.customer.id)

    def _scale_type(self) -> None:
        """The search box and an open card follow the chosen type size (a closed window
        starts no more work)."""
        scaled_to_hint(self.search_box, SEARCH_TYPE)
        if self.isVisible():
            self.reopen_card()

    def _add_to_status_bar(self, label: QLabel) -> None:
        """A label on the right of the status bar with a rule before it, so that "Search
        ready", the count and the mode read as three things, not one sentence."""
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.VLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        label.setContentsMargins(6, 0, 6, 0)
        self.statusBar().addPermanentWidget(rule)
        self.statusBar().addPermanentWidget(label)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(
            make_action(
                self, _("&Open database…"), self._choose_database, QKeySequence.StandardKey.Open
            )
        )
        file_menu.addAction(make_action(self, _("&Import…"), self.shop.import_history, "Ctrl+I"))
        file_menu.addSeparator()
        file_menu.addAction(make_action(self, _("&Back up now"), self.backups.back_up, "Ctrl+B"))
        file_menu.addAction(make_action(self, _("&Restore a backup…"), self.backups.restore))
        file_menu.addSeparator()
        file_menu.addAction(
            make_action(self, _("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        )
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        self.undo_action = make_action(self, _("&Undo"), None, QKeySequence.StandardKey.Undo)
        edit_menu.addAction(self.undo_action)
        self.marks = MarkFlows(self, self.undo_action)
        self.undo_action.triggered.connect(lambda _checked=False: self.marks.take_back())
        edit_menu.addSeparator()
        edit_menu.addAction(make_action(self, _("&Find a customer"), self.focus_search, "Ctrl+F"))
        customer_menu = self.menuBar().addMenu(_("&Customer"))
        self.card_actions: list[QAction] = []
        """Entries that act on the open card: disabled while no card is shown."""
        customer_menu.addAction(
            make_action(self, _("New &customer…"), self.customers.add, "Ctrl+Shift+N")
        )
        for text, slot, keys in (
            (_("New &note…"), self.notes.new_note, QKeySequence.StandardKey.New),
            (_("&Edit customer…"), self.customers.edit, "Ctrl+E"),
            (_("&Household and pets…"), self.customers.household, "Ctrl+H"),
            (_("&Photo…"), self.customers.photo, "Ctrl+Shift+F"),
        ):
            self.card_actions.append(make_action(self, text, slot, keys))
            customer_menu.addAction(self.card_actions[-1])
        customer_menu.addAction(
            make_action(self, _("&Deleted notes…"), self.customers.trash, "Ctrl+Shift+T")
        )
        customer_menu.addSeparator()
        self.question_actions: list[QAction] = []
        """Entries that mark a question: live on a card with questions, or on Today with
        a row chosen; greyed out otherwise, like the card's entries."""
        for text, mark, keys in (
            (_("Question &asked…"), "asked", "Alt+A"),
            (_("&Dismiss the question"), "dismiss", "Alt+D"),
            (_("&Snooze the question"), "snooze", "Alt+O"),
        ):
            self.question_actions.append(
                make_action(self, text, partial(self.marks.current, mark), keys)
            )
            customer_menu.addAction(self.question_actions[-1])
        customer_menu.addSeparator()
        merge = make_action(
            self, _("&Merge a duplicate into this customer…"), self.customers.merge, "Ctrl+M"
        )
        self.undo_merge_action = make_action(self, _("&Undo last merge"), self.customers.undo_merge)
        archive = make_action(self, _("&Archive this customer…"), self.customers.archive)
        forget = make_action(self, _("&Forget this customer…"), self.customers.forget)
        self.card_actions += [merge, archive, forget]
        for action in (merge, self.undo_merge_action, archive, forget):
            customer_menu.addAction(action)
        shop_menu = self.menuBar().addMenu(_("&Shop"))
        shop_menu.addAction(make_action(self, _("&Products…"), self.shop.products, "Ctrl+Shift+P"))
        shop_menu.addAction(
            make_action(self, _("&Learn their names…"), lambda: self.shop.practice(), "Ctrl+P")
        )
        shop_menu.addSeparator()
        shop_menu.addAction(make_action(self, _("&Settings…"), self.shop.settings, "Ctrl+,"))
        shop_menu.addAction(make_action(self, _("Owner's &passphrase…"), self.set_owner_secret))
        view_menu = self.menuBar().addMenu(_("&View"))
        self.owner_action = make_action(self, _("&Owner mode"), None, "Ctrl+Shift+O")
        self.owner_action.setCheckable(True)
        self.owner_action.triggered.connect(self._toggle_owner)
        view_menu.addAction(self.owner_action)
        if self.theme is not None:
            view_menu.addSeparator()
            for action in self.theme.actions(self):
                view_menu.addAction(action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(
            make_action(self, _("&Keyboard"), partial(self.show_help, "keys"), "F1")
        )
        help_menu.addAction(make_action(self, _("&Guide"), partial(self.show_help, "guide")))
        help_menu.addSeparator()
        help_menu.addAction(make_action(self, _("&About Regulars"), self._about))

    def update_actions(self) -> None:
        """Menu entries that need a card are enabled only while one is shown, those that
        mark a question while there is one to mark; Undo last merge only while there is a
        merge to take back."""
        card = self.card_view.card
        on_card = card is not None and self.right.currentWidget() is self.card_view
        for action in self.card_actions:
            action.setEnabled(on_card)
        on_today = self.right.currentWidget() is self.welcome
        question = (
            bool(card.prompts)
            if on_card and card is not None
            else on_today and self.today_view.current_key() is not None
        )
        for action in self.question_actions:
            action.setEnabled(question)
        self.undo_merge_action.setEnabled(self.customers.last_merge is not None)

    def refresh_facts(self) -> None:
        """Status bar facts, the search index and Today, all off the GUI thread (at start,
        after opening another database, after an import or a forget)."""
        if self.database.server:
            self.db_label.setText(_("Database: {shown}").format(shown=shown(self.database.target)))
        else:
            self.db_label.setText(_("Database: {name}").format(name=self.database.path.name))
            self.db_label.setToolTip(str(self.database.path))
        self.read_only_banner.setText(
            self.read_only_text
            if self.database.disk_full is None
            else _disk_full_text(self.database.path)
        )
        self.read_only_banner.setVisible(self.database.read_only)
        self.index = None
        self.index_label.setText(_("Preparing search…"))
        database = self.database
        self.refresh_summary()
        self.refresh_today()

        def built(indexed: tuple[int, SearchIndex]) -> None:
            if database is self.database and not self._closed:
                seq, index = indexed
                self._use_index(index)
                self.live.follow(database, seq, index)

        self.background.run(partial(build_index, database), built, self.report)

    def refresh_today(self) -> None:
        """The home page: today's occasions, follow-ups and regulars, computed off-thread."""
        database, today = self.database, self.today()

        def show(view: TodayData) -> None:
            if database is self.database:
                self.today_view.show_today(view)
                self.todayShown.emit()

        self.background.run(
            partial(today_view, database, today=today, access=self.owner.access),
            show,
            self.report,
        )

    def show_summary(self, summary: ShopSummary) -> None:
        """The count in the status bar; an empty book shows the first-day page instead of
        an empty Today, and the first customer brings Today back."""
        self.count_label.setText(
            ngettext("{n} customer", "{n} customers", summary.customers).format(
                n=format_count(summary.customers)
            )
        )
        self.empty_book = summary.customers == 0
        self.setLocale(shop_locale(summary.region))
        if summary.shop_name and not self.windowTitle().endswith("demo shop"):
            self.setWindowTitle(_("Regulars — {shop_name}").format(shop_name=summary.shop_name))
        if self.right.currentWidget() is not self.card_view:
            self.right.setCurrentWidget(self._home())

    def _home(self) -> QWidget:
        return self.first_day if self.empty_book else self.welcome

    def refresh_summary(self) -> None:
        """Count the customers again (after one was added or removed)."""
        database = self.database
        self.background.run(lambda: shop_summary(database), self.show_summary, self.report)

    def _first_day_choice(self, what: str) -> None:
        if what == "import":
            self.shop.import_history()
        elif what == "add":
            self.customers.add()
        elif what == "demo":
            self.open_demo_shop()
        else:
            self.set_owner_secret()

    def open_demo_shop(self) -> None:
        """Switch to the demo shop (built off the GUI thread the first time)."""
        from app.demo import ensure_demo_shop

        self.statusBar().showMessage(_("Opening the demo shop…"))

        def opened() -> None:
            self.setWindowTitle(_("Regulars — demo shop"))
            self.statusBar().showMessage(_("This is the demo shop. File ▸ Open… goes back."))

        self.background.run(
            partial(ensure_demo_shop, demo_db_path()),
            lambda path: self.open_database_file(path, opened),
            self.report,
            writes=True,
        )

    def _use_index(self, index: SearchIndex) -> None:
        self.index = index
        self.index_label.setText(_("Search ready"))
        self.search(self.search_box.text())
        self.indexReady.emit()

    def focus_search(self) -> None:
        """Ctrl+F or ``/``: back to the search box with its text selected."""
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _escape(self) -> None:
        if self.right.currentWidget() is self.card_view:
            self.close_card()
        else:
            self.search_box.clear()
        self.search_box.setFocus()

    def close_card(self) -> None:
        """Esc on an open card: back to the results, search box ready."""
        self._card_seq += 1
        self.right.setCurrentWidget(self._home())

    def _new_search(self, text: str) -> None:
        """The box changed: the card of the previous search gives way to the results."""
        if self.right.currentWidget() is self.card_view:
            self.close_card()
        self.search(text)

    def customer_gone(self, customer_id: int) -> None:
        """A customer was merged away, archived or forgotten: out of the index, the results
        and the card at once (the index rebuild that may follow comes later)."""
        if self.index is not None:
            self.index.remove(customer_id)
        self.results.drop(customer_id)
        card = self.card_view.card
        if card is not None and card.customer.id == customer_id:
            self.close_card()

    def search(self, text: str) -> None:
        """Answer what is typed: from the index, or off-thread until it is ready."""
        self._query_seq += 1
        if not text.strip():
            self._show_results(text, [])
            return
        question = note_question(text)
        if question is not None:
            self._ask_notes(text, question)
            return
        if self.index is not None:
            self._show_results(text, self.index.search(text, RESULT_LIMIT))
            return
        seq = self._query_seq
        database = self.database

        def answer(hits: list[SearchHit]) -> None:
            if seq == self._query_seq:
                self._show_results(text, hits)

        self.background.run(
            lambda: search_without_index(database, text, RESULT_LIMIT), answer, self.report
        )

    def _ask_notes(self, text: str, question: str) -> None:
        """``?fly fishing``: customers whose notes mention it (private ones in owner mode)."""
        seq, database, access = self._query_seq, self.database, self.owner.access

        def answer(hits: list[SearchHit]) -> None:
            if seq == self._query_seq:
                self._show_results(text, hits)

        self.background.run(
            partial(search_notes_as_hits, database, question, access=access),
            answer,
            self.report,
        )

    def _show_results(self, text: str, hits: list[SearchHit]) -> None:
        self.results.set_results(text, hits)
        if self.results.rowCount():
            self.results_view.setCurrentIndex(self.results.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↑/↓/PgUp/PgDn move through the results while typing; Enter opens the card."""
        if watched is self.search_box and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if self._window_shortcut(event):
                return True
        if watched is self.search_box and event.type() == QEvent.Type.Resize:
            scaled_to_hint(self.search_box, SEARCH_TYPE)  # its hint stays whole
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self.results_view.keyPressEvent(event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activate(self.results_view.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _window_shortcut(self, event: QKeyEvent) -> bool:
        """Whether a key the search box would keep for itself (Ctrl+E moves to the end on
        Linux, Ctrl+Z undoes typing) belongs to a menu entry that can act now (Undo is
        disabled while there is no mark to take back, so the box keeps its own)."""
        pressed = event.keyCombination().toCombined()
        for action in self.findChildren(QAction):
            if not action.isEnabled() or action.shortcut().isEmpty():
                continue
            if action.shortcut()[0].toCombined() == pressed:  # type: ignore[index]
                return True
        return False

    def _activate(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        add_text = index.data(ADD_ROW_ROLE)
        if add_text:
            self.customers.add(add_text)
            return
        customer_id = index.data(CUSTOMER_ID_ROLE)
        if customer_id is not None:  # "No note mentions …" opens nothing
            self.open_card(int(customer_id))

    def open_card(self, customer_id: int, *, all_purchases: bool = False) -> None:
        """Load the card off the GUI thread; a newer request wins over an older one."""
        self._card_seq += 1
        seq = self._card_seq
        database, today = self.database, self.today()
        limit = None if all_purchases else 10

        def show(card: CustomerCard) -> None:
            if seq != self._card_seq:
                return
            self.card_view.show_card(card, today=today, all_purchases=all_purchases)
            self.right.setCurrentWidget(self.card_view)
            self.cardShown.emit(card.customer.id)

        self.background.run(
            partial(
                load_card,
                database,
                customer_id,
                today=today,
                access=self.owner.access,
                purchase_limit=limit,
            ),
            show,
            self.report,
        )

    def _show_all_purchases(self, customer_id: int) -> None:
        self.open_card(customer_id, all_purchases=True)

    def _choose_database(self) -> None:
        start = str(self.database.path.parent)
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Open a Regulars database",
            start,
            "Regulars database (*.db *.sqlite);;All files (*)",
        )
        if chosen:
            self.open_database_file(Path(chosen))

    def reopen_after(self, work: Callable[[Path], T], done: Callable[[T], None], busy: str) -> None:
        """Let go of the database and run ``work`` on its file as the window's one write
        (off the GUI thread, ``busy`` in the status bar meanwhile), then open the file again
        whatever ``work`` did: ``done(result)``, or its refusal reported, on the reopened
        file. Writes asked for meanwhile queue behind it and land in the file it left."""
        path, old = self.database.path, self.database
        self.live.stop()
        self.statusBar().showMessage(busy)

        def job() -> tuple[Database, T | None, RegularsError | None]:
            old.close()
            try:
                result, refused = work(path), None
            except RegularsError as exc:
                result, refused = None, exc
            return open_for_window(path), result, refused

        def reopened(outcome: tuple[Database, T | None, RegularsError | None]) -> None:
            database, result, refused = outcome
            self._use_database(database)
            if refused is not None:
                self.report(refused)
            else:
                done(cast(T, result))

        self.background.run(job, reopened, self._not_reopened, writes=True)

    def _not_reopened(self, exc: Exception) -> None:
        """The file could not be opened again: the window stays on the handle it had."""
        self.statusBar().clearMessage()
        self.refresh_facts()
        self.report(exc)

    def open_database_file(self, path: Path, then: Callable[[], None] | None = None) -> None:
        """Switch to another database, checked and opened off the GUI thread; ``then``
        once it is open. On refusal the current one stays open; a damaged file with a
        verified backup is offered that backup in its place first."""
        self.statusBar().showMessage(_("Opening {name}…").format(name=path.name))

        def opened(database: Database) -> None:
            self._use_database(database)
            if then is not None:
                then()

        def refused(exc: Exception) -> None:
            if isinstance(exc, DamagedDatabaseError) and restore_wanted(exc, self):
                self.statusBar().showMessage(_("Restoring the newest verified backup…"))
                self.background.run(
                    partial(restore_then_open, exc), opened, self._refused_open, writes=True
                )
                return
            self._refused_open(exc)

        self.background.run(partial(open_for_window, path), opened, refused, writes=True)

    def _refused_open(self, exc: Exception) -> None:
        self.statusBar().clearMessage()
        self.report(exc)

    def _use_database(self, database: Database) -> None:
        """Show ``database`` from now on, from a clean slate (no card, no search, no undo)."""
        self.statusBar().clearMessage()
        self.live.stop()
        self.background.wait()
        if database is not self.database:
            self.database.close()
        self.database = database
        self.forget_undo()
        self.close_card()
        self.search_box.clear()
        self.refresh_facts()

    def forget_undo(self) -> None:
        """Another database (or the same one restored): nothing made before can be undone."""
        self.marks.undo.clear()
        self.customers.last_merge = None
        self.update_actions()

    def show_help(self, page: str) -> None:
        """Help ▸ Keyboard (F1) or Help ▸ Guide, offline."""
        self.help_dialog = HelpDialog(self.menuBar(), page, self)
        self.help_dialog.open()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Regulars",
            f"<b>Regulars {__version__}</b><p>The customer book for one local shop. "
            "Everything stays on this computer.</p>",
        )

    def server_away(self) -> None:
        """The book's server did not answer: the banner says what still works, and the
        watcher asks the server again at once (and on, with a growing pause)."""
        self.server_away_banner.show()
        self.live.check_reach()

    def _server_reached(self, reached: bool) -> None:
        """The server went away (the banner) or is back: the banner goes, what could not
        be read meanwhile is read again, and the notes and customer forms kept meanwhile
        are saved."""
        if not reached:
            self.server_away_banner.show()
            return
        if self.server_away_banner.isHidden():
            return
        self.server_away_banner.hide()
        self.refresh_summary()
        self.refresh_today()
        self.reopen_card()
        self.notes.save_kept()
        self.customers.save_kept()

    def _shop_job(self, job: str) -> None:
        """Another register started (or ended) a job on the whole book: said across the
        top while it runs; search and cards go on as ever meanwhile."""
        if job:
            self.shop_job_banner.setText(
                _(SHOP_JOBS[job])
                if job in SHOP_JOBS
                else _("Another register is working on the whole book…")
            )
        self.shop_job_banner.setVisible(bool(job))

    def report(self, exc: Exception) -> None:
        """Show why something was refused, in the owner's words; the window stays as it
        was. Storage trouble names the folder; a bug is logged and said so plainly; a
        server that is away shows the banner instead of a box per failed read."""
        if server_away(exc):
            self.server_away()
            return
        message, _bug = plain_message(exc, self.database.path.parent)
        QMessageBox.warning(self, _("Regulars"), message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self.notes.flush()
        self.live.stop()
        self.background.wait()
        self.database.close()
        super().closeEvent(event)
