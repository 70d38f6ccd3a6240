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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from app.backup import written_then_named
from app.errors import RegularsError
from app.i18n import _
from app.server import pgserver_quietly

DUMP_TIMEOUT_S = 3600

Archive = Path | bytes
"""A dump: its file, or its bytes (a sealed one, opened with the owner's key), which the
client programs then read from their standard input."""


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
    """The option naming the server for a client program (the address as libpq takes it,
    so a socket folder given as ``?host=`` reaches it too), and its environment with the
    password in it."""
    url = make_url(target)
    address = url.set(drivername="postgresql", password=None)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return [f"--dbname={address.render_as_string(hide_password=False)}"], env


def run_tool(
    name: str, args: list[str], env: dict[str, str] | None = None, *, archive: Archive | None = None
) -> str:
    """Run a client program, on ``archive`` when given (its file named last, or its bytes
    on standard input); its complaint (never the password, which it never saw on its
    command line) is the message when it fails."""
    given = archive if isinstance(archive, bytes) else None
    named = [str(archive)] if isinstance(archive, Path) else []
    try:
        done = subprocess.run(
            [tool(name), *args, *named],
            env=env,
            input=given,
            capture_output=True,
            timeout=DUMP_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RegularsError(_("{name} did not run: {exc}.").format(name=name, exc=exc)) from exc
    complaint = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        reason = complaint.splitlines()[-1] if complaint else "failed"
        raise RegularsError(_("{name} failed: {reason}").format(name=name, reason=reason))
    return done.stdout.decode("utf-8")


def verify_dump(path: Path, archive: Archive | None = None) -> None:
    """Raise unless ``path`` (or ``archive``, the bytes read from it) reads back as a whole
    ``pg_dump`` archive of a Regulars book."""
    listing = run_tool("pg_restore", ["--list"], archive=path if archive is None else archive)
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


@dataclass(frozen=True)
class TableRows:
    """One table's rows in a dump: its column list and its data lines (text format, as
    ``COPY`` reads them back)."""

    table: str
    columns: str
    lines: list[str]

    def records(self) -> Iterator[dict[str, str | None]]:
        """Each row by column name (``\\N``, a NULL, as None; other values as written)."""
        names = [name.strip().strip('"') for name in self.columns.strip("()").split(",")]
        for line in self.lines:
            values = line.split("\t")
            yield {n: None if v == "\\N" else v for n, v in zip(names, values, strict=False)}


def _copy_blocks(script: str) -> Iterator[TableRows]:
    """The ``COPY … FROM stdin`` blocks of ``pg_restore``'s SQL output."""
    lines = iter(script.splitlines())
    for line in lines:
        if not line.startswith("COPY ") or not line.endswith(" FROM stdin;"):
            continue
        head = line[len("COPY ") : -len(" FROM stdin;")]
        name, _, columns = head.partition(" ")
        rows: list[str] = []
        for row in lines:
            if row == "\\.":
                break
            rows.append(row)
        yield TableRows(name.split(".")[-1].strip('"'), columns, rows)


def archive_rows(archive: Archive, tables: tuple[str, ...] = ()) -> dict[str, TableRows]:
    """Every table's rows in the dump ``archive`` (or only those of ``tables``), by table
    name."""
    only = [f"--table={table}" for table in tables]
    script = run_tool("pg_restore", ["--data-only", *only, "--file=-"], archive=archive)
    return {rows.table: rows for rows in _copy_blocks(script)}
