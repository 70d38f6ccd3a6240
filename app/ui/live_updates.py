"""Changes reach every open window: another window's, the command line's, and this one's.

A watcher thread asks a ``CommitSource`` a few times a second whether anyone committed
(on SQLite, ``PRAGMA data_version``: microseconds, no data read). When someone did, or
when this window's own write finished, one read op takes the change feed past the last
change this window applied, reads those customers' search entries in the same go, and
back on the GUI thread the index is patched and ``changed(ChangeSet)`` tells the window
what changed. A source that offers a socket (PostgreSQL ``LISTEN``) is waited on with a
``QSocketNotifier`` instead of a timer; nothing else here changes. A server that cannot
be reached is asked again by the watcher (with a growing pause, ``ServerCommits``), and
``reached`` tells the window when it went away and when it is back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QThread, QTimer, Signal, Slot

from app.db import Database
from app.feed import ChangeSet, Commit, CommitSource, changes_since, commits_for, latest_seq
from app.feed.commits import POLL_MS
from app.i18n import _
from app.search import SearchIndex
from app.search.entries import Entry
from app.shop import shop_summary
from app.ui.background import Background
from app.ui.results_model import CUSTOMER_ID_ROLE

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def build_index(database: Database) -> tuple[int, SearchIndex]:
    """The search index and the last change it includes. The number is read first, so a
    change committed during the build is applied again afterwards (harmless), never lost."""
    with database.session() as session:
        seq = latest_seq(session)
    return seq, SearchIndex.build(database)


JOB_CHECK_MS = 2000
"""While another register runs a job on the whole book, how often the window asks
whether it still does."""
TODAY_PAUSE_MS = 500
"""While changes keep coming, Today is computed again at most this often."""


@dataclass(frozen=True)
class _CaughtUp:
    changes: ChangeSet
    entries: dict[int, Entry | None]


def _catch_up(database: Database, seen: int, index: SearchIndex) -> _CaughtUp:
    with database.session() as session:
        changes = changes_since(session, seen)
    if changes.start_over or not changes.customers:
        return _CaughtUp(changes, {})
    return _CaughtUp(changes, index.load_changes(database, changes.customers))


class _Watcher(QObject):
    """Lives on the watcher thread: makes the source there, asks it, reports commits, and
    whether the server can be reached when that changes (or when asked to ``check``)."""

    committed = Signal(object)
    reached = Signal(bool)
    job = Signal(str)

    def __init__(self, open_source: Callable[[], CommitSource]) -> None:
        super().__init__()
        self._open_source = open_source
        self._source: CommitSource | None = None
        self._timer: QTimer | None = None
        self._notifier: QSocketNotifier | None = None
        self._away = False
        self._job = ""
        self._job_timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
        self._source = self._open_source()
        self._arm(self._source.fileno())
        self._job_timer = QTimer(self)
        self._job_timer.setInterval(JOB_CHECK_MS)
        self._job_timer.timeout.connect(self._ask_job)
        self._ask_job()

    @Slot()
    def _ask_job(self) -> None:
        """Whether another register runs a job on the whole book: asked at start, at each
        commit heard (a job says when it starts and ends), and every ``JOB_CHECK_MS``
        while one runs (a register switched off mid-job says nothing)."""
        if self._source is None or self._job_timer is None:
            return
        job = self._source.shop_job() or ""
        if job != self._job:
            self._job = job
            self.job.emit(job)
        if job:
            self._job_timer.start()
        else:
            self._job_timer.stop()

    def _arm(self, fileno: int | None) -> None:
        """Wait on the source's socket, or poll it on a timer while it has none (SQLite,
        or a server that is away and is being asked again)."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if fileno is None:
            if self._timer is None:
                self._timer = QTimer(self)
                self._timer.setInterval(POLL_MS)
                self._timer.timeout.connect(self._poll)
            self._timer.start()
            return
        if self._timer is not None:
            self._timer.stop()
        self._notifier = QSocketNotifier(fileno, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._poll)

    @Slot()
    def _poll(self) -> None:
        self._ask(tell=False)

    @Slot()
    def check(self) -> None:
        """Ask the server now, whatever the pause, and say whether it can be reached."""
        if self._source is not None:
            self._source.retry_now()
        self._ask(tell=True)

    def _ask(self, *, tell: bool) -> None:
        if self._source is None:
            return
        seen = self._source.poll()
        fileno = self._source.fileno()
        watched = None if self._notifier is None else self._notifier.socket()
        if fileno != watched:
            self._arm(fileno)  # the server connection was lost or made anew
        away = seen is Commit.AWAY
        if tell or away != self._away:
            self._away = away
            self.reached.emit(not away)
        if seen not in (Commit.NONE, Commit.AWAY):
            self.committed.emit(seen)
            self._ask_job()
            QTimer.singleShot(0, self._poll)  # a commit heard while asking wakes no socket

    @Slot()
    def stop(self) -> None:
        if self._job_timer is not None:
            self._job_timer.stop()
        if self._timer is not None:
            self._timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        if self._source is not None:
            self._source.close()
            self._source = None
        thread = self.thread()
        if thread is not None:
            thread.quit()


class LiveUpdates(QObject):
    """Keeps one window's search index current and tells it what changed in the book."""

    changed = Signal(object)
    """A ``ChangeSet``, after the search index was patched (``start_over``: rebuild)."""
    reached = Signal(bool)
    """Whether the book's server can be reached: said when that changes, and after each
    ``check_reach``."""
    job = Signal(str)
    """The job on the whole book another register started (a key of
    ``app.server.shop_jobs.SHOP_JOBS``), or "" once it ended."""
    _stop = Signal()
    _check = Signal()

    def __init__(
        self,
        background: Background,
        parent: QObject | None = None,
        *,
        open_source: Callable[[Database], CommitSource] = commits_for,
    ) -> None:
        super().__init__(parent)
        self._background = background
        self._open_source = open_source
        self._database: Database | None = None
        self._index: SearchIndex | None = None
        self._seen = 0
        self._busy = False
        self._again = False
        self._thread: QThread | None = None
        self._watcher: _Watcher | None = None
        background.wrote.connect(self.catch_up)

    @property
    def seen(self) -> int:
        """The last change this window applied."""
        return self._seen

    def follow(self, database: Database, seq: int, index: SearchIndex) -> None:
        """Apply changes to ``index`` from change ``seq`` on (after a fresh build), and
        watch ``database`` for commits; anything already newer is fetched at once."""
        if database is not self._database:
            self.stop()
            self._database = database
            self._watch(database)
        self._index, self._seen = index, seq
        self.catch_up()

    def _watch(self, database: Database) -> None:
        thread = QThread(self)
        watcher = _Watcher(lambda: self._open_source(database))
        watcher.moveToThread(thread)
        thread.started.connect(watcher.start)
        watcher.committed.connect(self._on_commit)
        watcher.reached.connect(self.reached)
        watcher.job.connect(self.job)
        self._stop.connect(watcher.stop)
        self._check.connect(watcher.check)
        self._thread, self._watcher = thread, watcher
        thread.start()

    def check_reach(self) -> None:
        """Something failed as if the server were away: the watcher asks it at once and
        says (``reached``) whether it is."""
        self._check.emit()

    def _on_commit(self, seen: Commit) -> None:
        if seen is Commit.REPLACED and self._database is not None:
            self._database.close()
        self.catch_up()

    def catch_up(self) -> None:
        """Read the feed past the last change applied (one read at a time; a commit that
        arrives meanwhile is read right after)."""
        database, index = self._database, self._index
        if database is None or index is None:
            return
        if self._busy:
            self._again = True
            return
        self._busy, self._again = True, False
        seen = self._seen

        def done(caught: _CaughtUp) -> None:
            self._busy = False
            if database is self._database and index is self._index:
                self._apply(caught)
            if self._again:
                self.catch_up()

        def failed(_exc: Exception) -> None:
            """A busy or briefly unreadable book: the next commit (or write) tries again."""
            self._busy = False

        self._background.run(lambda: _catch_up(database, seen, index), done, failed)

    def _apply(self, caught: _CaughtUp) -> None:
        changes = caught.changes
        if changes.start_over:
            self._index = None
            self.changed.emit(changes)
            return
        if self._index is not None:
            self._index.apply(caught.entries)
        self._seen = changes.seq
        if changes:
            self.changed.emit(changes)

    def stop(self) -> None:
        """Stop watching (closing the window, switching books)."""
        if self._thread is not None:
            self._stop.emit()
            self._thread.wait()
            self._stop.disconnect()
            self._check.disconnect()
        self._thread = self._watcher = None
        self._database = None
        self._index = None


class FollowChanges(QObject):
    """What a window does when told the book changed (here, in another window or from
    the command line; the index is already patched): the results are asked again with
    the same row kept selected, the open card is reloaded (or closed, with a word, when
    its customer is gone), and Today and the customer count follow. Today (the costliest)
    is computed at once, then at most every ``TODAY_PAUSE_MS`` while changes keep coming."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._today_again = False
        self._today_pause = QTimer(self)
        self._today_pause.setSingleShot(True)
        self._today_pause.setInterval(TODAY_PAUSE_MS)
        self._today_pause.timeout.connect(self._today_paused)
        window.live.changed.connect(self.show)

    def show(self, changes: ChangeSet) -> None:
        """Bring every view up to ``changes``."""
        window = self._window
        if changes.start_over:
            window.refresh_facts()
            window.reopen_card()
            return
        card = window.card_view.card
        if card is not None and window.right.currentWidget() is window.card_view:
            if card.customer.id in changes.gone:
                window.close_card()
                window.statusBar().showMessage(
                    _(
                        "{display_name} was archived, merged or erased elsewhere; their card "
                        "was closed."
                    ).format(display_name=card.customer.display_name),
                    10_000,
                )
            elif changes.shop_wide or card.customer.id in changes.customers:
                window.reopen_card()
        if window.index is not None and window.search_box.text().strip():
            self._ask_again()
        window.background.run(
            partial(shop_summary, window.database), window.show_summary, window.report
        )
        self._refresh_today()

    def _ask_again(self) -> None:
        """The search asked again, keeping the row the clerk was on."""
        window = self._window
        current = window.results_view.currentIndex().data(CUSTOMER_ID_ROLE)
        window.search(window.search_box.text())
        for row in range(window.results.rowCount()):
            if window.results.index(row, 0).data(CUSTOMER_ID_ROLE) == current:
                window.results_view.setCurrentIndex(window.results.index(row, 0))

    def _refresh_today(self) -> None:
        if self._today_pause.isActive():
            self._today_again = True
            return
        self._window.refresh_today()
        self._today_pause.start()

    def _today_paused(self) -> None:
        if self._today_again:
            self._today_again = False
            self._refresh_today()
