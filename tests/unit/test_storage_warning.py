"""A database in a synced folder or on a network share earns a warning; a plain disk none."""

from __future__ import annotations

from pathlib import Path

from app.safety.storage import storage_warning


def _mounts(tmp_path: Path, *lines: str) -> Path:
    mounts = tmp_path / "mounts"
    mounts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return mounts


def test_a_cloud_synced_folder_is_named(tmp_path: Path) -> None:
    warning = storage_warning(tmp_path / "Dropbox" / "shop" / "regulars.db")
    assert warning is not None and "'Dropbox'" in warning


def test_a_network_share_is_named(tmp_path: Path) -> None:
    share = tmp_path / "share"
    mounts = _mounts(tmp_path, "/dev/vda / ext4 rw 0 0", f"//nas/shop {share} cifs rw 0 0")
    warning = storage_warning(share / "regulars.db", mounts=mounts)
    assert warning is not None and "network share (cifs)" in warning


def test_a_plain_local_disk_is_fine(tmp_path: Path) -> None:
    mounts = _mounts(tmp_path, "/dev/vda / ext4 rw 0 0", "server:/x /mnt/other nfs rw 0 0")
    assert storage_warning(tmp_path / "regulars.db", mounts=mounts) is None
