"""Starting several real processes at once and collecting what each said: the way tests
make two registers, or ten scripts, race for the same book."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path


def run_at_once(
    commands: Sequence[Sequence[str]],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> list[tuple[int, str, str]]:
    """Start every command before waiting for any; each one's exit code, stdout, stderr."""
    children = [
        subprocess.Popen(
            list(command),
            env=None if env is None else dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    answers = []
    for child in children:
        out, err = child.communicate(timeout=timeout)
        answers.append((child.returncode, out, err))
    return answers
