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
    "libxcb-glx0",
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
# Which package gives each library the bundle links to but does not ship. A library missing here
# fails the build (add its package to DEPENDS and here) instead of failing on a user's machine.
SONAME_PACKAGES = {
    "ld-linux-x86-64.so.2": "libc6",
    "ld-linux-aarch64.so.1": "libc6",
    "libc.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libm.so.6": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
    "libutil.so.1": "libc6",
    "libresolv.so.2": "libc6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
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


def external_sonames(bundle: Path) -> set[str]:
    """Libraries the bundle's programs and libraries link to that the bundle does not ship."""
    from trim import elf_needed

    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    shipped = {p.name for p in bundle.rglob("*.so*")}
    elves = [p for p in files if ".so" in p.name or p.name == PACKAGE]
    return {n for p in elves for n in elf_needed(str(p))} - shipped


def check_depends(bundle: Path) -> None:
    """Stop when the bundle needs a system library that no package in DEPENDS provides."""
    declared = {d.split()[0] for d in DEPENDS}
    unknown = sorted(
        name for name in external_sonames(bundle) if SONAME_PACKAGES.get(name) not in declared
    )
    if unknown:
        raise SystemExit(
            f"the bundle links to {', '.join(unknown)}, which no package in DEPENDS provides: "
            "add the Debian package to DEPENDS and SONAME_PACKAGES in installer/linux_packages.py"
        )


def _tree_kib(folder: Path) -> int:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files) // 1024 + 1


def make_deb(bundle: Path, icons: Path, out: Path, version: str, work: Path) -> Path:
    """Build `conversion-tracker_<version>_<arch>.deb` in `out` with dpkg-deb."""
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    check_depends(bundle)
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
