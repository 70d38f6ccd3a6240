"""A real PostgreSQL from pip (``pgserver``'s binaries) in the user data folder, listening
on the shop's network with a password, so the registers can share one book.

``init`` makes the cluster once (through ``pgserver``, which also knows how to run it when
the computer's own user is root), creates the ``regulars`` user with a generated password
(kept in a file only this user can read, stored on the server as a scram-sha-256 verifier)
and the ``regulars`` database, and lets only that user in from the network, by password.
``start`` and ``stop`` run ``pg_ctl``; ``status`` says whether it runs and the address the
registers enter. The password is never printed: the address shows ``***`` and names the
file to copy it from.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from app.errors import RegularsError
from app.i18n import _
from app.paths import data_dir
from app.server import pgserver_quietly

DEFAULT_PORT = 5432
DATABASE = "regulars"
USER = "regulars"
HBA = f"""# Regulars: this computer's own user through the socket in the server's folder
# (which no one else may open); the registers over the network, by password only.
local all all trust
host {DATABASE} {USER} 0.0.0.0/0 scram-sha-256
host {DATABASE} {USER} ::/0 scram-sha-256
"""


@dataclass(frozen=True)
class ServerState:
    """What ``status`` reports."""

    running: bool
    folder: str
    address: str
    """What a register enters as ``REGULARS_DB``, the password shown as ``***``."""
    password_file: str


def server_dir() -> Path:
    """The server's folder in the user data folder."""
    return data_dir() / "server"


def _pgdata(folder: Path) -> Path:
    return folder / "pgdata"


def _password_file(folder: Path) -> Path:
    return folder / "password"


def _port_file(folder: Path) -> Path:
    return folder / "port"


def _run_as() -> str | None:
    """PostgreSQL refuses to run as root; pgserver then runs it as its own user."""
    return "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None


def _pg_ctl(folder: Path, *args: str) -> str:
    with pgserver_quietly():
        from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    logging.getLogger("pgserver").setLevel(logging.CRITICAL)  # "no server running" is news

    output: str = pg_ctl(list(args), pgdata=_pgdata(folder), user=_run_as(), timeout=60)
    return output


def lan_address() -> str:
    """This computer's address on the shop's network (the one a route out would use)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # a documentation address: nothing is sent
        return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()
    finally:
        probe.close()


def _address(folder: Path, host: str) -> str:
    port = int(_port_file(folder).read_text(encoding="utf-8"))
    return f"postgresql+psycopg://{USER}:***@{host}:{port}/{DATABASE}"


def init_server(folder: Path | None = None, *, port: int = DEFAULT_PORT) -> ServerState:
    """Create the server's cluster, user, password and database, then start it."""
    folder = folder or server_dir()
    if _pgdata(folder).exists():
        raise RegularsError(
            _(
                "A server already lives in '{folder}'; use 'regulars server start' or "
                "'regulars server status'."
            ).format(folder=folder)
        )
    folder.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(24)
    secret = _password_file(folder)
    secret.touch(mode=0o600)
    secret.chmod(0o600)
    secret.write_text(password, encoding="utf-8")
    _port_file(folder).write_text(str(port), encoding="utf-8")
    with pgserver_quietly():
        from pgserver.postgres_server import get_server  # also runs it when the user is root

    first = get_server(_pgdata(folder), cleanup_mode=None)
    first.psql(f"CREATE USER {USER} PASSWORD '{password}';")
    first.psql(f"CREATE DATABASE {DATABASE} OWNER {USER};")
    _pg_ctl(folder, "-w", "stop")
    (_pgdata(folder) / "pg_hba.conf").write_text(HBA, encoding="utf-8")
    return start_server(folder)


def start_server(folder: Path | None = None) -> ServerState:
    """Start the server listening on every network address of this computer."""
    folder = folder or server_dir()
    _need(folder)
    if not _running(folder):
        port = _port_file(folder).read_text(encoding="utf-8").strip()
        options = (
            f"-h '*' -p {port} -k {_pgdata(folder)} -c password_encryption=scram-sha-256 "
            "-c wal_recycle=off -c log_error_verbosity=terse -c log_min_error_statement=panic"
        )  # the log keeps an error's kind, never the row or statement that caused it
        log = _pgdata(folder) / "log"
        try:
            _pg_ctl(folder, "-w", "-o", options, "-l", str(log), "start")
        except subprocess.CalledProcessError as exc:
            raise RegularsError(
                _(
                    "The server did not start; its log is '{log}'. Another server may be using "
                    "port {port}."
                ).format(log=log, port=port)
            ) from exc
        _let_regulars_clear_wal(folder, port)
    return server_status(folder)


def _let_regulars_clear_wal(folder: Path, port: str) -> None:
    """Let the ``regulars`` user checkpoint and start a new WAL segment, so sealing the
    private notes or forgetting a customer can have the server delete the WAL that held
    their words (``app.safety.scrub``); given through this computer's own socket, again
    at each start so a server made by an older Regulars gets it too. Segments such a
    server recycled ahead of the one in use (their old bytes kept, ``wal_recycle`` was
    on) are written over here: a checkpoint and a switch to the next segment each, and
    one more to leave the last (PostgreSQL fills the rest of a segment it switches away
    from with zeros)."""
    import psycopg

    with psycopg.connect(
        host=str(_pgdata(folder)), port=int(port), user="postgres", dbname=DATABASE, autocommit=True
    ) as conn:
        conn.execute(f"GRANT pg_checkpoint TO {USER}")
        conn.execute(f"GRANT EXECUTE ON FUNCTION pg_switch_wal() TO {USER}")
        ahead = conn.execute(
            "SELECT count(*) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$' "
            "AND name > pg_walfile_name(pg_current_wal_lsn())"
        ).fetchone()
        for _segment in range(ahead[0] + 1 if ahead and ahead[0] else 0):
            conn.execute("CHECKPOINT")  # something to switch away from
            conn.execute("SELECT pg_switch_wal()")


def stop_server(folder: Path | None = None) -> ServerState:
    """Stop the server (the registers show that it is away until it is back)."""
    folder = folder or server_dir()
    _need(folder)
    if _running(folder):
        try:
            _pg_ctl(folder, "-w", "-m", "fast", "stop")
        except subprocess.CalledProcessError as exc:
            if _running(folder):
                log = _pgdata(folder) / "log"
                raise RegularsError(
                    _("The server did not stop; its log is '{log}'.").format(log=log)
                ) from exc
    return server_status(folder)


def server_status(folder: Path | None = None) -> ServerState:
    """Whether it runs, and the address the registers enter."""
    folder = folder or server_dir()
    _need(folder)
    return ServerState(
        running=_running(folder),
        folder=str(folder),
        address=_address(folder, lan_address()),
        password_file=str(_password_file(folder)),
    )


def local_target(folder: Path | None = None) -> str:
    """The full address with the password, for this computer's own use (tests, scripts);
    never printed."""
    folder = folder or server_dir()
    password = _password_file(folder).read_text(encoding="utf-8").strip()
    return _address(folder, "127.0.0.1").replace(":***@", f":{password}@")


def _running(folder: Path) -> bool:
    try:
        _pg_ctl(folder, "status")
    except subprocess.CalledProcessError:
        return False
    return True


def _need(folder: Path) -> None:
    if not (_pgdata(folder) / "PG_VERSION").exists():
        raise RegularsError(
            _("No server in '{folder}' yet; make one with 'regulars server init'.").format(
                folder=folder
            )
        )
