"""``regulars customer add|edit|archive|unarchive|photo|relation|merge|unmerge``: customers.

The same checks as the forms: phone normalised for the shop's region, email and birthday
validated, an edit refused when the customer changed since the version it names. Adding
someone who looks like an existing customer warns (on stderr) but still adds, because
two people may share a name. A merge or its undo asks first on a terminal; a script says
``--yes``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.birthdays import read_birthday
from app.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    Output,
    book_place,
    confirmed,
    iso_date,
    open_db,
    positive_int,
)
from app.cli.owner import add_owner_flag, owner_access, require_owner
from app.customers import (
    CustomerView,
    NewCustomer,
    add_customer,
    archive_customer,
    edit_customer,
    get_customer,
    keeping_customer,
    likely_duplicates,
    unarchive_customer,
)
from app.customers.field_list import FIELD_BY_KEY, TYPED_FIELDS, field_help
from app.customers.merge import merge_customers, unmerge
from app.customers.photo import MAX_PHOTO_SIDE, clean_photo, remove_photo, set_photo
from app.customers.relations import (
    RelationView,
    add_relation,
    list_relations,
    remove_relation,
)
from app.errors import RegularsError
from app.i18n import N_, _, format_count, ngettext
from app.models import RelationKind

_CONSENT = {"yes": True, "no": False, "unknown": None}
_TEXT_OPTIONS = tuple(f for f in TYPED_FIELDS if f.option is not None)


def _add_field_options(parser: argparse.ArgumentParser, *, clearing: bool) -> None:
    """The field options add and edit share; on edit an empty value clears the field."""
    suffix = _(" (empty to clear)") if clearing else ""
    for field in _TEXT_OPTIONS:
        parser.add_argument(
            str(field.option), dest=field.key, metavar="TEXT", help=field_help(field) + suffix
        )
    since, consent = FIELD_BY_KEY["customer_since"], FIELD_BY_KEY["contact_consent"]
    parser.add_argument(
        str(since.option), dest=since.key, metavar="DATE", type=iso_date, help=_(since.label)
    )
    parser.add_argument(
        str(consent.option),
        dest=consent.key,
        choices=sorted(_CONSENT),
        help=field_help(consent),
    )


def _given(args: argparse.Namespace) -> dict[str, Any]:
    fields = [field.key for field in _TEXT_OPTIONS]
    changes: dict[str, Any] = {
        field: getattr(args, field) for field in fields if getattr(args, field) is not None
    }
    if args.customer_since is not None:
        changes["customer_since"] = args.customer_since
    if args.contact_consent is not None:
        changes["contact_consent"] = _CONSENT[args.contact_consent]
    return changes


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``customer`` command and its actions."""
    parser = commands.add_parser(
        "customer",
        parents=[common],
        help=_("add, edit or archive a customer"),
        description=_("Maintain customers; every change goes to the change log."),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add", parents=[common], help=_("add a customer (warns about likely duplicates)")
    )
    _add_field_options(add, clearing=False)
    add.set_defaults(handler=run_add)

    edit = actions.add_parser(
        "edit", parents=[common], help=_("change some fields; the others stay as they are")
    )
    edit.add_argument("customer_id", metavar="ID", type=positive_int)
    _add_field_options(edit, clearing=True)
    edit.add_argument(
        "--expect-version",
        metavar="N",
        type=positive_int,
        help=_("refuse if the customer is no longer at version N (default: the current one)"),
    )
    edit.set_defaults(handler=run_edit)

    for name, handler, help_text in (
        ("archive", run_archive, N_("take a customer out of the lookup, keeping their history")),
        ("unarchive", run_unarchive, N_("bring an archived customer back")),
    ):
        action = actions.add_parser(name, parents=[common], help=_(help_text))
        action.add_argument("customer_id", metavar="ID", type=positive_int)
        action.set_defaults(handler=handler)
    _register_photo(actions, common)
    _register_relation(actions, common)
    _register_merge(actions, common)
    _register_forget(actions, common)


def _register_photo(actions: Any, common: argparse.ArgumentParser) -> None:
    photo = actions.add_parser(
        "photo",
        parents=[common],
        help=_(
            "set a customer's photo (JPEG or PNG, at most {MAX_PHOTO_SIDE} px) or --remove it"
        ).format(MAX_PHOTO_SIDE=MAX_PHOTO_SIDE),
    )
    photo.add_argument("customer_id", metavar="ID", type=positive_int)
    which = photo.add_mutually_exclusive_group(required=True)
    which.add_argument("file", metavar="FILE", type=Path, nargs="?", help=_("the picture"))
    which.add_argument("--remove", action="store_true", help=_("remove the photo"))
    photo.set_defaults(handler=run_photo)


def _register_relation(actions: Any, common: argparse.ArgumentParser) -> None:
    parser = actions.add_parser(
        "relation", parents=[common], help=_("household, relatives, friends and pets")
    )
    steps = parser.add_subparsers(dest="relation_action", metavar="STEP", required=True)
    add = steps.add_parser("add", parents=[common], help=_("add someone to a customer's circle"))
    add.add_argument("customer_id", metavar="ID", type=positive_int)
    add.add_argument("--kind", required=True, choices=[k.value for k in RelationKind])
    add.add_argument("--name", metavar="TEXT", help=_("their name (or give --link)"))
    add.add_argument("--birthday", metavar="TEXT", help=field_help(_TEXT_OPTIONS[-1]))
    add.add_argument("--species", metavar="TEXT", help=_("for a pet: dog, cat, ..."))
    add.add_argument(
        "--link", metavar="OTHER_ID", type=positive_int, help=_("they are customer OTHER_ID")
    )
    add.set_defaults(handler=run_relation_add)
    listing = steps.add_parser("list", parents=[common], help=_("a customer's circle"))
    listing.add_argument("customer_id", metavar="ID", type=positive_int)
    listing.set_defaults(handler=run_relation_list)
    remove = steps.add_parser("remove", parents=[common], help=_("remove one relation"))
    remove.add_argument("relation_id", metavar="REL_ID", type=positive_int)
    remove.set_defaults(handler=run_relation_remove)


def _register_merge(actions: Any, common: argparse.ArgumentParser) -> None:
    merge = actions.add_parser(
        "merge", parents=[common], help=_("fold OTHER into KEEP (same person); reversible")
    )
    merge.add_argument("keep_id", metavar="KEEP", type=positive_int)
    merge.add_argument("other_id", metavar="OTHER", type=positive_int)
    merge.add_argument(
        "--take",
        metavar="FIELD=other",
        action="append",
        default=[],
        help=_("take FIELD from OTHER (or FIELD=keep); blank fields of KEEP are filled anyway"),
    )
    merge.add_argument("--yes", action="store_true", help=_("do not ask (for scripts)"))
    add_owner_flag(merge)
    merge.set_defaults(handler=run_merge)
    undo = actions.add_parser("unmerge", parents=[common], help=_("undo a merge by its change id"))
    undo.add_argument("change_id", metavar="CHANGE_ID", type=positive_int)
    undo.add_argument("--yes", action="store_true", help=_("do not ask (for scripts)"))
    undo.set_defaults(handler=run_unmerge)


def _describe(view: CustomerView) -> str:
    details = [p for p in (view.phone, view.email, view.address_line, view.town) if p]
    if view.birthday:
        details.append(_("birthday {birthday}").format(birthday=view.birthday))
    if view.archived:
        details.append("archived")
    extra = f": {', '.join(details)}" if details else ""
    return f"#{view.id} {view.display_name} (version {view.version}){extra}"


def run_add(args: argparse.Namespace, out: Output) -> int:
    """Add the customer, after warning about anyone they may already be."""
    new = NewCustomer(**_given(args))
    with (
        keeping_customer(book_place(args), None, asdict(new)),
        open_db(args) as database,
    ):
        hints = likely_duplicates(
            database, new.first_name, new.last_name, phone=new.phone, email=new.email
        )
        customer_id = add_customer(database, new)
        view = get_customer(database, customer_id)
    for hint in hints:
        where = f", {hint.detail}" if hint.detail else ""
        out.info(
            _("note: {display_name}{where} already exists (#{id}, {reason}).").format(
                display_name=hint.display_name, where=where, id=hint.id, reason=hint.reason
            )
        )
    out.result(
        {**asdict(view), "possible_duplicates": hints},
        _("added {describe}").format(describe=_describe(view)),
    )
    return EXIT_OK


def run_edit(args: argparse.Namespace, out: Output) -> int:
    """Change the given fields, refused whole if the customer moved past the version. A
    book that cannot even be opened for storage trouble still keeps the details typed."""
    changes = _given(args)
    with (
        keeping_customer(book_place(args), args.customer_id, changes),
        open_db(args) as database,
    ):
        version = args.expect_version
        if version is None:
            version = get_customer(database, args.customer_id).version
        view = edit_customer(database, args.customer_id, changes, version)
    out.result(view, _("saved {describe}").format(describe=_describe(view)))
    return EXIT_OK


def run_archive(args: argparse.Namespace, out: Output) -> int:
    """Archive the customer."""
    with open_db(args) as database:
        view = archive_customer(database, args.customer_id)
    out.result(view, _("archived {describe}").format(describe=_describe(view)))
    return EXIT_OK


def run_unarchive(args: argparse.Namespace, out: Output) -> int:
    """Bring the customer back."""
    with open_db(args) as database:
        view = unarchive_customer(database, args.customer_id)
    out.result(view, _("back in the lookup: {describe}").format(describe=_describe(view)))
    return EXIT_OK


def run_photo(args: argparse.Namespace, out: Output) -> int:
    """Store or remove the photo; a picture that is too big is refused, not shrunk,
    since resizing needs the window's image code."""
    if args.remove:
        with open_db(args) as database:
            remove_photo(database, args.customer_id)
        out.result({"customer_id": args.customer_id, "photo": None}, _("photo removed"))
        return EXIT_OK
    path: Path = args.file
    with open_db(args) as database:
        get_customer(database, args.customer_id)  # an unknown one is named before the picture
        try:
            data, shape = clean_photo(path.read_bytes())
        except OSError as exc:
            raise RegularsError(
                _("Cannot read {path}: {value}.").format(path=path, value=exc.strerror or exc)
            ) from exc
        except RegularsError as exc:
            raise RegularsError(f"{path}: {exc}") from exc
        set_photo(database, args.customer_id, data)
    out.result(
        {"customer_id": args.customer_id, "photo": {**asdict(shape), "bytes": len(data)}},
        _("photo set: {kind} {width}×{height}, {size} bytes").format(
            kind=shape.kind, width=shape.width, height=shape.height, size=format_count(len(data))
        ),
    )
    return EXIT_OK


def _relation_line(view: RelationView) -> str:
    return f"#{view.id} {view.label}"


def run_relation_add(args: argparse.Namespace, out: Output) -> int:
    """Add one person or pet to the customer's circle."""
    birthday = read_birthday(args.birthday) if args.birthday is not None else None
    with open_db(args) as database:
        view = add_relation(
            database,
            args.customer_id,
            args.kind,
            name=args.name,
            related_customer_id=args.link,
            species=args.species,
            birthday=birthday,
        )
    out.result(
        view,
        _("added {relation_line} to customer #{customer_id}").format(
            relation_line=_relation_line(view), customer_id=view.customer_id
        ),
    )
    return EXIT_OK


def run_relation_list(args: argparse.Namespace, out: Output) -> int:
    """List the customer's circle, one per line."""
    with open_db(args) as database:
        views = list_relations(database, args.customer_id)
    out.result(views, [_relation_line(v) for v in views] or [_("(nobody recorded)")])
    return EXIT_OK


def run_relation_remove(args: argparse.Namespace, out: Output) -> int:
    """Remove one relation by its id."""
    with open_db(args) as database:
        view = remove_relation(database, args.relation_id)
    out.result(
        view,
        _("removed {relation_line} from customer #{customer_id}").format(
            relation_line=_relation_line(view), customer_id=view.customer_id
        ),
    )
    return EXIT_OK


def _choices(takes: list[str]) -> dict[str, str]:
    choices: dict[str, str] = {}
    for take in takes:
        field, _, side = take.partition("=")
        choices[field.strip()] = side.strip() or "other"
    return choices


def run_merge(args: argparse.Namespace, out: Output) -> int:
    """Show both customers, confirm, merge, and print the change id that undoes it."""
    choices = _choices(args.take)
    with open_db(args) as database:
        access = owner_access(database, args.owner)
        keep = get_customer(database, args.keep_id)
        other = get_customer(database, args.other_id)
        question = _(
            "Merge {describe} into {describe2}? {display_name} is archived; the "
            "merge can be undone."
        ).format(
            describe=_describe(other), describe2=_describe(keep), display_name=other.display_name
        )
        if not args.yes and not confirmed(question):
            out.info(_("not merged."))
            return EXIT_REFUSED
        result = merge_customers(
            database,
            args.keep_id,
            args.other_id,
            choices,
            access=access,
        )
    r = result
    moved = ", ".join(
        (
            ngettext("{n} purchase", "{n} purchases", r.purchases).format(n=r.purchases),
            ngettext("{n} note", "{n} notes", r.notes).format(n=r.notes),
            ngettext("{n} prompt", "{n} prompts", r.prompts).format(n=r.prompts),
            ngettext("{n} relation", "{n} relations", r.relations).format(n=r.relations),
            ngettext("{n} occasion", "{n} occasions", r.occasions).format(n=r.occasions),
            ngettext("{n} tag", "{n} tags", r.tags).format(n=r.tags),
        )
    )
    taken = ", ".join(result.fields_from_other) or "none"
    out.result(
        result,
        [
            _("merged #{other_id} into #{keep_id}: moved {moved}").format(
                other_id=result.other_id, keep_id=result.keep_id, moved=moved
            ),
            _("fields taken from #{other_id}: {taken}").format(
                other_id=result.other_id, taken=taken
            ),
            _("undo with: regulars customer unmerge {change_log_id} --yes").format(
                change_log_id=result.change_log_id
            ),
        ],
    )
    return EXIT_OK


def run_unmerge(args: argparse.Namespace, out: Output) -> int:
    """Confirm, then put both customers back as they were before the merge."""
    if not args.yes and not confirmed(
        _("Undo merge {change_id}?").format(change_id=args.change_id)
    ):
        out.info(_("not undone."))
        return EXIT_REFUSED
    with open_db(args) as database:
        undo_id = unmerge(database, args.change_id)
    out.result(
        {"change_log_id": undo_id, "undid": args.change_id},
        _("undid merge {change_id} (change {undo_id})").format(
            change_id=args.change_id, undo_id=undo_id
        ),
    )
    return EXIT_OK


def _register_forget(actions: Any, common: argparse.ArgumentParser) -> None:
    forget = actions.add_parser(
        "forget",
        parents=[common],
        help=_("erase a customer and every trace of them (owner only; backup first; no undo)"),
    )
    forget.add_argument("customer_id", metavar="ID", type=positive_int)
    forget.add_argument("--yes", action="store_true", help=_("do not ask (for scripts)"))
    forget.add_argument(
        "--delete-upgrade-copies",
        action="store_true",
        help=_(
            "also delete the copies taken before upgrades that still hold them "
            "(asked on a terminal)"
        ),
    )
    add_owner_flag(forget)
    forget.set_defaults(handler=run_forget)


def run_forget(args: argparse.Namespace, out: Output) -> int:
    """Owner access, confirmation, then the erasure (``app.safety.forget``)."""
    from app.safety.forget import delete_upgrade_copies, forget_customer

    with open_db(args) as database:
        access = require_owner(database, args.owner, N_("erase a customer"))
        view = get_customer(database, args.customer_id)
        question = _(
            "Erase {describe} and every note, purchase and prompt of theirs for "
            "good? A backup is taken first."
        ).format(describe=_describe(view))
        if not args.yes and not confirmed(question):
            out.info(_("not erased."))
            return EXIT_REFUSED
        outcome = forget_customer(database, args.customer_id, access=access)
    text = _("erased #{customer_id}; the backup taken just before is {backup}").format(
        customer_id=outcome.customer_id, backup=outcome.backup
    )
    if database.server and not outcome.wal_truncated:
        text += _(
            " (the server's write-ahead log holds their words until PostgreSQL reuses it: "
            "see README, Several registers)"
        )
    elif not database.server and not outcome.wal_truncated:
        text += _(" (another program has the file open: close it so freed pages are cleared)")
    copies = ", ".join(str(p) for p in outcome.copies_holding)
    deleted = bool(outcome.copies_holding) and _delete_copies_wanted(args, copies)
    if deleted:
        delete_upgrade_copies(outcome.copies_holding)
        text += _(
            ". Deleted the copies taken before upgrades that still held them: {copies}"
        ).format(copies=copies)
    elif outcome.copies_holding:
        text += _(
            ". Copies taken before an upgrade still hold them; delete them if you "
            "no longer need them (or repeat with --delete-upgrade-copies): {copies}"
        ).format(copies=copies)
    out.result(
        {
            **asdict(outcome),
            "backup": str(outcome.backup),
            "copies_holding": [str(p) for p in outcome.copies_holding],
            "copies_deleted": deleted,
        },
        text,
    )
    return EXIT_OK


def _delete_copies_wanted(args: argparse.Namespace, copies: str) -> bool:
    """``--delete-upgrade-copies``, or yes on a terminal; a script is never asked."""
    if args.delete_upgrade_copies:
        return True
    if not sys.stdin.isatty():
        return False
    return confirmed(
        _("Copies taken before upgrades still hold them: {copies}. Delete these?").format(
            copies=copies
        )
    )
