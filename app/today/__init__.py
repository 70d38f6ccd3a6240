"""The Today view: what the owner should notice at the start of the day. Plain Python,
no Qt; the window and ``regulars today`` both use only what is exported here."""

from app.today.marks import ACTIONS, mark_today_row
from app.today.service import today_view
from app.today.view import TodayRow, TodaySection, TodayView

__all__ = ["ACTIONS", "TodayRow", "TodaySection", "TodayView", "mark_today_row", "today_view"]
