"""The Linux packages: a .deb (bundle in /opt, launcher in /usr/bin, menu entry, icons) and a .tar.gz."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DESKTOP_FILE = HERE / "linux" / "conversion-tracker.desktop"
PACKAGE = "conversion-tracker"
INSTALL_DIR = "opt/conversion-tracker"

# What Qt's xcb and wayland platforms, fonts and D-Bus need from the system. The bundle leaves
# these libraries out on purpose (see trim.prune_linux): their config and plugins must match
# the distribution's own. libegl1/libgl1 are never bundled (they belong to the graphics driver).
DEPENDS = [
    "libc6 (>= 2.31)",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0",
    "libdbus-1-3",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
]
RECOMMENDS = ["fonts-dejavu-core | fonts-liberation2", "hicolor-icon-theme"]


def control_text(version: str, arch: str, installed_kib: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        "Maintainer: Conversion Tracker team <team@conversion-tracker.invalid>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(DEPENDS)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: which marketing channels bring leads and sales\n"
        " Conversion Tracker keeps campaigns, spend, goals and conversions of a small\n"
        " business in one file on this computer, credits conversions to channels under\n"
        " several attribution models and shows ROI per channel, with Excel reports.\n"
    )


def _tree_kib(folder: Path) -> int:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files) // 1024 + 1


def make_deb(bundle: Path, icons: Path, out: Path, version: str, work: Path) -> Path:
    """Build `conversion-tracker_<version>_<arch>.deb` in `out` with dpkg-deb."""
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    root = work / f"{PACKAGE}_{version}_{arch}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    launcher = root / "usr" / "bin" / PACKAGE
    launcher.parent.mkdir(parents=True)
    # The bootloader finds its files through /proc/self/exe, so a symbolic link is enough.
    launcher.symlink_to(f"/{INSTALL_DIR}/{PACKAGE}")
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(DESKTOP_FILE, apps / DESKTOP_FILE.name)
    shutil.copytree(icons / "hicolor", root / "usr" / "share" / "icons" / "hicolor")
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Conversion Tracker\nCopyright: Conversion Tracker team. All rights reserved.\n"
        "The bundled Qt libraries are used under the LGPL-3.0; Python under the PSF License.\n",
        encoding="utf-8",
    )
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        executable = path.is_dir() or path.stat().st_mode & 0o111
        path.chmod(0o755 if executable else 0o644)
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control_text(version, arch, _tree_kib(root)), encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{PACKAGE}_{version}_{arch}.deb"
    # gzip: every dpkg reads it, and it packs 200 MB in seconds rather than minutes with xz.
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(root), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


def make_tarball(bundle: Path, out: Path, version: str, machine: str) -> Path:
    """`conversion-tracker-<version>-linux-<machine>.tar.gz` holding the bundle, icon and menu entry."""
    out.mkdir(parents=True, exist_ok=True)
    top = f"{PACKAGE}-{version}"
    target = out / f"{top}-linux-{machine}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=top)
        tar.add(DESKTOP_FILE, arcname=f"{top}/{DESKTOP_FILE.name}")
    return target
