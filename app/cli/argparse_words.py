"""argparse's own words ("usage:", "options", "the following arguments are required") in
the shop's language.

argparse asks gettext's default domain for its few messages, and no system ships German
for it, so a German shop read its own help in German under English headings and English
errors. The messages a user of ``regulars`` can meet are marked here for the catalogue,
and argparse is pointed at this app's translation functions; the messages only a
programmer meets (a clash of option names) stay in English.
"""

from __future__ import annotations

import argparse

from app.i18n import N_, _, ngettext

ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
"""What argparse says to a user, word for word as Python 3.11 to 3.13 spell it; a
message spelled otherwise by another Python is shown in English."""


def argparse_in_the_shops_language() -> None:
    """From now on argparse says its words through the app's catalogue (in the language
    chosen at the time each is said)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
