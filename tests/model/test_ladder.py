"""The entry ladder: the report's four entries as tranches whose totals fit the limits."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from kcdesk.model.ladder import (
    Ladder,
    Tranche,
    ladder_from_json,
    ladder_from_plan,
    ladder_report,
    ladder_to_json,
    ladder_totals,
)
from kcdesk.model.plan import Plan
from kcdesk.model.sizing import Entry, PositionInputs, Stop, defaults_from_plan
from kcdesk.model.values import PlanError

D = Decimal



@pytest.fixture
def inputs(plan: Plan) -> PositionInputs:
    # $100 000, cap 1 %, risk 0.5 %, $1 a order
    return defaults_from_plan(plan).inputs(D(100_000), fees_per_order=D(1))


@pytest.fixture
def ladder(plan: Plan, inputs: PositionInputs) -> Ladder:
    return ladder_from_plan(plan, inputs)


def test_the_report_s_four_entries_become_tranches(ladder: Ladder) -> None:
    t = {x.key: x for x in ladder.tranches}
    assert list(t) == ["accumulate", "add_on_dip", "swing_entry", "breakout"]
    assert [(x.entry.low, x.entry.high) for x in t.values()] == [
        (D(10), D(12)),
        (D(8), D(9)),
        (D(10), D(11)),
        (D(15), D(16)),
    ]
    # each stop 20 % below its own fill: 12 × 0.8 = 9.60, 16 × 0.8 = 12.80
    assert (t["accumulate"].stop_price, t["breakout"].stop_price) == (D("9.6"), D("12.8"))
    # targets: from $10–11 entries -> 14 (low end); $8–9 has none measured from it -> the lowest
    # target above 9 is 14; breakout 15–16 -> the lowest above 16 is the medium-term 17
    assert [x.target for x in t.values()] == [D(14), D(14), D(14), D(17)]


def test_each_tranche_gets_a_quarter_of_the_cap(ladder: Ladder) -> None:
    # cap 1 000 / 4 = 250 per tranche at the zone's top: 250/12 = 20.8, 250/9 = 27.8,
    # 250/11 = 22.7, 250/16 = 15.6; the risk quarter (125 − 2) / 2.40 = 51 does not bind
    assert [t.shares for t in ladder.tranches] == [20, 27, 22, 15]


def test_totals_if_all_fill_are_ranges_over_the_zone_ends(
    ladder: Ladder, inputs: PositionInputs
) -> None:
    totals = ladder_totals(ladder, inputs)
    assert totals.shares == 84  # 20 + 27 + 22 + 15
    # tops: 240 + 243 + 242 + 240 + 4 fees = 969; bottoms: 200 + 216 + 220 + 225 + 4 = 865
    assert (totals.cost.low, totals.cost.high) == (D(865), D(969))
    assert totals.average_cost is not None
    assert (totals.average_cost.low, totals.average_cost.high) == (D(865) / 84, D(969) / 84)
    # stopped at the tops: 20 × 2.40 + 27 × 1.80 + 22 × 2.20 + 15 × 3.20 = 193, + 8 fees = 201
    # at the bottoms: 20 × 2 + 27 × 1.60 + 22 × 2 + 15 × 3 = 172.20, + 8 = 180.20
    assert (totals.risk.low, totals.risk.high) == (D("180.2"), D(201))
    # 965 of value under the 1 000 cap, 201 under the 500 risk budget: nothing to warn about
    assert totals.warnings == ()


def test_a_ladder_over_the_cap_warns_naming_the_tranche(
    ladder: Ladder, inputs: PositionInputs
) -> None:
    # 240 + 100 × 9 = 1 140 > 1 000 once add-on-dip is counted
    over = ladder.with_shares("add_on_dip", 100)
    (warning,) = ladder_totals(over, inputs).warnings
    assert (warning.kind, warning.tranche) == ("over_cap", "add_on_dip")
    assert "$1,140.00" in warning.text


def test_a_ladder_over_the_risk_budget_warns_naming_the_tranche(
    ladder: Ladder, inputs: PositionInputs
) -> None:
    # accumulate 20 × 2.40 + 2 = 50; add-on-dip 27 × 1.80 + 2 = 50.60; swing with 200 shares
    # 200 × 2.20 + 2 = 442: the running risk 542.60 passes the 500 budget at swing_entry
    over = ladder.with_shares("swing_entry", 200)
    kinds = {(w.kind, w.tranche) for w in ladder_totals(over, inputs).warnings}
    assert ("over_risk_budget", "swing_entry") in kinds


def test_a_tranche_stop_at_its_entry_is_refused() -> None:
    with pytest.raises(PlanError) as err:
        Tranche("t", "T", Entry(D(10), D(12)), 10, Stop("price", D(12)))
    assert err.value.field == "tranches.t.stop"


def test_a_tranche_target_under_its_entry_is_refused() -> None:
    with pytest.raises(PlanError) as err:
        Tranche("t", "T", Entry.price(D(10)), 10, Stop("price", D(9)), target=D(10))
    assert err.value.field == "tranches.t.target"


def test_negative_tranche_shares_are_refused(ladder: Ladder) -> None:
    with pytest.raises(PlanError) as err:
        ladder.with_shares("breakout", -1)
    assert err.value.field == "tranches.breakout.shares"


def test_tranche_r_is_measured_at_the_zone_top(ladder: Ladder) -> None:
    # accumulate: (14 − 12) / (12 − 9.60) = 2 / 2.40
    assert ladder.tranche("accumulate").r_multiple == D(2) / D("2.4")


def test_the_ladder_survives_json(ladder: Ladder, inputs: PositionInputs) -> None:
    doc = json.loads(json.dumps(ladder_to_json(ladder)))
    assert ladder_from_json(doc) == ladder
    report = json.loads(json.dumps(ladder_report(ladder, inputs), allow_nan=False))
    assert report["cost"] == {"low": "865.00", "high": "969.00"}


def test_planned_entries_feed_the_journal(ladder: Ladder) -> None:
    entries = {p.key: p for p in ladder.planned_entries()}
    assert entries["breakout"].entry == Entry(D(15), D(16))
    assert entries["breakout"].target == D(17)
