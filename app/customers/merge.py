"""Merging two records of the same person, and undoing a merge made by mistake.

Everything the other record holds (purchases, notes with their revisions, prompts,
relations, occasions, tags) moves to the kept one, and the owner picks each field from
either side. The other record is archived, never deleted, and the change log keeps both
records' fields and the ids of every moved row, so ``unmerge`` puts each row back exactly.
What a merge reports counts only the notes the one asking may read: every note moves, but
the register is not told how many private ones there were.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Date, DateTime, Enum, delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.changes import record_change
from app.customers.field_list import FIELDS
from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.models import (
    ChangeLog,
    ContactPoint,
    Customer,
    Note,
    Occasion,
    Prompt,
    PromptStatus,
    Purchase,
    Relation,
)
from app.models.customer import customer_tag
from app.safety.access import CLERK, Access
from app.safety.backups import take_backup

Side = Literal["keep", "other"]

_COLUMNS_OF = {
    "phone": ("phone", "phone_digits"),
    "birthday": ("birthday_month", "birthday_day", "birthday_year"),
}
_SNAPSHOT = (
    *(column for field in FIELDS for column in _COLUMNS_OF.get(field, (field,))),
    "archived",
)
_PROMPT_OUTCOME = ("status", "snoozed_until", "outcome", "resolved_at", "resolved_by")
_SETTLED = (PromptStatus.ASKED, PromptStatus.DISMISSED)
_MOVED = {"purchase": Purchase, "note": Note, "relation": Relation, "occasion": Occasion}


@dataclass(frozen=True)
class MergeResult:
    """What the merge did; ``change_log_id`` is what ``unmerge`` takes. ``notes`` counts
    the moved notes the one who merged may read (private ones only for the owner)."""

    change_log_id: int
    keep_id: int
    other_id: int
    purchases: int
    notes: int
    prompts: int
    prompts_left: int
    relations: int
    occasions: int
    tags: int
    fields_from_other: tuple[str, ...]


def _customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise RegularsError(
            _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
        )
    return customer


def _snapshot(row: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    """The columns' values as JSON keeps them."""
    values = {column: getattr(row, column) for column in columns}
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def _restore(row: Any, snapshot: Mapping[str, Any]) -> None:
    """Put back what ``_snapshot`` kept, read back into each column's own type."""
    table = type(row).__table__
    for column, value in snapshot.items():
        kind = table.c[column].type
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(kind, Enum) and kind.enum_class is not None:
            value = kind.enum_class(value)
        setattr(row, column, value)


def _blank(customer: Customer, field: str) -> bool:
    return all(getattr(customer, c) in (None, "") for c in _COLUMNS_OF.get(field, (field,)))


def _check_choices(choices: Mapping[str, str]) -> None:
    for field, side in choices.items():
        if field not in FIELDS:
            raise RegularsError(
                _("'{field}' is not a customer field; use one of {fields}.").format(
                    field=field, fields=", ".join(FIELDS)
                )
            )
        if side not in ("keep", "other"):
            raise RegularsError(
                _("Take {field} from 'keep' or 'other', not '{side}'.").format(
                    field=field, side=side
                )
            )


def _fields_from_other(keep: Customer, other: Customer, choices: Mapping[str, str]) -> list[str]:
    """The chosen fields, and any field the kept record lacks that the other one has."""
    return [
        field
        for field in FIELDS
        if choices.get(field) == "other"
        or (field not in choices and _blank(keep, field) and not _blank(other, field))
    ]


def _ids(session: Session, model: Any, customer_id: int) -> list[int]:
    return list(session.scalars(select(model.id).where(model.customer_id == customer_id)))


def _move(session: Session, model: Any, ids: list[int], customer_id: int) -> None:
    if ids:
        session.execute(update(model).where(model.id.in_(ids)).values(customer_id=customer_id))


def _readable(session: Session, note_ids: list[int], access: Access) -> int:
    """How many of ``note_ids`` ``access`` may know of: all for the owner, else the
    notes that are not private."""
    if access.owner or not note_ids:
        return len(note_ids)
    visible = select(func.count()).where(Note.id.in_(note_ids), Note.private.is_(False))
    return session.scalar(visible) or 0


def _new_contact_points(session: Session, keep_id: int, other_id: int) -> list[int]:
    """The other customer's further phones, emails and addresses the kept one lacks."""
    kept = {
        (kind, normalised)
        for kind, normalised in session.execute(
            select(ContactPoint.kind, ContactPoint.normalised).where(
                ContactPoint.customer_id == keep_id
            )
        )
    }
    return [
        point_id
        for point_id, kind, normalised in session.execute(
            select(ContactPoint.id, ContactPoint.kind, ContactPoint.normalised).where(
                ContactPoint.customer_id == other_id
            )
        )
        if (kind, normalised) not in kept
    ]


def _tags(session: Session, customer_id: int) -> set[int]:
    rows = session.scalars(
        select(customer_tag.c.tag_id).where(customer_tag.c.customer_id == customer_id)
    )
    return set(rows)


def _merge_prompts(
    session: Session, keep_id: int, other_id: int
) -> tuple[list[int], int, dict[str, dict[str, Any]]]:
    """Move the other record's prompts. One the kept record already has (a prompt is made
    once per source) stays with the archived record, but if only that one was asked or
    dismissed the kept one takes its answer, so it never nags again. Returns the moved
    ids, how many stayed, and the kept prompts' outcomes from before, by id."""
    kept = {
        p.source_key: p
        for p in session.scalars(select(Prompt).where(Prompt.customer_id == keep_id))
    }
    moved: list[int] = []
    settled: dict[str, dict[str, Any]] = {}
    others = session.scalars(select(Prompt).where(Prompt.customer_id == other_id)).all()
    for prompt in others:
        twin = kept.get(prompt.source_key)
        if twin is None:
            moved.append(prompt.id)
        elif prompt.status in _SETTLED and twin.status not in _SETTLED:
            settled[str(twin.id)] = _snapshot(twin, _PROMPT_OUTCOME)
            for column in _PROMPT_OUTCOME:
                setattr(twin, column, getattr(prompt, column))
    session.flush()
    _move(session, Prompt, moved, keep_id)
    return moved, len(others) - len(moved), settled


def merge_customers(
    database: Database,
    keep_id: int,
    other_id: int,
    choices: Mapping[str, Side | str],
    *,
    author: str | None = None,
    access: Access = CLERK,
) -> MergeResult:
    """Fold ``other_id`` into ``keep_id`` in one unit of work, after a verified backup; a
    field not in ``choices`` keeps the kept value, unless that is blank and the other
    record has one. Every note moves; the result counts those ``access`` may read."""
    if keep_id == other_id:
        raise RegularsError(_("Choose two different customers to merge."))
    _check_choices(choices)
    if not database.server:
        take_backup(database.path)
    with database.shop_job("merge"), database.session() as session:
        keep, other = _customer(session, keep_id), _customer(session, other_id)
        archived = next((c for c in (keep, other) if c.archived), None)
        if archived is not None:
            raise RegularsError(
                _(
                    "Customer #{id} is archived (merged before, or put away): there is "
                    "nothing to merge. Unarchive them first if they are a duplicate still."
                ).format(id=archived.id)
            )
        before = {"keep": _snapshot(keep, _SNAPSHOT), "other": _snapshot(other, _SNAPSHOT)}
        taken = _fields_from_other(keep, other, choices)
        for field in taken:
            for column in _COLUMNS_OF.get(field, (field,)):
                setattr(keep, column, getattr(other, column))
        other.archived = True
        session.flush()

        moved = {name: _ids(session, model, other_id) for name, model in _MOVED.items()}
        for name, model in _MOVED.items():
            _move(session, model, moved[name], keep_id)
        moved["contact_point"] = _new_contact_points(session, keep_id, other_id)
        _move(session, ContactPoint, moved["contact_point"], keep_id)
        moved["prompt"], prompts_left, settled = _merge_prompts(session, keep_id, other_id)
        relinked = list(
            session.scalars(
                select(Relation.id).where(
                    Relation.related_customer_id == other_id, Relation.customer_id != keep_id
                )
            )
        )
        if relinked:
            session.execute(
                update(Relation)
                .where(Relation.id.in_(relinked))
                .values(related_customer_id=keep_id)
            )
        other_tags, keep_tags = _tags(session, other_id), _tags(session, keep_id)
        added = sorted(other_tags - keep_tags)
        session.execute(delete(customer_tag).where(customer_tag.c.customer_id == other_id))
        if added:
            session.execute(
                insert(customer_tag), [{"customer_id": keep_id, "tag_id": t} for t in added]
            )
        session.expire_all()
        after = {"keep": _customer(session, keep_id).version, "other": other.version}
        entry = record_change(
            session,
            "merge",
            "customer",
            keep_id,
            keep_id,
            {
                "keep_id": keep_id,
                "other_id": other_id,
                "before": before,
                "versions_after": after,
                "fields_from_other": taken,
                "moved": moved,
                "relinked": relinked,
                "settled_prompts": settled,
                "tags": {"other": sorted(other_tags), "added_to_keep": added},
            },
            actor=author,
        )
        session.flush()
        return MergeResult(
            change_log_id=entry.id,
            keep_id=keep_id,
            other_id=other_id,
            purchases=len(moved["purchase"]),
            notes=_readable(session, moved["note"], access),
            prompts=len(moved["prompt"]),
            prompts_left=prompts_left,
            relations=len(moved["relation"]),
            occasions=len(moved["occasion"]),
            tags=len(added),
            fields_from_other=tuple(taken),
        )


def _merge_entry(session: Session, change_log_id: int) -> dict[str, Any]:
    entry = session.get(ChangeLog, change_log_id)
    if entry is None or entry.action != "merge":
        raise RegularsError(
            _("Change {change_log_id} is not a merge; nothing to undo.").format(
                change_log_id=change_log_id
            )
        )
    undone = session.scalar(
        select(ChangeLog.id).where(
            ChangeLog.action == "unmerge", ChangeLog.entity_id == change_log_id
        )
    )
    if undone is not None:
        raise RegularsError(
            _("Merge {change_log_id} was already undone (change {undone}).").format(
                change_log_id=change_log_id, undone=undone
            )
        )
    payload: dict[str, Any] = json.loads(entry.payload or "{}")
    return payload


def unmerge(database: Database, change_log_id: int, *, author: str | None = None) -> int:
    """Put both customers and every moved row back as they were before the merge; refused
    when either customer was edited since, so no later edit is silently undone. Returns
    the id of the change-log entry that records the undo."""
    with database.shop_job("merge"), database.session() as session:
        payload = _merge_entry(session, change_log_id)
        keep_id, other_id = payload["keep_id"], payload["other_id"]
        keep, other = _customer(session, keep_id), _customer(session, other_id)
        for side, customer in (("keep", keep), ("other", other)):
            if customer.version != payload["versions_after"][side]:
                raise RegularsError(
                    _(
                        "{display_name} (#{id}) was edited after the merge; undoing it would "
                        "overwrite that edit. Undo the later edit first."
                    ).format(display_name=customer.display_name, id=customer.id)
                )
        _restore(keep, payload["before"]["keep"])
        _restore(other, payload["before"]["other"])
        for prompt_id, outcome in payload["settled_prompts"].items():
            prompt = session.get(Prompt, int(prompt_id))
            if prompt is not None:
                _restore(prompt, outcome)
        moved = payload["moved"]
        for name, model in (*_MOVED.items(), ("prompt", Prompt)):
            _move(session, model, moved[name], other_id)
        _move(session, ContactPoint, moved.get("contact_point", []), other_id)
        if payload["relinked"]:
            session.execute(
                update(Relation)
                .where(Relation.id.in_(payload["relinked"]))
                .values(related_customer_id=other_id)
            )
        tags = payload["tags"]
        if tags["added_to_keep"]:
            session.execute(
                delete(customer_tag).where(
                    customer_tag.c.customer_id == keep_id,
                    customer_tag.c.tag_id.in_(tags["added_to_keep"]),
                )
            )
        if tags["other"]:
            session.execute(
                insert(customer_tag),
                [{"customer_id": other_id, "tag_id": t} for t in tags["other"]],
            )
        entry = record_change(
            session,
            "unmerge",
            "change_log",
            change_log_id,
            keep_id,
            {"keep_id": keep_id, "other_id": other_id},
            actor=author,
        )
        session.flush()
        return entry.id


def merged_into(database: Database, customer_id: int) -> int:
    """The customer whose record ``customer_id`` lives on in now: the one it was merged
    into (and, merged again, that one's), or itself. Words kept for a customer before a
    merge belong on the record that was kept, not on the archived one."""
    with database.reading() as session:
        merges = session.execute(
            select(ChangeLog.id, ChangeLog.payload).where(ChangeLog.action == "merge")
        ).all()
        undone = set(
            session.scalars(select(ChangeLog.entity_id).where(ChangeLog.action == "unmerge"))
        )
    into: dict[int, int] = {}
    for change_id, payload in merges:
        if change_id in undone or not payload:
            continue
        found = json.loads(payload)
        into[int(found["other_id"])] = int(found["keep_id"])
    seen = {customer_id}
    while customer_id in into and into[customer_id] not in seen:
        customer_id = into[customer_id]
        seen.add(customer_id)
    return customer_id
