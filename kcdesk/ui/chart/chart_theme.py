"""Switching the chart's theme live: every item that keeps a pen takes it again from the theme."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import Qt

from kcdesk.ui.chart import colors
from kcdesk.ui.chart.crosshair import readout_html

if TYPE_CHECKING:  # chart_view uses this module
    from kcdesk.ui.chart.chart_view import ChartView


def style_frame(chart: ChartView) -> None:
    """Background, pane borders and axes in the current theme."""
    chart.plot.setBackground(colors.BACKGROUND)
    for vb in (chart.price_vb, chart.volume_vb):
        vb.setBorder(pg.mkPen(colors.GRID))
    for axis in (chart.price_axis, chart.date_axis, chart.volume_axis):
        axis.setPen(pg.mkPen(colors.GRID))
        axis.setTextPen(pg.mkPen(colors.AXIS))


def restyle_chart(chart: ChartView) -> None:
    """Draw `chart` again in the current theme: what it shows (range, layers, plan) stays.

    The corner labels are themed stylesheets (`theme.set_style`) and follow by themselves.
    """
    style_frame(chart)
    for item in (chart.price_grid, chart.volume_grid, chart.candles, chart.volume,
                 chart.crosshair, chart.labels, chart.plan_layers, chart.position_box,
                 chart.event_marks):
        item.restyle()
    chart.sma_fast.set_pen(pg.mkPen(colors.SMA_FAST))
    chart.sma_slow.set_pen(pg.mkPen(colors.SMA_SLOW))
    chart.avg_volume.set_pen(pg.mkPen(colors.AVG_VOLUME))
    chart.year_range.setPen(pg.mkPen(colors.YEAR_RANGE, width=1, style=Qt.PenStyle.DotLine))
    chart.breakout_marks.setBrush(pg.mkBrush(colors.KIND["breakout"]))
    chart.valuation_layers.refresh()  # its bands read their colour role when drawn
    s = chart.series
    bar = chart.crosshair.bar
    chart.readout.setText(readout_html(s, bar if bar >= 0 else s.n - 1))


def style_plot(widget: pg.PlotWidget) -> None:
    """A tab's small plot: background and its left and bottom axes in the current theme."""
    widget.setBackground(colors.BACKGROUND)
    item = widget.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(colors.AXIS)
        axis.setTextPen(colors.FOREGROUND)
