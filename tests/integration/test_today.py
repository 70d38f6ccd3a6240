"""The Today view on a small shop with fixed dates: every list, done and snoozed rows,
and the ``regulars today`` command."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db import Database
from app.errors import RegularsError
from app.i18n import use_language
from app.models import Note, Occasion, OccasionKind, Prompt, Purchase, Relation, RelationKind
from app.prompts import mark_asked
from app.prompts.undo_file import keep_mark, undo_last_mark, undo_path
from app.safety.access import Access
from app.settings import save_settings
from app.today import TodayRow, TodayView, mark_today_row, today_view
from tests.integration.prompt_shop import Shop

MONDAY = date(2026, 11, 23)
WEEKLY = [7 * weeks for weeks in range(6, 14)]
"""Eight visits a week apart, the last six weeks ago: a regular gone quiet."""


def rows(view: TodayView, section: str) -> list[TodayRow]:
    return list(view.section(section).rows)


def texts(view: TodayView, section: str) -> list[tuple[int, str]]:
    return [(row.customer_id, row.text) for row in rows(view, section)]


def keys(view: TodayView, section: str) -> list[str]:
    return [row.key for row in rows(view, section)]


@pytest.fixture
def shop(db: Database) -> Shop:
    return Shop(db, today=MONDAY)


def test_birthdays_this_week_include_the_household_but_not_friends(
    db: Database, shop: Shop
) -> None:
    anna = shop.customer("Anna", "Berg", birthday_month=11, birthday_day=23)
    shop.relation(anna, "Lily", RelationKind.CHILD, 11, 26)
    shop.relation(anna, "Rex", RelationKind.PET, 11, 29)
    shop.relation(anna, "Tom", RelationKind.FRIEND, 11, 24)
    shop.customer("Late", "Later", birthday_month=11, birthday_day=30)
    shop.customer("Gone", "Yesterday", birthday_month=11, birthday_day=22)

    view = today_view(db, today=MONDAY)

    assert texts(view, "occasions") == [
        (anna, "Birthday today"),
        (anna, "Lily's birthday on Thursday (child)"),
        (anna, "Rex's birthday on Sunday (pet)"),
    ]
    assert rows(view, "occasions")[0].display_name == "Anna Berg"
    assert rows(view, "occasions")[0].detail == "no visits yet"


def test_a_linked_household_member_brings_their_own_birthday(db: Database, shop: Shop) -> None:
    anna = shop.customer("Anna", "Berg")
    bob = shop.customer("Bob", "Berg", preferred_name="Bobby", birthday_month=11, birthday_day=25)
    with db.session() as s:
        s.add(Relation(customer_id=anna, kind=RelationKind.SPOUSE, related_customer_id=bob))

    view = today_view(db, today=MONDAY)

    assert sorted(texts(view, "occasions")) == [
        (anna, "Bobby's birthday on Wednesday (spouse)"),
        (bob, "Birthday on Wednesday"),
    ]


def test_a_leap_day_birthday_falls_on_28_february_in_common_years(db: Database, shop: Shop) -> None:
    leap = shop.customer("Leap", "Day", birthday_month=2, birthday_day=29)

    common = today_view(db, today=date(2027, 2, 25))
    assert texts(common, "occasions") == [(leap, "Birthday on Sunday")]
    assert keys(common, "occasions") == [f"today:birthday:{leap}:self:2027-02-28"]
    assert keys(today_view(db, today=date(2028, 2, 29)), "occasions") == [
        f"today:birthday:{leap}:self:2028-02-29"
    ]
    assert today_view(db, today=date(2027, 3, 1)).section("occasions").rows == ()


def test_anniversaries_and_round_years_as_a_customer(db: Database, shop: Shop) -> None:
    anna = shop.customer("Anna", "Berg", customer_since=date(2016, 11, 27))
    shop.customer("Six", "Years", customer_since=date(2020, 11, 24))
    with db.session() as s:
        s.add(
            Occasion(
                customer_id=anna,
                kind=OccasionKind.ANNIVERSARY,
                label="wedding anniversary",
                month=11,
                day=24,
                year=2001,
            )
        )

    view = today_view(db, today=MONDAY)

    assert texts(view, "occasions") == [
        (anna, "Wedding anniversary tomorrow (25 years)"),
        (anna, "10 years as a customer on Friday"),
    ]


def test_occasions_on_the_same_day_put_the_latest_visitors_first(db: Database, shop: Shop) -> None:
    rare = shop.customer("Rare", "Visitor", birthday_month=11, birthday_day=24)
    regular = shop.customer("Regular", "Visitor", birthday_month=11, birthday_day=24)
    shop.buy(rare, 400, "Feed")
    shop.buy(regular, 3, "Feed")

    view = today_view(db, today=MONDAY)

    assert [row.customer_id for row in rows(view, "occasions")] == [regular, rare]
    assert rows(view, "occasions")[0].detail == "last seen 3 days ago"


def test_follow_ups_due_oldest_first_private_marked_and_never_dont_bring_up(
    db: Database, shop: Shop
) -> None:
    anna = shop.customer("Anna", "Berg")
    recent = shop.note(anna, "Ask how the knee surgery went.", ask_on=MONDAY)
    oldest = shop.note(anna, "Ask whether the hens are laying.", ask_on=date(2026, 11, 2))
    private = shop.note(anna, "Divorce papers came through.", ask_on=MONDAY, private=True)
    shop.note(anna, "Her mother passed away.", ask_on=MONDAY, dont_bring_up=True)
    shop.note(anna, "Ask about the trip.", ask_on=MONDAY + timedelta(days=1))
    gone = shop.note(anna, "Deleted note.", ask_on=MONDAY)
    with db.session() as s:
        note = s.get(Note, gone)
        assert note is not None
        note.deleted_at = datetime(2026, 11, 20)

    view = today_view(db, today=MONDAY, access=Access(owner=True))

    assert keys(view, "follow_ups") == [
        f"note:{oldest}:2026-11-02",
        f"note:{recent}:2026-11-23",
        f"note:{private}:2026-11-23",
    ]
    first, _, secret = rows(view, "follow_ups")
    assert first.detail == "due 3 weeks ago; written Oct 24"
    assert (first.private, secret.private) == (False, True)
    assert secret.text == "Divorce papers came through."
    clerk = today_view(db, today=MONDAY)
    assert keys(clerk, "follow_ups") == [f"note:{oldest}:2026-11-02", f"note:{recent}:2026-11-23"]


def test_a_follow_up_asked_at_the_register_leaves_the_today_view(db: Database, shop: Shop) -> None:
    anna = shop.customer("Anna", "Berg")
    shop.note(anna, "Ask how the knee surgery went.", ask_on=MONDAY)
    (prompt,) = shop.prompts(anna)
    mark_asked(db, prompt, today=MONDAY)

    assert today_view(db, today=MONDAY).section("follow_ups").rows == ()


def test_a_follow_up_done_on_the_today_view_is_asked_on_the_card(db: Database, shop: Shop) -> None:
    anna = shop.customer("Anna", "Berg")
    note = shop.note(anna, "Ask how the knee surgery went.", ask_on=MONDAY)

    mark_today_row(db, f"note:{note}:2026-11-23", "done", today=MONDAY)

    assert today_view(db, today=MONDAY).section("follow_ups").rows == ()
    assert shop.prompts(anna) == []


def test_overdue_regulars_against_their_own_rhythm(db: Database, shop: Shop) -> None:
    weekly = shop.customer("Weekly", "Gone")
    shop.buy(weekly, WEEKLY, "Feed")
    holiday = shop.customer("Holiday", "Maker")
    shop.buy(holiday, [40, 47, 54, 61, 68, 300, 307], "Feed")
    few = shop.customer("Four", "Visits")
    shop.buy(few, [60, 67, 74, 81], "Feed")
    fresh = shop.customer("Just", "Seen")
    shop.buy(fresh, [10, 17, 24, 31, 38, 45], "Feed")
    monthly = shop.customer("Monthly", "Visitor")
    shop.buy(monthly, [40, 70, 100, 130, 160], "Feed")
    lapsed = shop.customer("Long", "Lapsed")
    shop.buy(lapsed, [300, 307, 314, 321, 328], "Feed")

    view = today_view(db, today=MONDAY)

    assert texts(view, "overdue") == [
        (weekly, "Usually every 7 days; last seen 6 weeks ago"),
        (holiday, "Usually every 7 days; last seen 6 weeks ago"),
    ]
    assert rows(view, "overdue")[0].detail == "8 visits this past year, the last on Oct 12"
    assert rows(view, "overdue")[0].key == f"today:overdue:{weekly}:2026-10-12"


def test_several_purchases_on_one_day_are_one_visit(db: Database, shop: Shop) -> None:
    twice = shop.customer("Twice", "Daily")
    shop.buy(twice, [40, 40, 47, 47, 54, 54, 61, 61], "Feed")

    assert today_view(db, today=MONDAY).section("overdue").rows == ()


def test_most_overdue_first_and_limited(db: Database, shop: Shop) -> None:
    ids = []
    for weeks in (6, 9, 7):
        customer = shop.customer("Weekly", f"Gone {weeks}")
        shop.buy(customer, [7 * (weeks + n) for n in range(6)], "Feed")
        ids.append(customer)

    view = today_view(db, today=MONDAY, limit=2)

    assert [row.customer_id for row in rows(view, "overdue")] == [ids[1], ids[2]]
    assert view.section("overdue").total == 3


def test_new_customers_this_week(db: Database, shop: Shop) -> None:
    joined = shop.customer("New", "Since", customer_since=date(2026, 11, 21))
    added = shop.customer("New", "Added", created_at=datetime(2026, 11, 23, 9, 30))
    shop.customer("Old", "Hand", customer_since=date(2026, 11, 16))
    shop.customer(
        "Old", "Import", customer_since=date(2019, 5, 1), created_at=datetime(2026, 11, 22)
    )

    view = today_view(db, today=MONDAY)

    assert texts(view, "new") == [
        (added, "New customer: first seen today"),
        (joined, "New customer: first seen last Saturday"),
    ]


def test_someone_added_this_week_is_new_from_their_first_visit(db: Database, shop: Shop) -> None:
    """Added to the book today after a first visit on Wednesday: new since Wednesday, as
    the row's "last seen" says; added today after years of visits: not new at all."""
    came_wednesday = shop.customer("Came", "Wednesday", created_at=datetime(2026, 11, 23, 9))
    shop.buy(came_wednesday, [5], "Feed")
    old_hand = shop.customer("Long", "Known", created_at=datetime(2026, 11, 23, 9))
    shop.buy(old_hand, [5, 400], "Feed")

    view = today_view(db, today=MONDAY)

    assert texts(view, "new") == [(came_wednesday, "New customer: first seen last Wednesday")]
    (row,) = rows(view, "new")
    assert row.detail == "last seen 5 days ago"


def test_likely_in_today_from_the_weekday_they_keep_to(db: Database, shop: Shop) -> None:
    mondays = shop.customer("Monday", "Regular")
    shop.buy(mondays, [7, 14, 21, 28, 35, 42, 45], "Feed")
    mixed = shop.customer("Any", "Day")
    shop.buy(mixed, [7, 15, 23, 31, 39, 47], "Feed")
    long_ago = shop.customer("Used", "To")
    shop.buy(long_ago, [70, 77, 84, 91, 98, 105], "Feed")

    assert texts(today_view(db, today=MONDAY), "likely") == [
        (mondays, "Often in on Mondays: 6 of 7 visits this past year")
    ]
    assert today_view(db, today=MONDAY + timedelta(days=1)).section("likely").rows == ()
    shop.buy(mondays, [0], "Feed")  # in already today: no longer "likely in"
    assert today_view(db, today=MONDAY).section("likely").rows == ()


def test_archived_customers_are_left_out(db: Database, shop: Shop) -> None:
    gone = shop.customer("Archived", "One", archived=True, birthday_month=11, birthday_day=23)
    shop.buy(gone, WEEKLY, "Feed")
    shop.note(gone, "Ask about the move.", ask_on=MONDAY)
    shop.relation(gone, "Lily", RelationKind.CHILD, 11, 26)
    with db.session() as s:  # their household's birthdays go with them, a linked one too
        s.add(Relation(customer_id=gone, kind=RelationKind.SPOUSE, related_customer_id=gone))

    assert today_view(db, today=MONDAY).empty


def test_done_rows_stay_hidden(db: Database, shop: Shop) -> None:
    anna = shop.customer("Anna", "Berg", birthday_month=11, birthday_day=24)
    shop.buy(anna, WEEKLY, "Feed")
    view = today_view(db, today=MONDAY)
    (birthday,) = keys(view, "occasions")
    (overdue,) = keys(view, "overdue")

    mark_today_row(db, birthday, "done", today=MONDAY)
    mark_today_row(db, overdue, "done", today=MONDAY)
    mark_today_row(db, overdue, "done", today=MONDAY)

    for later in (MONDAY, MONDAY + timedelta(days=1)):
        view = today_view(db, today=later)
        assert view.section("occasions").rows == ()
        assert view.section("overdue").rows == ()
    with pytest.raises(RegularsError, match="already marked done"):
        mark_today_row(db, overdue, "snooze", today=MONDAY)


def test_an_overdue_row_done_comes_back_after_the_next_visit_and_lapse(
    db: Database, shop: Shop
) -> None:
    anna = shop.customer("Anna", "Berg")
    shop.buy(anna, WEEKLY, "Feed")
    (key,) = keys(today_view(db, today=MONDAY), "overdue")
    mark_today_row(db, key, "done", today=MONDAY)
    shop.buy(anna, 0, "Feed")

    later = MONDAY + timedelta(days=30)
    assert keys(today_view(db, today=later), "overdue") == [f"today:overdue:{anna}:2026-11-23"]


def test_snoozed_rows_come_back_when_due(db: Database, shop: Shop) -> None:
    anna = shop.customer("Anna", "Berg")
    note = shop.note(anna, "Ask how the knee surgery went.", ask_on=MONDAY)
    key = f"note:{note}:2026-11-23"

    mark_today_row(db, key, "snooze", today=MONDAY, until=MONDAY + timedelta(days=3))

    assert keys(today_view(db, today=MONDAY + timedelta(days=2)), "follow_ups") == []
    assert keys(today_view(db, today=MONDAY + timedelta(days=3)), "follow_ups") == [key]


def test_snooze_without_a_date_means_until_tomorrow(db: Database, shop: Shop) -> None:
    shop.customer("Anna", "Berg", birthday_month=11, birthday_day=25)
    (key,) = keys(today_view(db, today=MONDAY), "occasions")

    mark_today_row(db, key, "snooze", today=MONDAY)

    assert keys(today_view(db, today=MONDAY), "occasions") == []
    assert keys(today_view(db, today=MONDAY + timedelta(days=1)), "occasions") == [key]


@pytest.mark.parametrize(
    ("key", "action", "until", "message"),
    [
        ("today:birthday:999:self:2026-11-23", "done", None, "no customer with id 999"),
        ("note:999:2026-11-23", "done", None, "that note is gone"),
        ("today:party:1:x", "done", None, "not a row of the Today view"),
        ("bogus", "done", None, "not a row of the Today view"),
        ("today:new:1", "shelve", None, "Unknown action 'shelve'"),
        ("today:new:1", "snooze", date(2026, 11, 23), "a day after 2026-11-23"),
        ("today:new:1", "done", date(2026, 11, 30), "only goes with 'snooze'"),
    ],
)
def test_bad_marks_are_refused_and_write_nothing(
    db: Database, shop: Shop, key: str, action: str, until: date | None, message: str
) -> None:
    shop.customer("Anna", "Berg")
    with pytest.raises(RegularsError, match=message):
        mark_today_row(db, key, action, today=MONDAY, until=until)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Prompt)) == 0


def test_the_today_command_prints_marks_and_writes_json(
    db: Database, db_path: Path, shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    anna = shop.customer("Anna", "Berg", birthday_month=11, birthday_day=23)
    shop.buy(anna, WEEKLY, "Feed")
    base = ["--db", str(db_path), "today", "--on", "2026-11-23"]

    assert main(base) == 0
    text = capsys.readouterr().out
    assert "Today: Monday, Nov 23, 2026" in text
    assert f"#{anna} Anna Berg: Birthday today  (last seen 6 weeks ago)" in text
    assert "today:" not in text and "key" not in text  # words, not internal keys
    assert main([*base, "--keys"]) == 0
    assert f"key today:overdue:{anna}:2026-10-12" in capsys.readouterr().out

    assert main([*base, "--json", "--done", f"today:overdue:{anna}:2026-10-12"]) == 0
    printed = capsys.readouterr()
    assert "Marked: done — Anna Berg: Usually every 7 days; last seen 6 weeks ago." in printed.err
    data = json.loads(printed.out)
    assert data["on"] == "2026-11-23"
    sections = {section["name"]: section for section in data["sections"]}
    assert sections["overdue"]["rows"] == []
    assert sections["occasions"]["rows"][0]["customer_id"] == anna

    assert main([*base, "--snooze", "bogus"]) == 1
    assert "not a row of the Today view" in capsys.readouterr().err
    assert main([*base, "--until", "2026-11-30"]) == 1
    assert "--until only goes with --snooze" in capsys.readouterr().err
    for wrong, said in (
        (["--limit", "0"], "'0' must be at least 1"),
        (["--on", "9999-12-31"], "is not a date from 1900 to 2999"),
    ):
        with pytest.raises(SystemExit):
            main(["--db", str(db_path), "today", *wrong])
        assert said in capsys.readouterr().err


def test_the_today_command_on_an_empty_book_says_what_will_show(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "today"]) == 0
    assert "show here once customers have them" in capsys.readouterr().err


def test_visits_after_the_day_asked_about_are_not_seen(db: Database, shop: Shop) -> None:
    anna = shop.customer("Anna", "Berg")
    shop.buy(anna, WEEKLY, "Feed")
    with db.session() as s:
        s.add(Purchase(customer_id=anna, purchased_on=MONDAY + timedelta(days=5)))

    assert keys(today_view(db, today=MONDAY), "overdue") == [f"today:overdue:{anna}:2026-10-12"]


def test_visits_written_in_any_order_give_the_same_rhythm(db: Database, shop: Shop) -> None:
    anna = shop.customer("Anna", "Berg")
    shop.buy(anna, [42, 91, 70, 49, 84, 56, 77, 63], "Feed")

    assert texts(today_view(db, today=MONDAY), "overdue") == [
        (anna, "Usually every 7 days; last seen 6 weeks ago")
    ]


def test_the_today_command_takes_back_its_last_mark(
    db: Database, db_path: Path, shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--undo`` takes back the newest ``--done``/``--snooze`` from the command line, in
    words; then the one before; a list with nothing left, or a damaged one, is refused."""
    anna = shop.customer("Anna", "Berg", birthday_month=11, birthday_day=23)
    shop.buy(anna, WEEKLY, "Feed")
    base = ["--db", str(db_path), "today", "--on", "2026-11-23"]
    overdue, birthday = (
        f"today:overdue:{anna}:2026-10-12",
        keys(today_view(db, today=MONDAY), "occasions")[0],
    )
    assert main([*base, "--done", overdue]) == 0
    assert main([*base, "--snooze", birthday]) == 0
    capsys.readouterr()
    assert keys(today_view(db, today=MONDAY), "overdue") == []

    assert main([*base, "--undo"]) == 0
    printed = capsys.readouterr()
    assert "Undone: snoozed — Anna Berg: Birthday today." in printed.err
    assert "Anna Berg: Birthday today" in printed.out
    assert keys(today_view(db, today=MONDAY), "overdue") == []
    assert main([*base, "--undo"]) == 0
    assert "Undone: done — Anna Berg:" in capsys.readouterr().err
    assert keys(today_view(db, today=MONDAY), "overdue") == [overdue]
    assert main([*base, "--undo"]) == 1
    assert "Nothing to undo" in capsys.readouterr().err

    assert main([*base, "--done", overdue]) == 0
    undo_path(db).write_text("[{not json", encoding="utf-8")
    assert main([*base, "--undo"]) == 1
    assert "cannot be read" in capsys.readouterr().err
    assert keys(today_view(db, today=MONDAY), "overdue") == []


def test_a_command_line_mark_too_old_to_undo_is_refused_and_dropped(
    db: Database, shop: Shop
) -> None:
    anna = shop.customer("Anna", "Berg")
    shop.buy(anna, WEEKLY, "Feed")
    key = f"today:overdue:{anna}:2026-10-12"
    keep_mark(db, "done — Anna Berg", mark_today_row(db, key, "done", today=MONDAY))
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=1)
    with pytest.raises(RegularsError, match="more than 15 minutes"):
        undo_last_mark(db, now=later)
    with pytest.raises(RegularsError, match="Nothing to undo"):
        undo_last_mark(db)


def test_the_today_command_speaks_the_shops_language_and_json_stays_iso(
    db: Database, db_path: Path, shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    anna = shop.customer("Anna", "Berg", birthday_month=11, birthday_day=23)
    shop.buy(anna, WEEKLY, "Feed")
    save_settings({"language": "de", "country": "DE"})
    base = ["--db", str(db_path), "today", "--on", "2026-11-23"]
    try:
        assert main(base) == 0
        text = capsys.readouterr().out
        assert "Heute: Montag, 23.11.2026" in text
        assert f"#{anna} Anna Berg: Geburtstag heute  (zuletzt da vor 6 Wochen)" in text
        assert main([*base, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["on"] == "2026-11-23"
    finally:
        use_language("en")
