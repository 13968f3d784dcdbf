"""The valuation report's field names are a contract for scripts; its numbers are plain JSON."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcdesk.model.research import Research
from kcdesk.model.valuation.inputs import (
    MissingInputsError,
    ValuationInputs,
    default_inputs,
    set_input,
)
from kcdesk.model.valuation.report import valuation_report
from tests.model.valuation._cases import one_year

CASE_INPUTS = {"base_revenue_musd", "revenue_cagr_pct", "fcf_margin_pct", "wacc_pct",
               "terminal_growth_pct", "years", "net_debt_musd", "adrs_m"}
CASE_FIELDS = {"inputs", "years", "terminal_value_musd", "pv_terminal_musd",
               "enterprise_value_musd", "equity_value_musd", "value_per_adr",
               "terminal_share_pct"}


def test_every_field_name_of_the_contract(kc_inputs: ValuationInputs) -> None:
    out = valuation_report(kc_inputs, 12.0)
    assert set(out) == {"last_close", "inputs", "scenarios", "reverse"}
    assert out["last_close"] == 12.0
    assert [s["key"] for s in out["scenarios"]] == ["bear", "base", "bull"]
    for s in out["scenarios"]:
        assert set(s) == {"key", "value_per_adr", "cases"}
        assert set(s["value_per_adr"]) == {"low", "high"}
        for case in s["cases"]:
            assert set(case) == CASE_FIELDS
            assert set(case["inputs"]) == CASE_INPUTS
            assert [set(y) for y in case["years"]] == [
                {"year", "revenue_musd", "fcf_musd", "pv_musd"}
            ] * 5
    assert [r["key"] for r in out["reverse"]] == ["bear", "base", "bull"]
    for r in out["reverse"]:
        assert set(r) == {"key", "implied_revenue_cagr_pct"}
        assert set(r["implied_revenue_cagr_pct"]) == {"low", "high"}


def test_inputs_carry_their_sources(kc_inputs: ValuationInputs) -> None:
    inputs = set_input(kc_inputs, "rmb_per_usd", 7.1, source="yahoo", as_of=date(2025, 11, 28))
    got = valuation_report(inputs, 12.0)["inputs"]
    assert got["adrs_m"] == {"value": 250.0, "source": "user"}
    assert got["rmb_per_usd"] == {"value": 7.1, "source": "yahoo", "as_of": "2025-11-28"}
    assert got["shares_per_adr"] is None  # not given, not needed for a value
    assert got["base_revenue_musd"] == {"value": 1250.0, "source": "report"}
    assert got["years"] == {"value": 5.0, "source": "default"}
    assert got["bear.wacc_pct"] == {"low": 12.0, "high": 13.0, "approx": False, "source": "report"}


def test_the_hand_worked_case_comes_out_in_the_report() -> None:
    # One year, base 100, FCF margin 10 %, CAGR 10 %, WACC 20 %, g 0, no debt, 1 M ADRs:
    #   revenue 110, FCF 11, PV 11 / 1.2 = 9.1667; TV = 11 / 0.2 = 55, PV(TV) = 45.8333;
    #   EV = 55 = equity = value per ADR; terminal share 45.8333 / 55 = 83.33 %.
    # Reverse at a close of 60: 50 (1 + c) = 60 → c = 20 %.
    out = valuation_report(one_year("10", "20"), 60.0)
    (bear,) = out["scenarios"]
    assert bear["value_per_adr"] == {"low": pytest.approx(55.0), "high": pytest.approx(55.0)}
    (case,) = bear["cases"]
    assert case["years"] == [{"year": 1, "revenue_musd": pytest.approx(110.0),
                              "fcf_musd": pytest.approx(11.0), "pv_musd": pytest.approx(9.16667)}]
    assert case["terminal_value_musd"] == pytest.approx(55.0)
    assert case["pv_terminal_musd"] == pytest.approx(45.83333)
    assert case["terminal_share_pct"] == pytest.approx(83.3333, abs=1e-3)
    assert out["reverse"][0]["implied_revenue_cagr_pct"]["low"] == pytest.approx(20.0, abs=1e-5)


def test_without_a_close_the_reverse_ends_are_null(kc_inputs: ValuationInputs) -> None:
    out = valuation_report(kc_inputs, None)
    assert out["last_close"] is None
    assert [r["implied_revenue_cagr_pct"] for r in out["reverse"]] == [
        {"low": None, "high": None}
    ] * 3


def test_missing_inputs_raise_a_dedicated_error_naming_them(research: Research) -> None:
    with pytest.raises(MissingInputsError) as err:
        valuation_report(default_inputs(research), 12.0)
    assert err.value.names == ("adrs_m", "net_debt_musd")


@settings(max_examples=60, deadline=None)
@given(
    adrs=st.floats(0.001, 1e6), debt=st.floats(-1e6, 1e6), g=st.floats(-10, 9),
    cagr=st.floats(-99, 1000), fcf=st.floats(-100, 100), years=st.integers(1, 50),
    close=st.floats(0.01, 1e4),
)
def test_any_valid_inputs_give_plain_json(
    research: Research, adrs: float, debt: float, g: float, cagr: float, fcf: float,
    years: int, close: float,
) -> None:
    inputs = default_inputs(research)
    for name, value in (("adrs_m", adrs), ("net_debt_musd", debt), ("years", years),
                        ("terminal_growth_pct", g), ("bull.revenue_cagr_pct", cagr),
                        ("bull.fcf_margin_pct", fcf)):
        inputs = set_input(inputs, name, value)
    json.dumps(valuation_report(inputs, close), allow_nan=False)  # raises on NaN / Infinity
