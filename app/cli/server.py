"""``regulars server init|start|stop|status``: the back-office PC's PostgreSQL server, so
every register shares one book (see README "Several registers")."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import EXIT_OK, Output
from app.i18n import _
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
    init.add_argument("--port", type=int, default=DEFAULT_PORT, help=_("its network port"))
    init.set_defaults(handler=lambda args, out: _report(init_server(port=args.port), out))
    for name, act, text in (
        ("start", start_server, "start the server"),
        ("stop", stop_server, "stop the server"),
        ("status", server_status, "whether it runs, and the address registers enter"),
    ):
        action = actions.add_parser(name, parents=[common], help=text)
        action.set_defaults(handler=lambda _args, out, act=act: _report(act(), out))


def _report(state: ServerState, out: Output) -> int:
    out.result(
        state,
        [
            _("server: {value} ({folder})").format(
                value="running" if state.running else "stopped", folder=state.folder
            ),
            _("registers enter: REGULARS_DB={address}").format(address=state.address),
            _("with the password in '{password_file}' in place of ***").format(
                password_file=state.password_file
            ),
        ],
    )
    return EXIT_OK
