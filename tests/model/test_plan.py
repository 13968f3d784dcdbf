"""The trading plan refuses invalid levels, edits one level at a time, and survives JSON."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kcdesk.data.plan_json import plan_from_json, plan_to_json
from kcdesk.model.plan import Plan, Target
from kcdesk.model.values import PlanError, RangeValue

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "kc_plan.json"


@pytest.fixture
def plan_json() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))["plan"]
    return doc


@pytest.fixture
def plan(plan_json: dict[str, Any]) -> Plan:
    return plan_from_json(plan_json)


def test_zone_low_above_high_is_refused(plan: Plan) -> None:
    with pytest.raises(PlanError) as err:
        plan.edit_level("zone.accumulate", 12.5, 10)
    assert err.value.field == "zones.accumulate.price"
    assert "low is above the high" in str(err.value)


def test_negative_price_is_refused_naming_the_field(plan: Plan) -> None:
    with pytest.raises(PlanError) as err:
        plan.edit_level("zone.add_on_dip", -1, 9)
    assert err.value.field.startswith("zones.add_on_dip.price")
    assert "-1" in str(err.value)


def test_a_target_of_1e308_is_refused_naming_the_target(plan_json: dict[str, Any]) -> None:
    plan_json["price_targets"][0]["price"]["high"] = 1e308
    with pytest.raises(PlanError) as err:
        plan_from_json(plan_json)
    assert err.value.field == "targets.12m.price"
    assert "at most $1,000,000" in str(err.value)


@pytest.mark.parametrize(("low", "high"), [(9.0, 11.0), (11.0, 11.0), (10.0, 12.0)])
def test_stop_at_or_above_its_entry_is_refused(plan: Plan, low: float, high: float) -> None:
    with pytest.raises(PlanError) as err:
        plan.edit_level("stop.example", low, high)
    assert err.value.field == "stops.example.stop"
    assert "below its entry ($11.00)" in str(err.value)


def test_moving_the_entry_below_its_stop_is_refused(plan: Plan) -> None:
    with pytest.raises(PlanError, match=r"stops\.example\.stop"):
        plan.edit_level("entry.example", 9.2, 9.2)


def test_edit_level_changes_that_level_and_nothing_else(plan: Plan) -> None:
    new = plan.edit_level("zone.accumulate", 10.5, 12)
    assert new.level("zone.accumulate").low == 10.5
    zone = new.zone("accumulate")
    assert zone is not None and zone.price.approx and zone.note == plan.zones[0].note
    assert plan.level("zone.accumulate").low == 10  # the old value is untouched (undo)
    before = {lv.key: lv for lv in plan.levels()}
    after = {lv.key: lv for lv in new.levels()}
    assert before.keys() == after.keys()
    assert [k for k in before if before[k] != after[k]] == ["zone.accumulate"]
    assert replace(new, zones=plan.zones) == plan


def test_editing_a_target_moves_only_that_target(plan: Plan) -> None:
    new = plan.edit_level("target.24m", 19, 24)
    assert new.level("target.24m").low == 19 and new.level("target.24m").high == 24
    assert new.profit_targets == plan.profit_targets
    assert new.price_targets[0] == plan.price_targets[0]


def test_unknown_level_is_refused(plan: Plan) -> None:
    with pytest.raises(PlanError, match="no such"):
        plan.edit_level("zone.nowhere", 1, 2)
    with pytest.raises(PlanError, match="no such"):
        plan.edit_level("target.nowhere", 1, 2)


def test_profit_target_below_its_entries_is_refused() -> None:
    with pytest.raises(PlanError) as err:
        Target(
            "short_term",
            "Short-term",
            RangeValue(10, 11, "usd"),
            "Profit Targets",
            from_entry=RangeValue(10, 11, "usd"),
        )
    assert err.value.field == "targets.short_term.price"


def test_plan_json_round_trip_is_exact(plan_json: dict[str, Any]) -> None:
    assert plan_to_json(plan_from_json(plan_json)) == plan_json


def test_an_edited_plan_round_trips(plan: Plan) -> None:
    edited = plan.edit_level("stop.example", 9.1, 9.4)
    assert plan_from_json(plan_to_json(edited)) == edited


def test_shipped_plan_holds_the_report_levels(plan: Plan) -> None:
    assert (plan.level("zone.accumulate").low, plan.level("zone.accumulate").high) == (10, 12)
    assert (plan.level("zone.add_on_dip").low, plan.level("zone.add_on_dip").high) == (8, 9)
    assert (plan.level("zone.swing_entry").low, plan.level("zone.swing_entry").high) == (10, 11)
    assert plan.breakout.volume_surge_pct == 40
    assert plan.stop_rule.band_for(11) == pytest.approx((8.8, 9.9))
    assert plan.level("target.long_term").high is None


def test_a_missing_key_names_it(plan_json: dict[str, Any]) -> None:
    broken = copy.deepcopy(plan_json)
    del broken["breakout"]
    with pytest.raises(PlanError, match="breakout"):
        plan_from_json(broken)


def test_a_bad_ticker_is_refused(plan_json: dict[str, Any]) -> None:
    broken = dict(plan_json, ticker="K C!")
    with pytest.raises(PlanError) as err:
        plan_from_json(broken)
    assert err.value.field == "ticker"
