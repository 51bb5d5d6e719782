"""Every platform's icon from the one master SVG: hicolor PNGs (Qt renders), .ico and .icns (Pillow)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MASTER = ROOT / "resources" / "icons" / "conversion-tracker.svg"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
_qt_app: object | None = None  # Qt needs an application object to paint; kept alive here


def render_png(size: int, target: Path, master: Path = MASTER) -> Path:
    """The master SVG drawn at `size` x `size` pixels with Qt's SVG renderer."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    global _qt_app
    if QGuiApplication.instance() is None:
        _qt_app = QGuiApplication([])
    renderer = QSvgRenderer(str(master))
    if not renderer.isValid():
        raise SystemExit(f"{master} is not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"cannot write {target}")
    return target


def make_icons(out: Path, master: Path = MASTER) -> dict[str, Path]:
    """Write hicolor/<n>x<n>/apps PNGs, conversion-tracker.ico and .icns under `out`."""
    from PIL import Image

    pngs = {n: render_png(n, out / "png" / f"{n}.png", master) for n in (*HICOLOR_SIZES, 1024)}
    for n in HICOLOR_SIZES:
        target = out / "hicolor" / f"{n}x{n}" / "apps" / "conversion-tracker.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[n].read_bytes())
    scalable = out / "hicolor" / "scalable" / "apps" / "conversion-tracker.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(master.read_bytes())
    ico = out / "conversion-tracker.ico"
    # Each size is drawn from the vector image, not scaled down from one big bitmap.
    frames = [Image.open(pngs[n]).convert("RGBA") for n in ICO_SIZES]
    frames[-1].save(ico, format="ICO", sizes=[(n, n) for n in ICO_SIZES], append_images=frames)
    icns = out / "conversion-tracker.icns"
    big = [Image.open(pngs[n]).convert("RGBA") for n in ICNS_SIZES]
    big[-1].save(icns, format="ICNS", append_images=big[:-1])
    return {"ico": ico, "icns": icns, "hicolor": out / "hicolor", "png256": pngs[256]}
