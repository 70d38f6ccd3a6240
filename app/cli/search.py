"""``regulars search``: the register's lookup from a script, ranked, each row saying why.

One query scans the customers once (``search_without_index``): building the whole index
would cost more than the query it serves. ``--batch`` builds the index once and answers
every line with it. Both rank identically; the tests hold them to it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_OK, Output, iso_date, open_db, positive_int
from app.errors import RegularsError
from app.i18n import _
from app.search import SearchHit, SearchIndex, search_without_index

DEFAULT_LIMIT = 20


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``search`` to the command line."""
    parser = commands.add_parser(
        "search",
        parents=[common],
        help=_("find customers by name, nickname, typo, phone or email fragment"),
        description=_(
            "Find customers the way the register does: name parts in any order, "
            "accents optional, nicknames, typos, sound-alikes, phone and email fragments."
        ),
    )
    parser.add_argument("query", nargs="*", metavar="QUERY", help=_("what the clerk would type"))
    parser.add_argument(
        "--limit",
        type=positive_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=_("at most N results (default {DEFAULT_LIMIT})").format(DEFAULT_LIMIT=DEFAULT_LIMIT),
    )
    parser.add_argument(
        "--batch",
        metavar="FILE",
        help=_("one query a line ('-' for standard input); one JSON line per query"),
    )
    parser.add_argument("--on", type=iso_date, metavar="DATE", help=_("pretend today is DATE"))
    parser.set_defaults(handler=run, search_parser=parser)


def run(args: argparse.Namespace, out: Output) -> int:
    """Answer one query (a table, or JSON) or a batch file (JSON lines)."""
    if args.batch is not None and args.query:
        args.search_parser.error(_("give a QUERY or --batch FILE, not both"))
    if args.batch is None and not args.query:
        args.search_parser.error(_("what to search for: give a QUERY or --batch FILE"))
    today = args.on or date.today()
    if args.batch is not None:
        queries = _read_batch(args.batch)
        with open_db(args) as database:
            index = SearchIndex.build(database, today=today)
        for line in queries:
            hits = index.search(line, args.limit)
            out.json_line({"query": line, "results": [_brief(hit) for hit in hits]})
        return EXIT_OK
    query = " ".join(args.query)
    if query.startswith("?"):
        raise RegularsError(
            _(
                "'?' looks in the notes in the window's search box; on the command line that "
                "is: regulars note search {words}"
            ).format(words=query[1:].strip() or _("WORDS"))
        )
    with open_db(args) as database:
        hits = search_without_index(database, query, args.limit, today=today)
    out.result([_full(hit) for hit in hits], _table(query, hits))
    return EXIT_OK


def _read_batch(name: str) -> list[str]:
    """The batch's lines; a file that cannot be read or is not UTF-8 is refused whole."""
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise RegularsError(
            _("Cannot read the batch file '{name}': {strerror}.").format(
                name=name, strerror=exc.strerror
            )
        ) from exc
    lines = raw.splitlines()
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            raise RegularsError(
                _("'{name}', line {number}: not UTF-8 text; save the file as UTF-8.").format(
                    name=name, number=number
                )
            ) from None
    return [line.decode("utf-8").lstrip("\ufeff") for line in lines]


def _brief(hit: SearchHit) -> dict[str, Any]:
    return {
        "id": hit.customer_id,
        "display_name": hit.display_name,
        "score": hit.score,
        "reason": hit.reason,
    }


def _full(hit: SearchHit) -> dict[str, Any]:
    return {**_brief(hit), "detail": hit.detail}


def _table(query: str, hits: list[SearchHit]) -> Iterator[str]:
    if not hits:
        yield _("No customer matches '{strip}'.").format(strip=query.strip())
        return
    rows = [(_("id"), _("name"), _("reason"), _("detail"))]
    rows += [(str(h.customer_id), h.display_name, h.reason, h.detail) for h in hits]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        yield "  ".join([*cells, row[3]]).rstrip()
