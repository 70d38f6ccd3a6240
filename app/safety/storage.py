"""Where the database file sits: a network share or a cloud-synced folder can corrupt
SQLite (locks that do not hold, half-synced WAL files), so the owner is warned.
"""

from __future__ import annotations

from pathlib import Path

SYNCED_FOLDERS = (
    "dropbox",
    "onedrive",
    "google drive",
    "googledrive",
    "icloud drive",
    "mobile documents",
    "box sync",
    "nextcloud",
    "owncloud",
    "pcloud",
    "synologydrive",
)
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "afpfs", "9p"}
MOUNTS = Path("/proc/mounts")


def _filesystem_type(path: Path, mounts: Path) -> str | None:
    """The type of the filesystem holding ``path``, from the longest matching mount point."""
    try:
        lines = mounts.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    best, kind = "", None
    target = str(path.resolve())
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def storage_warning(db_path: Path, *, mounts: Path = MOUNTS) -> str | None:
    """Why ``db_path`` is in a risky place, in the owner's words; ``None`` if it is not."""
    for part in db_path.resolve().parts:
        if any(name in part.casefold() for name in SYNCED_FOLDERS):
            return (
                f"The database is inside a cloud-synced folder ('{part}'). Syncing can damage a "
                "database that is open; keep it in a normal folder and let Regulars' backups "
                "go to the synced folder instead (regulars backup FOLDER)."
            )
    kind = _filesystem_type(db_path.parent, mounts)
    if kind in NETWORK_FILESYSTEMS:
        return (
            f"The database is on a network share ({kind}). SQLite's locks are not reliable "
            "there; keep the database on this computer's own disk."
        )
    return None
