"""Small valuation inputs that can be worked on paper: one year, g = 0, no debt, one ADR."""

from __future__ import annotations

from kcdesk.model.valuation.inputs import (
    ScenarioInputs,
    SourcedRange,
    ValuationInputs,
    set_input,
)
from kcdesk.model.values import RangeValue


def _pct(x: float) -> SourcedRange:
    return SourcedRange(RangeValue.point(x, "pct"), "user")


def one_year(cagr: str, wacc: str, fcf_margin: str = "10", net_debt: str = "0") -> ValuationInputs:
    """Base revenue 100, N = 1, g = 0, 1 M ADRs: the value per ADR is FCF₁ / WACC − net debt.

    (EV = FCF₁/(1+w) + FCF₁/w/(1+w) = FCF₁/(1+w) × (w+1)/w = FCF₁/w, FCF₁ = 100·m·(1+c).)
    """
    row = ScenarioInputs("bear", _pct(1), _pct(1), _pct(1), _pct(20))
    inputs = ValuationInputs(scenarios=(row,))
    for name, text in (("base_revenue_musd", "100"), ("net_debt_musd", net_debt),
                       ("adrs_m", "1"), ("years", "1"), ("terminal_growth_pct", "0"),
                       ("bear.revenue_cagr_pct", cagr), ("bear.fcf_margin_pct", fcf_margin),
                       ("bear.wacc_pct", wacc)):
        inputs = set_input(inputs, name, text)
    return inputs
