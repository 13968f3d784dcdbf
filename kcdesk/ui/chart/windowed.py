"""Base of the bar items: columns built for a cached window of the view, drawn as hairlines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPaintEngine, QPainter, QPainterPath, QPen, QTransform

from kcdesk.ui.chart.lod import Window, window_for

HAIRLINE_MARGIN = 0.25  # of the view's span, built beyond each side of it
ZOOM_MARGIN = 0.05  # the same, when the scale just changed


def segments(x: np.ndarray, y0: np.ndarray, y1: np.ndarray) -> QPainterPath:
    """One path of vertical segments x: y0 -> y1."""
    xs = np.repeat(x, 2)
    ys = np.empty(len(xs))
    ys[0::2] = y0
    ys[1::2] = y1
    return pg.arrayToQPath(xs, ys, connect="pairs", finiteCheck=False)


def rects(x: np.ndarray, half: float, y0: np.ndarray, y1: np.ndarray) -> QPainterPath:
    """One path of rectangles centred on x, from y0 to y1 (for vector output)."""
    m = len(x)
    xs = np.empty((m, 5))
    xs[:, 0] = xs[:, 3] = xs[:, 4] = x - half
    xs[:, 1] = xs[:, 2] = x + half
    ys = np.empty((m, 5))
    ys[:, 0] = ys[:, 1] = ys[:, 4] = y0
    ys[:, 2] = ys[:, 3] = y1
    connect = np.ones((m, 5), dtype=np.int32)
    connect[:, 4] = 0  # each rectangle is its own closed sub-path
    return pg.arrayToQPath(xs.ravel(), ys.ravel(), connect=connect.ravel(), finiteCheck=False)


def finite_bounds(x_count: int, *arrays: np.ndarray) -> QRectF:
    """The rectangle holding bars 0..x_count-1 and every finite value of `arrays`."""
    lo, hi = np.inf, -np.inf
    for a in arrays:
        if a.size and np.isfinite(a).any():
            lo = min(lo, float(np.nanmin(a)))
            hi = max(hi, float(np.nanmax(a)))
    if not np.isfinite(lo):
        return QRectF()
    return QRectF(-0.5, lo, max(x_count, 1), max(hi - lo, 1e-9))


@dataclass
class Bars:
    """Filled columns (candle bodies, volume bars): x centres, y0 -> y1, half a width."""

    pen: QPen
    x: np.ndarray
    y0: np.ndarray
    y1: np.ndarray
    half: float


@dataclass
class Stroke:
    """A path drawn with a hairline pen (wicks, lines); `bold` doubles it one pixel lower."""

    pen: QPen
    path: QPainterPath
    bold: bool = False


class WindowedItem(pg.GraphicsObject):
    """Draws columns and hairline paths; subclasses build them for the window the view needs.

    No per-bar Python objects: everything comes from numpy arrays in a few calls, and is
    rebuilt only when the view leaves the cached window or needs another level of detail.
    Filled columns are drawn as adjacent one-pixel hairlines in the screen's pixels: Qt's
    raster engine strokes hairlines on a fast path, while filling a path of many rectangles
    goes through its general rasteriser (~15 ms a frame for a volume pane).
    """

    def __init__(self) -> None:
        super().__init__()
        self._bounds = QRectF()
        self._window: Window | None = None
        self._view: tuple[float, float, float] | None = None
        self._layers: Sequence[Bars | Stroke] = ()
        # hairline paths of the Bars layers for bars [lo, hi), valid while the scale (pixels
        # per bar) holds and the view stays inside: a pan only moves them
        self._hairlines: tuple[float, float, float, list[QPainterPath]] | None = None

    # --- subclass hooks --------------------------------------------------------------
    def bar_count(self) -> int:
        raise NotImplementedError

    def build(self, win: Window) -> Sequence[Bars | Stroke]:
        raise NotImplementedError

    # --- data and view ---------------------------------------------------------------
    def data_changed(self, bounds: QRectF) -> None:
        """Call after new data: drop the cache and rebuild for the last view."""
        self.prepareGeometryChange()
        self._bounds = bounds
        self._window = None
        if self._view is not None:
            self.set_view(*self._view)
        else:
            self._layers = []
            self._hairlines = None
            self.update()

    def set_view(self, x0: float, x1: float, width_px: float) -> None:
        """The view now shows x0..x1 on width_px pixels; rebuild the columns if needed."""
        self._view = (x0, x1, width_px)
        n = self.bar_count()
        if n == 0:
            if self._layers:
                self._layers = []
                self._hairlines = None
                self.update()
            return
        want = window_for(x0, x1, width_px, n)
        cached = self._window
        if cached is not None and cached.step == want.step and cached.covers(x0, x1, n):
            return
        self._window = want
        self._layers = self.build(want)
        self._hairlines = None
        self.update()

    # --- QGraphicsItem ---------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def paint(self, p: QPainter, *args: object) -> None:
        # Hairlines and axis-aligned columns: antialiasing would only blur and cost time.
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        raster = p.paintEngine().type() == QPaintEngine.Type.Raster
        t = p.transform()
        # hairlines are one device pixel wide: on a 2x screen a logical pixel holds two
        device = p.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        scale = t.m11() * dpr  # device pixels per bar: the key of the cached hairlines
        bars = [layer for layer in self._layers if isinstance(layer, Bars)]
        if raster and bars and not self._hairlines_fit(scale):
            x0, x1 = self._view[:2] if self._view else (-np.inf, np.inf)
            # a quarter of the view either side: pans of a few per cent reuse these for
            # many frames...
            # ... but right after a scale change (likely a zoom: the next frame has another
            # scale) a sliver is enough; a pan that follows rebuilds once with the margin
            rescaled = self._hairlines is not None and self._hairlines[0] != scale
            margin = (x1 - x0) * (ZOOM_MARGIN if rescaled else HAIRLINE_MARGIN)
            lo, hi = x0 - margin, x1 + margin
            self._hairlines = (scale, lo, hi,
                               [self._hairline_columns(b, t, lo, hi, dpr) for b in bars])
        hairlines = iter(self._hairlines[3]) if raster and self._hairlines else iter(())
        for layer in self._layers:
            if isinstance(layer, Stroke):
                p.setPen(layer.pen)
                p.drawPath(layer.path)
                if layer.bold:
                    p.setTransform(t * QTransform.fromTranslate(0, 1 / dpr))
                    p.drawPath(layer.path)
                    p.setTransform(t)
            elif raster:
                p.setPen(layer.pen)
                p.drawPath(next(hairlines))
            else:  # SVG, printers: real rectangles scale with the drawing
                p.setPen(pg.mkPen(None))
                p.setBrush(layer.pen.color())
                p.drawPath(rects(layer.x, layer.half, layer.y0, layer.y1))

    def _hairlines_fit(self, sx: float) -> bool:
        if self._hairlines is None or self._hairlines[0] != sx:
            return False
        if self._view is None:
            return True
        return self._hairlines[1] <= self._view[0] and self._view[1] <= self._hairlines[2]

    def _hairline_columns(self, bars: Bars, t: QTransform, lo: float, hi: float,
                          dpr: float = 1.0) -> QPainterPath:
        """The columns in x [lo, hi] as vertical hairlines, one per device pixel of their width.

        Spaced exactly one device pixel apart in data units, so any pan offset still lands
        each on its own pixel column; the raster engine clips what is off screen cheaply.
        """
        sx, ox, sy = t.m11() * dpr, t.m31() * dpr, t.m22()
        if sx == 0 or sy == 0:
            return QPainterPath()
        keep = (bars.x >= lo - bars.half) & (bars.x <= hi + bars.half)
        x, y0, y1 = bars.x[keep], bars.y0[keep], bars.y1[keep]
        half_px = bars.half * abs(sx)
        lines = max(1, round(2 * half_px))
        left = np.floor((x * sx + ox) - lines / 2)
        px = (left[:, None] + np.arange(lines)[None, :] + 0.5).ravel()
        # at least a pixel tall (at this y scale), so a doji or a quiet day still shows
        min_h = 1.0 / abs(sy)
        tall = np.where(y1 >= y0, np.maximum(y1, y0 + min_h), np.minimum(y1, y0 - min_h))
        return segments((px - ox) / sx, np.repeat(y0, lines), np.repeat(tall, lines))
