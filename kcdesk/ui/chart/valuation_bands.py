"""The valuation on the price pane: each scenario's value per ADR and the peer-implied range.

Labelled bands (a line where a range is one value), never dragged: they follow the inputs in
the Valuation tab. Nothing is drawn until the inputs a value per ADR needs are given.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from kcdesk.model import fmt
from kcdesk.model.valuation.standing import ValuationStanding
from kcdesk.ui import theme
from kcdesk.ui.chart import colors
from kcdesk.ui.chart.layer_set import LayerSet
from kcdesk.ui.chart.level_labels import LabelSpec
from kcdesk.ui.chart.plan_bands import PlanBands, Shape
from kcdesk.ui.chart.yscale import YScale

SCENARIOS = "DCF value per ADR"
PEERS = "Peer-implied value"
LAYERS = (SCENARIOS, PEERS)
# the theme roles of the bands
ROLES = {"bear": "value_bear", "base": "value_base", "bull": "value_bull", "peer": "value_peer"}
VALUATION_Z = -11  # under the plan's bands, which can be dragged
_ALPHA = 22


@dataclass(frozen=True)
class ValueBand:
    """One band to draw: its layer, key, label and the value per ADR it spans."""

    layer: str
    key: str
    label: str
    low: float
    high: float
    role: str  # the theme's colour role

    @property
    def colour(self) -> str:
        return theme.colour(self.role)


def _span(low: float, high: float) -> str:
    lo, hi = fmt.price(low), fmt.price(high)
    return lo if lo == hi else f"{lo}{fmt.DASH}{hi}"


def valuation_bands(v: ValuationStanding | None) -> tuple[ValueBand, ...]:
    """The scenario ranges and, per peer, the span of its EV/Revenue statements (no average)."""
    if v is None or not v.ready:
        return ()
    out = [ValueBand(SCENARIOS, f"dcf.{s.key}", f"{s.key.capitalize()} DCF {_span(s.low, s.high)}",
                     s.low, s.high, ROLES.get(s.key, ROLES["base"]))
           for s in v.scenarios]
    spans: dict[str, list[float]] = {}
    for p in v.peers:
        spans.setdefault(p.peer, []).extend(x for x in (p.low, p.high) if x is not None)
    for peer, ends in spans.items():
        if ends:
            lo, hi = min(ends), max(ends)
            out.append(ValueBand(PEERS, f"peer.{peer}", f"At {peer}'s EV/Revenue {_span(lo, hi)}",
                                 lo, hi, ROLES["peer"]))
    return tuple(out)


class ValuationLayers(LayerSet):
    """Draws the value bands in one PlanBands item (not editable) and names their labels."""

    def __init__(self, vb: pg.ViewBox, yscale: YScale) -> None:
        self._y = yscale
        self._bands: tuple[ValueBand, ...] = ()
        self.hidden: set[str] = set()
        self.item = PlanBands()
        self.item.setZValue(VALUATION_Z)
        vb.addItem(self.item, ignoreBounds=True)

    def set_bands(self, bands: tuple[ValueBand, ...]) -> None:
        self._bands = bands
        self.refresh()

    def visible(self) -> list[ValueBand]:
        # a value per ADR at or below zero has no place on a price scale (log or not)
        return [b for b in self._bands if b.layer not in self.hidden and b.low > 0]

    def refresh(self) -> None:
        y = self._y.to_view
        shapes = []
        for b in self.visible():
            pen = pg.mkPen(colors.with_alpha(b.colour, 200), style=Qt.PenStyle.DashDotLine)
            if fmt.price(b.low) == fmt.price(b.high):
                shapes.append(Shape(b.key, y(b.low), None, pen, None, editable=False))
            else:
                shapes.append(Shape(b.key, y(b.low), y(b.high), pen,
                                    QBrush(colors.with_alpha(b.colour, _ALPHA)), editable=False))
        self.item.set_shapes(shapes)

    def shapes(self) -> list[Shape]:
        return self.item.shapes()

    def label_specs(self) -> list[LabelSpec]:
        y = self._y.to_view
        return [LabelSpec((y(b.low) + y(b.high)) / 2, b.label, b.colour) for b in self.visible()]
