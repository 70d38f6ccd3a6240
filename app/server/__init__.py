"""The back-office PC's PostgreSQL server, for shops without a database administrator.

pgserver asks platformdirs for a runtime folder when it is imported; where the login has
no ``XDG_RUNTIME_DIR`` (a service account, a root shell) platformdirs warns on stderr and
uses a fallback that serves pgserver just as well. The warning would be the first line
of every ``regulars server`` command and means nothing to a shop owner, so it is ignored
here, for that warning only."""

import warnings

from platformdirs.api import RuntimeDirWarning

warnings.filterwarnings("ignore", category=RuntimeDirWarning)
