"""Writing the change log: one entry per change to data, with its payload as JSON text.

Merges are undone from it, and ``forget`` erases entries by ``customer_id``, so every
writer fills the same fields the same way.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from app.models import ChangeLog


def record_change(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    customer_id: int | None,
    payload: dict[str, Any],
    *,
    actor: str | None = None,
) -> ChangeLog:
    """Add one change-log entry to ``session`` (written with the change it describes)."""
    entry = ChangeLog(
        action=action,
        entity=entity,
        entity_id=entity_id,
        customer_id=customer_id,
        actor=actor,
        payload=json.dumps(payload, default=str, ensure_ascii=False),
    )
    session.add(entry)
    return entry
