"""The translation layer: every marked string has a German translation, the catalogue
compiles, plurals come from the catalogue, and the command line follows the language
setting."""

from __future__ import annotations

import ast
import io
import re
from collections.abc import Iterator
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.cli import main
from app.i18n import _, catalogue_path, ngettext, shipped_languages, use_language
from app.owner_rules import FACT_AGEING, PROMPT_TEMPLATES
from app.paths import CONFIG_ENV, resources_dir
from app.prompts.ageing import parse_ageing
from app.prompts.templates import parse_templates
from app.settings import save_settings

APP = Path(__file__).resolve().parents[2] / "app"
SHOWN_BY = {"print", "RegularsError", "error", "exit", "SystemExit", "info", "confirmed"}
"""Calls whose arguments a command-line user reads (``result`` from its second on)."""
SHOWN_AS = {"help", "description", "epilog"}
KEY = re.compile(r"-*[a-z_]+")
"""An option or a key ("--seed", "passphrase"): code, not words for a reader."""
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


@pytest.fixture(autouse=True)
def _english_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config"))
    yield
    use_language("en")


def prompt_wordings() -> set[str]:
    """The shipped prompt wordings: each is a message of the catalogue (``pick`` and the
    ageing reason translate them when a card is shown)."""
    templates = parse_templates(resources_dir() / PROMPT_TEMPLATES)
    ageing = parse_ageing(resources_dir() / FACT_AGEING)
    found = {text for texts in templates.phrases.values() for text in texts}
    found |= {text for texts in templates.by_category.values() for text in texts}
    found |= {text for fact in ageing.facts for text in fact.prompts}
    return found | {ageing.reason}


def _marked() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set(prompt_wordings())
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(APP), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _t, name, _s, _c in Formatter().parse(text) if name}


def test_no_translation_names_a_placeholder_its_english_does_not_fill_in() -> None:
    with catalogue_path("de").open("rb") as fh:
        catalog = read_po(fh, locale="de")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        known = set().union(*(_placeholders(str(text)) for text in ids))
        for text in strings:
            assert _placeholders(str(text)) <= known, (message.id, text)


def test_every_marked_string_has_a_german_translation_and_the_catalogue_compiles() -> None:
    assert shipped_languages() == ("en", "de")
    with catalogue_path("de").open("rb") as fh:
        catalog = read_po(fh, locale="de")
    marked = _marked()
    assert len(marked) > 50
    entries = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}
    missing = sorted(str(m) for m in marked if m not in entries)
    assert not missing, f"not in the German catalogue: {missing}"
    unused = sorted(str(m) for m in entries if m not in marked)
    assert not unused, f"in the catalogue but no longer in the code: {unused}"
    for message in entries.values():
        assert not message.fuzzy, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id}"
    assert not list(catalog.check())
    write_mo(io.BytesIO(), catalog)


def test_german_words_and_plurals_come_from_the_catalogue() -> None:
    assert use_language("de_DE") == "de"
    assert _("&File") == "&Datei"
    assert ngettext("{n} visit", "{n} visits", 1).format(n=1) == "1 Besuch"
    assert ngettext("{n} visit", "{n} visits", 3).format(n=3) == "3 Besuche"
    assert use_language("sw") == "en"
    assert _("&File") == "&File"
    assert ngettext("{n} visit", "{n} visits", 3).format(n=3) == "3 visits"


def test_the_command_line_follows_the_language_setting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "write a verified copy of the database" in capsys.readouterr().out
    save_settings({"language": "de"})
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "eine geprüfte Kopie der Datenbank schreiben" in out
    assert "das Kundenbuch für einen Laden vor Ort" in " ".join(out.split())


def _text_literals(node: ast.AST) -> Iterator[str]:
    """Literals with a letter in ``node`` shown as they are (not passed through a call)."""
    if isinstance(node, ast.Call):
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if any(ch.isalpha() for ch in node.value) and not KEY.fullmatch(node.value):
            yield node.value
        return
    if isinstance(node, ast.JoinedStr):
        if any(isinstance(p, ast.Constant) and any(c.isalpha() for c in str(p.value))
               for p in node.values):  # fmt: skip
            yield ast.unparse(node)
        return
    for child in ast.iter_child_nodes(node):
        yield from _text_literals(child)


def _shown(node: ast.AST) -> list[ast.expr]:
    """The parts of ``node`` a command-line user reads: printed, yielded, appended or
    assigned text, messages, errors and help."""
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        shown = [k.value for k in node.keywords if k.arg in SHOWN_AS]
        if name in SHOWN_BY or name == "append":
            shown += node.args
        if name == "result":
            shown += node.args[1:]
        return shown
    if isinstance(node, ast.Yield | ast.AugAssign) and node.value is not None:
        return [node.value]
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.JoinedStr | ast.List):
        return [node.value]
    return []


def test_every_text_the_command_line_shows_goes_through_the_translation_layer() -> None:
    found = []
    for path in sorted((APP / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for part in _shown(node):
                found += [f"{path.name}: {text}" for text in _text_literals(part)]
    assert not found, "route these through app.i18n._:\n" + "\n".join(found)


def test_the_command_line_speaks_german(capsys: pytest.CaptureFixture[str]) -> None:
    save_settings({"language": "de"})
    with pytest.raises(SystemExit):
        main(["today", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "so tun, als wäre heute DATE (JJJJ-MM-TT)" in out
    assert "Zeilen je Abschnitt (30)" in out


def _error_classes() -> set[str]:
    """The names of every error a user reads: ``RegularsError`` and each class of the app
    made from it, and argparse's complaint about a value."""
    import app.errors

    found = {"RegularsError", "ArgumentTypeError"}
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                getattr(base, "id", None) in found or getattr(base, "id", "").endswith("Error")
                for base in node.bases
            ):
                found.add(node.name)
    return found | {name for name in dir(app.errors) if name.endswith("Error")}


def _error_literals(tree: ast.AST, classes: frozenset[str] = frozenset()) -> Iterator[ast.Call]:
    names = classes or {"RegularsError"}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) in names
            and node.args
            and any(_text_literals(node.args[0]))
        ):
            yield node


def test_argparse_says_its_own_words_in_german_too(capsys: pytest.CaptureFixture[str]) -> None:
    """Headings, the help option and a usage error: no English word around German help."""
    save_settings({"language": "de"})
    with pytest.raises(SystemExit):
        main(["note", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: regulars note") and "diese Hilfe zeigen" in out
    assert not {"usage", "options", "positional"} & set(re.findall(r"[a-z]+", out.lower()))
    with pytest.raises(SystemExit):
        main(["note", "add"])
    assert "Fehler: diese Angaben fehlen: ID, TEXT" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["settings", "set", "--help"])
    assert "country (Telefonnummern werden" in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit):
        main(["card", "abc"])
    assert "Angabe ID: „abc“ ist keine ganze Zahl" in capsys.readouterr().err  # no "int"
    with pytest.raises(SystemExit):
        main(["card", "99999999999999999999"])  # more than the book can store
    assert "„99999999999999999999“ ist zu groß" in capsys.readouterr().err


def test_an_import_report_reads_german(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_settings({"language": "de"})
    people = tmp_path / "people.csv"
    people.write_text("customer_ref,first_name,last_name\nc1,Zed,Quill\n", encoding="utf-8")
    assert main(["import", str(people), "--db", str(tmp_path / "shop.db")]) == 0
    out = capsys.readouterr().out
    assert ": importiert" in out and "  Kunden: 1 neu" in out, out
    people.write_text("customer_ref,first_name,last_name\nc2,Ada,Byron\n", encoding="utf-8")
    assert main(["import", str(people), "--dry-run", "--db", str(tmp_path / "shop.db")]) == 0
    out = capsys.readouterr().out
    assert "Zeile 2 (Kunde, neu) Kunde: #2 Ada Byron, Kundennummer: c2" in out, out


def test_every_error_a_service_raises_goes_through_the_translation_layer() -> None:
    found: list[str] = []
    classes = frozenset(_error_classes())
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found.extend(
            f"{path.relative_to(APP.parent)}:{call.lineno}: {ast.unparse(call.args[0])}"
            for call in _error_literals(tree, classes)
        )
    assert not found, "wrap these in app.i18n._ (with German in the catalogue):\n" + "\n".join(
        found
    )


def test_the_check_finds_an_untranslated_error() -> None:
    caught = ast.parse(
        'raise RegularsError(f"There is no customer with id {n}.")\n'
        'raise RegularsError("Give a name.")\n'
        'raise RegularsError(_("Give a name."))\n'
        'raise RegularsError(f"{path}: {exc}")\n'
    )
    assert [call.lineno for call in _error_literals(caught)] == [1, 2]


def test_a_service_error_and_an_import_problem_read_german() -> None:
    from datetime import date

    from app.errors import RegularsError
    from app.importing import values
    from app.notes.ask_on import ask_on_shortcut

    use_language("de")
    with pytest.raises(ValueError, match="'2026-02-30' ist kein gültiges Datum"):
        values.iso_date("2026-02-30")
    from app.card import CardContact

    assert CardContact("email", "home", "jo@example.de").line == "E-Mail privat: jo@example.de"
    details = [("Middle name", "Karl"), ("Title", "Herr"), ("Company", "Schäfer GmbH")]
    assert values.with_details(None, details) == (
        "Weitere Vornamen: Karl\nAnrede: Herr\nFirma: Schäfer GmbH"
    )  # the note an import writes for what has no field of its own
    with pytest.raises(RegularsError, match="ist kein Datum für 'danach fragen am'; verwenden"):
        ask_on_shortcut("someday", date(2026, 12, 6))
    said = {w: ask_on_shortcut(w, date(2026, 12, 6)) for w in ("Nächsten Monat", "morgen")}
    assert said == {"Nächsten Monat": date(2027, 1, 6), "morgen": date(2026, 12, 7)}
    assert ask_on_shortcut("next week", date(2026, 12, 6)) == date(2026, 12, 13)  # still
