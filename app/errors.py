"""One exception type for input the app refuses, so every face can report it the same way.

The CLI turns it into a message on stderr and exit code 1; the GUI into a dialog. Its
message is written for the shop owner: what went wrong and what to do about it.
"""


class RegularsError(Exception):
    """Input was refused and nothing was written."""
