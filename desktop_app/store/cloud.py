"""Cloud-synced folders: a database in one is copied while half-written and can be corrupted.

Detected by the usual folder names of Dropbox, OneDrive, iCloud Drive and Google Drive, and on
Linux by the file-system types their clients mount; nothing beyond that is guessed.
"""

from __future__ import annotations

import os
from pathlib import Path

_FOLDER_NAMES = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "icloud drive": "iCloud Drive",
    "icloud": "iCloud Drive",
    "icloud~com~apple~clouddocs": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
}
_MOUNT_TYPES = {
    "fuse.rclone": "a cloud drive (rclone)",
    "fuse.google-drive-ocamlfuse": "Google Drive",
    "fuse.onedriver": "OneDrive",
    "fuse.dropbox": "Dropbox",
    "davfs": "a WebDAV cloud folder",
    "fuse.gvfsd-fuse": "a network or cloud folder (GNOME online accounts)",
}


def cloud_service(path: Path, mounts: str | None = None) -> str | None:
    """The name of the sync service whose folder holds `path`, or None."""
    resolved = path.resolve()
    for part in resolved.parts[:-1]:
        name = part.lower()
        if name in _FOLDER_NAMES:
            return _FOLDER_NAMES[name]
        if name.startswith("onedrive - ") or name.startswith("dropbox ("):
            return "OneDrive" if name.startswith("onedrive") else "Dropbox"
    return _mounted_service(resolved, mounts)


def _mounted_service(path: Path, mounts: str | None) -> str | None:
    if mounts is None:
        if not os.path.exists("/proc/mounts"):
            return None
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best: tuple[int, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        kind = fields[2]
        inside = str(path) == point or str(path).startswith(point.rstrip("/") + "/")
        if kind in _MOUNT_TYPES and inside and (best is None or len(point) > best[0]):
            best = (len(point), _MOUNT_TYPES[kind])
    return best[1] if best else None


def cloud_warning(path: Path, service: str) -> str:
    return (
        f"{path.name} is in a folder that {service} keeps in sync. Such services copy a database "
        "while it is being written and can leave it damaged. Keep it in a folder that is not "
        "synced (File > New database… there, or move the file while the app is closed); the "
        "app's own backups protect it."
    )
