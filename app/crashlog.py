"""What the user is told when something fails, and the log that keeps the details.

Refused input, conflicts and storage trouble are told as they are (``app.errors``); any
other exception is a bug: its traceback goes to a rotating log in the user data folder
(``logs/regulars.log``, a few files of 1 MB at most) and the user sees one plain line with
the log's path, never a traceback. The CLI and the window both go through
``plain_message``, so the same failure reads the same on either face.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.errors import RegularsError, storage_error
from app.i18n import _
from app.paths import data_dir
from app.server.reach import server_away

LOG_NAME = "regulars.log"
LOG_BYTES = 1_000_000
LOG_FILES = 3
_LOGGER = "regulars.crash"


def log_path() -> Path:
    """Where the details of unexpected errors are written."""
    return data_dir() / "logs" / LOG_NAME


def _logger() -> logging.Logger:
    """The crash logger, writing to ``log_path()`` (opened again if that moved)."""
    logger = logging.getLogger(_LOGGER)
    path = log_path()
    for handler in list(logger.handlers):
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return logger
        logger.removeHandler(handler)
        handler.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_BYTES, backupCount=LOG_FILES, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def log_message(level: int, message: str) -> None:
    """Write one line (a Qt warning, say) to the log; never fails the caller."""
    try:
        _logger().log(level, message)
    except OSError:
        return


def log_unexpected(exc: BaseException) -> Path | None:
    """Write ``exc`` with its traceback to the log; the log's path, or None if even the
    log could not be written."""
    try:
        _logger().error(
            "unexpected %s: %s",
            type(exc).__name__,
            exc,
            exc_info=(type(exc), exc, exc.__traceback__),
        )
    except OSError:
        return None
    return log_path()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def plain_message(exc: BaseException, folder: Path | None = None) -> tuple[str, bool]:
    """What to tell the user about ``exc``, and whether it was a bug (logged). Storage
    trouble names ``folder`` (where the database lives) and its free space."""
    if isinstance(exc, RegularsError):
        return str(exc), False
    if server_away(exc):
        return _(
            "The back-office computer can't be reached, so nothing was written. Check that "
            "it is on and its server runs ('regulars server status' there), then try again."
        ), False
    filename = getattr(exc, "filename", None)
    where = Path(filename).parent if isinstance(filename, str) else folder
    trouble = storage_error(exc, where or Path.cwd())
    if trouble is not None:
        return str(trouble), False
    logged = log_unexpected(exc)
    details = f"The details are in {logged}." if logged else "No log could be written."
    return (
        f"Something unexpected went wrong ({_first_line(exc)}). {details} "
        "Please report it; what was saved before stays saved.",
        True,
    )
