"""One possible prompt as a rule proposes it, before tact, ranking and history decide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models import PromptKind


@dataclass(frozen=True)
class Candidate:
    """A prompt a rule would show today; ``timeliness`` (0–1) is how right the moment is."""

    kind: PromptKind
    source_key: str
    text: str
    reason: str
    timeliness: float
    due_from: date
    due_until: date | None
