"""A small bar chart of annual revenue: one bar per period, its value as stated above it.

A period the report gives as a range ($1.07–1.08B) is drawn as a solid bar to the low end and a
lighter cap from low to high, so the range stays a range and nothing is averaged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSizePolicy, QWidget

from kcdesk.model.values import RangeValue
from kcdesk.ui import theme
from kcdesk.ui.chart import colors
from kcdesk.ui.chart.chart_theme import style_plot

_SCALE = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9}


@dataclass(frozen=True)
class RevenueBar:
    """One period: its label, its revenue, and the revenue in the report's words."""

    period: str
    value: RangeValue
    text: str


class RevenueChart(pg.PlotWidget):
    """Bars of revenue per period, in the unit named by `unit_label` (e.g. "USD B")."""

    def __init__(self, unit_label: str, scale: str = "B", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._divisor = _SCALE[scale]
        self._unit_label = unit_label
        self._bars: tuple[RevenueBar, ...] = ()
        self.texts: list[str] = []
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=False, y=True, alpha=0.3)
        item.getAxis("bottom").setHeight(40)  # room for a two-line period label
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(200)
        self._style()
        theme.notifier().changed.connect(self._on_theme_changed)

    def _style(self) -> None:
        style_plot(self)
        self.getPlotItem().setLabel("left", self._unit_label, color=colors.FOREGROUND)

    def _on_theme_changed(self) -> None:
        self._style()
        self.set_bars(self._bars)

    def _in_unit(self, x: float, rv: RangeValue) -> float:
        return x * _SCALE[rv.scale] / self._divisor

    def set_bars(self, bars: Sequence[RevenueBar]) -> None:
        self._bars = tuple(bars)
        bar_colour = colors.BAR
        item = self.getPlotItem()
        item.clear()
        self.texts = []
        # "TTM (Q3 2025)" on two lines, so no period's label is dropped for want of room
        ticks = [(i, b.period.replace(" (", "\n(")) for i, b in enumerate(bars)]
        item.getAxis("bottom").setTicks([ticks])
        top = 0.0
        for i, bar in enumerate(bars):
            ends = [e for e in (bar.value.low, bar.value.high) if e is not None]
            low, high = self._in_unit(min(ends), bar.value), self._in_unit(max(ends), bar.value)
            item.addItem(pg.BarGraphItem(x=[i], height=[low], width=0.6, brush=QColor(bar_colour),
                                         pen=pg.mkPen(bar_colour)))
            if high > low:
                cap = colors.with_alpha(bar_colour, 90)
                item.addItem(pg.BarGraphItem(x=[i], y0=[low], height=[high - low], width=0.6,
                                             brush=cap, pen=pg.mkPen(bar_colour)))
            label = pg.TextItem(bar.text, color=colors.FOREGROUND, anchor=(0.5, 1))
            label.setPos(i, high)
            item.addItem(label)
            self.texts.append(bar.text)
            top = max(top, high)
        item.setXRange(-0.5, len(bars) - 0.5, padding=0.02)
        item.setYRange(0, top * 1.25 or 1.0, padding=0)
