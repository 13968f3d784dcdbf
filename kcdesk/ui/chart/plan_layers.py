"""The plan on the price pane: zones and ranges as bands, single levels as lines, all draggable."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from kcdesk.model import fmt
from kcdesk.model.plan import Level, Plan
from kcdesk.model.values import RangeValue
from kcdesk.ui.chart import colors
from kcdesk.ui.chart.level_labels import LabelSpec, LevelLabels
from kcdesk.ui.chart.yscale import YScale

KIND_LAYER = {"zone": "Zones", "breakout": "Breakout", "entry": "Entries", "stop": "Stops",
              "target": "Targets"}
STOP_BAND = "Stop band"
ANALYST = "Analyst band"
LAYERS = (*KIND_LAYER.values(), STOP_BAND, ANALYST)

LANE_PX = 14  # width of one target lane at the right edge
BAND_Z, DERIVED_Z, LINE_Z = -10, -12, 10
_BAND_ALPHA = {"zone": 40, "breakout": 35, "stop": 55, "target": 70}


@dataclass
class _Drawn:
    level: Level
    item: pg.GraphicsObject  # LinearRegionItem (a band) or InfiniteLine
    colour: str


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


class PlanLayers(QObject):
    """Keeps one pyqtgraph item per plan level and turns finished drags into proposed edits.

    Signals:
        edit_proposed(key, low, high-or-None): a drag finished; prices snapped to cents.
    """

    edit_proposed = Signal(str, float, object)

    def __init__(self, vb: pg.ViewBox, yscale: YScale, labels: LevelLabels) -> None:
        super().__init__()
        self._vb = vb
        self._y = yscale
        self._labels = labels
        self._plan: Plan | None = None
        self._drawn: dict[str, _Drawn] = {}
        self._stop_bands: list[tuple[float, float, pg.LinearRegionItem]] = []
        self._analyst: tuple[float, float] | None = None
        self._analyst_item = self._derived_band(colors.KIND["analyst"], hatched=False)
        self._analyst_item.setVisible(False)
        self._lanes: dict[str, int] = {}
        self.hidden: set[str] = set()
        vb.sigResized.connect(self._place_lanes)

    # --- the plan ----------------------------------------------------------------------
    def set_plan(self, plan: Plan) -> None:
        """Show `plan`; never emits edit_proposed (setting a region looks like a drag)."""
        levels = plan.levels()
        shape = [(lv.key, _is_band(lv)) for lv in levels]
        if shape != [(d.level.key, _is_band(d.level)) for d in self._drawn.values()]:
            self._rebuild(levels)
        else:
            for lv in levels:
                self._drawn[lv.key].level = lv
        self._plan = plan
        self._rebuild_stop_bands(plan)
        self.reposition()

    def _rebuild(self, levels: tuple[Level, ...]) -> None:
        # only when the plan's shape changes (another ticker): a drag never gets here, so no
        # item is deleted while it is emitting its own signal
        for d in self._drawn.values():
            self._vb.removeItem(d.item)
        self._drawn = {}
        zone_index = 0
        for lv in levels:
            colour = colors.KIND[lv.kind]
            if lv.kind == "zone":
                colour = colors.ZONE_SHADES[zone_index % len(colors.ZONE_SHADES)]
                zone_index += 1
            item = self._band(lv, colour) if _is_band(lv) else self._line(lv, colour)
            self._vb.addItem(item, ignoreBounds=True)
            self._drawn[lv.key] = _Drawn(lv, item, colour)
        self._lanes = _lanes([d.level for d in self._drawn.values()
                              if d.level.kind == "target" and _is_band(d.level)])
        self._place_lanes()

    def _band(self, lv: Level, colour: str) -> pg.LinearRegionItem:
        alpha = _BAND_ALPHA.get(lv.kind, 40)
        item = pg.LinearRegionItem(
            orientation="horizontal", movable=lv.editable, swapMode="sort",
            brush=colors.with_alpha(colour, alpha),
            hoverBrush=colors.with_alpha(colour, alpha + 40),
            pen=pg.mkPen(colors.with_alpha(colour, 170)), hoverPen=pg.mkPen(colour, width=3),
        )
        item.setZValue(BAND_Z)
        item.sigRegionChangeFinished.connect(partial(self._on_band_finished, lv.key))
        return item

    def _line(self, lv: Level, colour: str) -> pg.InfiniteLine:
        style = Qt.PenStyle.DashLine if lv.kind == "target" else Qt.PenStyle.SolidLine
        item = pg.InfiniteLine(angle=0, movable=lv.editable,
                               pen=pg.mkPen(colour, width=1.5, style=style),
                               hoverPen=pg.mkPen(colour, width=3))
        item.setZValue(LINE_Z)
        item.sigPositionChangeFinished.connect(partial(self._on_line_finished, lv.key))
        return item

    def _derived_band(self, colour: str, hatched: bool) -> pg.LinearRegionItem:
        """A band the plan implies (stop band, analyst targets): shown, not draggable."""
        brush = QBrush(QColor(colour), Qt.BrushStyle.BDiagPattern) if hatched \
            else QBrush(colors.with_alpha(colour, 30))
        item = pg.LinearRegionItem(orientation="horizontal", movable=False, brush=brush,
                                   pen=pg.mkPen(colors.with_alpha(colour, 120),
                                                style=Qt.PenStyle.DotLine))
        item.setZValue(DERIVED_Z)
        self._vb.addItem(item, ignoreBounds=True)
        return item

    def _rebuild_stop_bands(self, plan: Plan) -> None:
        want = [plan.stop_rule.band_for(s.entry) for s in plan.stops]
        while len(self._stop_bands) > len(want):
            self._vb.removeItem(self._stop_bands.pop()[2])
        while len(self._stop_bands) < len(want):
            self._stop_bands.append((0.0, 0.0, self._derived_band(colors.KIND["stop_band"], True)))
        self._stop_bands = [(lo, hi, item) for (lo, hi), (_, _, item)
                            in zip(want, self._stop_bands, strict=True)]

    def set_analyst_band(self, low: float | None, high: float | None) -> None:
        self._analyst = None if low is None or high is None else (min(low, high), max(low, high))
        self.reposition()

    # --- placing items ---------------------------------------------------------------------
    def set_scale(self, yscale: YScale) -> None:
        self._y = yscale
        self.reposition()

    def reposition(self) -> None:
        """Put every item at its level in the current y scale, with no signal going out."""
        to_view = self._y.to_view
        for d in self._drawn.values():
            lv = d.level
            with QSignalBlocker(d.item):
                if isinstance(d.item, pg.LinearRegionItem):
                    assert lv.high is not None
                    d.item.setRegion((to_view(lv.low), to_view(lv.high)))
                else:
                    d.item.setValue(to_view(lv.low))
        for lo, hi, item in self._stop_bands:
            item.setRegion((to_view(lo), to_view(hi)))
        if self._analyst is not None:
            self._analyst_item.setRegion(tuple(to_view(v) for v in self._analyst))
        self.apply_visibility()

    def _place_lanes(self) -> None:
        width = max(self._vb.width(), 1.0)
        for key, lane in self._lanes.items():
            right = 1 - lane * LANE_PX / width
            self._drawn[key].item.setSpan(max(0.0, right - LANE_PX / width), right)
        self._labels.right_inset = (max(self._lanes.values()) + 1) * LANE_PX if self._lanes else 0
        self._labels.update()

    # --- layers --------------------------------------------------------------------------
    def set_layer_visible(self, layer: str, on: bool) -> None:
        (self.hidden.discard if on else self.hidden.add)(layer)
        self.apply_visibility()

    def apply_visibility(self) -> None:
        for d in self._drawn.values():
            d.item.setVisible(KIND_LAYER[d.level.kind] not in self.hidden)
        for _, _, item in self._stop_bands:
            item.setVisible(STOP_BAND not in self.hidden)
        self._analyst_item.setVisible(self._analyst is not None and ANALYST not in self.hidden)

    def items(self, layer: str) -> list[pg.GraphicsObject]:
        """The items drawn for `layer` (tests and the snapshot look at them)."""
        if layer == STOP_BAND:
            return [item for _, _, item in self._stop_bands]
        if layer == ANALYST:
            return [self._analyst_item]
        return [d.item for d in self._drawn.values() if KIND_LAYER[d.level.kind] == layer]

    def item(self, key: str) -> pg.GraphicsObject:
        return self._drawn[key].item

    def label_specs(self) -> list[LabelSpec]:
        """A label per visible level, at the middle of its band."""
        y = self._y.to_view
        out = []
        for d in self._drawn.values():
            lv = d.level
            if KIND_LAYER[lv.kind] in self.hidden:
                continue
            mid = y(lv.low) if not _is_band(lv) else (y(lv.low) + y(lv.high or lv.low)) / 2
            out.append(LabelSpec(mid, f"{lv.label} {range_text(lv.low, lv.high)}", d.colour))
        if self._plan is not None and STOP_BAND not in self.hidden:
            rule = fmt.range_value(self._plan.stop_rule.pct_below_entry)
            for (lo, hi, _), s in zip(self._stop_bands, self._plan.stops, strict=True):
                out.append(LabelSpec((y(lo) + y(hi)) / 2,
                                     f"Stop band {rule} below {fmt.price(s.entry)}",
                                     colors.KIND["stop_band"]))
        if self._analyst is not None and ANALYST not in self.hidden:
            lo, hi = self._analyst
            out.append(LabelSpec((y(lo) + y(hi)) / 2, f"Analyst targets {range_text(lo, hi)}",
                                 colors.KIND["analyst"]))
        return out

    # --- drags -----------------------------------------------------------------------------
    def _on_band_finished(self, key: str, item: pg.LinearRegionItem) -> None:
        lo, hi = item.getRegion()
        self.edit_proposed.emit(key, self._cents(lo), self._cents(hi))

    def _on_line_finished(self, key: str, item: pg.InfiniteLine) -> None:
        value = self._cents(item.value())
        high = None if self._drawn[key].level.high is None else value
        self.edit_proposed.emit(key, value, high)

    def _cents(self, y: float) -> float:
        return float(np.round(self._y.to_price(y), 2))
