"""What the chart shows of a desk: prices, plan, analyst band, logged events, status corner.

One helper for the window (on every session change) and for `kcdesk snapshot`, so the two
cannot drift apart. It reads the standing; it computes nothing itself.
"""

from __future__ import annotations

from kcdesk.model.desk.desk import PRICES, RESEARCH, Desk, Part
from kcdesk.model.desk.standing import Standing
from kcdesk.model.prices import PriceSeries
from kcdesk.ui.chart.chart_view import ChartView
from kcdesk.ui.chart.valuation_bands import valuation_bands

EVERYTHING = frozenset({PRICES, RESEARCH, Part.PLAN, Part.EVENT_LOG, Part.VALUATION})
VALUATION = frozenset({PRICES, RESEARCH, Part.VALUATION})  # what the valuation depends on


def show_on_chart(
    chart: ChartView,
    desk: Desk,
    standing: Standing,
    prices: PriceSeries | None,
    parts: frozenset[str] = EVERYTHING,
) -> None:
    """Bring `chart` up to date with what changed (`parts`); prices before the plan."""
    if PRICES in parts and prices is not None:
        chart.set_prices(prices)
    if RESEARCH in parts:
        band = standing.analyst_band
        chart.set_analyst_band(*(band if band is not None else (None, None)))
    # after a refused edit (no parts) the plan is shown again, so a dragged item snaps back
    if Part.PLAN in parts or not parts:
        chart.set_plan(desk.plan)
    if Part.EVENT_LOG in parts:
        chart.set_events(desk.event_log.events)
    if VALUATION & parts:
        chart.set_valuation_bands(valuation_bands(standing.valuation))
    chart.set_status_text(standing.summary)  # "No prices" when there is nothing to judge
