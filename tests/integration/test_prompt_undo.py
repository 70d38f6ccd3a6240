"""Every mark on a prompt or a Today row can be taken back for a while, and only then."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.errors import RegularsError
from app.models import Note
from app.prompts import dismiss, mark_asked, snooze, undo_mark
from app.prompts.undo import UNDO_WINDOW
from app.today import mark_today_row, today_view
from tests.integration.prompt_shop import MONDAY, Shop

DAY = date(2026, 11, 23)


@pytest.fixture
def shop(db: Database) -> Shop:
    return Shop(db)


def _notes(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Note)) or 0)


@pytest.mark.parametrize("how", ["asked", "asked with an answer", "dismissed", "snoozed"])
def test_a_marked_prompt_comes_back_on_undo(shop: Shop, db: Database, how: str) -> None:
    anna = shop.customer()
    shop.buy(anna, 20, "Kayaks")
    [prompt] = shop.prompts(anna)
    notes_before = _notes(db)
    if how == "dismissed":
        mark = dismiss(db, prompt)
    elif how == "snoozed":
        mark = snooze(db, prompt, until=MONDAY + timedelta(days=7))
    else:
        said = "Loves it" if how.endswith("answer") else None
        mark = mark_asked(db, prompt, outcome=said, today=MONDAY)
    assert shop.prompts(anna) == []
    undo_mark(db, mark)
    assert [p.source_key for p in shop.prompts(anna)] == [prompt.source_key]
    assert _notes(db) == notes_before
    with pytest.raises(RegularsError, match="changed again"):
        undo_mark(db, mark)


def test_undo_is_refused_once_the_while_is_over(shop: Shop, db: Database) -> None:
    anna = shop.customer()
    shop.buy(anna, 20, "Kayaks")
    [prompt] = shop.prompts(anna)
    mark = dismiss(db, prompt)
    with pytest.raises(RegularsError, match="no longer be undone"):
        undo_mark(db, mark, now=mark.marked_at + UNDO_WINDOW + timedelta(seconds=1))
    assert shop.prompts(anna) == []


def _keys(db: Database) -> set[str]:
    return {row.key for section in today_view(db, today=DAY).sections for row in section.rows}


def test_a_today_row_done_or_snoozed_comes_back_on_undo(db: Database) -> None:
    Shop(db, today=DAY).customer("Anna", "Berg", birthday_month=DAY.month, birthday_day=DAY.day)
    (key,) = _keys(db)
    for action in ("done", "snooze"):
        mark = mark_today_row(db, key, action, today=DAY)
        assert mark is not None
        assert key not in _keys(db)
        undo_mark(db, mark)
        assert _keys(db) == {key}
