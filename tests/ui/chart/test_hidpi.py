"""On a 2x screen (QT_SCALE_FACTOR=2, a high-DPI laptop) filled columns stay solid."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QImage, QPainter, QTransform
from pytestqt.qtbot import QtBot

from kcdesk.ui.chart.volume import VolumeItem


def _painted_columns(dpr: float) -> list[int]:
    """Device-pixel columns a one-bar volume item colours at half its height."""
    item = VolumeItem()
    item.set_bars(np.array([1.0]), np.array([2.0]), np.array([10.0]))  # one up day, volume 10
    logical_w, logical_h = 100, 50
    image = QImage(int(logical_w * dpr), int(logical_h * dpr), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(dpr)
    image.fill(QColor("white"))
    painter = QPainter(image)
    # x: bar 0 centred at 50 px, 100 px a bar; y: 5 px a unit of volume, up from the bottom
    painter.setTransform(QTransform(100, 0, 0, -5, 50, logical_h))
    item.set_view(-0.5, 0.5, logical_w)
    item.paint(painter)
    painter.end()
    y = int(logical_h * dpr * 0.75)  # volume 2.5 of the bar's 10: inside it
    white = QColor("white")
    return [x for x in range(image.width()) if image.pixelColor(x, y) != white]


def test_a_bar_is_solid_at_1x_and_at_2x(qtbot: QtBot) -> None:
    for dpr in (1.0, 2.0):
        columns = _painted_columns(dpr)
        # the bar is 0.8 of a bar's 100 px: 80 logical pixels, 80 * dpr device pixels,
        # every one painted (no gap between the hairlines that fill it)
        assert len(columns) == 80 * dpr, dpr
        assert columns == list(range(columns[0], columns[0] + len(columns))), dpr
