"""The transparent DCF: every step of one case, and the range-corner rule over a scenario."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from kcdesk.model import fmt
from kcdesk.model.valuation.inputs import ScenarioInputs, ValuationInputs, require
from kcdesk.model.values import PlanError, check_number

# Above this share of the EV in the terminal value, the value is mostly the far future's.
TERMINAL_HEAVY_PCT = 75.0


@dataclass(frozen=True)
class CaseInputs:
    """The point inputs of one DCF case (one corner of a scenario's ranges)."""

    base_revenue_musd: float
    revenue_cagr_pct: float
    fcf_margin_pct: float
    wacc_pct: float
    terminal_growth_pct: float
    years: int
    net_debt_musd: float
    adrs_m: float

    def __post_init__(self) -> None:
        for name in ("base_revenue_musd", "revenue_cagr_pct", "fcf_margin_pct", "wacc_pct",
                     "terminal_growth_pct", "net_debt_musd", "adrs_m"):
            check_number(name, getattr(self, name))
        if self.base_revenue_musd <= 0:
            raise PlanError("base_revenue_musd", self.base_revenue_musd, "must be above zero")
        if self.adrs_m <= 0:
            raise PlanError("adrs_m", self.adrs_m, "must be above zero")
        if self.revenue_cagr_pct <= -100:
            raise PlanError("revenue_cagr_pct", self.revenue_cagr_pct, "must be above -100%")
        if not -100 <= self.fcf_margin_pct <= 100:
            raise PlanError("fcf_margin_pct", self.fcf_margin_pct, "a margin lies within ±100%")
        if isinstance(self.years, bool) or not isinstance(self.years, int) or self.years < 1:
            raise PlanError("years", self.years, "a whole number of years from 1")
        if self.wacc_pct <= self.terminal_growth_pct:
            g = self.terminal_growth_pct
            why = f"WACC must be above the terminal growth ({fmt.pct(g)})"
            raise PlanError("wacc_pct", self.wacc_pct, why)


@dataclass(frozen=True)
class DcfYear:
    """One forecast year: revenue, free cash flow and its present value (USD millions)."""

    year: int
    revenue_musd: float
    fcf_musd: float
    pv_musd: float


@dataclass(frozen=True)
class DcfCase:
    """One case worked through: the years, the terminal value, EV, equity and value per ADR."""

    inputs: CaseInputs
    years: tuple[DcfYear, ...]
    terminal_value_musd: float
    pv_terminal_musd: float
    enterprise_value_musd: float
    equity_value_musd: float
    value_per_adr: float
    terminal_share_pct: float | None  # None where the EV is zero

    @property
    def terminal_heavy(self) -> bool:
        """True where the terminal value is more than 75 % of the EV."""
        return self.terminal_share_pct is not None and self.terminal_share_pct > TERMINAL_HEAVY_PCT


def _steps(c: CaseInputs) -> tuple[list[DcfYear], float, float, float]:
    """The years, TV, PV(TV) and EV: the one place the formulas are written."""
    growth, margin = 1 + c.revenue_cagr_pct / 100, c.fcf_margin_pct / 100
    rate, g = 1 + c.wacc_pct / 100, c.terminal_growth_pct / 100
    years = []
    revenue, discount = c.base_revenue_musd, 1.0
    for t in range(1, c.years + 1):
        revenue *= growth
        discount *= rate
        fcf = revenue * margin
        years.append(DcfYear(t, revenue, fcf, fcf / discount))
    tv = years[-1].fcf_musd * (1 + g) / (rate - 1 - g)
    pv_tv = tv / discount
    return years, tv, pv_tv, sum(y.pv_musd for y in years) + pv_tv


def value_per_adr(c: CaseInputs, *, revenue_cagr_pct: float | None = None,
                  wacc_pct: float | None = None) -> float:
    """(EV − net debt) / ADRs outstanding, in USD per ADR; optionally at another CAGR or WACC.

    The same formulas as `_steps`, without building a case: the sensitivity grid and the
    reverse DCF evaluate thousands of these per change.
    """
    cagr = c.revenue_cagr_pct if revenue_cagr_pct is None else revenue_cagr_pct
    wacc = c.wacc_pct if wacc_pct is None else wacc_pct
    if wacc <= c.terminal_growth_pct:
        g = c.terminal_growth_pct
        raise PlanError("wacc_pct", wacc, f"WACC must be above the terminal growth ({fmt.pct(g)})")
    if cagr <= -100:
        raise PlanError("revenue_cagr_pct", cagr, "must be above -100%")
    growth, margin = 1 + cagr / 100, c.fcf_margin_pct / 100
    rate, g = 1 + wacc / 100, c.terminal_growth_pct / 100
    revenue, discount, pv = c.base_revenue_musd, 1.0, 0.0
    for _ in range(c.years):
        revenue *= growth
        discount *= rate
        pv += revenue * margin / discount
    ev = pv + revenue * margin * (1 + g) / (rate - 1 - g) / discount
    return (ev - c.net_debt_musd) / c.adrs_m


def dcf_case(c: CaseInputs) -> DcfCase:
    """The case with every step kept, for showing."""
    years, tv, pv_tv, ev = _steps(c)
    equity = ev - c.net_debt_musd
    share = None if ev == 0 else 100 * pv_tv / ev
    return DcfCase(c, tuple(years), tv, pv_tv, ev, equity, equity / c.adrs_m, share)


@dataclass(frozen=True)
class ScenarioValue:
    """A scenario's value per ADR: lowest and highest over its cases, and every case."""

    key: str
    low: float
    high: float
    cases: tuple[DcfCase, ...]

    @property
    def terminal_heavy(self) -> bool:
        """True where any case draws more than 75 % of its EV from the terminal value."""
        return any(c.terminal_heavy for c in self.cases)


def corner_inputs(inputs: ValuationInputs, row: ScenarioInputs) -> tuple[CaseInputs, ...]:
    """One CaseInputs per combination of the ends of the row's CAGR, FCF margin and WACC."""
    require(inputs)
    base, debt, adrs = inputs.base_revenue_musd, inputs.net_debt_musd, inputs.adrs_m
    assert base is not None and debt is not None and adrs is not None  # require() saw to it
    return tuple(
        CaseInputs(
            base.value,
            cagr,
            fcf,
            wacc,
            inputs.terminal_growth_pct.value,
            int(inputs.years.value),
            debt.value,
            adrs.value,
        )
        for cagr, fcf, wacc in itertools.product(
            row.revenue_cagr_pct.ends, row.fcf_margin_pct.ends, row.wacc_pct.ends
        )
    )


def value_scenario(inputs: ValuationInputs, row: ScenarioInputs) -> ScenarioValue:
    """The range-corner rule: every corner computed, the value is (min, max), never an average."""
    cases = tuple(dcf_case(c) for c in corner_inputs(inputs, row))
    values = [c.value_per_adr for c in cases]
    return ScenarioValue(row.key, min(values), max(values), cases)


def value_scenarios(inputs: ValuationInputs) -> tuple[ScenarioValue, ...]:
    """Each scenario's value range, in table order; MissingInputsError if inputs are missing."""
    require(inputs)
    return tuple(value_scenario(inputs, row) for row in inputs.scenarios)
