"""Ask-about prompts: conversation starters from purchases, notes and occasions, with tact.

The GUI and the CLI use only what is exported here; the rules and the wording are data
in ``resources/prompts/`` so the owner can change them without touching code.
"""

from app.prompts.actions import dismiss, mark_asked, snooze
from app.prompts.categories import CategoryInfo, list_categories, set_category_kind
from app.prompts.service import Audience, PromptView, prompts_for
from app.prompts.undo import PromptMark, undo_mark

__all__ = [
    "Audience",
    "CategoryInfo",
    "PromptMark",
    "PromptView",
    "dismiss",
    "list_categories",
    "mark_asked",
    "prompts_for",
    "set_category_kind",
    "snooze",
    "undo_mark",
]
