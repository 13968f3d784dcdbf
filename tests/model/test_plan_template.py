"""New plans for any ticker: blank, KC's structure cleared, levels added one at a time."""

from __future__ import annotations

import pytest

from kcdesk.data.plan_json import plan_from_json, plan_to_json
from kcdesk.model.desk.desk import Desk
from kcdesk.model.desk.standing import standing_of
from kcdesk.model.plan import Plan
from kcdesk.model.plan_template import (
    add_level,
    blank_plan,
    cleared_plan,
    level_key,
    remove_level,
)
from kcdesk.model.sample_prices import sample_frame
from kcdesk.model.values import PlanError


def test_blank_plan_has_no_levels_and_starting_rules() -> None:
    p = blank_plan(" msft ")
    assert (p.ticker, p.name) == ("MSFT", "MSFT")
    assert p.levels() == ()
    assert p.breakout is None
    # the starting stop rule 10-20 %: entry 100 -> stops 80..90
    assert p.stop_rule.band_for(100.0) == pytest.approx((80.0, 90.0))


def test_blank_plan_refuses_a_hostile_ticker_and_an_empty_name() -> None:
    with pytest.raises(PlanError) as exc:
        blank_plan("../x")
    assert exc.value.field == "ticker"
    with pytest.raises(PlanError) as exc:
        blank_plan("MSFT", "   ")
    assert exc.value.field == "name"


def test_cleared_plan_keeps_the_rules_and_drops_every_level(plan: Plan) -> None:
    p = cleared_plan(plan, "msft", "Microsoft")
    assert (p.ticker, p.name) == ("MSFT", "Microsoft")
    assert p.levels() == () and p.technical_notes == ()
    assert (p.stop_rule, p.sizing, p.horizon_years) == (
        plan.stop_rule, plan.sizing, plan.horizon_years)


def test_a_plan_without_levels_round_trips_through_json() -> None:
    p = blank_plan("MSFT", "Microsoft")
    doc = plan_to_json(p)
    assert doc["breakout"] is None and doc["zones"] == []
    assert plan_from_json(doc) == p


def test_levels_added_one_at_a_time_are_drawn_and_movable() -> None:
    p = blank_plan("MSFT")
    p = add_level(p, "zone", "Buy zone", 300, 320)
    p = add_level(p, "stop", "First stop", 270, 280, entry=310)
    p = add_level(p, "target", "Target", 400, None)
    p = add_level(p, "breakout", "Breakout", 350, 360)
    assert [lv.key for lv in p.levels()] == [
        "zone.buy_zone", "breakout", "entry.first_stop", "stop.first_stop", "target.target"]
    moved = p.edit_level("zone.buy_zone", 290, 305)
    assert moved.level("zone.buy_zone").low == 290


def test_added_levels_are_validated_like_typed_ones() -> None:
    p = blank_plan("MSFT")
    with pytest.raises(PlanError) as exc:  # the stop above the entry it protects
        add_level(p, "stop", "Stop", 320, 330, entry=310)
    assert exc.value.field == "stops.stop.stop"
    with pytest.raises(PlanError) as exc:  # a low above the high
        add_level(p, "zone", "Zone", 320, 300)
    assert exc.value.field == "zones.zone.price"
    with pytest.raises(PlanError):
        add_level(add_level(p, "breakout", "B", 10, 11), "breakout", "B", 12, 13)
    with pytest.raises(PlanError):
        p.edit_level("breakout", 10, 11)  # no breakout to move


def test_level_keys_stay_unique() -> None:
    p = add_level(blank_plan("MSFT"), "zone", "Buy", 1, 2)
    assert level_key(p, "Buy") == "buy_2"
    assert level_key(p, "!!") == "level"


def test_standing_of_a_plan_without_levels_on_prices() -> None:
    frame = sample_frame()
    standing = standing_of(Desk(blank_plan("MSFT")), None, frame)
    assert standing.status is not None
    assert standing.status.flags == () and standing.status.distances == ()
    assert standing.summary == "No levels in the plan yet"
    assert standing.status.close == float(frame["close"].iloc[-1])
    # no level, so only the averages' and the 52-week events remain: none names a level
    assert all(e.key == "" for e in standing.recent_events)
    assert standing.position is None  # no zone: nothing to size yet


def test_standing_sizes_once_a_zone_is_added() -> None:
    plan = add_level(blank_plan("MSFT"), "zone", "Buy zone", 300, 320)
    standing = standing_of(Desk(plan), None, sample_frame())
    assert standing.position is not None
    # the zone's top, the worst fill: 320
    assert standing.position.inputs.entry.high == 320


def test_removing_a_level_takes_only_that_level(plan: Plan) -> None:
    after = remove_level(plan, "target.12m")
    assert [t.key for t in after.price_targets] == ["24m", "long_term"]  # 12m gone
    assert after.profit_targets == plan.profit_targets and after.zones == plan.zones
    assert remove_level(plan, "breakout").breakout is None
    assert remove_level(plan, "entry.example").stops == ()  # the entry and its stop together
    assert [z.key for z in remove_level(plan, "zone.add_on_dip").zones] == [
        "accumulate", "swing_entry"]


def test_removing_a_level_the_plan_has_not_is_refused_naming_it(plan: Plan) -> None:
    with pytest.raises(PlanError, match=r"no such level in the plan .*zone\.nope"):
        remove_level(plan, "zone.nope")
