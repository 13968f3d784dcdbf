"""Render a ChartView to a PNG or an SVG file, headless."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QWidget

FORMATS = (".png", ".svg")


class SnapshotError(Exception):
    """The file could not be written (format, path)."""


def render(widget: QWidget, out: Path, size: tuple[int, int]) -> Path:
    """Lay `widget` out at `size` and write it to `out` (.png raster, .svg vector)."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise SnapshotError(f"{out}: the file name must end in .png or .svg")
    width, height = size
    widget.resize(width, height)
    widget.show()  # lays out the panes; on the offscreen platform nothing appears
    QApplication.processEvents()
    if suffix == ".png":
        image = widget.grab().toImage().scaled(width, height)
        # the stubs say the format is bytes; PySide6 itself only accepts str
        if not image.save(str(out), "PNG"):  # type: ignore[call-overload]
            raise SnapshotError(f"{out}: could not write the PNG")
        return out
    # pyqtgraph's own SVG exporter fails on Qt 6.12; QSvgGenerator records the same paint
    generator = QSvgGenerator()
    generator.setFileName(str(out))
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setTitle(widget.windowTitle() or "KC Desk chart")
    painter = QPainter()
    if not painter.begin(generator):
        raise SnapshotError(f"{out}: could not write the SVG")
    try:
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    return out
