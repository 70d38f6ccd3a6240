"""The shop's own settings: one TOML file in the user config folder over the package's defaults.

Settings belong to the shop's computer, not to its customer book, so they live in
``<config folder>/settings.toml`` (see ``app.paths.config_dir``) and an upgrade of the
package never touches them. The package's ``resources/settings.toml`` holds the defaults
and is never written. A value the owner typed wrong is refused naming the file, the line
and what is allowed, so a typo in a text editor is as clear as one in the dialog.

``FIELDS`` is the one list of settings: the parser, ``regulars settings``, and the
Settings dialog all read their names, labels and checks from it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.atomic import write_text_atomically
from app.errors import RegularsError
from app.i18n import N_, _
from app.paths import config_dir, resources_dir
from app.safety.retention import Schedule

SETTINGS_FILE = "settings.toml"
MAX_PROMPTS = 5


@dataclass(frozen=True)
class Settings:
    """Every setting, typed; built only by ``load_settings`` or ``change_setting``."""

    shop_name: str
    country: str
    currency: str
    language: str
    idle_minutes: float
    prompts_per_card: int
    backup_folder: str
    keep_latest: int
    keep_daily: int
    keep_weekly: int
    keep_monthly: int
    server: str

    @property
    def backup_schedule(self) -> Schedule:
        """How many backups the pruning keeps."""
        return Schedule(
            latest=self.keep_latest,
            daily=self.keep_daily,
            weekly=self.keep_weekly,
            monthly=self.keep_monthly,
        )

    @property
    def locale_name(self) -> str:
        """The Babel locale money and dates follow: the language (else English) in the
        shop's country, e.g. ``de_DE``."""
        from babel import Locale, UnknownLocaleError

        language = self.language or "en"
        try:
            locale = Locale.parse(f"{language}_{self.country}")
        except (UnknownLocaleError, ValueError):
            locale = Locale.parse(language)
        return str(locale)

    @property
    def currency_symbol(self) -> str:
        """The symbol money is shown with ("€", "US$"); empty when the setting is empty, so
        money follows the country's own currency."""
        from babel.numbers import get_currency_symbol

        return get_currency_symbol(self.currency, self.locale_name) if self.currency else ""


Check = Callable[[Any], Any]
"""Takes a value as read from TOML; returns it cleaned, or raises ``ValueError`` with what
is allowed."""


@dataclass(frozen=True)
class Field:
    """One setting: its key in the file, its label in the dialog, its type and check."""

    key: str
    label: str
    kind: type
    check: Check
    help: str


def _text(limit: int) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or len(value.strip()) > limit:
            raise ValueError(_("text of at most {limit} characters").format(limit=limit))
        return value.strip()

    return check


def _country(value: Any) -> str:
    import phonenumbers

    code = value.strip().upper() if isinstance(value, str) else ""
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(_("a two-letter country code such as US, GB or DE"))
    return code


def _currency(value: Any) -> str:
    from babel.numbers import list_currencies

    code = value.strip().upper() if isinstance(value, str) else None
    if code is None or (code and code not in list_currencies()):
        raise ValueError(_("a three-letter currency code such as USD, EUR or GBP, or empty"))
    return code


def _language(value: Any) -> str:
    name = value.strip() if isinstance(value, str) else None
    if name is None:
        raise ValueError(_("a language code such as en or de, or empty"))
    if not name:
        return name
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(name.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        raise ValueError(_("a language code such as en or de, or empty")) from None


def _folder(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(_("a folder path in quotes, or empty"))
    if not value.strip():
        return ""
    path = Path(value.strip()).expanduser()
    if not path.is_absolute():
        raise ValueError(_("a full folder path (starting at the drive or /), or empty"))
    return str(path)


def _server(value: Any) -> str:
    from app.server.address import ALLOWED, server_url

    if not isinstance(value, str):
        raise ValueError(ALLOWED)
    if not value.strip():
        return ""
    return server_url(value).render_as_string()


def _whole(low: int, high: int) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(_("{low} to {high}").format(low=low, high=high))
        return value

    return check


def _minutes(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 240:
        raise ValueError(_("1 to 240 (minutes)"))
    return float(value)


FIELDS: tuple[Field, ...] = (
    Field("shop_name", N_("Shop name"), str, _text(80), N_("shown in the window's title")),
    Field("country", N_("Country"), str, _country, N_("phone numbers are read in this country")),
    Field("currency", N_("Currency"), str, _currency, N_("empty: the country's currency")),
    Field("language", N_("Language"), str, _language, N_("empty: the computer's language")),
    Field("idle_minutes", N_("Minutes to clerk mode"), float, _minutes, N_("owner mode ends idle")),
    Field(
        "prompts_per_card",
        N_("Prompts on a card"),
        int,
        _whole(1, MAX_PROMPTS),
        N_("ask-about prompts shown, best first"),
    ),
    Field("backup_folder", N_("Backup folder"), str, _folder, N_("empty: beside the database")),
    Field("keep_latest", N_("Newest backups kept"), int, _whole(1, 100), N_("kept outright")),
    Field("keep_daily", N_("Daily backups kept"), int, _whole(0, 366), N_("newest of each day")),
    Field("keep_weekly", N_("Weekly backups kept"), int, _whole(0, 104), N_("newest of each week")),
    Field(
        "keep_monthly", N_("Monthly backups kept"), int, _whole(0, 120), N_("newest of each month")
    ),
    Field("server", N_("Shop server"), str, _server, N_("empty: the book on this computer")),
)
FIELD_BY_KEY = {field.key: field for field in FIELDS}


_last_read: dict[tuple[str, int, int], Settings] = {}
"""The file last read, by path, modification time and size: the register reads settings
on every card, and a file changed by the dialog or by hand is read again."""


def settings_path() -> Path:
    """The owner's settings file (it may not exist yet: then the defaults apply)."""
    return config_dir() / SETTINGS_FILE


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _shown(value: Any) -> str:
    """A refused value as a message may show it: an address's password as ***."""
    if not isinstance(value, str):
        return str(value).lower()
    from app.dialects import shown

    return repr(shown(value))


def _checked(path: Path, text: str, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with the file's values over it, each checked; refused naming the line."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegularsError(
            _("'{path}' is not valid TOML: {exc}.").format(path=path, exc=exc)
        ) from exc
    values = dict(base)
    for key, value in raw.items():
        line = _line_of(text, key)
        where = _("'{path}' line {line}").format(path=path, line=line) if line else f"'{path}'"
        field = FIELD_BY_KEY.get(key)
        if field is None:
            known = ", ".join(FIELD_BY_KEY)
            raise RegularsError(
                _("{where}: there is no setting '{key}' (known: {known}).").format(
                    where=where, key=key, known=known
                )
            )
        try:
            values[key] = field.check(value)
        except ValueError as exc:
            raise RegularsError(
                _("{where}: {key} must be {exc}, not {shown}.").format(
                    where=where, key=key, exc=exc, shown=_shown(value)
                )
            ) from None
    return values


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegularsError(
            _("Cannot read '{path}': {strerror}.").format(path=path, strerror=exc.strerror)
        ) from exc


def configured_language() -> str:
    """Only the language setting, read without checking the rest, so that choosing the
    language costs ``regulars --help`` nothing; "" when unset or unreadable (the command
    that needs the settings reports a broken file)."""
    for path in (settings_path(), resources_dir() / SETTINGS_FILE):
        try:
            value = tomllib.loads(path.read_text(encoding="utf-8")).get("language")
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if isinstance(value, str):
            return value.strip()
    return ""


@cache
def default_settings() -> Settings:
    """The package's defaults, as a shop without a settings file gets them."""
    path = resources_dir() / SETTINGS_FILE
    values = _checked(path, _read(path), {})
    missing = set(FIELD_BY_KEY) - set(values)
    if missing:
        raise RegularsError(
            _("'{path}' lacks {missing}.").format(path=path, missing=", ".join(sorted(missing)))
        )
    return Settings(**values)


def load_settings() -> Settings:
    """The owner's settings over the defaults; a wrong value is refused with its line."""
    defaults = default_settings()
    path = settings_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return defaults
    except OSError as exc:
        raise RegularsError(
            _("Cannot read '{path}': {strerror}.").format(path=path, strerror=exc.strerror)
        ) from exc
    stamp = (str(path), stat.st_mtime_ns, stat.st_size)
    known = _last_read.get(stamp)
    if known is None:
        known = Settings(**_checked(path, _read(path), vars(defaults)))
        _last_read.clear()
        _last_read[stamp] = known
    return known


def parse_value(key: str, typed: str) -> Any:
    """A value typed on the command line or in the dialog, checked like one in the file;
    refused naming the setting."""
    field = FIELD_BY_KEY.get(key)
    if field is None:
        raise RegularsError(
            _("There is no setting '{key}' (known: {field_by_key}).").format(
                key=key, field_by_key=", ".join(FIELD_BY_KEY)
            )
        )
    value: Any = typed
    try:
        if field.kind is int:
            value = int(typed.strip())
        elif field.kind is float:
            value = float(typed.strip())
    except ValueError:
        value = typed
    try:
        return field.check(value)
    except ValueError as exc:
        raise RegularsError(
            _("{label} ({key}) must be {exc}, not {shown}.").format(
                label=_(field.label), key=key, exc=exc, shown=_shown(typed)
            )
        ) from None


def _toml_line(key: str, value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    import tomli_w

    return tomli_w.dumps({key: value}).rstrip("\n")


def save_settings(changes: dict[str, str]) -> Settings:
    """Check every typed value, then write them all into the owner's file at once (the
    file keeps its comments and other lines); nothing is written if one is refused."""
    values = {key: parse_value(key, typed) for key, typed in changes.items()}
    path = settings_path()
    text = _read(path) if path.is_file() else ""
    lines = text.splitlines()
    for key, value in values.items():
        line = _line_of(text, key)
        if line is None:
            lines.append(_toml_line(key, value))
        else:
            lines[line - 1] = _toml_line(key, value)
    new_text = "\n".join(lines) + "\n"
    result = Settings(**_checked(path, new_text, vars(default_settings())))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegularsError(
            _("Cannot create '{parent}': {strerror}.").format(
                parent=path.parent, strerror=exc.strerror
            )
        ) from exc
    write_text_atomically(path, new_text)
    return result
