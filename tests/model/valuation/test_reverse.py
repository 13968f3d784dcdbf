"""The reverse DCF against hand-solved cases: the CAGR that makes a scenario worth the close."""

from __future__ import annotations

import pytest

from kcdesk.model.valuation.inputs import ValuationInputs
from kcdesk.model.valuation.reverse import reverse_scenarios
from kcdesk.model.values import PlanError
from tests.model.valuation._cases import one_year

# In these cases the value per ADR is FCF₁ / w = 100 × m × (1 + c) / w (see _cases.one_year).


def test_a_point_scenario_solves_to_the_hand_cagr() -> None:
    # m = 10 %, w = 20 %: value = 10 × (1 + c) / 0.2 = 50 (1 + c); 50 (1 + c) = 60 → c = 20 %.
    (bear,) = reverse_scenarios(one_year("5", "20"), 60.0)
    assert (bear.low, bear.high) == (pytest.approx(20.0, abs=1e-5), pytest.approx(20.0, abs=1e-5))
    assert bear.note == ""


def test_a_wacc_range_gives_a_cagr_range() -> None:
    # w = 10 %: 100 (1 + c) = 60 → c = −40 %;  w = 20 %: 50 (1 + c) = 60 → c = +20 %.
    # The scenario's own CAGR (5 %) plays no part.
    (bear,) = reverse_scenarios(one_year("5", "10–20"), 60.0)
    assert (bear.low, bear.high) == (pytest.approx(-40.0, abs=1e-5), pytest.approx(20.0, abs=1e-5))
    assert sorted((c.wacc_pct, c.implied_cagr_pct) for c in bear.cases) == [
        (10.0, pytest.approx(-40.0, abs=1e-5)), (20.0, pytest.approx(20.0, abs=1e-5))
    ]


def test_net_debt_raises_the_growth_needed() -> None:
    # Net debt 10: 50 (1 + c) − 10 = 60 → c = 40 %.
    (bear,) = reverse_scenarios(one_year("5", "20", net_debt="10"), 60.0)
    assert bear.low == pytest.approx(40.0, abs=1e-5)


def test_a_close_out_of_reach_is_explained_not_forced() -> None:
    # w = 20 %: 50 (1 + c) = 1000 needs c = 1900 %; the best in the bracket (c = 100 %) is $100.
    (bear,) = reverse_scenarios(one_year("5", "20"), 1000.0)
    assert (bear.low, bear.high) == (None, None)
    assert "$100.00" in bear.note and "below the last close $1,000.00" in bear.note
    # 50 (1 + c) = 10 needs c = −80 %; the worst in the bracket (c = −50 %) is $25.
    (bear,) = reverse_scenarios(one_year("5", "20"), 10.0)
    assert (bear.low, bear.high) == (None, None)
    assert "$25.00" in bear.note and "above the last close" in bear.note


def test_one_unreachable_corner_leaves_the_range_unsolved_and_names_it() -> None:
    # w = 10 %: 100 (1 + c) = 150 → c = 50 %;  w = 20 %: 50 (1 + c) = 150 → c = 200 % (out).
    (bear,) = reverse_scenarios(one_year("5", "10–20"), 150.0)
    assert (bear.low, bear.high) == (None, None)
    assert "WACC 20.0%" in bear.note
    solved = {c.wacc_pct: c.implied_cagr_pct for c in bear.cases}
    assert solved[10.0] == pytest.approx(50.0, abs=1e-5) and solved[20.0] is None


def test_a_negative_fcf_margin_is_solved_on_a_falling_value() -> None:
    # m = −10 %, net debt −100 (net cash 100), w = 20 %: value = 100 − 50 (1 + c);
    # = 40 → 1 + c = 1.2 → c = 20 %.
    (bear,) = reverse_scenarios(one_year("5", "20", fcf_margin="-10", net_debt="-100"), 40.0)
    assert bear.low == pytest.approx(20.0, abs=1e-5)


def test_a_zero_fcf_margin_says_growth_does_not_matter() -> None:
    (bear,) = reverse_scenarios(one_year("5", "20", fcf_margin="0", net_debt="-100"), 100.0)
    assert bear.low is None and "does not depend on revenue growth" in bear.note


def test_the_close_must_be_a_price(kc_inputs: ValuationInputs) -> None:
    with pytest.raises(PlanError) as err:
        reverse_scenarios(kc_inputs, 0.0)
    assert err.value.field == "last_close"


def test_the_shipped_scenarios_imply_a_cagr_each(kc_inputs: ValuationInputs) -> None:
    # Base at 250 M ADRs and net debt 100 is worth $11.3547 at its 18 % CAGR (test_dcf), so a
    # close of $11.3547 implies 18 % back.
    bear, base, _bull = reverse_scenarios(kc_inputs, 11.3547)
    assert base.low == pytest.approx(18.0, abs=1e-3)
    assert bear.low is not None and bear.high is not None and bear.low < bear.high
