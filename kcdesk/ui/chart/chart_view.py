"""The chart widget: price pane with the plan, volume pane, toolbar, crosshair readout."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kcdesk.model import fmt
from kcdesk.model.chart_ranges import DEFAULT_RANGE, bars_of, range_named
from kcdesk.model.event_log import LoggedEvent
from kcdesk.model.ladder import Tranche
from kcdesk.model.plan import Plan
from kcdesk.model.prices import PriceSeries
from kcdesk.ui import theme
from kcdesk.ui.chart import colors, lod
from kcdesk.ui.chart.axis import DateAxis
from kcdesk.ui.chart.candles import CandleItem
from kcdesk.ui.chart.chart_actions import ChartActions
from kcdesk.ui.chart.chart_theme import restyle_chart, style_frame
from kcdesk.ui.chart.chart_toolbar import ChartToolbar
from kcdesk.ui.chart.crosshair import Crosshair, readout_html
from kcdesk.ui.chart.event_marks import EVENTS_LAYER, EventMarks
from kcdesk.ui.chart.grid import GridItem
from kcdesk.ui.chart.level_labels import LabelSpec, LevelLabels
from kcdesk.ui.chart.lines import SeriesLine
from kcdesk.ui.chart.pane import Pane
from kcdesk.ui.chart.plan_layers import LAYERS as PLAN_LAYERS
from kcdesk.ui.chart.plan_layers import PlanLayers
from kcdesk.ui.chart.position_box import PositionBox
from kcdesk.ui.chart.price_axis import PriceAxis, VolumeAxis
from kcdesk.ui.chart.series import ChartSeries
from kcdesk.ui.chart.valuation_bands import LAYERS as VALUATION_LAYERS
from kcdesk.ui.chart.valuation_bands import ValuationLayers, ValueBand
from kcdesk.ui.chart.volume import VolumeItem
from kcdesk.ui.chart.yscale import YScale

VOLUME, SMA_FAST, SMA_SLOW, YEAR_RANGE = "Volume", "SMA 50", "SMA 200", "52-week range"
POSITION = "Position"  # the selected tranche of the entry ladder
LAYERS = (VOLUME, SMA_FAST, SMA_SLOW, YEAR_RANGE, *PLAN_LAYERS, *VALUATION_LAYERS, POSITION,
          EVENTS_LAYER)
RIGHT_MARGIN_PX = 230.0  # blank room right of the last bar: the level labels and target lanes
AXIS_WIDTH = 74  # both panes' right axes, so their x lines up
Y_PAD = 0.06
_OVERLAY_CSS = "QLabel {{ background: {bg}; color: {fg}; border: 1px solid {border};" \
               " border-radius: 3px; padding: 2px 6px; {extra} }}"


class ChartView(QWidget):
    """Candles, volume, averages and the plan; dragging a level proposes an edit.

    The chart never edits the plan itself: a finished drag emits level_edit_proposed, and
    whoever owns the plan answers with set_plan (the new one, or the old one to snap back).

    Signals:
        level_edit_proposed(key, low, high-or-None): a drag finished, prices in cents.
    """

    level_edit_proposed = Signal(str, float, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series = ChartSeries.empty()
        self._prices: PriceSeries | None = None
        self._plan: Plan | None = None
        self._y = YScale()
        self._yh = self._yl = np.empty(0)
        self._range = DEFAULT_RANGE
        self._range_pinned = True  # the view is at a named range, not panned by hand
        self._setting_range = False
        self._visible = dict.fromkeys(LAYERS, True)

        self.chart_actions = ChartActions(list(LAYERS), self)
        self.toolbar = ChartToolbar(self.chart_actions, self)
        self.readout = QLabel(self)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.plot = pg.GraphicsLayoutWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.readout)
        layout.addWidget(self.plot, 1)
        self.readout.setContentsMargins(8, 0, 8, 2)

        self._build_panes()
        self._build_items()
        self._build_overlays()
        self._connect_signals()

    # --- construction ------------------------------------------------------------------
    def _build_panes(self) -> None:
        self.price_axis = PriceAxis()
        self.date_axis = DateAxis()
        self.volume_axis = VolumeAxis()
        ci = self.plot.ci
        ci.layout.setContentsMargins(4, 4, 0, 0)
        ci.layout.setSpacing(0)
        price = Pane(self.price_axis)
        volume = Pane(self.volume_axis, self.date_axis)
        ci.addItem(price, row=0, col=0)
        ci.addItem(volume, row=1, col=0)
        ci.layout.setRowStretchFactor(0, 4)
        ci.layout.setRowStretchFactor(1, 1)
        self.price_vb: pg.ViewBox = price.vb
        self.volume_vb: pg.ViewBox = volume.vb
        self.volume_vb.setXLink(self.price_vb)
        for vb in (self.price_vb, self.volume_vb):
            vb.disableAutoRange()  # y follows the visible bars: computed here, far cheaper
            vb.setMouseEnabled(x=True, y=False)
            vb.setDefaultPadding(0.0)
        for axis in (self.price_axis, self.date_axis, self.volume_axis):
            # the SI prefix rewrites the axis label (HTML) on every range change
            axis.enableAutoSIPrefix(False)
        style_frame(self)
        for axis in (self.price_axis, self.volume_axis):
            axis.setWidth(AXIS_WIDTH)

    def _build_items(self) -> None:
        self.price_grid = GridItem(self.price_vb, self.date_axis.ticks, self.price_axis.ticks)
        self.volume_grid = GridItem(self.volume_vb, self.date_axis.ticks, None)
        self.candles = CandleItem()
        self.sma_fast = SeriesLine(pg.mkPen(colors.SMA_FAST))
        self.sma_slow = SeriesLine(pg.mkPen(colors.SMA_SLOW))
        self.year_range = pg.PlotCurveItem(
            pen=pg.mkPen(colors.YEAR_RANGE, width=1, style=Qt.PenStyle.DotLine), connect="pairs")
        self.volume = VolumeItem()
        self.avg_volume = SeriesLine(pg.mkPen(colors.AVG_VOLUME), bold=False)
        for item in (self.candles, self.sma_fast, self.sma_slow, self.year_range):
            self.price_vb.addItem(item, ignoreBounds=True)
        for item in (self.volume, self.avg_volume):
            self.volume_vb.addItem(item, ignoreBounds=True)
        self.breakout_marks = pg.ScatterPlotItem(
            symbol="t1", size=10, pen=pg.mkPen(None), brush=pg.mkBrush(colors.KIND["breakout"]))
        self.breakout_marks.setZValue(20)
        self.price_vb.addItem(self.breakout_marks, ignoreBounds=True)
        self.event_marks = EventMarks(self.price_vb)
        self.labels = LevelLabels(self.price_vb)
        self.plan_layers = PlanLayers(self.price_vb, self._y, self.labels)
        self.position_box = PositionBox(self.price_vb, self._y)
        self.valuation_layers = ValuationLayers(self.price_vb, self._y)
        self.crosshair = Crosshair(self.price_vb, self.volume_vb)
        self._layer_items = {
            VOLUME: [self.volume, self.avg_volume],
            SMA_FAST: [self.sma_fast],
            SMA_SLOW: [self.sma_slow],
            YEAR_RANGE: [self.year_range],
            EVENTS_LAYER: [self.event_marks.item],
        }
        self._windowed = (self.candles, self.sma_fast, self.sma_slow, self.volume, self.avg_volume)

    def _build_overlays(self) -> None:
        self.status_label = QLabel(self.plot)
        theme.set_style(self.status_label, _OVERLAY_CSS.format(
            bg="$overlay_bg", fg="$foreground", border="$axis", extra=""))
        self.status_label.hide()
        self.sample_label = QLabel("Sample prices — not market data", self.plot)
        theme.set_style(self.sample_label, _OVERLAY_CSS.format(
            bg="$banner_bg", fg="$banner_fg", border="$banner_border", extra="font-weight: bold;"))
        self.sample_label.adjustSize()
        self.sample_label.hide()
        self._place_overlays()

    def _connect_signals(self) -> None:
        # view changes -> items
        self.price_vb.sigXRangeChanged.connect(self._on_x_range)
        self.price_vb.sigResized.connect(self._on_resized)
        # mouse -> crosshair -> readout
        self.plot.scene().sigMouseMoved.connect(self.crosshair.on_mouse_moved)
        self.crosshair.bar_hovered.connect(self._on_bar_hovered)
        # drags -> proposed edits (the owner of the plan decides)
        self.plan_layers.edit_proposed.connect(self.level_edit_proposed)
        # actions (toolbar and View menu alike) -> the public API
        for name, action in self.chart_actions.ranges.items():
            action.triggered.connect(lambda _=False, n=name: self.set_range(n))
        self.chart_actions.candles.toggled.connect(self.set_candles)
        self.chart_actions.log.toggled.connect(self.set_log_scale)
        for layer, action in self.chart_actions.layers.items():
            action.toggled.connect(lambda on, name=layer: self.set_layer_visible(name, on))

    # --- public API ----------------------------------------------------------------------
    def set_prices(self, series: PriceSeries) -> None:
        self._prices = series
        s = self._series = ChartSeries.from_prices(series)
        self.crosshair.n = s.n
        self.date_axis.set_dates(s.dates)
        self.volume.set_bars(s.open, s.close, s.volume)
        self.avg_volume.set_values(s.avg_volume)
        self._apply_scale()
        for vb in (self.price_vb, self.volume_vb):
            vb.setLimits(xMin=-0.5 - 20, xMax=s.n * 1.5 + 20, minXRange=10)
        self.sample_label.setVisible(series.is_sample)
        self._on_bar_hovered(-1)
        self.position_box.set_bars(s.n)
        self.set_range(self._range)

    def set_position(self, tranche: Tranche | None) -> None:
        """Draw `tranche` as a long-position box (None: no box)."""
        self.position_box.set_tranche(tranche)
        pinned = self._range_pinned  # refitting y is not the user panning
        self._on_x_range(self.price_vb, tuple(self.price_vb.viewRange()[0]))
        self._range_pinned = pinned

    def set_plan(self, plan: Plan) -> None:
        self._plan = plan
        self.plan_layers.set_plan(plan)  # blocks the items' signals: showing is not editing
        self._update_marks()
        self._update_labels()

    def set_events(self, events: tuple[LoggedEvent, ...]) -> None:
        """Mark the logged events (the notable kinds) at their bars."""
        self.event_marks.set_events(events)

    def set_status_text(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.adjustSize()
        self.status_label.setVisible(bool(text))
        self._place_overlays()

    def set_analyst_band(self, low: float | None, high: float | None) -> None:
        self.plan_layers.set_analyst_band(low, high)
        self._update_labels()

    def set_valuation_bands(self, bands: tuple[ValueBand, ...]) -> None:
        self.valuation_layers.set_bands(bands)
        self._update_labels()

    def set_range(self, name: str) -> None:
        name = range_named(name)
        self._range = name
        self._range_pinned = True
        self.chart_actions.ranges[name].setChecked(True)
        n = self._series.n
        if n == 0:
            return
        bars = bars_of(name, n)
        width = self.price_vb.width()
        margin = min(0.35, RIGHT_MARGIN_PX / width) if width > 50 else 0.2
        x0 = n - bars - 0.5
        x1 = x0 + bars / (1 - margin)
        self._setting_range = True  # the view stays pinned to the range through its resizes
        try:
            self.price_vb.setXRange(x0, x1, padding=0)
            self._on_x_range(self.price_vb, (x0, x1))
        finally:
            self._setting_range = False

    def set_log_scale(self, on: bool) -> None:
        if self.chart_actions.log.isChecked() != on:
            self.chart_actions.log.setChecked(on)  # its toggled signal calls back here, once
            return
        self._y.log = on
        self.price_axis.set_log(on)
        self._apply_scale()
        self._on_x_range(self.price_vb, tuple(self.price_vb.viewRange()[0]))

    def set_layer_visible(self, layer: str, on: bool) -> None:
        if layer not in self._visible:
            raise ValueError(f"unknown layer {layer!r}; expected one of {LAYERS}")
        if self.chart_actions.layers[layer].isChecked() != on:
            self.chart_actions.layers[layer].setChecked(on)  # calls back here through toggled
            return
        self._visible[layer] = on
        for item in self._layer_items.get(layer, []):
            item.setVisible(on)
        if layer == POSITION:
            self.position_box.set_layer_visible(on)
        if layer in PLAN_LAYERS:
            self.plan_layers.set_layer_visible(layer, on)
            self.breakout_marks.setVisible(self._visible["Breakout"])
        if layer in VALUATION_LAYERS:
            self.valuation_layers.set_layer_visible(layer, on)
        self._update_labels()

    def restyle(self) -> None:
        """Draw again in the current theme's colours (View ▸ Theme, switched live)."""
        restyle_chart(self)
        self._update_labels()

    def layers(self) -> list[str]:
        return list(LAYERS)

    def layer_visible(self, layer: str) -> bool:
        return self._visible[layer]

    def set_candles(self, on: bool) -> None:
        if self.chart_actions.candles.isChecked() != on:
            self.chart_actions.candles.setChecked(on)  # calls back here through toggled
            return
        self.candles.set_candles(on)

    # --- what the view shows (for tests and the snapshot) ----------------------------------
    @property
    def series(self) -> ChartSeries:
        return self._series

    @property
    def log_scale(self) -> bool:
        return self._y.log

    def visible_bars(self) -> slice:
        x0, x1 = self.price_vb.viewRange()[0]
        return lod.visible_slice(x0, x1, self._series.n)

    # --- reactions -----------------------------------------------------------------------
    def _apply_scale(self) -> None:
        """Feed every price item its values in the current y scale (linear or log10)."""
        s, y = self._series, self._y.array
        self._yh, self._yl = y(s.high), y(s.low)
        self.candles.set_bars(y(s.open), self._yh, self._yl, y(s.close))
        self.sma_fast.set_values(y(s.sma_fast))
        self.sma_slow.set_values(y(s.sma_slow))
        year = s.year_range()
        if year is None:
            self.year_range.setData([], [])
        else:
            start, hi, lo = year
            self.year_range.setData(
                np.array([start - 0.5, s.n - 0.5] * 2),
                np.array([self._y.to_view(hi)] * 2 + [self._y.to_view(lo)] * 2))
        self.plan_layers.set_scale(self._y)
        self.position_box.set_scale(self._y)
        self.event_marks.set_bars(s, self._y)
        self.valuation_layers.set_scale(self._y)
        self._update_marks()
        self._update_labels()

    def _update_marks(self) -> None:
        s = self._series
        if self._plan is None or self._plan.breakout is None or s.n == 0:
            self.breakout_marks.setData([], [])
            return
        bars = s.breakout_bars(self._plan.breakout)
        # a little below the bar's low, so the mark never hides the candle
        self.breakout_marks.setData(bars.astype(float), self._y.array(s.low[bars] * 0.97))

    def _update_labels(self) -> None:
        specs = self.plan_layers.label_specs() + self.valuation_layers.label_specs()
        year = self._series.year_range()
        if year is not None and self._visible[YEAR_RANGE]:
            _, hi, lo = year
            specs += [LabelSpec(self._y.to_view(hi), f"52-wk high {fmt.price(hi)}",
                                colors.YEAR_RANGE),
                      LabelSpec(self._y.to_view(lo), f"52-wk low {fmt.price(lo)}",
                                colors.YEAR_RANGE)]
        self.labels.set_labels(specs)

    def _on_x_range(self, vb: object, rng: tuple[float, float]) -> None:
        x0, x1 = float(rng[0]), float(rng[1])
        if not self._setting_range:
            self._range_pinned = False
        width = self.price_vb.width()
        for item in self._windowed:
            item.set_view(x0, x1, width)
        s = lod.visible_slice(x0, x1, len(self._yl))
        if s.stop > s.start:
            lo, hi = float(np.nanmin(self._yl[s])), float(np.nanmax(self._yh[s]))
            box = self.position_box.y_span()  # a selected tranche shows whole
            if box is not None:
                lo, hi = min(lo, box[0]), max(hi, box[1])
            pad = (hi - lo) * Y_PAD or abs(hi) * 0.01 or 1.0
            self.price_vb.setYRange(lo - pad, hi + pad, padding=0)
            self._fit_volume(self.volume.max_in(s))
        self.price_grid.update()
        self.volume_grid.update()
        self.labels.update()

    def _fit_volume(self, peak: float) -> None:
        """Keep the volume pane's top unless the bars outgrow it or shrink well below it.

        Its axis and bars then stay put through most pan frames (one relayout less a frame).
        """
        top = self.volume_vb.viewRange()[1][1]
        need = max(peak, 1.0) * 1.05
        if need > top or need < 0.7 * top:
            self.volume_vb.setYRange(0, need * 1.1, padding=0)

    def _on_resized(self) -> None:
        if self._range_pinned:
            self.set_range(self._range)  # the label margin is in pixels: recompute it
        else:
            self._on_x_range(self.price_vb, tuple(self.price_vb.viewRange()[0]))

    def _on_bar_hovered(self, bar: int) -> None:
        self.readout.setText(readout_html(self._series, bar if bar >= 0 else self._series.n - 1))

    def _place_overlays(self) -> None:
        self.status_label.move(10, 8)
        below = 8 + (self.status_label.height() + 4 if not self.status_label.isHidden() else 0)
        self.sample_label.move(10, below)
