"""Working through a million rows without Python's cycle collector in the way.

The collector runs every few hundred allocations, and each full pass walks every object
alive: in an import that is the million-entry lookups being built, so the passes grow
with the file and, at a million lines, cost a third of the import. An import makes almost
no reference cycles (rows, records and lookups are plain tuples, strings and dicts), so
the collector is paused while one runs and resumed, exactly as it was, afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (reference counting still frees almost
    everything); leave it as it was found, even if the block fails."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
