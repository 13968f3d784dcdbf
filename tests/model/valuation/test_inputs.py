"""Valuation inputs: the report's defaults, the one parser for typed cells, refusals, JSON."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kcdesk.model.research import Research
from kcdesk.model.valuation.inputs import (
    MissingInputsError,
    ValuationInputs,
    default_inputs,
    input_of,
    inputs_from_json,
    inputs_to_json,
    missing,
    require,
    reset_input,
    set_input,
)
from kcdesk.model.values import PlanError


def test_defaults_are_the_reports_ttm_revenue_and_scenario_table(research: Research) -> None:
    inputs = default_inputs(research)
    # The report's TTM revenue "≈$1.25B" is 1,250 USD millions.
    assert inputs.base_revenue_musd is not None
    assert inputs.base_revenue_musd.value == 1250.0
    assert inputs.base_revenue_musd.source == "report"
    assert (inputs.years.value, inputs.terminal_growth_pct.value) == (5, 3.0)
    assert inputs.years.source == "default"
    bear = inputs.scenario("bear")
    # 9B: bear revenue CAGR 10–12 %, FCF margin ~4–5 %, WACC 12–13 %.
    assert (bear.revenue_cagr_pct.value.low, bear.revenue_cagr_pct.value.high) == (10, 12)
    assert bear.fcf_margin_pct.ends == (4, 5)
    assert bear.wacc_pct.ends == (12, 13)
    assert inputs.scenario("base").wacc_pct.ends == (11,)
    assert bear.wacc_pct.source == "report"


def test_until_the_users_figures_are_given_they_are_named_as_missing(research: Research) -> None:
    inputs = default_inputs(research)
    assert missing(inputs) == ("adrs_m", "net_debt_musd")
    with pytest.raises(MissingInputsError) as err:
        require(inputs)
    assert err.value.names == ("adrs_m", "net_debt_musd")
    assert "ADRs outstanding" in str(err.value) and "Net debt" in str(err.value)
    done = set_input(set_input(inputs, "adrs_m", "250"), "net_debt_musd", "-50")
    assert missing(done) == ()


def test_without_research_the_base_revenue_and_the_table_are_missing() -> None:
    assert missing(default_inputs(None)) == (
        "adrs_m", "net_debt_musd", "base_revenue_musd", "scenarios"
    )


@pytest.mark.parametrize(
    ("text", "low", "high", "approx"),
    [
        ("12.5", 12.5, 12.5, False),
        ("12.5%", 12.5, 12.5, False),
        (" ~18 % ", 18.0, 18.0, True),
        ("10–12", 10.0, 12.0, False),
        ("10-12%", 10.0, 12.0, False),
        ("10% – 12%", 10.0, 12.0, False),
        ("10 to 12", 10.0, 12.0, False),
        (12, 12.0, 12.0, False),
    ],
)
def test_a_scenario_cell_reads_numbers_percents_and_ranges(
    research: Research, text: object, low: float, high: float, approx: bool
) -> None:
    inputs = set_input(default_inputs(research), "bear.wacc_pct", text)
    wacc = inputs.scenario("bear").wacc_pct
    assert (wacc.value.low, wacc.value.high, wacc.value.approx) == (low, high, approx)
    assert wacc.source == "user"
    # The other rows and cells keep the report's values.
    assert inputs.scenario("bear").fcf_margin_pct.source == "report"


@pytest.mark.parametrize("text", ["abc", "", "12..5", "nan", "inf", "1e3", "12,5", "$12", "12–"])
def test_junk_is_refused_naming_the_input(research: Research, text: str) -> None:
    with pytest.raises(PlanError) as err:
        set_input(default_inputs(research), "bear.wacc_pct", text)
    assert err.value.field == "bear.wacc_pct"


def test_thousands_separators_and_a_negative_net_debt_are_read(research: Research) -> None:
    inputs = set_input(default_inputs(research), "base_revenue_musd", "1,300")
    inputs = set_input(inputs, "net_debt_musd", "-120.5")  # net cash
    assert input_of(inputs, "base_revenue_musd") == replace(
        inputs.base_revenue_musd, value=1300.0, source="user"
    )
    assert inputs.net_debt_musd is not None and inputs.net_debt_musd.value == -120.5


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("bear.wacc_pct", "3", "above the terminal growth"),  # g = 3 %: WACC 3 % ≤ g
        ("bear.wacc_pct", "2–13", "above the terminal growth"),
        ("terminal_growth_pct", "11", "below every WACC"),  # base WACC is 11 %
        ("adrs_m", "-5", "above zero"),
        ("shares_per_adr", "0", "above zero"),
        ("bull.fcf_margin_pct", "101", "above 100%"),
        ("base.operating_margin_pct", "12–140%", "above 100%"),
        ("adrs_m", "abc", "not a number"),
        ("adrs_m", "10–12", "not a range"),
        ("adrs_m", "12%", "not a percent"),
        ("years", "5.5", "whole number"),
        ("bear.wacc_pct", "13–12", "low is above the high"),
        ("no_such", "1", "no such input"),
    ],
)
def test_invalid_edits_are_refused_with_field_value_and_reason(
    research: Research, name: str, text: str, reason: str
) -> None:
    with pytest.raises(PlanError) as err:
        set_input(default_inputs(research), name, text)
    assert err.value.field == name
    assert reason in err.value.problem


def test_a_bool_or_an_object_is_not_a_number(research: Research) -> None:
    for value in (True, None, [1]):
        with pytest.raises(PlanError, match="must be a number"):
            set_input(default_inputs(research), "adrs_m", value)


def test_a_yahoo_figure_carries_its_fetch_date(research: Research) -> None:
    with pytest.raises(PlanError, match="date it was fetched"):
        set_input(default_inputs(research), "adrs_m", 250.0, source="yahoo")
    day = date(2025, 11, 28)
    inputs = set_input(default_inputs(research), "adrs_m", 250.0, source="yahoo", as_of=day)
    assert inputs.adrs_m is not None and (inputs.adrs_m.source, inputs.adrs_m.as_of) == (
        "yahoo", day
    )


def test_reset_returns_a_cell_to_the_report_or_to_missing(research: Research) -> None:
    edited = set_input(set_input(default_inputs(research), "bull.wacc_pct", "9"), "adrs_m", 3)
    back = reset_input(reset_input(edited, "bull.wacc_pct", research), "adrs_m", research)
    assert back == default_inputs(research)


def test_json_keeps_only_what_the_user_gave_and_round_trips(research: Research) -> None:
    day = date(2025, 11, 28)
    inputs = set_input(default_inputs(research), "adrs_m", 250.0, source="yahoo", as_of=day)
    inputs = set_input(inputs, "bear.revenue_cagr_pct", "~8–9%")
    inputs = set_input(inputs, "net_debt_musd", "-50")
    doc = inputs_to_json(inputs)
    assert doc == {
        "adrs_m": {"value": 250.0, "source": "yahoo", "as_of": "2025-11-28"},
        "net_debt_musd": {"value": -50.0, "source": "user"},
        "bear.revenue_cagr_pct": {"low": 8.0, "high": 9.0, "approx": True, "source": "user"},
    }
    assert inputs_from_json(doc, research) == inputs


def test_stored_json_with_a_bad_entry_is_refused_by_name(research: Research) -> None:
    with pytest.raises(PlanError) as err:
        inputs_from_json({"adrs_m": {"value": "many", "source": "user"}}, research)
    assert err.value.field == "adrs_m"
    with pytest.raises(PlanError) as err:
        inputs_from_json({"adrs_m": {"value": 1, "source": "yahoo", "as_of": "soon"}}, research)
    assert err.value.field == "adrs_m.as_of"


def test_a_value_built_directly_validates_itself() -> None:
    with pytest.raises(PlanError) as err:
        ValuationInputs(years=replace(ValuationInputs().years, value=0))
    assert err.value.field == "years"
