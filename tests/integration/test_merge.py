"""Merging two records of one person moves everything, and unmerge restores every row."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cli import main
from app.customers import NewCustomer, add_customer, edit_customer, get_customer
from app.customers.merge import merge_customers, unmerge
from app.customers.relations import add_relation
from app.db import Database
from app.errors import RegularsError
from app.models import (
    ChangeLog,
    ContactKind,
    ContactLabel,
    ContactPoint,
    Customer,
    Note,
    NoteRevision,
    Occasion,
    OccasionKind,
    Product,
    Prompt,
    PromptKind,
    PromptStatus,
    Purchase,
    PurchaseLine,
    Relation,
    RelationKind,
    Tag,
    customer_tag,
)
from app.notes import add_note, edit_note
from app.safety.access import Access

SKIPPED = {"updated_at", "version"}


def _rows(session: Session, model: Any) -> list[tuple[Any, ...]]:
    columns = [c for c in model.__table__.columns if c.name not in SKIPPED]
    return [tuple(row) for row in session.execute(select(*columns).order_by(columns[0]))]


def _everything(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a merge may touch, in a comparable form."""
    models = (
        Customer, Purchase, PurchaseLine, Note, NoteRevision, Prompt, Relation, Occasion,
        ContactPoint,
    )  # fmt: skip
    with db.session() as s:
        state = {m.__tablename__: _rows(s, m) for m in models}
        state["customer_tag"] = [
            tuple(r) for r in s.execute(select(customer_tag).order_by(*customer_tag.c))
        ]
        return state


def _prompt(customer_id: int, key: str, status: PromptStatus = PromptStatus.OPEN) -> Prompt:
    return Prompt(
        customer_id=customer_id,
        kind=PromptKind.FOLLOW_UP,
        source_key=key,
        text=f"Ask about {key}",
        due_from=date(2026, 11, 1),
        status=status,
        resolved_at=None if status is PromptStatus.OPEN else datetime(2026, 10, 5, 12, 30),
        resolved_by=None if status is PromptStatus.OPEN else "owner",
    )


@pytest.fixture
def twins(db: Database) -> tuple[int, int, int]:
    """Robert (kept) and Bob (the same man, entered again), and their friend Ann."""
    keep = add_customer(
        db, NewCustomer(first_name="Robert", last_name="Smith", phone="555 010 0142", town="Leeds")
    )
    other = add_customer(
        db,
        NewCustomer(
            first_name="Bob",
            last_name="Smith",
            email="bob@example.org",
            birthday="--03-04",
            phone="555 010 0999",
            customer_since=date(2015, 1, 2),
        ),
    )
    ann = add_customer(db, NewCustomer(first_name="Ann", last_name="Lee"))
    with db.session() as s:
        kayak = Product(name="Kayak")
        for customer_id, day in ((keep, 1), (other, 2), (other, 3)):
            visit = Purchase(customer_id=customer_id, purchased_on=date(2026, 10, day))
            visit.lines.append(PurchaseLine(product=kayak, item="Kayak"))
            s.add(visit)
        s.add_all([_prompt(keep, "kayak"), _prompt(other, "kayak", PromptStatus.ASKED)])
        s.add(_prompt(other, "paddle"))
        s.add(
            Occasion(
                customer_id=other, kind=OccasionKind.ANNIVERSARY, label="Wedding", month=6, day=1
            )
        )
        club, trade = Tag(name="club"), Tag(name="trade")
        s.add_all([club, trade])
        s.flush()
        s.execute(
            customer_tag.insert(),
            [
                {"customer_id": keep, "tag_id": club.id},
                {"customer_id": other, "tag_id": club.id},
                {"customer_id": other, "tag_id": trade.id},
            ],
        )
        s.add_all(
            [
                ContactPoint(
                    customer_id=customer_id, kind=ContactKind.EMAIL, label=ContactLabel.WORK,
                    value=value, normalised=value, position=1,
                )
                for customer_id, value in ((other, "bob@work.example"), (other, "r@shared.example"),
                                           (keep, "r@shared.example"))
            ]
        )  # fmt: skip
    note = add_note(db, other, "Has a dog called Rex")
    edit_note(db, note.id, body="Has a spaniel called Rex", expected_revision=note.revision)
    add_relation(db, other, RelationKind.PET, name="Rex", species="dog")
    add_relation(db, ann, RelationKind.FRIEND, related_customer_id=other)
    return keep, other, ann


def test_merge_moves_everything_and_unmerge_restores_every_row(
    db: Database, twins: tuple[int, int, int]
) -> None:
    keep, other, ann = twins
    before = _everything(db)
    result = merge_customers(db, keep, other, {"phone": "other", "town": "keep"}, author="owner")
    assert (result.purchases, result.notes, result.prompts, result.prompts_left) == (2, 1, 1, 1)
    assert (result.relations, result.occasions, result.tags) == (1, 1, 1)
    assert result.fields_from_other == ("phone", "email", "birthday", "customer_since")

    kept, gone = get_customer(db, keep), get_customer(db, other)
    assert (kept.first_name, kept.phone, kept.email, kept.birthday, kept.town) == (
        "Robert",
        "(555) 010-0999",
        "bob@example.org",
        "--03-04",
        "Leeds",
    )
    assert kept.customer_since == date(2015, 1, 2)
    assert gone.archived
    with db.session() as s:
        for model in (Purchase, Note, Relation, Occasion):
            assert s.scalars(select(model).where(model.customer_id == other)).all() == []
        kept_points = s.scalars(
            select(ContactPoint.value).where(ContactPoint.customer_id == keep)
        ).all()
        assert sorted(kept_points) == ["bob@work.example", "r@shared.example"]
        keys = s.scalars(select(Prompt.source_key).where(Prompt.customer_id == keep)).all()
        assert sorted(keys) == ["kayak", "paddle"]
        kayak = s.scalars(
            select(Prompt).where(Prompt.source_key == "kayak", Prompt.customer_id == keep)
        ).one()
        assert (kayak.status, kayak.resolved_by) == (PromptStatus.ASKED, "owner")
        friend = s.scalars(select(Relation).where(Relation.customer_id == ann)).one()
        assert friend.related_customer_id == keep
        tags = s.scalars(select(customer_tag.c.tag_id).where(customer_tag.c.customer_id == keep))
        assert len(list(tags)) == 2
        entry = s.get(ChangeLog, result.change_log_id)
        assert entry is not None
        assert (entry.action, entry.actor) == ("merge", "owner")
        assert json.loads(entry.payload or "{}")["before"]["other"]["first_name"] == "Bob"
    assert _everything(db) != before

    unmerge(db, result.change_log_id)
    assert _everything(db) == before
    with pytest.raises(RegularsError, match="already undone"):
        unmerge(db, result.change_log_id)


def test_unmerge_refuses_to_overwrite_a_later_edit(
    db: Database, twins: tuple[int, int, int]
) -> None:
    keep, other, _ann = twins
    result = merge_customers(db, keep, other, {})
    edit_customer(db, keep, {"town": "York"}, get_customer(db, keep).version)
    with pytest.raises(RegularsError, match="edited after the merge"):
        unmerge(db, result.change_log_id)
    assert get_customer(db, keep).town == "York"
    assert get_customer(db, other).archived


@pytest.mark.parametrize(
    ("keep", "other", "choices", "message"),
    [
        (1, 1, {}, "two different customers"),
        (1, 99, {}, "no customer with id 99"),
        (1, 2, {"shoe_size": "other"}, "not a customer field"),
        (1, 2, {"email": "both"}, "'keep' or 'other'"),
    ],
)
def test_bad_merges_change_nothing(
    db: Database,
    twins: tuple[int, int, int],
    keep: int,
    other: int,
    choices: dict[str, str],
    message: str,
) -> None:
    before = _everything(db)
    with pytest.raises(RegularsError, match=message):
        merge_customers(db, keep, other, choices)
    assert _everything(db) == before


def test_the_same_merge_twice_is_refused_the_second_time(
    db: Database, twins: tuple[int, int, int]
) -> None:
    keep, other, _third = twins
    merge_customers(db, keep, other, {})
    before = _everything(db)
    with pytest.raises(RegularsError, match=f"#{other} is archived"):
        merge_customers(db, keep, other, {})
    assert _everything(db) == before


def test_unmerge_needs_a_merge(db: Database, twins: tuple[int, int, int]) -> None:
    with db.session() as s:
        first_add = s.scalars(select(ChangeLog.id).where(ChangeLog.action == "add")).first()
    assert first_add is not None
    with pytest.raises(RegularsError, match="is not a merge"):
        unmerge(db, first_add)


def test_merge_commands(
    db: Database, db_path: Path, twins: tuple[int, int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    keep, other, _ann = twins
    before = _everything(db)
    base = ["--db", str(db_path), "customer"]
    assert main([*base, "merge", str(keep), str(other)]) == 1
    assert "add --yes" in capsys.readouterr().err
    assert _everything(db) == before
    assert main([*base, "merge", str(keep), str(other), "--take", "first_name=other", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "moved 2 purchases, 1 note, 1 prompt" in out
    assert "fields taken from #2: first_name, email, birthday, customer_since" in out
    assert get_customer(db, keep).first_name == "Bob"
    change_id = int(out.rsplit("unmerge ", 1)[1].split()[0])
    assert main([*base, "unmerge", str(change_id)]) == 1
    assert main([*base, "unmerge", str(change_id), "--yes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["undid"] == change_id
    assert _everything(db) == before


def test_a_merge_is_preceded_by_a_verified_backup(
    db: Database, db_path: Path, twins: tuple[int, int, int]
) -> None:
    from app.safety.backups import list_backups

    keep, other, _ = twins
    assert list_backups(db_path) == []
    merge_customers(db, keep, other, {})
    (backup,) = list_backups(db_path)
    conn = sqlite3.connect(backup.path)
    archived = conn.execute("SELECT archived FROM customer WHERE id = ?", (other,)).fetchone()
    conn.close()
    assert archived == (0,)


def test_the_clerk_is_told_only_of_the_notes_it_may_read_though_all_move(
    db: Database, twins: tuple[int, int, int]
) -> None:
    keep, other, _ann = twins
    hidden = add_note(db, other, "Owes the shop 300", private=True)
    clerk = merge_customers(db, keep, other, {})
    assert clerk.notes == 1
    with db.session() as s:
        moved = s.get(Note, hidden.id)
        assert moved is not None and moved.customer_id == keep
    unmerge(db, clerk.change_log_id)
    assert merge_customers(db, keep, other, {}, access=Access(owner=True)).notes == 2
