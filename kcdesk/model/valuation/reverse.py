"""The reverse DCF: the revenue CAGR at which each scenario is worth the last close."""

from __future__ import annotations

from dataclasses import dataclass

from kcdesk.model import fmt
from kcdesk.model.valuation.dcf import CaseInputs, corner_inputs, value_per_adr
from kcdesk.model.valuation.inputs import ScenarioInputs, ValuationInputs, require
from kcdesk.model.values import check_price

# A CAGR outside this is not a forecast any more; no answer is better than an absurd one.
BRACKET_PCT = (-50.0, 100.0)
_TOLERANCE_PCT = 1e-7


@dataclass(frozen=True)
class ReverseCase:
    """One corner (FCF margin, WACC) and the CAGR it needs, or why none in the bracket does."""

    fcf_margin_pct: float
    wacc_pct: float
    implied_cagr_pct: float | None
    note: str = ""


@dataclass(frozen=True)
class ReverseScenario:
    """A scenario's implied revenue CAGR: lowest and highest over its corners (None: see note)."""

    key: str
    low: float | None
    high: float | None
    cases: tuple[ReverseCase, ...]
    note: str = ""


def implied_cagr(case: CaseInputs, price: float) -> tuple[float | None, str]:
    """The revenue CAGR (percent) that makes `case` worth `price` per ADR, by bisection.

    The value is monotone in the CAGR (rising for a positive FCF margin, falling for a
    negative one), so a root exists in the bracket exactly when the ends straddle the price.
    """
    lo, hi = BRACKET_PCT

    def gap(cagr: float) -> float:
        return value_per_adr(case, revenue_cagr_pct=cagr) - price

    g_lo, g_hi = gap(lo), gap(hi)
    if case.fcf_margin_pct == 0:
        return None, "with a 0% FCF margin the value does not depend on revenue growth"
    if g_lo * g_hi > 0:
        span = f"{fmt.pct(lo, 0)} to {fmt.pct(hi, 0)}"
        least, most = sorted((g_lo + price, g_hi + price))
        if most < price:
            return None, (f"even the best revenue CAGR from {span} is worth {fmt.price(most)}"
                          f", below the last close {fmt.price(price)}")
        return None, (f"even the worst revenue CAGR from {span} is worth {fmt.price(least)}"
                      f", above the last close {fmt.price(price)}")
    if g_lo == 0:
        return lo, ""
    rising = g_hi > g_lo
    while hi - lo > _TOLERANCE_PCT:
        mid = (lo + hi) / 2
        if (gap(mid) < 0) == rising:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2, ""


def reverse_scenario(
    inputs: ValuationInputs, row: ScenarioInputs, last_close: float
) -> ReverseScenario:
    """Each (FCF margin, WACC) corner of the row solved for the CAGR; the range over them."""
    price = check_price("last_close", last_close)
    seen: dict[tuple[float, float], CaseInputs] = {}
    for c in corner_inputs(inputs, row):
        seen.setdefault((c.fcf_margin_pct, c.wacc_pct), c)
    cases = []
    for (fcf, wacc), c in seen.items():
        cagr, note = implied_cagr(c, price)
        cases.append(ReverseCase(fcf, wacc, cagr, note))
    solved = [c.implied_cagr_pct for c in cases if c.implied_cagr_pct is not None]
    if len(solved) == len(cases):
        return ReverseScenario(row.key, min(solved), max(solved), tuple(cases))
    failed = next(c for c in cases if c.implied_cagr_pct is None)
    note = (f"at FCF margin {fmt.pct(failed.fcf_margin_pct)} and WACC "
            f"{fmt.pct(failed.wacc_pct)}, {failed.note}")
    return ReverseScenario(row.key, None, None, tuple(cases), note)


def reverse_scenarios(inputs: ValuationInputs, last_close: float) -> tuple[ReverseScenario, ...]:
    """The reverse DCF of every scenario, in table order; MissingInputsError if inputs lack."""
    require(inputs)
    return tuple(reverse_scenario(inputs, row, last_close) for row in inputs.scenarios)
