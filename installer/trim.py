"""What the bundle leaves out of the frozen app; the spec file applies it and the tests check it."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterable

# Python packages the app never imports at run time (other Qt bindings, tk, test and lint tools,
# pandas, matplotlib's non-Qt window backends). PyInstaller would otherwise follow optional imports.
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "shiboken2",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtDBus",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtUiTools",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtConcurrent",
    "pandas",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "importlinter",
    "grimp",
    "IPython",
    "matplotlib.tests",
    "numpy.tests",
    "numpy.f2py",
    "PIL.ImageQt",
    "PIL.ImageTk",
    "matplotlib.backends.backend_tkagg",
    "matplotlib.backends.backend_tkcairo",
    "matplotlib.backends._backend_tk",
    "matplotlib.backends.backend_gtk3agg",
    "matplotlib.backends.backend_gtk3cairo",
    "matplotlib.backends.backend_gtk4agg",
    "matplotlib.backends.backend_gtk4cairo",
    "matplotlib.backends.backend_wx",
    "matplotlib.backends.backend_wxagg",
    "matplotlib.backends.backend_wxcairo",
    "matplotlib.backends.backend_webagg",
    "matplotlib.backends.backend_webagg_core",
    "matplotlib.backends.backend_nbagg",
    "matplotlib.backends.backend_macosx",
]

# Matplotlib backends PyInstaller's matplotlib hook collects (Agg renders the charts, QtAgg may
# embed them); everything else is left out.
MATPLOTLIB_BACKENDS = ["Agg", "QtAgg"]

# Qt plugins kept, by plugin folder and file stem (without "lib" and the extension). Everything
# else (SQL drivers, TLS, QML tooling, egl device integrations, other image formats) is dropped.
KEEP_PLUGINS: dict[str, set[str]] = {
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qminimal", "qwindows", "qcocoa"},
    "platformthemes": {"qxdgdesktopportal"},
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "imageformats": {"qsvg", "qico", "qicns"},
    "iconengines": {"qsvgicon"},
    "xcbglintegrations": {"qxcb-egl-integration", "qxcb-glx-integration"},
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": {"bradient"},
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
    "styles": set(),
}

# Qt libraries only the dropped modules and plugins need (Linux/Windows names and macOS frameworks).
_DROPPED_QT_LIB = re.compile(
    r"Qt6?(Qml|Quick|Network|Pdf|VirtualKeyboard|Designer|Test|Sql|Xml|Help|UiTools|Concurrent"
    r"|Lottie|Labs|EglFs|EglFS|WaylandCompositor|WaylandEgl|WlShell|OpenGLWidgets|PrintSupport|SvgWidgets)",
)
_PLUGIN = re.compile(r"(?:^|/)plugins/([^/]+)/(?:lib)?([^/]+?)(?:\.so|\.dll|\.dylib)$")


def _norm(dest: str) -> str:
    return dest.replace("\\", "/")


# Babel's per-locale data the app reads: English names of countries and currencies (and the root
# locale they inherit from); the country -> currency table is in babel/global.dat, kept whole.
KEEP_BABEL_LOCALES = {"en.dat", "root.dat"}


def keep_entry(dest: str) -> bool:
    """False for a bundle file (path inside the bundle) that the app does not need."""
    path = _norm(dest)
    if path.startswith("babel/locale-data/") or "/babel/locale-data/" in path:
        return path.rsplit("/", 1)[-1] in KEEP_BABEL_LOCALES
    if "/Qt/translations/" in path or path.endswith(".qm"):
        return False  # the app is English only and loads no Qt translations
    if "/Qt/qml/" in path or "/Qt/libexec/" in path or "/Qt/metatypes/" in path:
        return False
    plugin = _PLUGIN.search(path)
    if plugin:
        folder, stem = plugin.groups()
        return stem in KEEP_PLUGINS.get(folder, set())
    if "/plugins/" in path and "PySide6" in path:
        return False  # plugin data files of a dropped plugin folder
    name = path.rsplit("/", 1)[-1]
    is_qt = "PySide6" in path or name.startswith(("libQt6", "Qt6"))
    return not (is_qt and _DROPPED_QT_LIB.search(name))


def trim(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The TOC entries (destination, source, type) worth shipping."""
    return [entry for entry in toc if keep_entry(entry[0])]


# Linux libraries taken from the distribution (the .deb depends on their packages) instead of the
# build machine: their configuration files and plugins must match the system's own versions.
_SYSTEM_LIB = re.compile(
    r"^lib(X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|xcb(-[a-z-]+)?|xkbcommon(-x11)?|fontconfig|freetype"
    r"|glib-2\.0|gio-2\.0|gobject-2\.0|gmodule-2\.0|gthread-2\.0|dbus-1|wayland-[a-z]+)\.so[.0-9]*$"
)


def is_system_lib(dest: str) -> bool:
    """True for a distribution library the bundle leaves to the system (by file name)."""
    return bool(_SYSTEM_LIB.match(_norm(dest).rsplit("/", 1)[-1]))


def _is_dependency(dest: str) -> bool:
    """A shared library that is only there because something else links to it."""
    path = _norm(dest)
    name = path.rsplit("/", 1)[-1]
    if name.startswith("libpython"):
        return False  # the bootloader loads it by name
    return "/" not in path or path.startswith("PySide6/Qt/lib/")


def elf_needed(path: str) -> list[str]:
    """The DT_NEEDED sonames of an ELF file (objdump is there wherever PyInstaller runs on Linux)."""
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False)
    return [
        line.split()[1] for line in out.stdout.splitlines() if line.strip().startswith("NEEDED")
    ]


def prune_linux(
    binaries: Iterable[tuple[str, str, str]],
    needed: Callable[[str], list[str]] = elf_needed,
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Drop system libraries and every dependency library nothing kept links to any more.

    Plugins and modules dropped by `trim` leave their dependencies behind (the GTK theme plugin
    alone drags in cairo, pango and GTK's stack); this walks DT_NEEDED from what is kept.
    Returns the kept entries and the names removed.
    """
    entries = [e for e in binaries if not is_system_lib(e[0])]
    by_name = {_norm(e[0]).rsplit("/", 1)[-1]: e for e in entries}
    reached: set[str] = set()
    todo = [e for e in entries if not _is_dependency(e[0])]
    while todo:
        entry = todo.pop()
        if entry[0] in reached:
            continue
        reached.add(entry[0])
        for soname in needed(entry[1]):
            dep = by_name.get(soname)
            if dep is not None and dep[0] not in reached:
                todo.append(dep)
    kept = [e for e in entries if e[0] in reached]
    removed = sorted({_norm(e[0]) for e in binaries} - {_norm(e[0]) for e in kept})
    return kept, removed
