"""The DCF against cases worked by hand, and the range-corner rule over a scenario's ranges."""

from __future__ import annotations

import pytest

from kcdesk.model.research import Research
from kcdesk.model.valuation.dcf import CaseInputs, dcf_case, value_per_adr, value_scenarios
from kcdesk.model.valuation.inputs import (
    MissingInputsError,
    ValuationInputs,
    default_inputs,
)
from kcdesk.model.values import PlanError
from tests.model.valuation._cases import one_year


def case(**kw: float) -> CaseInputs:
    args: dict[str, float] = {
        "base_revenue_musd": 100.0, "revenue_cagr_pct": 10.0, "fcf_margin_pct": 10.0,
        "wacc_pct": 12.0, "terminal_growth_pct": 2.0, "years": 2, "net_debt_musd": 10.0,
        "adrs_m": 10.0,
    }
    args.update(kw)
    return CaseInputs(**args)  # type: ignore[arg-type]


def test_a_two_year_case_matches_the_hand_calculation() -> None:
    # base 100, CAGR 10 %, FCF margin 10 %, WACC 12 %, g 2 %, N = 2, net debt 10, 10 M ADRs:
    #   year 1: revenue 110, FCF 11,   PV 11 / 1.12       = 9.821428571
    #   year 2: revenue 121, FCF 12.1, PV 12.1 / 1.2544   = 9.646045918
    #   TV = 12.1 × 1.02 / (0.12 − 0.02) = 123.42;  PV(TV) = 123.42 / 1.2544 = 98.389668367
    #   EV = 9.821428571 + 9.646045918 + 98.389668367 = 117.857142857
    #   equity = 117.857142857 − 10 = 107.857142857;  per ADR = 10.7857142857
    #   terminal share = 98.389668367 / 117.857142857 = 83.482 % (> 75 %: flagged)
    c = dcf_case(case())
    assert [(y.year, y.revenue_musd, y.fcf_musd) for y in c.years] == [
        (1, pytest.approx(110.0), pytest.approx(11.0)),
        (2, pytest.approx(121.0), pytest.approx(12.1)),
    ]
    assert [y.pv_musd for y in c.years] == [pytest.approx(9.821428571), pytest.approx(9.646045918)]
    assert c.terminal_value_musd == pytest.approx(123.42)
    assert c.pv_terminal_musd == pytest.approx(98.389668367)
    assert c.enterprise_value_musd == pytest.approx(117.857142857)
    assert c.equity_value_musd == pytest.approx(107.857142857)
    assert c.value_per_adr == pytest.approx(10.7857142857)
    assert value_per_adr(case()) == pytest.approx(10.7857142857)
    assert c.terminal_share_pct == pytest.approx(83.482, abs=1e-3)
    assert c.terminal_heavy


def test_a_flat_perpetuity_is_worth_fcf_over_wacc() -> None:
    # No growth, g = 0: FCF 10 a year at 10 % is worth 10 / 0.10 = 100 whatever N is.
    #   N = 2: PVs 9.0909 + 8.2645, TV 100 → PV 82.6446; EV 100.  Terminal share 82.64 %.
    #   N = 20: PV(TV) = 100 / 1.1^20 = 14.8644; terminal share 14.86 % (not flagged).
    flat = {"revenue_cagr_pct": 0.0, "wacc_pct": 10.0, "terminal_growth_pct": 0.0,
            "net_debt_musd": 0.0, "adrs_m": 1.0}
    two = dcf_case(case(**flat))
    assert two.enterprise_value_musd == pytest.approx(100.0)
    assert two.terminal_share_pct == pytest.approx(82.6446, abs=1e-4)
    twenty = dcf_case(case(years=20, **flat))
    assert twenty.value_per_adr == pytest.approx(100.0)
    assert twenty.terminal_share_pct == pytest.approx(14.8644, abs=1e-4)
    assert not twenty.terminal_heavy


def test_net_cash_adds_to_the_equity() -> None:
    # The perpetuity above (EV 100) with net debt −20 (net cash 20) and 4 M ADRs: 120 / 4 = 30.
    c = dcf_case(case(revenue_cagr_pct=0.0, wacc_pct=10.0, terminal_growth_pct=0.0,
                      net_debt_musd=-20.0, adrs_m=4.0))
    assert c.value_per_adr == pytest.approx(30.0)


def test_a_case_with_wacc_at_or_below_g_is_refused() -> None:
    with pytest.raises(PlanError) as err:
        case(wacc_pct=2.0)
    assert err.value.field == "wacc_pct"


def test_the_value_of_ranges_is_the_lowest_and_highest_corner_never_an_average() -> None:
    # N = 1, g = 0, base 100, FCF margin 10 %, no debt, 1 M ADRs: EV = FCF₁/(1+w) × (1 + 1/w)
    # = FCF₁ / w, with FCF₁ = 10 × (1 + CAGR) (see _cases.one_year).
    # Corners of CAGR 0–10 % × WACC 10–20 %:
    #   (0 %, 10 %) → 10 / 0.10 = 100     (10 %, 10 %) → 11 / 0.10 = 110
    #   (0 %, 20 %) → 10 / 0.20 = 50      (10 %, 20 %) → 11 / 0.20 = 55
    # so 50–110.  The mid inputs (5 %, 15 %) would give 10.5 / 0.15 = 70 and the mean of the
    # corners 78.75: neither is the answer.
    (bear,) = value_scenarios(one_year("0–10", "10–20"))
    assert (bear.low, bear.high) == (pytest.approx(50.0), pytest.approx(110.0))
    corners = sorted((c.inputs.revenue_cagr_pct, c.inputs.wacc_pct, c.value_per_adr)
                     for c in bear.cases)
    assert corners == [
        (0.0, 10.0, pytest.approx(100.0)), (0.0, 20.0, pytest.approx(50.0)),
        (10.0, 10.0, pytest.approx(110.0)), (10.0, 20.0, pytest.approx(55.0)),
    ]


def test_a_point_scenario_has_one_case_and_a_point_value() -> None:
    # CAGR 10 %, WACC 20 %: 11 / 0.20 = 55.
    (bear,) = value_scenarios(one_year("10", "20"))
    assert len(bear.cases) == 1
    assert (bear.low, bear.high) == (pytest.approx(55.0), pytest.approx(55.0))


def test_the_shipped_scenarios_value_every_corner(kc_inputs: ValuationInputs) -> None:
    bear, base, bull = value_scenarios(kc_inputs)
    # bear: CAGR 10–12 × FCF 4–5 × WACC 12–13 = 8 corners; base all points; bull 2 × 2 × 2.
    assert (len(bear.cases), len(base.cases), len(bull.cases)) == (8, 1, 8)
    assert bear.high < base.low == base.high < bull.low
    # Base by hand (1250 × 10 % FCF margin = 125, CAGR 18 %, WACC 11 %, g 3 %, N 5):
    #   FCF_t = 125 × 1.18^t → 147.50, 174.05, 205.38, 242.35, 285.97
    #   PV_t = FCF_t / 1.11^t → 132.88, 141.26, 150.17, 159.64, 169.71   (Σ 753.67)
    #   TV = 285.97 × 1.03 / 0.08 = 3681.86;  PV(TV) = 3681.86 / 1.685058 = 2185.00
    #   EV = 2938.67; equity = 2938.67 − 100 = 2838.67; per ADR 2838.67 / 250 = 11.3547
    assert base.low == pytest.approx(11.3547, abs=2e-3)


def test_valuing_before_the_users_figures_are_given_names_them(research: Research) -> None:
    with pytest.raises(MissingInputsError) as err:
        value_scenarios(default_inputs(research))
    assert err.value.names == ("adrs_m", "net_debt_musd")


# --- edges found by mutation testing (tests/README.md) -----------------------------------------
def test_value_per_adr_at_another_cagr_or_wacc_uses_that_rate() -> None:
    # The flat perpetuity (FCF 10 at 10 %, EV 100, 1 M ADRs) valued at WACC 20 %: N = 2,
    # PVs 10/1.2 + 10/1.44 = 15.2778, TV 10/0.2 = 50 -> PV 34.7222; EV 50.
    flat = case(revenue_cagr_pct=0.0, wacc_pct=10.0, terminal_growth_pct=0.0, net_debt_musd=0.0,
                adrs_m=1.0)  # fmt: skip
    assert value_per_adr(flat, wacc_pct=20.0) == pytest.approx(50.0)
    # ... and at a CAGR of −100 % + a hair: revenue all but vanishes, so the value is ~0
    assert value_per_adr(flat, revenue_cagr_pct=-99.9999) == pytest.approx(0.0, abs=1e-3)


@pytest.mark.parametrize(("kw", "field"), [({"wacc_pct": 2.0}, "wacc_pct"),
                                            ({"revenue_cagr_pct": -100.0}, "revenue_cagr_pct")])
def test_a_wacc_equal_to_g_or_a_cagr_of_minus_100_is_refused_by_the_fast_path(
    kw: dict[str, float], field: str
) -> None:
    # WACC 2 % equal to g 2 %: the terminal value divides by zero; −100 % leaves no revenue
    with pytest.raises(PlanError) as err:
        value_per_adr(case(), **kw)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"base_revenue_musd": 0.0}, "base_revenue_musd: must be above zero (got 0.0)"),
        ({"adrs_m": 0.0}, "adrs_m: must be above zero (got 0.0)"),
        ({"revenue_cagr_pct": -100.0}, "revenue_cagr_pct: must be above -100% (got -100.0)"),
        ({"fcf_margin_pct": 100.5}, "fcf_margin_pct: a margin lies within ±100% (got 100.5)"),
        ({"fcf_margin_pct": -100.5}, "fcf_margin_pct: a margin lies within ±100% (got -100.5)"),
        ({"years": 0}, "years: a whole number of years from 1 (got 0)"),
        ({"years": True}, "years: a whole number of years from 1 (got True)"),
        ({"years": 2.0}, "years: a whole number of years from 1 (got 2.0)"),
        ({"wacc_pct": 2.0}, "wacc_pct: WACC must be above the terminal growth (2.0%) (got 2.0)"),
        ({"net_debt_musd": "10"}, "net_debt_musd: must be a number (got '10')"),
    ],
)
def test_each_bad_case_input_is_refused_with_its_field_and_reason(
    kw: dict[str, object], message: str
) -> None:
    with pytest.raises(PlanError) as err:
        case(**kw)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_the_edges_of_the_case_inputs_are_allowed() -> None:
    # a margin of exactly ±100 %, one year, a hair of revenue and of ADRs, WACC a hair above g
    for kw in ({"fcf_margin_pct": 100.0}, {"fcf_margin_pct": -100.0}, {"years": 1},
               {"base_revenue_musd": 0.01, "adrs_m": 0.01, "wacc_pct": 2.01}):  # fmt: skip
        assert dcf_case(case(**kw)).inputs == case(**kw)  # type: ignore[arg-type]
