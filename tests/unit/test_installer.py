"""The installer's static parts: menu entry, spec, trimming rules, icons and package metadata.

No PyInstaller build runs here; `python installer/build.py` does that and smoke-tests the result.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(INSTALLER))

import icons  # noqa: E402
import linux_packages  # noqa: E402
import trim  # noqa: E402


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(INSTALLER / "linux" / "conversion-tracker.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_starts_the_installed_program_with_its_icon() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Conversion Tracker"
    assert entry["Exec"] == "conversion-tracker"  # the launcher the .deb puts in /usr/bin
    assert entry["Icon"] == "conversion-tracker"  # the hicolor PNGs' file name
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(INSTALLER / "linux" / "conversion-tracker.desktop")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_spec_ships_resources_package_data_and_never_strips() -> None:
    spec = (INSTALLER / "conversion-tracker.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec  # found via sys._MEIPASS/resources
    assert 'collect_data_files("desktop_app")' in spec  # ga4-source-categories.csv
    assert 'collect_submodules("desktop_app")' in spec  # pages and commands imported by name
    code = [line.split("#")[0] for line in spec.splitlines()]
    assert not any("strip=True" in line for line in code)
    assert sum("strip=False" in line for line in code) == 2  # the programs and the collection
    assert 'name="conversion-tracker"' in spec
    assert (INSTALLER / "entry.py").is_file()
    assert (ROOT / "desktop_app" / "domain" / "data" / "ga4-source-categories.csv").is_file()


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/QtSvg.abi3.so",
        "resources/icons/conversion-tracker.svg",
        "desktop_app/domain/data/ga4-source-categories.csv",
        "babel/global.dat",
        "babel/locale-data/en.dat",
        "babel/locale-data/root.dat",
    ],
)
def test_trim_keeps_what_the_app_uses(dest: str) -> None:
    assert trim.keep_entry(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/QtNetwork.abi3.so",
        "PySide6\\Qt6Pdf.dll",
        "babel/locale-data/de_DE.dat",
        "babel\\locale-data\\zh_Hant_TW.dat",
    ],
)
def test_trim_drops_what_the_app_does_not_use(dest: str) -> None:
    assert not trim.keep_entry(dest)


def test_excluded_modules_cover_other_bindings_tk_tests_and_pandas() -> None:
    for name in ("PyQt5", "PyQt6", "PySide2", "tkinter", "pytest", "hypothesis", "pandas"):
        assert name in trim.EXCLUDED_MODULES
    assert "matplotlib.backends.backend_tkagg" in trim.EXCLUDED_MODULES


def test_prune_linux_keeps_only_what_kept_files_link_to() -> None:
    # A module links libA, libA links libB; libC is left over from a dropped plugin, and
    # libX11 always comes from the distribution.
    links = {
        "/src/mod.so": ["libA.so.1", "libc.so.6"],
        "/src/libA.so.1": ["libB.so.2", "libX11.so.6"],
        "/src/libB.so.2": [],
        "/src/libC.so.3": ["libB.so.2"],
        "/src/libX11.so.6": [],
        "/src/libpython3.11.so.1.0": [],
    }
    binaries = [
        ("numpy/mod.so", "/src/mod.so", "EXTENSION"),
        ("libA.so.1", "/src/libA.so.1", "BINARY"),
        ("PySide6/Qt/lib/libB.so.2", "/src/libB.so.2", "BINARY"),
        ("libC.so.3", "/src/libC.so.3", "BINARY"),
        ("libX11.so.6", "/src/libX11.so.6", "BINARY"),
        ("libpython3.11.so.1.0", "/src/libpython3.11.so.1.0", "BINARY"),
    ]
    kept, removed = trim.prune_linux(binaries, needed=lambda src: links[src])
    assert [e[0] for e in kept] == [
        "numpy/mod.so",
        "libA.so.1",
        "PySide6/Qt/lib/libB.so.2",
        "libpython3.11.so.1.0",
    ]
    assert removed == ["libC.so.3", "libX11.so.6"]


def test_system_libs_match_by_name_not_vendored_copies() -> None:
    assert trim.is_system_lib("libxcb-icccm.so.4")
    assert trim.is_system_lib("libfontconfig.so.1")
    assert not trim.is_system_lib("libxcb-9065bb12.so.1.1.0")  # Pillow's own, renamed copy
    assert not trim.is_system_lib("libsqlite3.so.0")


def test_deb_control_declares_the_xcb_libraries_qt_needs() -> None:
    control = linux_packages.control_text("1.2.3", "amd64", 4096)
    fields = dict(line.split(": ", 1) for line in control.splitlines() if ": " in line)
    assert fields["Package"] == "conversion-tracker"
    assert fields["Version"] == "1.2.3"
    assert fields["Installed-Size"] == "4096"
    depends = [d.strip() for d in fields["Depends"].split(",")]
    for lib in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0",
                "libegl1", "libfontconfig1"):  # fmt: skip
        assert lib in depends
    # Description continuation lines start with a space, as dpkg requires.
    assert all(line.startswith(" ") for line in control.split("Description:")[1].splitlines()[1:])


def test_icons_for_every_platform_come_from_the_master_svg(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # qapp first: icons.py would otherwise make a QGuiApplication that later GUI tests cannot use.
    from PIL import Image

    made = icons.make_icons(tmp_path)
    for n in icons.HICOLOR_SIZES:
        png = tmp_path / "hicolor" / f"{n}x{n}" / "apps" / "conversion-tracker.png"
        with Image.open(png) as image:
            assert image.size == (n, n)
    assert (tmp_path / "hicolor" / "scalable" / "apps" / "conversion-tracker.svg").is_file()
    with Image.open(made["ico"]) as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(made["icns"]) as icns:
        assert icns.size == (1024, 1024)
    with Image.open(made["png256"]) as big:
        # the corners are transparent (rounded square), the middle is the blue background
        assert big.convert("RGBA").getpixel((0, 0))[3] == 0
        assert big.convert("RGBA").getpixel((128, 20))[3] == 255


def test_inno_setup_script_is_per_user_and_uses_the_built_files() -> None:
    iss = (INSTALLER / "windows" / "conversion-tracker.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert '#define Bundle "..\\build\\dist\\conversion-tracker"' in iss
    assert r"SetupIconFile=..\build\icons\conversion-tracker.ico" in iss
    assert "{autoprograms}" in iss  # Start-menu entry
    assert '--db ""%1""' in iss  # the app opens a database given as --db PATH


def test_every_known_system_library_maps_to_a_declared_package() -> None:
    declared = {d.split()[0] for d in linux_packages.DEPENDS}
    assert set(linux_packages.SONAME_PACKAGES.values()) <= declared


def test_check_depends_names_an_undeclared_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        linux_packages, "external_sonames", lambda bundle: {"libc.so.6", "libgtk-3.so.0"}
    )
    with pytest.raises(SystemExit, match=r"libgtk-3\.so\.0"):
        linux_packages.check_depends(tmp_path)
    monkeypatch.setattr(linux_packages, "external_sonames", lambda bundle: {"libxcb-icccm.so.4"})
    linux_packages.check_depends(tmp_path)  # declared: no error
