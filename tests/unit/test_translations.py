"""The translation layer: every marked string has a German translation, the catalogue
compiles, plurals come from the catalogue, and the command line follows the language
setting."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.cli import main
from app.i18n import _, catalogue_path, ngettext, shipped_languages, use_language
from app.paths import CONFIG_ENV
from app.settings import save_settings

APP = Path(__file__).resolve().parents[2] / "app"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


@pytest.fixture(autouse=True)
def _english_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config"))
    yield
    use_language("en")


def _marked() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(APP), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


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
