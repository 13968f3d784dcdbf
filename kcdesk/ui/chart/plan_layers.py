"""The plan on the price pane: which bands and lines to draw, their labels, and edits."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen

from kcdesk.model import fmt
from kcdesk.model.plan import Level, Plan
from kcdesk.model.values import RangeValue
from kcdesk.ui.chart import colors
from kcdesk.ui.chart.layer_set import LayerSet
from kcdesk.ui.chart.level_labels import LabelSpec, LevelLabels
from kcdesk.ui.chart.plan_bands import LANE_PX, PlanBands, Shape
from kcdesk.ui.chart.yscale import YScale

KIND_LAYER = {"zone": "Zones", "breakout": "Breakout", "entry": "Entries", "stop": "Stops",
              "target": "Targets"}
STOP_BAND = "Stop band"
ANALYST = "Analyst band"
LAYERS = (*KIND_LAYER.values(), STOP_BAND, ANALYST)

PLAN_Z = -10  # under the candles: bands tint the background, not the bars
_BAND_ALPHA = {"zone": 40, "breakout": 35, "stop": 55, "target": 70}


def _is_band(level: Level) -> bool:
    return level.high is not None and level.high > level.low


def range_text(low: float, high: float | None) -> str:
    """$10–12, $11, $25+ — the way the report writes a level."""
    return fmt.range_value(RangeValue(low, high, "usd"))


def _lanes(levels: list[Level]) -> dict[str, int]:
    """Target bands that overlap go side by side: lane 0 at the right edge, then leftwards."""
    ends: list[float] = []
    out: dict[str, int] = {}
    for lv in sorted(levels, key=lambda lv: lv.low):
        assert lv.high is not None
        lane = next((i for i, end in enumerate(ends) if end <= lv.low), len(ends))
        if lane == len(ends):
            ends.append(lv.high)
        ends[lane] = lv.high
        out[lv.key] = lane
    return out


def _pen(colour: str, alpha: int = 255, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    return pg.mkPen(colors.with_alpha(colour, alpha), style=style)


class PlanLayers(LayerSet, QObject):
    """Turns a Plan into shapes for PlanBands, and finished drags into proposed edits.

    Signals:
        edit_proposed(key, low, high-or-None): a drag finished; prices snapped to cents.
    """

    edit_proposed = Signal(str, float, object)

    def __init__(self, vb: pg.ViewBox, yscale: YScale, labels: LevelLabels) -> None:
        super().__init__()
        self._y = yscale
        self._labels = labels
        self._plan: Plan | None = None
        self._levels: dict[str, Level] = {}
        self._colours: dict[str, str] = {}
        self._analyst: tuple[float, float] | None = None
        self.hidden: set[str] = set()
        self.bands = PlanBands()
        self.bands.setZValue(PLAN_Z)
        vb.addItem(self.bands, ignoreBounds=True)
        self.bands.drag_finished.connect(self._on_drag_finished)

    # --- inputs ------------------------------------------------------------------------
    def set_plan(self, plan: Plan) -> None:
        """Show `plan`. Nothing here emits edit_proposed: showing a plan is not an edit."""
        self._plan = plan
        self._levels = {lv.key: lv for lv in plan.levels()}
        zone_shades = iter(colors.ZONE_SHADES * len(self._levels))
        self._colours = {
            lv.key: next(zone_shades) if lv.kind == "zone" else colors.KIND[lv.kind]
            for lv in self._levels.values()
        }
        self.refresh()

    def restyle(self) -> None:
        """Draw the plan again in the current theme's colours."""
        if self._plan is not None:
            self.set_plan(self._plan)

    def set_analyst_band(self, low: float | None, high: float | None) -> None:
        self._analyst = None if low is None or high is None else (min(low, high), max(low, high))
        self.refresh()

    # --- shapes ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the shapes (a few dozen numbers) and tell the labels about the lanes."""
        shapes = self.all_shapes()
        self.bands.set_shapes([s for layer, s in shapes if layer not in self.hidden])
        lanes = [s.lane for _, s in shapes if s.lane is not None]
        self._labels.right_inset = (max(lanes) + 1) * LANE_PX if lanes else 0.0
        self._labels.update()

    def all_shapes(self) -> list[tuple[str, Shape]]:
        """(layer, shape) for everything the plan draws, hidden layers included."""
        y = self._y.to_view
        levels = list(self._levels.values())
        lanes = _lanes([lv for lv in levels if lv.kind == "target" and _is_band(lv)])
        out: list[tuple[str, Shape]] = []
        for lv in levels:
            colour = self._colours[lv.key]
            layer = KIND_LAYER[lv.kind]
            if _is_band(lv):
                assert lv.high is not None
                brush = QBrush(colors.with_alpha(colour, _BAND_ALPHA.get(lv.kind, 40)))
                out.append((layer, Shape(lv.key, y(lv.low), y(lv.high), _pen(colour, 170), brush,
                                         lv.editable, lanes.get(lv.key))))
            else:
                style = Qt.PenStyle.DashLine if lv.kind == "target" else Qt.PenStyle.SolidLine
                out.append((layer, Shape(lv.key, y(lv.low), None, _pen(colour, style=style),
                                         None, lv.editable)))
        if self._plan is not None:
            colour = colors.KIND["stop_band"]
            hatch = QBrush(QColor(colour), Qt.BrushStyle.BDiagPattern)
            edge = _pen(colour, 120, Qt.PenStyle.DotLine)
            for s in self._plan.stops:
                lo, hi = self._plan.stop_rule.band_for(s.entry)
                out.append((STOP_BAND, Shape(f"stop_band.{s.key}", y(lo), y(hi), edge, hatch,
                                             editable=False)))
        if self._analyst is not None:
            lo, hi = self._analyst
            colour = colors.KIND["analyst"]
            out.append((ANALYST, Shape("analyst", y(lo), y(hi),
                                       _pen(colour, 120, Qt.PenStyle.DotLine),
                                       QBrush(colors.with_alpha(colour, 30)), editable=False)))
        return out

    def shapes(self, layer: str) -> list[Shape]:
        """The shapes drawn for `layer` now (empty when the layer is hidden)."""
        drawn = {s.key for s in self.bands.shapes()}
        return [s for lyr, s in self.all_shapes() if lyr == layer and s.key in drawn]

    def shape(self, key: str) -> Shape:
        return next(s for s in self.bands.shapes() if s.key == key)

    def label_specs(self) -> list[LabelSpec]:
        """A label per visible level, at the middle of its band."""
        y = self._y.to_view
        out = []
        for lv in self._levels.values():
            if KIND_LAYER[lv.kind] in self.hidden:
                continue
            mid = (y(lv.low) + y(lv.high)) / 2 if _is_band(lv) and lv.high else y(lv.low)
            out.append(LabelSpec(mid, f"{lv.label} {range_text(lv.low, lv.high)}",
                                 self._colours[lv.key]))
        if self._plan is not None and STOP_BAND not in self.hidden:
            rule = fmt.range_value(self._plan.stop_rule.pct_below_entry)
            for s in self._plan.stops:
                lo, hi = self._plan.stop_rule.band_for(s.entry)
                out.append(LabelSpec((y(lo) + y(hi)) / 2,
                                     f"Stop band {rule} below {fmt.price(s.entry)}",
                                     colors.KIND["stop_band"]))
        if self._analyst is not None and ANALYST not in self.hidden:
            lo, hi = self._analyst
            out.append(LabelSpec((y(lo) + y(hi)) / 2, f"Analyst targets {range_text(lo, hi)}",
                                 colors.KIND["analyst"]))
        return out

    # --- drags -------------------------------------------------------------------------
    def _on_drag_finished(self, key: str, low: float, high: float | None) -> None:
        level = self._levels.get(key)
        if level is None:
            return
        lo = self._cents(low)
        if high is not None:
            hi: float | None = self._cents(high)
        else:  # a line: a point level keeps low == high, an open one ("$25+") stays open
            hi = None if level.high is None else lo
        # the shapes go back to the plan until its owner answers with set_plan
        self.refresh()
        self.edit_proposed.emit(key, lo, hi)

    def _cents(self, y: float) -> float:
        return float(np.round(self._y.to_price(y), 2))
