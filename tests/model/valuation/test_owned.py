"""The user's valuation inputs as a desk part: only what they own is kept, applied as a whole."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.desk.standing import Inputs, StandingCalculator
from kcdesk.model.research import Research
from kcdesk.model.valuation.edits import InputValue, ResetValuationInput, SetValuationInputs
from kcdesk.model.valuation.inputs import Sourced
from kcdesk.model.valuation.owned import effective_inputs, entries_from_json, entries_to_json
from kcdesk.model.values import PlanError
from tests.model.valuation.conftest import SHIPPED


@pytest.fixture
def desk() -> Desk:
    import json

    return Desk(plan_from_json(json.loads(SHIPPED.read_text(encoding="utf-8"))["plan"]))


def _set(research: Research, desk: Desk, *pairs: tuple[str, object]) -> Desk:
    return SetValuationInputs(research, tuple(InputValue(n, v) for n, v in pairs)).apply(desk)


def test_the_desk_keeps_only_what_the_user_gave(research: Research, desk: Desk) -> None:
    desk = _set(research, desk, ("adrs_m", "264"), ("bear.wacc_pct", "13–14%"))
    assert [name for name, _ in desk.valuation] == ["adrs_m", "bear.wacc_pct"]
    inputs = effective_inputs(research, desk.valuation)
    assert inputs.base_revenue_musd == Sourced(1250.0, "report")  # the report's ≈$1.25B TTM
    assert inputs.scenario("bear").wacc_pct.value.low == 13.0
    assert inputs.scenario("bear").wacc_pct.source == "user"
    assert inputs.scenario("bear").revenue_cagr_pct.source == "report"


def test_a_reset_puts_the_report_back_and_drops_the_entry(research: Research, desk: Desk) -> None:
    desk = _set(research, desk, ("bear.wacc_pct", "14%"))
    desk = ResetValuationInput(research, "bear.wacc_pct").apply(desk)
    assert desk.valuation == ()
    wacc = effective_inputs(research, desk.valuation).scenario("bear").wacc_pct
    assert (wacc.value.low, wacc.value.high, wacc.source) == (12.0, 13.0, "report")


def test_a_wacc_at_or_below_g_is_refused_naming_the_cell(research: Research, desk: Desk) -> None:
    with pytest.raises(PlanError) as err:
        _set(research, desk, ("bear.wacc_pct", "3%"))  # g is 3 %: WACC must be above it
    assert err.value.field == "bear.wacc_pct" and "terminal growth" in err.value.problem


def test_stored_entries_apply_together_whatever_their_order(research: Research) -> None:
    # g = 12 % alone is refused against the report's bear WACC 12–13 %; with every WACC
    # raised above it the stored whole is valid, in whichever order the entries were kept.
    entries = entries_from_json({
        "terminal_growth_pct": {"value": 12.0, "source": "user"},
        **{f"{k}.wacc_pct": {"low": 14.0, "high": 14.0, "source": "user"}
           for k in ("bear", "base", "bull")},
    })
    assert effective_inputs(research, entries).terminal_growth_pct.value == 12.0


def test_entries_round_trip_through_json_with_the_yahoo_date(research: Research, desk: Desk
                                                             ) -> None:
    desk = SetValuationInputs(research, (
        InputValue("adrs_m", 264.5, "yahoo", date(2026, 11, 30)),
        InputValue("bull.fcf_margin_pct", "~12–13%"),
    )).apply(desk)
    doc = entries_to_json(desk.valuation)
    assert doc["adrs_m"] == {"value": 264.5, "source": "yahoo", "as_of": "2026-11-30"}
    assert doc["bull.fcf_margin_pct"] == {"low": 12.0, "high": 13.0, "approx": True,
                                          "source": "user"}
    assert entries_from_json(doc) == desk.valuation


@pytest.mark.parametrize("doc", [
    {"no_such_input": {"value": 1, "source": "user"}},
    {"adrs_m": {"value": 1, "source": "report"}},  # the report's figures are not stored
    {"adrs_m": {"value": 1, "source": "yahoo"}},  # a Yahoo figure carries its date
])
def test_a_bad_stored_entry_is_refused(doc: dict[str, object]) -> None:
    with pytest.raises(PlanError):
        entries_from_json(doc)


def test_the_desk_refuses_an_entry_of_the_wrong_kind(desk: Desk) -> None:
    with pytest.raises(PlanError):
        desk.with_parts({Part.VALUATION: (("bear.wacc_pct", Sourced(12.0, "user")),)})


def test_the_valuation_is_computed_once_per_change_and_waits_for_the_inputs(
        research: Research, desk: Desk) -> None:
    frame = pd.DataFrame({"open": [12.6], "high": [12.6], "low": [12.6], "close": [12.6],
                          "volume": [1e6]}, index=pd.DatetimeIndex(["2025-11-28"]))
    calc = StandingCalculator()
    first = calc.compute(Inputs(desk, research, frame))
    assert first.valuation is not None and first.valuation.missing == ("adrs_m", "net_debt_musd")
    assert first.valuation.scenarios == ()
    assert len(first.valuation.analysts) == 3  # the upsides need only the close
    desk = _set(research, desk, ("adrs_m", "264"), ("net_debt_musd", "-200"))
    after = calc.compute(Inputs(desk, research, frame), first, {Part.VALUATION})
    assert calc.counts["valuation"] == 2
    assert after.valuation is not None and after.valuation.ready
    # base: revenue 1250 × 1.18^t, FCF 10 %, WACC 11 %, g 3 %, N 5: ΣPV 753.7 + PV(TV) 2185.0
    # = EV 2938.7; + net cash 200 = 3138.7; ÷ 264 = $11.89
    base = after.valuation.scenarios[1]
    assert (base.low, base.high) == pytest.approx((11.889, 11.889), abs=0.001)
    calc.compute(Inputs(desk, research, frame), after, {Part.NOTES})
    assert calc.counts["valuation"] == 2  # a note does not touch the valuation
