"""A cheap grid: one path of hairlines at the axes' ticks, drawn in the view's pixels."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainter

from kcdesk.ui.chart import colors

# z below the view's child group (data), above its background
GRID_Z = -1000

TickSource = Callable[[float, float, float], list]


class GridItem(pg.GraphicsObject):
    """Grid lines for one ViewBox; a child of the box itself, so it works in pixels.

    pyqtgraph's showGrid has every axis paint lines across the plot at a cost of ~30 ms a
    frame; this draws the same lines as cosmetic hairlines in one call.
    """

    def __init__(self, vb: pg.ViewBox, x_ticks: TickSource | None, y_ticks: TickSource | None
                 ) -> None:
        super().__init__(vb)
        self._vb = vb
        self._x_ticks = x_ticks
        self._y_ticks = y_ticks
        self._pen = pg.mkPen(colors.GRID)
        self._lines: tuple[tuple[float, ...], list[QLineF]] | None = None  # one per view
        self.setZValue(GRID_Z)
        vb.sigResized.connect(self._on_resized)

    def restyle(self) -> None:
        """Take the current theme's grid colour."""
        self._pen = pg.mkPen(colors.GRID)
        self.update()

    def _on_resized(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._vb.boundingRect())

    def paint(self, p: QPainter, *args: object) -> None:
        rect = self._vb.boundingRect()
        (x0, x1), (y0, y1) = self._vb.viewRange()
        key = (x0, x1, y0, y1, rect.width(), rect.height())
        if self._lines is None or self._lines[0] != key:
            self._lines = (key, self._build(*key))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(self._pen)
        p.drawLines(self._lines[1])

    def lines(self) -> list[QLineF]:
        """The grid lines of the last paint, in the box's pixels (tests)."""
        return list(self._lines[1]) if self._lines else []

    def _build(self, x0: float, x1: float, y0: float, y1: float, w: float, h: float
               ) -> list[QLineF]:
        # a few dozen lines: QLineF each is cheaper than a numpy-built path
        if w <= 0 or h <= 0 or x1 <= x0 or y1 <= y0:
            return []
        lines = []
        if self._x_ticks is not None:
            sx = w / (x1 - x0)
            for t in self._x_ticks(x0, x1, w):
                x = ((t[0] if isinstance(t, tuple) else t) - x0) * sx
                lines.append(QLineF(x, 0.0, x, h))
        if self._y_ticks is not None:
            sy = h / (y1 - y0)
            for t in self._y_ticks(y0, y1, h):
                y = h - (t - y0) * sy
                lines.append(QLineF(0.0, y, w, y))
        return lines
