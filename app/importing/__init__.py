"""Bringing a shop's customers and sales in from files, all or nothing.

A file's format is recognised from its start (or named by the caller); the format's
reader turns rows into records; ``apply`` lands them in one transaction. New formats
(till exports, vCard) only add a reader to ``FORMATS`` (``service``).

The names below are loaded from ``service`` when first asked for, not with the package:
the process that reads a big file (``worker``) imports only its format's reader, not the
database, every format and the customer services, which took it most of a second to
start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.importing.service import (
        FORMATS,
        Counts,
        ImportReport,
        PreviewRow,
        RowProblem,
        check_readable,
        detect_format,
        import_file,
        needs_mapping,
    )

__all__ = [
    "FORMATS",
    "Counts",
    "ImportReport",
    "PreviewRow",
    "RowProblem",
    "check_readable",
    "detect_format",
    "import_file",
    "needs_mapping",
]


def __getattr__(name: str) -> Any:
    """One of ``__all__``, from ``service`` (imported at the first such question)."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from app.importing import service

    return getattr(service, name)
