"""The valuation as one JSON-ready dict: the field names `kcdesk valuation --format json` pins."""

from __future__ import annotations

from typing import Any

from kcdesk.model.valuation.dcf import DcfCase, value_scenarios
from kcdesk.model.valuation.inputs import (
    ValuationInputs,
    entry_to_json,
    input_names,
    input_of,
    require,
)
from kcdesk.model.valuation.reverse import reverse_scenarios
from kcdesk.model.values import check_price


def case_to_json(case: DcfCase) -> dict[str, Any]:
    """One DCF case with every step, under the contract's field names."""
    c = case.inputs
    return {
        "inputs": {
            "base_revenue_musd": c.base_revenue_musd,
            "revenue_cagr_pct": c.revenue_cagr_pct,
            "fcf_margin_pct": c.fcf_margin_pct,
            "wacc_pct": c.wacc_pct,
            "terminal_growth_pct": c.terminal_growth_pct,
            "years": c.years,
            "net_debt_musd": c.net_debt_musd,
            "adrs_m": c.adrs_m,
        },
        "years": [
            {"year": y.year, "revenue_musd": y.revenue_musd, "fcf_musd": y.fcf_musd,
             "pv_musd": y.pv_musd}
            for y in case.years
        ],
        "terminal_value_musd": case.terminal_value_musd,
        "pv_terminal_musd": case.pv_terminal_musd,
        "enterprise_value_musd": case.enterprise_value_musd,
        "equity_value_musd": case.equity_value_musd,
        "value_per_adr": case.value_per_adr,
        "terminal_share_pct": case.terminal_share_pct,
    }


def valuation_report(inputs: ValuationInputs, last_close: float | None) -> dict[str, Any]:
    """Inputs with their sources, each scenario's value range and cases, and the reverse DCF.

    Raises MissingInputsError (naming what is missing) before computing anything. Without a
    last close the reverse DCF's ends are null. Every number is finite: no NaN, no Infinity.
    """
    require(inputs)
    close = None if last_close is None else check_price("last_close", last_close)
    given = {name: input_of(inputs, name) for name in input_names(inputs)}
    implied = {} if close is None else {
        r.key: {"low": r.low, "high": r.high} for r in reverse_scenarios(inputs, close)
    }
    return {
        "last_close": close,
        "inputs": {n: None if e is None else entry_to_json(e) for n, e in given.items()},
        "scenarios": [
            {"key": s.key, "value_per_adr": {"low": s.low, "high": s.high},
             "cases": [case_to_json(c) for c in s.cases]}
            for s in value_scenarios(inputs)
        ],
        "reverse": [
            {"key": row.key,
             "implied_revenue_cagr_pct": implied.get(row.key, {"low": None, "high": None})}
            for row in inputs.scenarios
        ],
    }
