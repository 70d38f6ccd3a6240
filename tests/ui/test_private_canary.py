"""Private means private: canary words in private notes, their earlier wordings, the
trash, a draft and an ask-on note due today are walked through every command and every
window view that shows notes. In clerk mode no canary reaches stdout, stderr, a written
file or a widget; with the owner's passphrase they all come back."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.cli import main
from app.db import Database
from app.models import Customer, Note
from app.notes import add_note, delete_note, edit_note, save_draft
from app.prompts import prompts_for
from app.safety.owner_secret import sealing_key, unlock
from app.ui.main_window import MainWindow
from app.ui.owner_mode import UnlockDialog
from tests.owner import PASSPHRASE, protect

TODAY = date(2026, 11, 23)
CANARIES = {
    "ask": "Quetzalask",
    "old": "Quetzalold",
    "now": "Quetzalnow",
    "trash": "Quetzaltrash",
    "was": "Quetzalwas",
    "draft": "Quetzaldraft",
    "before": "Quetzalbefore",
    "aged": "Quetzalaged",
}


def _canary_book(db: Database) -> dict[str, int]:
    """Ada's private life, written partly before the passphrase (then sealed by it) and
    partly after (sealed as written)."""
    with db.session() as session:
        ada = Customer(first_name="Ada", last_name="Canary", phone="555-010-7777")
        ada.notes.append(Note(body="Likes oolong tea"))
        session.add(ada)
        session.flush()
        ada_id = ada.id
    before = add_note(db, ada_id, f"{CANARIES['before']} debt of 300", private=True)
    done = protect(db)
    owner = done.access
    ask = add_note(
        db,
        ada_id,
        f"{CANARIES['ask']} ask how the hospital visit went",
        private=True,
        pinned=True,
        ask_on=date(2026, 11, 20),
    )
    edited = add_note(db, ada_id, f"{CANARIES['old']} first wording", private=True)
    edit_note(
        db, edited.id, body=f"{CANARIES['now']} second wording", expected_revision=1, access=owner
    )
    trashed = add_note(db, ada_id, f"{CANARIES['trash']} gone", private=True)
    delete_note(db, trashed.id, access=owner)
    was = add_note(db, ada_id, f"{CANARIES['was']} once private", private=True)
    edit_note(
        db,
        was.id,
        body="Now a note for everyone",
        expected_revision=1,
        private=False,
        access=owner,
    )
    aged = add_note(db, ada_id, f"{CANARIES['aged']} expecting", kind="family", private=True)
    with db.session() as session:
        written = session.get(Note, aged.id)
        assert written is not None
        written.created_at = datetime(2026, 1, 20)  # "How's the baby?" is due by TODAY
    prompts_for(db, ada_id, today=TODAY, access=owner)
    save_draft(
        db.path,
        ada_id,
        f"{CANARIES['draft']} being typed",
        private=True,
        seal_to=sealing_key(db),
    )
    return {
        "ada": ada_id,
        "ask": ask.id,
        "edited": edited.id,
        "trashed": trashed.id,
        "was": was.id,
        "before": before.id,
    }


def _leaks(text: str) -> set[str]:
    return {word for word in CANARIES.values() if word.casefold() in text.casefold()}


def _file_leaks(folder: Path) -> dict[str, set[str]]:
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits = {
                w for w in CANARIES.values() if w.encode() in data or w.lower().encode() in data
            }
            if hits:
                found[str(path)] = hits
    return found


def _clerk_commands(db_path: Path, ids: dict[str, int], out: Path) -> Iterator[list[str]]:
    ada = str(ids["ada"])
    yield from (
        ["search", "Ada"],
        ["search", "quetzal"],
        ["--json", "search", "canary"],
        ["card", ada],
        ["card", ada, "--json", "--on", TODAY.isoformat()],
        ["prompts", ada, "--on", TODAY.isoformat()],
        ["prompts", ada, "--json", "--on", TODAY.isoformat()],
        ["today", "--on", TODAY.isoformat()],
        ["today", "--json", "--on", TODAY.isoformat()],
        ["note", "list", ada],
        ["note", "list", ada, "--json"],
        ["note", "list", ada, "--with-private"],
        ["note", "trash"],
        ["note", "trash", "--json", "--customer", ada],
        ["note", "search", "quetzal", "second"],
        ["note", "search", "wording", "--json"],
        ["note", "search", "Quetzal"],
        ["customer", "relation", "list", ada],
        ["staff", "add", "Sam"],
        ["practice", "next", "--staff", "Sam"],
        ["export", str(out / "all.csv")],
        ["export", str(out / "all.vcf")],
        ["export", str(out / "ada.json"), "--customer", ada],
        ["backup", str(out / "copy.db")],
        ["check"],
        ["owner", "status"],
    )
    for note in ("ask", "edited", "trashed", "was", "before"):
        yield ["note", "history", str(ids[note])]
        yield ["--json", "note", "history", str(ids[note])]
    for note in ("ask", "edited", "before"):
        yield ["note", "edit", str(ids[note]), "clerk rewrite"]
        yield ["note", "delete", str(ids[note])]
    yield ["note", "restore", str(ids["trashed"])]
    yield ["today", "--done", f"note:{ids['ask']}:2026-11-20", "--on", TODAY.isoformat()]


def _widget_text(widgets: list[QWidget]) -> str:
    """Every text a person could read in these widgets and their children."""
    parts: list[str] = []
    for top in widgets:
        for widget in [top, *top.findChildren(QWidget)]:
            parts.append(widget.toolTip())
            parts.append(widget.windowTitle())
            if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
                parts.append(widget.text())
            if isinstance(widget, QPlainTextEdit | QTextEdit):
                parts.append(widget.toPlainText())
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                parts.extend(_model_text(widget))
    return "\n".join(parts)


def _model_text(view: QAbstractItemView) -> Iterator[str]:
    """Every cell's text and tooltip, down through a tree (a list model hides its
    column and child counts: one column, no children)."""
    model = view.model()
    pending = [view.rootIndex()]
    while pending:
        parent = pending.pop()
        try:
            columns = model.columnCount(parent)
        except TypeError:
            columns = 1
        for row in range(model.rowCount(parent)):
            for column in range(columns):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = index.data(role)
                    if value is not None:
                        yield str(value)
                if columns > 1 or (column == 0 and not isinstance(view, QListView)):
                    pending.append(index)


def _visit_window(qtbot: QtBot, window: MainWindow, ids: dict[str, int]) -> str:
    """Walk the window's note-showing views; return everything they showed."""
    seen: list[str] = []
    window.refresh_today()
    window.background.wait()
    qtbot.wait(1)
    seen.append(_widget_text([window]))
    window.open_card(ids["ada"])
    qtbot.waitUntil(lambda: window.card_view.card is not None)
    window.background.wait()
    qtbot.wait(1)
    seen.append(_widget_text([window]))
    for question in ("?quetzal", "?wording", "?hospital", "Ada"):
        window.search_box.setText(question)
        window.background.wait()
        qtbot.wait(1)
        seen.append(_widget_text([window]))
    window.search_box.clear()
    window.customers.dialog = None
    window.customers.trash()
    qtbot.waitUntil(lambda: window.customers.dialog is not None)
    seen.append(_widget_text(QApplication.topLevelWidgets()))
    if window.customers.dialog is not None:
        window.customers.dialog.close()
    window.notes.offer_drafts()
    window.background.wait()
    seen.append(_widget_text(QApplication.topLevelWidgets()))
    return "\n".join(seen)


def test_private_canaries_never_reach_the_clerk_and_all_reach_the_owner(
    qtbot: QtBot,
    db: Database,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = _canary_book(db)
    out = tmp_path / "written"
    out.mkdir()
    monkeypatch.delenv("REGULARS_OWNER_PIN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    offered: list[str] = []

    def answer(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        offered.append(args[2])
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", answer)

    window = MainWindow(db, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.show()
    clerk_saw = _visit_window(qtbot, window, ids)
    assert "Likes oolong tea" in clerk_saw and "Now a note for everyone" in clerk_saw
    assert _leaks(clerk_saw) == set()
    assert offered == []

    exits = []
    for command in _clerk_commands(db_path, ids, out):
        exits.append(main([*command, "--db", str(db_path)]))
        printed = capsys.readouterr()
        assert _leaks(printed.out + printed.err) == set(), command
        changes_private = command[:2] in (["note", "edit"], ["note", "delete"], ["note", "restore"])
        if changes_private:
            assert exits[-1] == 1 and "there is no note with id" in printed.err.casefold(), command
        if "--done" in command:
            assert exits[-1] == 1 and "that note is gone" in printed.err, command
        if "--with-private" in command:
            assert exits[-1] == 1 and "only the owner" in printed.err.casefold(), command
    assert exits.count(0) > 20
    assert _file_leaks(tmp_path) == {}

    window.owner.request(window)
    qtbot.waitUntil(lambda: isinstance(window.owner.dialog, UnlockDialog))
    dialog = window.owner.dialog
    assert isinstance(dialog, UnlockDialog)
    QTest.keyClicks(dialog.secret, PASSPHRASE)
    QTest.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.owner.is_owner)
    qtbot.waitUntil(lambda: window.notes.editor is not None)
    assert _leaks("\n".join(offered)) == {CANARIES["draft"]}
    editor = window.notes.editor
    assert editor is not None and editor.private.isChecked()
    editor.text_box.clear()
    editor.reject()
    owner_saw = _visit_window(qtbot, window, ids)
    assert {CANARIES["ask"], CANARIES["now"], CANARIES["before"], CANARIES["aged"]} <= _leaks(
        owner_saw
    )
    assert "the baby?" in owner_saw  # the aged fact's prompt, from the private note
    assert "Still true?" in owner_saw
    assert CANARIES["trash"] in _leaks(owner_saw)
    window.close()

    monkeypatch.setenv("REGULARS_OWNER_PIN", PASSPHRASE)
    owner_printed = []
    for command in (
        ["note", "list", str(ids["ada"]), "--with-private", "--owner"],
        ["note", "history", str(ids["edited"]), "--owner"],
        ["note", "history", str(ids["was"]), "--owner"],
        ["note", "trash", "--owner"],
        ["note", "search", "quetzal", "--owner"],
        ["today", "--owner", "--on", TODAY.isoformat()],
        ["card", str(ids["ada"]), "--owner", "--on", TODAY.isoformat()],
    ):
        assert main([*command, "--db", str(db_path)]) == 0, command
        owner_printed.append(capsys.readouterr().out)
    assert _leaks("\n".join(owner_printed)) == set(CANARIES.values()) - {CANARIES["draft"]}
    exported = out / "owner.json"
    assert (
        main(
            [
                "export",
                str(exported),
                "--customer",
                str(ids["ada"]),
                "--owner",
                "--db",
                str(db_path),
            ]
        )
        == 0
    )
    assert _leaks(exported.read_text(encoding="utf-8")) == set(CANARIES.values()) - {
        CANARIES["draft"]
    }
    with Database(str(db_path)) as database:
        assert unlock(database, PASSPHRASE).key is not None
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert all("sealed" not in note for note in document["notes"])
