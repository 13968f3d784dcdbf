"""The crosshair: lines through the bar under the mouse, and the readout text for that bar."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Qt, Signal

from kcdesk.model import fmt
from kcdesk.ui.chart import colors
from kcdesk.ui.chart.series import ChartSeries

CROSSHAIR_Z = 500


def _span(colour: str, text: str) -> str:
    return f'<span style="color:{colour}">{text}</span>'


def readout_html(series: ChartSeries, i: int) -> str:
    """Date, O/H/L/C, change from the previous close, volume and the averages of bar `i`."""
    if not 0 <= i < series.n:
        return ""
    close = series.close[i]
    parts = [
        f"<b>{np.datetime_as_string(series.dates[i], unit='D')}</b>",
        f"O {fmt.price(series.open[i])}",
        f"H {fmt.price(series.high[i])}",
        f"L {fmt.price(series.low[i])}",
        f"C <b>{fmt.price(close)}</b>",
    ]
    if i > 0 and series.close[i - 1] > 0:
        prev = series.close[i - 1]
        change = close - prev
        colour = colors.UP if change >= 0 else colors.DOWN
        parts.append(_span(colour, f"{fmt.price_change(change)} "
                                   f"({fmt.pct(100 * change / prev, 2, signed=True)})"))
    parts.append(f"Vol {fmt.volume(series.volume[i])}")
    parts.append(_span(colors.SMA_FAST, f"SMA50 {fmt.price(series.sma_fast[i])}"))
    parts.append(_span(colors.SMA_SLOW, f"SMA200 {fmt.price(series.sma_slow[i])}"))
    return "&nbsp;&nbsp;".join(parts)


class Crosshair(QObject):
    """Follows the mouse over either pane; reports the bar under it.

    Signals:
        bar_hovered(int): the bar index under the mouse, -1 when the mouse left the panes.
    """

    bar_hovered = Signal(int)

    def __init__(self, price_vb: pg.ViewBox, volume_vb: pg.ViewBox) -> None:
        super().__init__()
        pen = pg.mkPen(colors.CROSSHAIR, style=Qt.PenStyle.DashLine)
        self._price_vb = price_vb
        self._boxes = (price_vb, volume_vb)
        self._v_lines = [pg.InfiniteLine(angle=90, movable=False, pen=pen) for _ in self._boxes]
        self._h_line = pg.InfiniteLine(angle=0, movable=False, pen=pen)
        for vb, line in zip(self._boxes, self._v_lines, strict=True):
            vb.addItem(line, ignoreBounds=True)
        price_vb.addItem(self._h_line, ignoreBounds=True)
        for line in self._all_lines():
            line.setZValue(CROSSHAIR_Z)
            line.hide()
        self.n = 0
        self.enabled = True
        self.bar = -1

    def restyle(self) -> None:
        """Take the current theme's crosshair colour."""
        pen = pg.mkPen(colors.CROSSHAIR, style=Qt.PenStyle.DashLine)
        for line in self._all_lines():
            line.setPen(pen)

    def _all_lines(self) -> list[pg.InfiniteLine]:
        return [*self._v_lines, self._h_line]

    def on_mouse_moved(self, scene_pos: QPointF) -> None:
        """Slot for the scene's sigMouseMoved."""
        box = next((vb for vb in self._boxes if vb.sceneBoundingRect().contains(scene_pos)), None)
        if box is None or not self.enabled or self.n == 0:
            self.hide()
            return
        point = box.mapSceneToView(scene_pos)
        bar = min(max(math.floor(point.x() + 0.5), 0), self.n - 1)
        for line in self._v_lines:
            line.setValue(bar)
            line.show()
        self._h_line.setVisible(box is self._price_vb)
        self._h_line.setValue(point.y())
        if bar != self.bar:
            self.bar = bar
            self.bar_hovered.emit(bar)

    def hide(self) -> None:
        for line in self._all_lines():
            line.hide()
        if self.bar != -1:
            self.bar = -1
            self.bar_hovered.emit(-1)
