"""Before the window opens on Linux: are the system libraries Qt's X11 plugin loads there?

Without them Qt prints a long plugin error and aborts; the owner should instead read one
sentence naming the package to install. Checked without importing Qt (its import is what
would fail) by asking the dynamic loader for each library, as the plugin will.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping

XCB_NEEDS = (
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    ("libEGL.so.1", "libegl1", "libglvnd-egl"),
    ("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
)
"""(soname, Debian/Ubuntu package, Fedora package) for each library the plugin needs."""


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_for_window(
    environ: Mapping[str, str],
    *,
    platform: str | None = None,
    loads: Callable[[str], bool] | None = None,
) -> str | None:
    """One sentence naming what to install, or None when the window can open (or another
    Qt platform than X11 was chosen, e.g. QT_QPA_PLATFORM=wayland or offscreen)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if not (platform or sys.platform).startswith("linux") or chosen not in ("", "xcb"):
        return None
    load = loads or _loads
    missing = [need for need in XCB_NEEDS if not load(need[0])]
    if not missing:
        return None
    names = ", ".join(soname for soname, _, _ in missing)
    debian = " ".join(package for _, package, _ in missing)
    fedora = " ".join(dict.fromkeys(package for _, _, package in missing))
    return (
        f"The window needs system libraries this computer lacks ({names}): install them with "
        f"`sudo apt install {debian}` (Debian, Ubuntu) or `sudo dnf install {fedora}` "
        "(Fedora), then start Regulars again."
    )
