"""``regulars note add|list|edit|delete|restore|history|trash|search``: the owner's notes.

The same services as the note box: every edit is a new revision, delete goes to a trash
that ``restore`` empties again. Every command but ``add`` runs as the clerk unless
``--owner`` is given with the passphrase; the services then decide what a private note
shows, and refuse to change one for the clerk.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_OK, EXIT_REFUSED, Output, book_place, open_db, positive_int
from app.cli.owner import add_owner_flag, owner_access
from app.errors import RegularsError
from app.i18n import N_, _, format_day, format_moment, ngettext
from app.notes import (
    NOTE_KINDS,
    Draft,
    EditSaved,
    NoteFields,
    NoteView,
    add_note,
    ask_on_shortcut,
    current_revision,
    delete_note,
    edit_or_beside,
    keeping_edit,
    keeping_note,
    list_notes,
    list_trash,
    note_history,
    restore_note,
    search_notes,
)
from app.notes.drafts import count_private_kept
from app.notes.kept_notes import kept_notes, save_kept
from app.prompts.wording import shorten
from app.safety.access import CLERK, Access


def ask_on_date(value: str) -> date:
    """An argparse type: an ISO date or a shortcut such as ``+2w`` or ``next month``."""
    try:
        return ask_on_shortcut(value, date.today())
    except RegularsError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``note`` command and its actions."""
    parser = commands.add_parser(
        "note",
        parents=[common],
        help=_("add, list, edit, delete, restore and search notes"),
        description=_("Notes on customers; every edit is kept as a revision."),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", parents=[common], help=_("add a note to a customer"))
    add.add_argument("customer_id", metavar="ID", type=positive_int, help=_("the customer's id"))
    add.add_argument("text", metavar="TEXT", help=_("what to remember"))
    add.add_argument(
        "--ask-on",
        metavar="DATE",
        type=ask_on_date,
        help=_("ask about it from DATE (YYYY-MM-DD, +1w, +2w, next month)"),
    )
    add.add_argument("--private", action="store_true", help=_("owner only; never at the register"))
    add.add_argument("--pinned", action="store_true", help=_("always shown at the top of the card"))
    add.add_argument(
        "--dont-bring-up", action="store_true", help=_("a topic to avoid; never becomes a prompt")
    )
    add.add_argument("--kind", choices=NOTE_KINDS, default="general")
    add.add_argument("--author", metavar="NAME", help=_("who wrote it"))
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", parents=[common], help=_("a customer's notes"))
    listing.add_argument(
        "customer_id", metavar="ID", type=positive_int, help=_("the customer's id")
    )
    listing.add_argument(
        "--with-private", action="store_true", help=_("include private notes (with --owner)")
    )
    add_owner_flag(listing)
    listing.set_defaults(handler=run_list)

    edit = actions.add_parser("edit", parents=[common], help=_("reword a note (a new revision)"))
    edit.add_argument("note_id", metavar="NOTE_ID", type=positive_int)
    edit.add_argument("text", metavar="TEXT", help=_("the new wording"))
    edit.add_argument(
        "--revision",
        metavar="N",
        type=positive_int,
        help=_(
            "the revision this edit is based on; refused if the note has moved on "
            "(default: the latest)"
        ),
    )
    edit.add_argument("--author", metavar="NAME", help=_("who made the edit"))
    add_owner_flag(edit)
    edit.set_defaults(handler=run_edit)

    for name, handler, help_text in (
        ("delete", run_delete, N_("move a note to the trash")),
        ("restore", run_restore, N_("bring a note back from the trash")),
        ("history", run_history, N_("every wording a note has had")),
    ):
        action = actions.add_parser(name, parents=[common], help=_(help_text))
        action.add_argument("note_id", metavar="NOTE_ID", type=positive_int)
        add_owner_flag(action)
        action.set_defaults(handler=handler)

    trash = actions.add_parser("trash", parents=[common], help=_("deleted notes"))
    trash.add_argument(
        "--customer", metavar="ID", type=positive_int, help=_("only this customer's")
    )
    add_owner_flag(trash)
    trash.set_defaults(handler=run_trash)

    search = actions.add_parser(
        "search", parents=[common], help=_("customers whose notes mention something")
    )
    search.add_argument("words", metavar="WORDS", nargs="+")
    add_owner_flag(search)
    search.set_defaults(handler=run_search)

    kept = actions.add_parser(
        "kept",
        parents=[common],
        help=_("notes kept when the book could not take them"),
        description=_(
            "Notes whose saving the book refused (a full disk, the shop's server away) are "
            "kept on this computer. This lists them; --save saves them now, each as the "
            "note it was typed as. Private ones only with --owner."
        ),
    )
    kept.add_argument("--save", action="store_true", help=_("save them to the book now"))
    add_owner_flag(kept)
    kept.set_defaults(handler=run_kept)


def _line(note: NoteView) -> str:
    flags = [
        name
        for name, on in (
            (_("pinned"), note.pinned),
            (_("private"), note.private),
            (_("don't bring up"), note.dont_bring_up),
        )
        if on
    ]
    if note.ask_on:
        flags.append(_("ask on {date}").format(date=format_day(note.ask_on)))
    shown = f" [{', '.join(flags)}]" if flags else ""
    return _("#{id} r{revision} {written}{flags} (customer {customer_id}): {body}").format(
        id=note.id,
        revision=note.revision,
        written=format_day(note.created_at.date()),
        flags=shown,
        customer_id=note.customer_id,
        body=note.body,
    )


def _show(out: Output, data: Any, notes: Iterable[NoteView], empty: str) -> int:
    lines = [_line(note) for note in notes]
    out.result(data, lines or [empty])
    return EXIT_OK


def run_add(args: argparse.Namespace, out: Output) -> int:
    """Add the note; an empty or oversized note, or an unknown customer, is refused. A
    book that cannot even be opened for storage trouble still keeps the words typed."""
    fields = NoteFields(args.kind, args.pinned, args.dont_bring_up, args.ask_on)
    if args.ask_on is not None and args.ask_on < date.today():
        out.info(
            _("note: {date} has passed, so this is due at once (asked about next visit).").format(
                date=format_day(args.ask_on)
            )
        )
    with (
        keeping_note(book_place(args), args.text, args.customer_id, args.private, fields),
        open_db(args) as database,
    ):
        note = add_note(
            database,
            args.customer_id,
            args.text,
            author=args.author,
            kind=args.kind,
            pinned=args.pinned,
            private=args.private,
            dont_bring_up=args.dont_bring_up,
            ask_on=args.ask_on,
        )
    return _show(out, note, [note], "")


def run_list(args: argparse.Namespace, out: Output) -> int:
    """List the customer's notes, pinned first; private ones with --with-private --owner."""
    with open_db(args) as database:
        access = owner_access(database, args.owner)
        if args.with_private:
            access.require_owner(N_("list private notes"))
        else:
            access = CLERK
        notes = list_notes(database, args.customer_id, access=access)
    return _show(out, notes, notes, "no notes.")


def run_edit(args: argparse.Namespace, out: Output) -> int:
    """Save the new wording as the next revision; when the note moved on meanwhile (or is
    in the trash), as a new note beside it, and say so. A book that cannot even be opened
    for storage trouble still keeps the words typed, as that note's edit."""
    with (
        keeping_edit(book_place(args), args.text, args.note_id, args.revision),
        open_db(args) as database,
    ):
        access = owner_access(database, args.owner)
        revision = args.revision
        if revision is None:
            revision = current_revision(database, args.note_id, access=access)
        saved = edit_or_beside(
            database,
            args.note_id,
            body=args.text,
            expected_revision=revision,
            author=args.author,
            access=access,
        )
    if saved.beside:
        out.info(
            _(
                "Note {note_id} was changed or put in the trash since revision {revision}, so "
                "your words were not put over it: they are saved as a new note, #{new_id}, "
                "beside it. Read both and keep what you want."
            ).format(note_id=args.note_id, revision=revision, new_id=saved.note.id)
        )
    return _show(out, saved.note, [saved.note], "")


def run_delete(args: argparse.Namespace, out: Output) -> int:
    """Move the note to the trash."""
    with open_db(args) as database:
        note = delete_note(database, args.note_id, access=owner_access(database, args.owner))
    return _show(out, note, [note], "")


def run_restore(args: argparse.Namespace, out: Output) -> int:
    """Take the note out of the trash."""
    with open_db(args) as database:
        note = restore_note(database, args.note_id, access=owner_access(database, args.owner))
    return _show(out, note, [note], "")


def run_trash(args: argparse.Namespace, out: Output) -> int:
    """List deleted notes, most recently deleted first."""
    with open_db(args) as database:
        notes = list_trash(database, args.customer, access=owner_access(database, args.owner))
    return _show(out, notes, notes, "the trash is empty.")


def run_history(args: argparse.Namespace, out: Output) -> int:
    """Print every revision of the note."""
    with open_db(args) as database:
        revisions = note_history(database, args.note_id, access=owner_access(database, args.owner))
    lines = [
        f"r{r.number} {r.edited_at:%Y-%m-%d %H:%M} {r.author or '-'}: {r.body}" for r in revisions
    ]
    out.result(revisions, lines)
    return EXIT_OK


def run_search(args: argparse.Namespace, out: Output) -> int:
    """Customers whose notes mention every word, most mentions first."""
    with open_db(args) as database:
        matches = search_notes(
            database, " ".join(args.words), access=owner_access(database, args.owner)
        )
    lines = [
        f"{m.display_name} (#{m.customer_id}), {m.notes_matched} note(s): {m.snippet}"
        for m in matches
    ]
    out.result(matches, lines or [_("no notes mention that.")])
    return EXIT_OK


def _kept_line(draft: Draft) -> str:
    what = _("edit of note {note_id}").format(note_id=draft.edit[0]) if draft.edit else _("note")
    private = _(" (private)") if draft.private else ""
    return _("customer {customer_id}: {what}{private}, kept {when}: {text}").format(
        customer_id=draft.customer_id,
        what=what,
        private=private,
        when=format_moment(draft.saved_at),
        text=shorten(draft.text, 60),
    )


def run_kept(args: argparse.Namespace, out: Output) -> int:
    """List the notes kept after the book refused them; with --save, save each now (one
    refused again, e.g. its customer forgotten meanwhile, is named and stays kept). The
    register's list needs no book: the kept notes are files on this computer, listed
    while the book is away too; the owner's needs the book for the passphrase."""
    if not args.save and not args.owner:
        _list_kept(out, book_place(args), CLERK)
        return EXIT_OK
    with open_db(args) as database:
        access = owner_access(database, args.owner)
        if not args.save:
            _list_kept(out, database.path, access)
            return EXIT_OK
        kept = kept_notes(database.path, access=access)
        saved, refused = [], []
        with database.writing():  # a book that cannot be written is refused once, here
            for draft in kept:
                try:
                    result = save_kept(database, draft, access=access)
                except RegularsError as exc:
                    refused.append({**_kept_document(draft), "error": str(exc)})
                    out.info(_("{line} — not saved: {why}").format(line=_kept_line(draft), why=exc))
                    continue
                note = result.note if isinstance(result, EditSaved) else result
                saved.append({**_kept_document(draft), "note_id": note.id})
    out.result(
        {"saved": saved, "not_saved": refused},
        [
            ngettext("{n} kept note saved.", "{n} kept notes saved.", len(saved)).format(
                n=len(saved)
            )
        ],
    )
    return EXIT_REFUSED if refused else EXIT_OK


def _list_kept(out: Output, place: Path, access: Access) -> None:
    """The kept notes ``access`` may read, and how many private ones wait for the owner."""
    kept = kept_notes(place, access=access)
    waiting = 0 if access.owner else count_private_kept(place)
    lines = [_kept_line(draft) for draft in kept] or [_("no kept notes.")]
    if waiting:
        lines.append(
            ngettext(
                "{n} private kept note waits for the owner (--owner).",
                "{n} private kept notes wait for the owner (--owner).",
                waiting,
            ).format(n=waiting)
        )
    out.result([_kept_document(draft) for draft in kept], lines)


def _kept_document(draft: Draft) -> dict[str, object]:
    return {
        "file": str(draft.refused),
        "customer_id": draft.customer_id,
        "text": draft.text,
        "private": draft.private,
        "kept_at": draft.saved_at,
        "edit_of": draft.edit[0] if draft.edit else None,
        **draft.fields.document(),
    }
