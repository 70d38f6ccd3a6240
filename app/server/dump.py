"""Verified copies of a server's book with PostgreSQL's own ``pg_dump``, in its custom
format (compressed, and what ``pg_restore`` reads back table by table).

The tools are the ones that come with the server in the ``pgserver`` package, else the
ones on the PATH. The password goes to them in the environment (``PGPASSWORD``), never on
their command line, where any user of the computer could read it. A dump is written under
a working name, read back with ``pg_restore --list`` (a cut-off or damaged archive fails
that), synced to disk and only then renamed into place: a dump that carries a backup name
is one that opens.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from app.backup import written_then_named
from app.errors import RegularsError
from app.i18n import _
from app.server import pgserver_quietly

DUMP_TIMEOUT_S = 3600


def tool(name: str) -> str:
    """The full path of a PostgreSQL client program (``pg_dump``, ``pg_restore``)."""
    try:
        with pgserver_quietly():
            from pgserver._commands import POSTGRES_BIN_PATH

        bundled = Path(POSTGRES_BIN_PATH) / name
        if bundled.is_file():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise RegularsError(
            _(
                "'{name}' was not found; it comes with the server (pip install pgserver) or "
                "with PostgreSQL's client tools."
            ).format(name=name)
        )
    return found


def connection_args(target: str) -> tuple[list[str], dict[str, str]]:
    """The options naming the server for a client program, and its environment with the
    password in it."""
    url = make_url(target)
    args = [f"--dbname={url.database}", f"--username={url.username}"]
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def run_tool(name: str, args: list[str], env: dict[str, str] | None = None) -> str:
    """Run a client program; its complaint (never the password, which it never saw on its
    command line) is the message when it fails."""
    try:
        done = subprocess.run(
            [tool(name), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=DUMP_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RegularsError(_("{name} did not run: {exc}.").format(name=name, exc=exc)) from exc
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        raise RegularsError(_("{name} failed: {reason}").format(name=name, reason=reason))
    return done.stdout


def verify_dump(path: Path) -> None:
    """Raise unless ``path`` reads back as a whole ``pg_dump`` archive of a Regulars book."""
    listing = run_tool("pg_restore", ["--list", str(path)])
    if "TABLE DATA" not in listing or "alembic_version" not in listing:
        raise RegularsError(
            _("'{path}' is not a backup of a Regulars book on a server.").format(path=path)
        )


def dump_database(target: str, dest: Path) -> Path:
    """Write a verified dump of the server book ``target`` at ``dest``; nothing is left at
    ``dest`` on failure."""
    tmp = dest.with_name(dest.name + ".partial")
    args, env = connection_args(target)
    with written_then_named(tmp, dest, f"Could not write the backup '{dest}'"):
        run_tool("pg_dump", [*args, "--format=custom", f"--file={tmp}"], env)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        verify_dump(tmp)
        tmp.replace(dest)
    return dest
