"""The note box driven with keys: type, Ctrl+Enter, Esc, chips and ask-on shortcuts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.ui.note_editor import NoteEditor, NoteValues

TODAY = date(2026, 1, 31)


@pytest.fixture
def editor(qtbot: QtBot) -> Iterator[NoteEditor]:
    """A note box for Peggy, shown, with the text box focused; emptied before pytest-qt
    closes it, so closing never stops at the discard question."""
    dialog = NoteEditor("Peggy Okafor", today=TODAY)
    qtbot.addWidget(dialog, before_close_func=lambda _widget: dialog.text_box.clear())
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog


def _answer(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    """Answer the discard question without a real box; returns the questions asked."""
    asked: list[str] = []

    def question(_parent: object, title: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_ctrl_enter_saves_with_the_values(qtbot: QtBot, editor: NoteEditor) -> None:
    qtbot.keyClicks(editor.text_box, "Daughter Ana started college")
    editor.text_box.insertPlainText(" 🎓 in Kraków")  # keyClicks types ASCII only
    editor.pinned.setChecked(True)
    editor.ask_buttons["+2w"].click()
    with qtbot.waitSignal(editor.accepted):
        qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.result() == NoteEditor.DialogCode.Accepted
    assert editor.result_values() == NoteValues(
        body="Daughter Ana started college 🎓 in Kraków",
        kind="general",
        pinned=True,
        private=False,
        dont_bring_up=False,
        ask_on=date(2026, 2, 14),
    )


def test_plain_enter_starts_a_new_line(qtbot: QtBot, editor: NoteEditor) -> None:
    qtbot.keyClicks(editor.text_box, "one")
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.text_box, "two")
    assert editor.isVisible()
    assert editor.text_box.toPlainText() == "one\ntwo"


def test_an_empty_note_is_not_saved(qtbot: QtBot, editor: NoteEditor) -> None:
    qtbot.keyClicks(editor.text_box, "   ")
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.isVisible()
    assert "empty" in editor.problem.text()


def test_escape_with_text_asks_and_keeps_it_on_cancel(
    qtbot: QtBot, editor: NoteEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClicks(editor.text_box, "likes dark roast")
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Escape)
    assert asked == ["Discard this note?"]
    assert editor.isVisible()
    assert editor.text_box.toPlainText() == "likes dark roast"


def test_escape_with_text_discards_when_confirmed(
    qtbot: QtBot, editor: NoteEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    qtbot.keyClicks(editor.text_box, "likes dark roast")
    with qtbot.waitSignal(editor.rejected):
        qtbot.keyClick(editor.text_box, Qt.Key.Key_Escape)
    assert asked == ["Discard this note?"]
    assert not editor.isVisible()


def test_escape_without_text_closes_without_asking(
    qtbot: QtBot, editor: NoteEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    with qtbot.waitSignal(editor.rejected):
        qtbot.keyClick(editor.text_box, Qt.Key.Key_Escape)
    assert asked == []


def test_a_chip_starts_a_line_with_its_prefix(qtbot: QtBot, editor: NoteEditor) -> None:
    editor.chip_buttons["pets"].click()
    qtbot.keyClicks(editor.text_box, "a beagle called Rex")
    editor.chip_buttons["dont_bring_up"].click()
    qtbot.keyClicks(editor.text_box, "the divorce")
    values = editor.result_values()
    assert values.body == "Pets: a beagle called Rex\nDon't bring up the divorce"
    assert values.kind == "dont_bring_up"
    assert values.dont_bring_up


def test_next_month_keeps_the_day_where_it_can(editor: NoteEditor) -> None:
    editor.ask_buttons["Next month"].click()
    assert editor.result_values().ask_on == date(2026, 2, 28)
    editor.ask.setChecked(False)
    assert editor.result_values().ask_on is None


def test_typing_hands_the_draft_over(qtbot: QtBot, editor: NoteEditor) -> None:
    qtbot.keyClicks(editor.text_box, "half a thought")
    with qtbot.waitSignal(editor.draftChanged) as changed:
        editor.flush_draft()
    assert changed.args == ["half a thought"]


def test_steady_typing_does_not_put_the_draft_deadline_off(
    qtbot: QtBot, editor: NoteEditor
) -> None:
    qtbot.keyClick(editor.text_box, "T")
    assert editor.draft_deadline.isActive()
    left = editor.draft_deadline.remainingTime()
    for word in ("om's ", "knee ", "surgery ", "went ", "well, ", "back ", "at ", "work"):
        qtbot.keyClicks(editor.text_box, word)
        assert editor.draft_deadline.isActive()
        assert editor.draft_deadline.remainingTime() <= left
    assert editor.draft_deadline.interval() <= 2000


def test_a_time_in_the_words_is_proposed_and_tab_takes_it(qtbot: QtBot, editor: NoteEditor) -> None:
    qtbot.keyClicks(editor.text_box, "going to Maine in July")
    qtbot.waitUntil(editor.proposal.isVisible)
    assert "Sunday, Aug 2, 2026" in editor.proposal.text()
    assert "in July" in editor.proposal.text()
    (highlight,) = editor.text_box.extraSelections()
    assert highlight.cursor.selectedText() == "in July"
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Tab)
    assert not editor.proposal.isVisible()
    assert editor.text_box.extraSelections() == []
    assert editor.text_box.hasFocus()
    assert editor.result_values().ask_on == date(2026, 8, 2)


def test_typing_on_ignores_the_proposal_for_good(qtbot: QtBot, editor: NoteEditor) -> None:
    qtbot.keyClicks(editor.text_box, "knee surgery next Tuesday")
    qtbot.waitUntil(editor.proposal.isVisible)
    qtbot.keyClicks(editor.text_box, ", nervous")
    assert not editor.proposal.isVisible()
    assert editor.text_box.extraSelections() == []
    qtbot.keyClicks(editor.text_box, "; wedding on June 14th")
    qtbot.waitUntil(editor.proposal.isVisible)
    assert "June 14th" in editor.proposal.text()
    assert "Tuesday, Jun 16, 2026" in editor.proposal.text()
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Tab)
    assert editor.result_values().ask_on is None
    assert not editor.text_box.hasFocus()


def test_no_proposal_without_a_time_or_with_a_date_set(qtbot: QtBot, editor: NoteEditor) -> None:
    qtbot.keyClicks(editor.text_box, "May is her daughter, likes Sunday roast")
    editor.propose_date()
    assert not editor.proposal.isVisible()
    editor.ask_buttons["+2w"].click()
    qtbot.keyClicks(editor.text_box, ", back from Spain at Christmas")
    editor.propose_date()
    assert not editor.proposal.isVisible()
    assert editor.result_values().ask_on == date(2026, 2, 14)


def test_the_shop_language_reads_german(qtbot: QtBot) -> None:
    dialog = NoteEditor("Petra", today=TODAY, language="de")
    qtbot.addWidget(dialog, before_close_func=lambda _widget: dialog.text_box.clear())
    dialog.show()
    dialog.text_box.setPlainText("Knie-OP nächsten Dienstag")
    qtbot.waitUntil(dialog.proposal.isVisible)
    qtbot.keyClick(dialog.text_box, Qt.Key.Key_Tab)
    assert dialog.result_values().ask_on == date(2026, 2, 5)
