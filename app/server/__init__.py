"""The back-office PC's PostgreSQL server, for shops without a database administrator."""

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from platformdirs.api import RuntimeDirWarning


@contextmanager
def pgserver_quietly() -> Iterator[None]:
    """Around importing pgserver, which asks platformdirs for a runtime folder: where the
    login has no ``XDG_RUNTIME_DIR`` (a service account, a root shell) platformdirs warns
    and uses a fallback that serves pgserver just as well. The warning would head every
    ``regulars server`` command and means nothing to a shop owner."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeDirWarning)
        yield
