"""A planned tranche on the price pane as a long-position box, as TradingView's position tool.

Green from the entry up to the target, red from the entry down to the stop, the entry line
between, and the R/R in the middle; prices at the box's edges. It starts at the last bar and
Its right edge is the last bar, so the labels right of the bars stay clear; it lies under the
candles and over the plan's bands.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGraphicsRectItem

from kcdesk.model import fmt
from kcdesk.model.ladder import Tranche
from kcdesk.ui.chart import colors
from kcdesk.ui.chart.yscale import YScale

BOX_BARS = 60  # the box's width in bars
BOX_Z = -5  # over the plan's bands (-10), under the candles (0); its texts over both


def _rect() -> QGraphicsRectItem:
    item = QGraphicsRectItem()
    item.setZValue(BOX_Z)
    return item


def _text(anchor: tuple[float, float]) -> pg.TextItem:
    item = pg.TextItem(anchor=anchor)
    item.setZValue(30)
    return item


class PositionBox:
    """The selected tranche's box: set_tranche to show it, None to clear it."""

    def __init__(self, vb: pg.ViewBox, yscale: YScale) -> None:
        self._y = yscale
        self._tranche: Tranche | None = None
        self._bars = 0
        self._layer_on = True
        self.reward = _rect()
        self.risk = _rect()
        self.entry_line = pg.PlotCurveItem()
        self.entry_line.setZValue(25)  # the entry shows through the candles
        self.target_text = _text((0, 1))
        self.stop_text = _text((0, 0))
        self.ratio_text = _text((0, 0.5))
        self.items = (self.reward, self.risk, self.entry_line, self.target_text, self.stop_text,
                      self.ratio_text)
        for item in self.items:
            vb.addItem(item, ignoreBounds=True)
        self.restyle()
        self._draw()

    def restyle(self) -> None:
        """Take the box's colours from the current theme."""
        fill = colors.with_alpha(colors.BACKGROUND, 210)
        for rect, colour in ((self.reward, colors.REWARD), (self.risk, colors.RISK)):
            rect.setPen(pg.mkPen(colors.with_alpha(colour, 200)))
            rect.setBrush(QBrush(colors.with_alpha(colour, 50)))
        self.entry_line.setPen(pg.mkPen(colors.FOREGROUND, width=1.5))
        for text, colour in ((self.target_text, colors.REWARD), (self.stop_text, colors.RISK),
                             (self.ratio_text, colors.FOREGROUND)):
            text.setColor(colour)
            text.fill = pg.mkBrush(fill)

    @property
    def tranche(self) -> Tranche | None:
        return self._tranche

    @property
    def shown(self) -> bool:
        return self._tranche is not None and self._layer_on

    def set_tranche(self, tranche: Tranche | None) -> None:
        self._tranche = tranche
        self._draw()

    def set_bars(self, n: int) -> None:
        self._bars = n
        self._draw()

    def set_scale(self, yscale: YScale) -> None:
        self._y = yscale
        self._draw()

    def set_layer_visible(self, on: bool) -> None:
        self._layer_on = on
        self._draw()

    def y_span(self) -> tuple[float, float] | None:
        """(low, high) of the box in view coordinates, for the y range; None when hidden."""
        if not self.shown:
            return None
        rects = [r.rect() for r in (self.reward, self.risk) if r.isVisible()]
        return min(r.top() for r in rects), max(r.bottom() for r in rects)

    def _draw(self) -> None:
        t = self._tranche
        if t is None or not self._layer_on:
            for item in self.items:
                item.setVisible(False)
            return
        y = self._y.to_view
        x1 = self._bars - 0.5
        x0 = x1 - BOX_BARS
        entry, stop = float(t.entry.fill), float(t.stop_price)
        self.risk.setRect(QRectF(x0, y(stop), x1 - x0, y(entry) - y(stop)))
        self.risk.setVisible(True)
        self.entry_line.setData([x0, x1], [y(entry), y(entry)])
        self.entry_line.setVisible(True)
        self.stop_text.setText(
            f"Stop {fmt.money(t.stop_price)} ({fmt.pct((stop / entry - 1) * 100, 1)})")
        self.stop_text.setPos(x0, y(stop))
        self.stop_text.setVisible(True)
        at_risk = t.shares * (t.entry.fill - t.stop_price)
        shares = f"{t.shares:,} sh" + (f" · risk {fmt.money(at_risk)}" if t.shares else "")
        if t.target is None:
            self.reward.setVisible(False)
            self.target_text.setVisible(False)
            ratio = "no target"
        else:
            target = float(t.target)
            self.reward.setRect(QRectF(x0, y(entry), x1 - x0, y(target) - y(entry)))
            self.reward.setVisible(True)
            self.target_text.setText(
                f"Target {fmt.money(t.target)} ({fmt.pct((target / entry - 1) * 100, 1, True)})")
            self.target_text.setPos(x0, y(target))
            self.target_text.setVisible(True)
            ratio = f"R/R {float(t.r_multiple or 0):.2f}"
        self.ratio_text.setText(f"{t.label} · entry {fmt.money(t.entry.fill)}\n{ratio} · {shares}")
        self.ratio_text.setPos(x0, y(entry))
        self.ratio_text.setVisible(True)
