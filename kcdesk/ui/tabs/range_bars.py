"""A small horizontal range-bar chart: one row per company, a bar from low to high or a dot.

A range is drawn as a bar from its low to its high, never as its middle; a single value as a
dot; an open end ("> 30%") as a dot at the stated end with an arrow; a row with no figure
("N/M (transitional)", "Positive, improving") is written as text and not drawn.
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

_ROW_PX = 26


@dataclass(frozen=True)
class RangeRow:
    """One row: who, the value (None: not drawn) and its words as the report states them."""

    name: str
    value: RangeValue | None
    text: str
    highlight: bool = False


def _ends(rv: RangeValue) -> tuple[float, float]:
    low = rv.low if rv.low is not None else rv.high
    high = rv.high if rv.high is not None else rv.low
    assert low is not None and high is not None  # a RangeValue always has one end
    return low, high


class RangeBarChart(pg.PlotWidget):
    """Rows of ranges on one value axis, with each row's value written beside it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.rows: tuple[RangeRow, ...] = ()
        self.texts: list[str] = []  # every text drawn, in row order (what a user reads)
        # what each row is drawn as: (name, "bar" | "dot" | "open" | "text", low, high)
        self.drawn: list[tuple[str, str, float | None, float | None]] = []
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=True, y=False, alpha=0.3)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._style()
        theme.notifier().changed.connect(self._on_theme_changed)

    def _style(self) -> None:
        style_plot(self)
        self.getPlotItem().setTitle(self.title, color=colors.FOREGROUND, size="9pt")

    def _on_theme_changed(self) -> None:
        self._style()
        self.set_rows(self.rows)

    def set_rows(self, rows: Sequence[RangeRow]) -> None:
        self.rows = tuple(rows)
        self.texts, self.drawn = [], []
        item = self.getPlotItem()
        item.clear()
        n = len(self.rows)
        # the first row on top, as in the table
        ys = [n - 1 - i for i in range(n)]
        item.getAxis("left").setTicks([[(y, r.name) for y, r in zip(ys, self.rows, strict=True)]])
        ends = [_ends(r.value) for r in self.rows if r.value is not None]
        lo = min([0.0, *(a for a, _ in ends)])
        hi = max([0.0, *(b for _, b in ends)])
        span = (hi - lo) or 1.0
        for y, row in zip(ys, self.rows, strict=True):
            colour = colors.BAR_HIGHLIGHT if row.highlight else colors.BAR
            if row.value is None:
                self._text(lo, y, row.text, colors.AXIS, anchor=(0, 0.5))
                self.drawn.append((row.name, "text", None, None))
                continue
            a, b = _ends(row.value)
            if a != b:
                bar = pg.BarGraphItem(x0=[a], width=[b - a], y=[y], height=[0.38],
                                      brush=QColor(colour), pen=pg.mkPen(colour))
                item.addItem(bar)
                self.drawn.append((row.name, "bar", a, b))
            else:
                dot = pg.ScatterPlotItem([a], [y], size=9, brush=QColor(colour),
                                         pen=pg.mkPen(colour))
                item.addItem(dot)
                is_open = row.value.high is None or row.value.low is None
                self.drawn.append((row.name, "open" if is_open else "dot", a, b))
                if is_open:
                    # an open end: the arrow points the way the figure is open
                    angle = 180 if row.value.high is None else 0
                    arrow = pg.ArrowItem(pos=(a, y), angle=angle, headLen=10, tailLen=14,
                                         brush=QColor(colour), pen=pg.mkPen(colour))
                    item.addItem(arrow)
            self._text(b + span * 0.03, y, row.text, colors.FOREGROUND, anchor=(0, 0.5))
        # room on the right for the longest label, below and above for the rows
        item.setXRange(lo, hi + span * 0.55, padding=0.02)
        item.setYRange(-0.6, n - 0.4, padding=0)
        self.setFixedHeight(44 + _ROW_PX * n)

    def _text(self, x: float, y: float, text: str, colour: str,
              anchor: tuple[float, float]) -> None:
        label = pg.TextItem(text, color=colour, anchor=anchor)
        label.setPos(x, y)
        self.getPlotItem().addItem(label)
        self.texts.append(text)
