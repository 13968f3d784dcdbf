"""A cheap grid: one path of hairlines at the axes' ticks, drawn in the view's pixels."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath

from kcdesk.ui.chart import colors

# z below the view's child group (data), above its background
GRID_Z = -1000

TickSource = Callable[[float, float, float], list]


class GridItem(pg.GraphicsObject):
    """Grid lines for one ViewBox; a child of the box itself, so it works in pixels.

    pyqtgraph's showGrid has every axis paint lines across the plot at a cost of ~30 ms a
    frame; this draws the same lines as a single path of cosmetic hairlines.
    """

    def __init__(self, vb: pg.ViewBox, x_ticks: TickSource | None, y_ticks: TickSource | None
                 ) -> None:
        super().__init__(vb)
        self._vb = vb
        self._x_ticks = x_ticks
        self._y_ticks = y_ticks
        self._pen = pg.mkPen(colors.GRID)
        self._path: tuple[tuple[float, ...], QPainterPath] | None = None  # one per view
        self.setZValue(GRID_Z)
        vb.sigResized.connect(self._on_resized)

    def _on_resized(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._vb.boundingRect())

    def paint(self, p: QPainter, *args: object) -> None:
        rect = self._vb.boundingRect()
        (x0, x1), (y0, y1) = self._vb.viewRange()
        key = (x0, x1, y0, y1, rect.width(), rect.height())
        if self._path is None or self._path[0] != key:
            self._path = (key, self._build(*key))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(self._pen)
        p.drawPath(self._path[1])

    def _build(self, x0: float, x1: float, y0: float, y1: float, w: float, h: float
               ) -> QPainterPath:
        if w <= 0 or h <= 0 or x1 <= x0 or y1 <= y0:
            return QPainterPath()
        xs = np.empty(0)
        ys = np.empty(0)
        if self._x_ticks is not None:
            ticks = [t[0] if isinstance(t, tuple) else t for t in self._x_ticks(x0, x1, w)]
            xs = (np.asarray(ticks, dtype=float) - x0) / (x1 - x0) * w
        if self._y_ticks is not None:
            ys = h - (np.asarray(self._y_ticks(y0, y1, h), dtype=float) - y0) / (y1 - y0) * h
        # vertical lines then horizontal ones, as pairs of points in one path
        px = np.concatenate((np.repeat(xs, 2), np.tile([0.0, w], len(ys))))
        py = np.concatenate((np.tile([0.0, h], len(xs)), np.repeat(ys, 2)))
        if len(px) == 0:
            return QPainterPath()
        return pg.arrayToQPath(px, py, connect="pairs", finiteCheck=False)
