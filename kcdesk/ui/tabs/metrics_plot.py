"""A small plot of one metric over the quarters (pyqtgraph), with a chooser of the metric.

Points are drawn as points joined by a line; a range as a bar from its low to its high (never
its midpoint); an open end as a triangle at the known end pointing the open way.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from kcdesk.model.metric_log import MetricDef, MetricView
from kcdesk.model.quarters import quarter_at, quarter_index
from kcdesk.ui import theme
from kcdesk.ui.chart.chart_theme import style_plot

_UNITS = {"pct": " (%)", "x": " (x)"}


class MetricPlot(QWidget):
    """One metric of the shown log against its quarters."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chooser = QComboBox(self)
        layout.addWidget(self.chooser)
        self.plot: pg.PlotWidget | None = None  # built when first shown (a page behind a tab)
        self._view = MetricView({})
        self._metrics: tuple[MetricDef, ...] = ()
        self.chooser.currentIndexChanged.connect(self._draw)

    def _build(self) -> pg.PlotWidget:
        plot = pg.PlotWidget(self)
        plot.setMinimumHeight(160)
        plot.showGrid(x=True, y=True, alpha=0.25)
        plot.setMenuEnabled(False)
        self._layout.addWidget(plot, 1)
        self.line = plot.plot([], [], symbol="o", symbolSize=6, symbolPen=None)
        self.ranges = plot.plot([], [], connect="pairs")
        self.open_up = pg.ScatterPlotItem(symbol="t1", size=10, pen=None)
        self.open_down = pg.ScatterPlotItem(symbol="t", size=10, pen=None)
        plot.addItem(self.open_up)
        plot.addItem(self.open_down)
        self._style(plot)
        theme.notifier().changed.connect(self._on_theme_changed)
        return plot

    def _style(self, plot: pg.PlotWidget) -> None:
        style_plot(plot)
        line, bar = theme.colour("accent"), theme.colour("accent2")
        self.line.setPen(pg.mkPen(line, width=2))
        self.line.setSymbolBrush(line)
        self.ranges.setPen(pg.mkPen(bar, width=4))
        self.open_up.setBrush(bar)
        self.open_down.setBrush(bar)

    def _on_theme_changed(self) -> None:
        if self.plot is not None:
            self._style(self.plot)
            self._draw()

    def showEvent(self, event: object) -> None:  # Qt override: the plot is made when first seen
        if self.plot is None:
            self.plot = self._build()
            self._draw()
        super().showEvent(event)  # type: ignore[arg-type]

    @property
    def chosen(self) -> str | None:
        """The key of the metric plotted."""
        i = self.chooser.currentIndex()
        return self._metrics[i].key if 0 <= i < len(self._metrics) else None

    def show_view(self, view: MetricView, metrics: tuple[MetricDef, ...]) -> None:
        """Plot `view`; the chosen metric stays chosen while it has values."""
        chosen = self.chosen
        self._view, self._metrics = view, metrics
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([d.label for d in metrics])
        keys = [d.key for d in metrics]
        self.chooser.setCurrentIndex(keys.index(chosen) if chosen in keys else 0)
        self.chooser.blockSignals(False)
        self._draw()

    def _draw(self) -> None:
        if self.plot is None:
            return
        key = self.chosen
        rows = self._view.series(key) if key else ()
        xs, ys, rx, ry = [], [], [], []
        up: list[tuple[float, float]] = []
        down: list[tuple[float, float]] = []
        for e in rows:
            x = float(quarter_index(e.quarter))
            if e.low is not None and e.low == e.high:
                xs.append(x)
                ys.append(e.low)
            elif e.low is not None and e.high is not None:
                rx += [x, x]
                ry += [e.low, e.high]
            elif e.low is not None:
                up.append((x, e.low))
            elif e.high is not None:
                down.append((x, e.high))
        self.line.setData(xs, ys)
        self.ranges.setData(rx, ry)
        self.open_up.setData(pos=up)
        self.open_down.setData(pos=down)
        quarters = sorted({quarter_index(e.quarter) for e in rows})
        step = max(1, len(quarters) // 8)  # a label every few quarters when there are many
        ticks = [(float(i), quarter_at(i)) for i in quarters[::step]]
        self.plot.getAxis("bottom").setTicks([ticks])
        unit = ""
        if rows:
            cur, kind = rows[0].currency, rows[0].unit
            unit = f" ({cur.upper()} M)" if cur else _UNITS.get(kind, "")
        self.plot.setTitle(self.chooser.currentText() + unit if key else "Nothing logged",
                           color=theme.colour("text"))
