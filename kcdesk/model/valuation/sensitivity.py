"""The sensitivity grid: value per ADR over WACC × revenue CAGR, cells against the last close."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kcdesk.model.valuation.dcf import corner_inputs, value_per_adr
from kcdesk.model.valuation.inputs import ValuationInputs, require
from kcdesk.model.values import check_price

Mark = Literal["at_or_above", "straddles", "below"]


@dataclass(frozen=True)
class GridCell:
    """One WACC × CAGR cell: the value per ADR over the FCF margin's ends, and its mark."""

    wacc_pct: float
    revenue_cagr_pct: float
    low: float
    high: float
    mark: Mark | None  # None without a last close


@dataclass(frozen=True)
class SensitivityGrid:
    """A scenario's grid: one row per WACC, one column per revenue CAGR."""

    key: str
    wacc_pcts: tuple[float, ...]
    cagr_pcts: tuple[float, ...]
    cells: tuple[tuple[GridCell, ...], ...]
    last_close: float | None


def axis_around(ends: tuple[float, ...], step: float = 1.0, each_side: int = 3
                ) -> tuple[float, ...]:
    """Values in `step`s from `each_side` steps below the low end to as many above the high.

    Both ends of a range are on the axis, so the scenario's own corners are cells of the grid.
    """
    low, high = min(ends), max(ends)
    below = [low - k * step for k in range(each_side, 0, -1)]
    inner = [low + k * step for k in range(int((high - low) / step + 1e-9) + 1)]
    if inner[-1] < high - 1e-9:
        inner.append(high)
    above = [high + k * step for k in range(1, each_side + 1)]
    return tuple(round(x, 9) for x in (*below, *inner, *above))


def _mark(low: float, high: float, close: float | None) -> Mark | None:
    if close is None:
        return None
    if low >= close:
        return "at_or_above"
    return "straddles" if high >= close else "below"


def sensitivity_grid(
    inputs: ValuationInputs,
    key: str,
    last_close: float | None,
    wacc_pcts: tuple[float, ...] | None = None,
    cagr_pcts: tuple[float, ...] | None = None,
) -> SensitivityGrid:
    """The grid for scenario `key`, its other inputs held; axes default around its own values.

    A default WACC axis leaves out rates at or below the terminal growth (no value exists there).
    """
    require(inputs)
    close = None if last_close is None else check_price("last_close", last_close)
    row = inputs.scenario(key)
    g = inputs.terminal_growth_pct.value
    if wacc_pcts is None:
        wacc_pcts = tuple(w for w in axis_around(row.wacc_pct.ends) if w > g)
    if cagr_pcts is None:
        cagr_pcts = tuple(c for c in axis_around(row.revenue_cagr_pct.ends) if c > -100)
    # One case per FCF-margin end; the grid varies only WACC and CAGR.
    seeds = {c.fcf_margin_pct: c for c in corner_inputs(inputs, row)}.values()
    rows = []
    for wacc in wacc_pcts:
        cells = []
        for cagr in cagr_pcts:
            values = [value_per_adr(s, wacc_pct=wacc, revenue_cagr_pct=cagr) for s in seeds]
            low, high = min(values), max(values)
            cells.append(GridCell(wacc, cagr, low, high, _mark(low, high, close)))
        rows.append(tuple(cells))
    return SensitivityGrid(key, tuple(wacc_pcts), tuple(cagr_pcts), tuple(rows), close)
