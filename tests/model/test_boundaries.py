"""Values exactly at a rule's edge: each test says which side of the line the value falls on."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from kcdesk.data.paths import shipped_data_dir
from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.metric_log import MetricEntry, MetricLog
from kcdesk.model.plan import Plan, Target
from kcdesk.model.plan_status import (
    ABOVE_BREAKOUT,
    BELOW_STOP,
    BETWEEN_ZONES,
    BREAKOUT_CONFIRMED,
    CROSSED_ABOVE_SMA50,
    CROSSED_BELOW_SMA50,
    DEATH_CROSS,
    GOLDEN_CROSS,
    IN_ZONE,
    events_since,
    plan_status,
)
from kcdesk.model.sizing import Entry, PositionInputs, Stop, size_position
from kcdesk.model.triggers import Clause, TriggerRule, evaluate, report_rules
from kcdesk.model.values import PlanError, RangeValue

PLAN: Plan = plan_from_json(
    json.loads((shipped_data_dir() / "kc_plan.json").read_text(encoding="utf-8"))["plan"]
)
START = date(2020, 1, 1)
D = Decimal


def frame_of(closes: list[float], volumes: list[float] | None = None) -> pd.DataFrame:
    n = len(closes)
    return pd.DataFrame(
        {"open": closes, "high": closes, "low": closes, "close": closes,
         "volume": volumes or [1000.0] * n},
        index=pd.DatetimeIndex([START + timedelta(days=i) for i in range(n)], name="date"),
    ).astype("float64")  # fmt: skip


def flags_at(close: float) -> set[tuple[str, str]]:
    status = plan_status(frame_of([close]), PLAN)
    assert status is not None
    return {(f.kind, f.key) for f in status.flags}


def events(closes: list[float], volumes: list[float] | None = None) -> list[tuple[int, str]]:
    found = events_since(frame_of(closes, volumes), PLAN, START)
    return [((e.date - START).days, e.kind) for e in found]


# --- the stop band $9–9.5 ------------------------------------------------------------------
def test_a_close_at_the_stops_bottom_is_below_the_stop() -> None:
    # The stop band is $9–9.5 and the rule is "below its top": $9.00 is 0.50 under the top.
    # $9.00 is also the top of the add-on-dip zone $8–9, which is inclusive.
    assert flags_at(9.0) == {(BELOW_STOP, "stop.example"), (IN_ZONE, "zone.add_on_dip")}


def test_a_close_at_the_stops_top_has_not_hit_the_stop() -> None:
    assert flags_at(9.5) == {(BETWEEN_ZONES, "")}


# --- plan validation: a profit target against its entries ----------------------------------
def target(low: float) -> Target:
    return Target("t", "T", RangeValue(low, 13, "usd"), "Profit Targets",
                  from_entry=RangeValue(10, 11, "usd"))  # fmt: skip


def test_a_target_whose_low_equals_its_entrys_high_is_refused() -> None:
    # a target at the entry's $11 top gains nothing from a fill there: refused
    with pytest.raises(PlanError) as err:
        target(11.0)
    assert err.value.field == "targets.t.price" and "($11.00)" in str(err.value)


def test_a_target_a_cent_above_its_entrys_high_is_allowed() -> None:
    assert target(11.01).price.low == 11.01


# --- trigger thresholds ----------------------------------------------------------------------
def condition(rule_key: str, clause: int, index: int):  # type: ignore[no-untyped-def]
    rule = next(r for r in report_rules() if r.key == rule_key)
    return rule.clauses[clause].conditions[index]


@pytest.mark.parametrize(
    ("rule_key", "clause", "index", "value", "state"),
    [
        ("add", 0, 1, 7.0, "borderline"),  # margin at the top of "above 5–7 %": not above it
        ("add", 0, 1, 5.0, "borderline"),  # ... and at its bottom: inside the range
        ("add", 0, 0, 20.0, "met"),  # growth at 20 % for "20–30 %+": at least 20
        ("upgrade", 0, 0, 20.0, "not met"),  # ">20 % revenue growth": 20 is not above 20
        ("downgrade", 0, 0, 15.0, "not met"),  # "below mid-teens" (15 %): 15 is not below 15
        ("downgrade", 0, 0, 14.99, "met"),
        ("downgrade", 0, 1, 5.0, "not met"),  # margin 5 % is not below 5 %
        ("trim", 0, 1, 7.0, "borderline"),  # "below 5–7 %" at its top: inside the range
        ("trim", 0, 1, 5.0, "borderline"),  # ... at its bottom: still inside, not below
        ("trim", 0, 0, 5.0, "not met"),  # EV/Revenue 5x is not above ~5x
    ],
)  # fmt: skip
def test_a_value_exactly_at_a_threshold(
    rule_key: str, clause: int, index: int, value: float, state: str
) -> None:
    assert condition(rule_key, clause, index).judge(value) == state


def debt_log(year_ago: float, now: float) -> MetricLog:
    log = MetricLog()
    for quarter, value in (("2024Q3", year_ago), ("2025Q3", now)):
        log = log.add(MetricEntry(log.new_id(), quarter, "total_debt", value, value, "money",
                                  "rmb", "reported", "hand-made", date(2025, 11, 20)))  # fmt: skip
    return log


@pytest.mark.parametrize(
    ("year_ago", "now", "state"),
    [
        (1000.0, 1250.0, "met"),  # 1250 / 1000 = 1.25: +25 %, "at least 25 %"
        (0.28, 0.35, "met"),  # 0.35 / 0.28 = 1.25 too; binary floats make it 24.99999999999998
        (0.92, 1.15, "met"),  # 1.15 / 0.92 = 1.25
        (0.28, 0.3499, "not met"),  # 0.3499 / 0.28 = 1.2496…: +24.96 %
    ],
)
def test_debt_up_exactly_25_pct_is_material(year_ago: float, now: float, state: str) -> None:
    leverage = next(r for r in report_rules() if r.key == "downgrade").clauses[1]
    (result,) = evaluate([TriggerRule("debt", "downgrade", (Clause(leverage.conditions),))],
                         debt_log(year_ago, now))  # fmt: skip
    assert result.state == state


# --- the breakout level $16 (top of $15–16) ---------------------------------------------------
def test_a_close_exactly_at_the_breakout_level_is_not_above_it() -> None:
    assert (ABOVE_BREAKOUT, "breakout") not in flags_at(16.0)
    assert (ABOVE_BREAKOUT, "breakout") in flags_at(16.01)


def test_a_close_at_the_level_on_a_surge_is_no_breakout_the_next_close_above_is() -> None:
    # 60 quiet days at $12 (volume 1000), then $16.00 on 3000 (3x): at the level, not above it.
    # Day 61 closes $16.50 on 3000 after a close at (not above) the level: that is the crossing;
    # its prior 50-day average volume is (49×1000 + 3000)/50 = 1040, and 3000 > 1.4 × 1040.
    closes = [12.0] * 60 + [16.0, 16.5]
    volumes = [1000.0] * 60 + [3000.0, 3000.0]
    assert [k for k in events(closes, volumes) if k[1] == BREAKOUT_CONFIRMED] == [
        (61, BREAKOUT_CONFIRMED)
    ]


# --- a close at its 50-day average ------------------------------------------------------------
def sma50_events(closes: list[float]) -> list[tuple[int, str]]:
    return [k for k in events(closes) if k[1] in (CROSSED_ABOVE_SMA50, CROSSED_BELOW_SMA50)]


def test_a_close_that_meets_its_average_on_a_flat_stretch_has_not_crossed_below() -> None:
    # 50 days rising 10.00, 10.01, … 10.49, then 100 days flat at 10.49. The close is above its
    # 50-day average until the average (mean of the last 50 closes) catches up: on day 99 the
    # window is all 10.49 and the close equals it. A tie keeps the side it came from: no event.
    closes = [10.0 + i / 100 for i in range(50)] + [10.49] * 100
    assert sma50_events(closes) == []


def test_a_tie_then_a_drop_is_one_cross_below_and_a_tie_between_drops_is_not_another() -> None:
    # As above (above, then tied from day 99, side kept: above). Day 150 closes $9.00, under
    # its average (49 × 10.49 + 9)/50 = 10.46: crossed below. From day 199 the window is all
    # $9 and the close ties its average (side kept: below), so $8.50 on day 250 is no new event.
    closes = [10.0 + i / 100 for i in range(50)] + [10.49] * 100 + [9.0] * 100 + [8.5]
    assert sma50_events(closes) == [(150, CROSSED_BELOW_SMA50)]


def test_a_close_leaving_an_average_it_has_only_ever_met_is_a_crossing() -> None:
    # $10 for 60 days: the close meets its average from the first day it exists (day 49), so
    # it has no side yet; $10.50 on day 60 is strictly above (avg (49×10 + 10.5)/50 = 10.01).
    assert sma50_events([10.0] * 60 + [10.5]) == [(60, CROSSED_ABOVE_SMA50)]
    assert sma50_events([10.0] * 60 + [9.5]) == [(60, CROSSED_BELOW_SMA50)]  # and downward


def test_golden_and_death_cross_ignore_a_tie_between_the_averages() -> None:
    # 250 days at $10, 100 at $12: golden cross on day 250 (the averages tied at $10 before:
    # no side yet). Then flat at $12 long enough that both averages are $12: a tie, no death
    # cross (the 50-day reaches 12 on day 299, the 200-day on day 449).
    closes = [10.0] * 250 + [12.0] * 250
    got = [k for k in events(closes) if k[1] in (GOLDEN_CROSS, DEATH_CROSS)]
    assert got == [(250, GOLDEN_CROSS)]


# --- sizing: a risk budget that divides exactly -------------------------------------------------
def sized(stop: str, fees: str) -> PositionInputs:
    return PositionInputs(
        account_size=D(100_000), cash_available=D(50_000), allocation_cap_pct=D(10),
        risk_per_trade_pct=D("0.5"), entry=Entry.price(D(10)), stop=Stop("price", D(stop)),
        fees_per_order=D(fees),
    )  # fmt: skip


def test_an_exact_division_keeps_the_last_share() -> None:
    # budget 100 000 × 0.5 % = 500; (500 − 2 × 2) / (10 − 9.5) = 496 / 0.5 = 992 exactly:
    # 992 shares, not 991, and the money at risk is 992 × 0.5 + 4 = 500, the whole budget.
    r = size_position(sized("9.5", "2"))
    assert (r.shares_risk, r.money_at_risk) == (992, D(500))


def test_fees_of_exactly_half_the_budget_leave_nothing_to_risk() -> None:
    # (500 − 2 × 250) / 1 = 0: zero shares, and nothing is at risk (no orders, no fees)
    r = size_position(sized("9", "250"))
    assert (r.shares_risk, r.shares, r.money_at_risk) == (0, 0, D(0))
