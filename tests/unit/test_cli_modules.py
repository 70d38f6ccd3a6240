"""The command line imports only the command asked for, and the map of commands is whole."""

from __future__ import annotations

import argparse
import importlib

import pytest

from app.cli import COMMAND_MODULES, COMMANDS, SUMMARIES, modules_for


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_every_registered_command_is_in_the_map(module: str) -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    importlib.import_module(module).register(commands, argparse.ArgumentParser(add_help=False))
    assert {COMMANDS[name] for name in commands.choices} == {module}


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--db", "search", "today", "--on", "2026-01-01"], ("app.cli.today",)),
        (["--json", "import", "file.csv"], ("app.cli.importing",)),
        (["restore", "x.db", "--yes"], ("app.cli.backup",)),
        (["--demo"], ()),
        ([], ()),
        (["--help"], ()),
        (["search", "--help"], ("app.cli.search",)),
        (["serach", "bob"], COMMAND_MODULES),
    ],
)
def test_only_the_named_command_is_loaded(argv: list[str], expected: tuple[str, ...]) -> None:
    assert modules_for(argv) == expected


def test_the_command_list_says_what_each_module_says() -> None:
    """``regulars --help`` lists the commands without importing them; the lines match."""
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(commands, argparse.ArgumentParser(add_help=False))
    registered = {action.dest: action.help for action in commands._choices_actions}
    assert registered == SUMMARIES
