"""``regulars server init|start|stop|status``: the back-office PC's PostgreSQL server, so
every register shares one book (see README "Several registers")."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import EXIT_OK, Output, int_at_least
from app.i18n import N_, _
from app.server.local import (
    DEFAULT_PORT,
    ServerState,
    init_server,
    server_status,
    start_server,
    stop_server,
)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``server`` command and its actions."""
    parser = commands.add_parser(
        "server",
        parents=[common],
        help=_("run the shop's PostgreSQL server on this computer"),
        description=_("A PostgreSQL server in the user data folder, for several registers."),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser("init", parents=[common], help=_("create the server and start it"))
    init.add_argument(
        "--port", type=int_at_least(1), default=DEFAULT_PORT, help=_("its network port")
    )
    init.set_defaults(handler=lambda args, out: _report(init_server(port=args.port), out))
    for name, act, text in (
        ("start", start_server, N_("start the server")),
        ("stop", stop_server, N_("stop the server")),
        ("status", server_status, N_("whether it runs, and the address registers enter")),
    ):
        action = actions.add_parser(name, parents=[common], help=_(text))
        action.set_defaults(handler=lambda _args, out, act=act: _report(act(), out))
    join = actions.add_parser(
        "connect",
        parents=[common],
        help=_("open the shop's server from this register from now on (asks the password)"),
        description=_(
            "Saves the address in settings.toml and the password in the keyring "
            "(else a file only you may read), after the server let this register in. The "
            "password is asked for, or read from standard input, never from the command line."
        ),
    )
    join.add_argument("address", metavar="ADDRESS", help=_("as 'regulars server status' prints it"))
    join.set_defaults(handler=run_connect)
    leave = actions.add_parser(
        "disconnect", parents=[common], help=_("open the book on this computer again")
    )
    leave.set_defaults(handler=run_disconnect)


def _ask_password() -> str:
    """On a terminal, asked without echo; from a script, the first line of stdin."""
    if sys.stdin.isatty():
        from getpass import getpass

        return getpass(_("Server password: "))
    return sys.stdin.readline().rstrip("\r\n")


def run_connect(args: argparse.Namespace, out: Output) -> int:
    """Check the address and password against the server, then keep them."""
    from app.server.connect import connect, server_address

    server_address(args.address)  # a bad address is refused before the password is asked
    joined = connect(args.address, _ask_password())
    out.result(
        joined,
        [
            _("this register now opens {address}").format(address=joined.address),
            _("the password is kept in {place}").format(place=joined.password_kept_in),
        ],
    )
    return EXIT_OK


def run_disconnect(_args: argparse.Namespace, out: Output) -> int:
    """Forget the saved server address (not the password)."""
    from app.server.connect import disconnect

    disconnect()
    out.result({"server": ""}, _("this register opens the book on this computer again"))
    return EXIT_OK


def _report(state: ServerState, out: Output) -> int:
    """The server's state; while it runs, also what each register enters to join it
    (after ``stop`` that would only be noise: how to start it again instead)."""
    from sqlalchemy.engine import make_url

    url = make_url(state.address)
    status = _("server: {value} ({folder})").format(
        value=_("running") if state.running else _("stopped"), folder=state.folder
    )
    if not state.running:
        out.result(state, [status, _("start it again: regulars server start")])
        return EXIT_OK
    out.result(
        state,
        [
            status,
            _("on each register: regulars server connect {host}:{port}").format(
                host=url.host, port=url.port
            ),
            _("  (it asks for the password, which is in '{password_file}')").format(
                password_file=state.password_file
            ),
            _("or: REGULARS_DB={address}, the password in place of ***").format(
                address=state.address
            ),
        ],
    )
    return EXIT_OK
