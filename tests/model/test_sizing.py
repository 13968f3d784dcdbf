"""The sizer takes the smallest of three limits, keeps fees inside the risk budget, rounds down."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from kcdesk.model.plan import Plan
from kcdesk.model.sizing import (
    Entry,
    PlanTarget,
    PositionInputs,
    Stop,
    defaults_from_plan,
    inputs_from_json,
    inputs_to_json,
    size_position,
    size_report,
    targets_from_plan,
)
from kcdesk.model.values import PlanError

D = Decimal



def inputs(**kw: object) -> PositionInputs:
    base: dict[str, object] = {
        "account_size": D(100_000),
        "cash_available": D(50_000),
        "allocation_cap_pct": D(10),
        "risk_per_trade_pct": D("0.5"),
        "entry": Entry.price(D(10)),
        "stop": Stop("price", D(9)),
        "fees_per_order": D(1),
    }
    base.update(kw)
    return PositionInputs(**base)  # type: ignore[arg-type]


def test_risk_budget_binds_and_covers_both_fees() -> None:
    # budget 100 000 × 0.5 % = 500; minus 2 × $1 fees = 498; / (10 − 9) = 498 shares
    # cap 100 000 × 10 % / 10 = 1000; cash (50 000 − 1) / 10 = 4999.9 -> 4999
    r = size_position(inputs())
    assert (r.shares_risk, r.shares_cap, r.shares_cash) == (498, 1000, 4999)
    assert (r.shares, r.binding) == (498, "risk")
    # 498 × $1 + 2 × $1 = $500: exactly the budget
    assert r.money_at_risk == D(500)
    # 498 × 10 = 4980, 4.98 % of 100 000
    assert r.position_value == D(4980)
    assert r.pct_of_account == D("4.98")


def test_allocation_cap_binds() -> None:
    # cap 100 000 × 1 % / 10 = 100 shares, under risk's 498 and cash's 4999
    r = size_position(inputs(allocation_cap_pct=D(1)))
    assert (r.shares, r.binding) == (100, "allocation")
    # 100 × $1 + $2 fees
    assert r.money_at_risk == D(102)


def test_cash_binds() -> None:
    # (501 − 1) / 10 = 50 shares, under risk's 498 and the cap's 1000
    r = size_position(inputs(cash_available=D(501)))
    assert (r.shares, r.binding) == (50, "cash")


def test_fees_come_out_of_the_risk_budget() -> None:
    # (500 − 2 × 10) / 1 = 480, where no fees would give 500
    assert size_position(inputs(fees_per_order=D(10))).shares_risk == 480
    assert size_position(inputs(fees_per_order=D(0))).shares_risk == 500


def test_shares_are_rounded_down() -> None:
    # risk: (500 − 2) / (10 − 7) = 166.0 -> 166; cap at 1 %: 1000 / 10.5 = 95.2 -> 95
    r = size_position(inputs(stop=Stop("price", D(7))))
    assert r.shares_risk == 166
    r = size_position(inputs(entry=Entry.price(D("10.5")), allocation_cap_pct=D(1)))
    assert r.shares_cap == 95


def test_a_zone_is_sized_at_its_top_and_a_pct_stop_follows_that_fill() -> None:
    # zone 10–12 -> fill 12; 20 % stop -> 12 × 0.8 = 9.60, 2.40 a share
    # risk: (500 − 0) / 2.40 = 208.3 -> 208; cap 10 %: 10 000 / 12 = 833.3 -> 833
    r = size_position(
        inputs(entry=Entry(D(10), D(12)), stop=Stop("pct_below_entry", D(20)), fees_per_order=0)
    )
    assert (r.fill, r.stop_price) == (D(12), D("9.6"))
    assert (r.shares_risk, r.shares_cap) == (208, 833)


@pytest.mark.parametrize("stop", [D(10), D("10.01"), D(11)])
def test_a_stop_at_or_above_the_entry_is_refused(stop: Decimal) -> None:
    with pytest.raises(PlanError) as err:
        inputs(stop=Stop("price", stop))
    assert err.value.field == "stop"
    assert "below the entry" in str(err.value)


def test_a_price_stop_inside_the_zone_is_warned_about() -> None:
    # stop 10.50 is below the top (12) but above the zone's low (10)
    r = size_position(inputs(entry=Entry(D(10), D(12)), stop=Stop("price", D("10.5"))))
    assert [w.kind for w in r.warnings] == ["stop_not_below_entry"]


def test_fees_beyond_the_budget_give_zero_shares_and_say_why() -> None:
    # 500 − 2 × 250 = 0 left for the stop distance
    r = size_position(inputs(fees_per_order=D(250)))
    assert (r.shares, r.money_at_risk, r.position_value) == (0, D(0), D(0))
    (warning,) = r.warnings
    assert warning.kind == "zero_shares"
    assert "fees" in warning.text


def test_targets_give_reward_r_and_reward_risk() -> None:
    # 498 shares from 10, stop 9, fees 1. Target 13: R = 3 / 1 = 3;
    # reward 498 × 3 − 2 = 1492; reward/risk 1492 / 500 = 2.984
    r = size_position(inputs(), [PlanTarget("t", D(13))])
    (t,) = r.targets
    assert (t.r_multiple, t.reward, t.reward_risk) == (D(3), D(1492), D("2.984"))
    assert r.warnings == ()


def test_reward_risk_below_one_is_warned_about() -> None:
    # target 10.50: R = 0.5 / 1 = 0.5
    r = size_position(inputs(), [PlanTarget("near", D("10.5"))])
    assert r.targets[0].r_multiple == D("0.5")
    assert [w.kind for w in r.warnings] == ["low_reward_risk"]


def test_a_chosen_count_over_the_cap_is_warned_about() -> None:
    # cap at 1 % is 100 shares; the user asks for 150
    r = size_position(inputs(allocation_cap_pct=D(1)), shares=150)
    assert r.shares == 150 and r.binding == "allocation"
    assert [w.kind for w in r.warnings] == ["over_cap"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fees_per_order", D(-1)),
        ("account_size", D(0)),
        ("cash_available", D("-0.01")),
        ("risk_per_trade_pct", D(0)),
        ("allocation_cap_pct", D(101)),
        ("account_size", 100000.0),  # a float is not exact money
        ("fees_per_order", True),
    ],
)
def test_bad_inputs_are_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(PlanError) as err:
        inputs(**{field: value})
    assert err.value.field == field


def test_entry_zone_low_above_high_is_refused() -> None:
    with pytest.raises(PlanError) as err:
        Entry(D(12), D(10))
    assert err.value.field == "entry"


def test_defaults_take_the_cautious_end_of_each_range(plan: Plan) -> None:
    # report: allocation 1–3 %, risk 0.5–1 %, stop 10–20 % below, accumulate $10–12
    d = defaults_from_plan(plan)
    assert (d.allocation_cap_pct, d.risk_per_trade_pct) == (D(1), D("0.5"))
    assert d.stop == Stop("pct_below_entry", D(20))
    assert (d.entry.low, d.entry.high) == (D(10), D(12))
    assert len(d.reasons) == 4
    # 100 000 account: cap 1000 / 12 = 83 shares; risk 500 / 2.40 = 208; so the cap binds
    r = size_position(d.inputs(D(100_000)))
    assert (r.shares, r.binding) == (83, "allocation")


def test_plan_targets_keep_both_ends_of_a_range(plan: Plan) -> None:
    prices = [t.price for t in targets_from_plan(plan)]
    # 14–15, 17–19, 16–19, 18–23, 25+
    assert prices == [D(p) for p in (14, 15, 17, 19, 16, 19, 18, 23, 25)]


def test_inputs_survive_json_exactly() -> None:
    original = inputs(entry=Entry(D("10.05"), D("12.10")), stop=Stop("pct_below_entry", D("17.5")))
    doc = json.loads(json.dumps(inputs_to_json(original)))
    assert doc["fees_per_order"] == "1"
    assert inputs_from_json(doc) == original


def test_inputs_from_json_names_a_missing_field() -> None:
    doc = inputs_to_json(inputs())
    del doc["stop"]
    with pytest.raises(PlanError) as err:
        inputs_from_json(doc)
    assert err.value.field == "stop"


def test_size_report_prints_the_cli_fields_without_nan() -> None:
    r = size_position(inputs(), [PlanTarget("t", D(13))])
    doc = json.loads(json.dumps(size_report(r), allow_nan=False))
    assert doc["shares"] == 498 and doc["binding"] == "risk"
    assert (doc["shares_risk"], doc["shares_cap"], doc["shares_cash"]) == (498, 1000, 4999)
    assert (doc["money_at_risk"], doc["position_value"]) == ("500.00", "4980.00")
    assert doc["targets"][0]["price"] == "13.00" and doc["targets"][0]["r_multiple"] == 3.0


# --- edges found by mutation testing (tests/README.md) -----------------------------------------
HALF = {"stop": Stop("price", D("9.5")), "fees_per_order": D(2)}  # 0.50 a share, $2 an order


def test_money_at_risk_and_r_use_the_stop_distance_per_share() -> None:
    # (500 − 2 × 2) / 0.5 = 992 shares; at risk 992 × 0.5 + 4 = 500.
    # Target 11: R = (11 − 10) / 0.5 = 2; reward 992 × 1 − 4 = 988; reward/risk 988 / 500 = 1.976
    r = size_position(inputs(**HALF), [PlanTarget("t", D(11))])
    assert (r.shares, r.money_at_risk) == (992, D(500))
    (t,) = r.targets
    assert (t.r_multiple, t.reward, t.reward_risk) == (D(2), D(988), D("1.976"))
    assert size_position(inputs(**HALF), shares=100).money_at_risk == D(54)  # 100 × 0.5 + 2 × 2


def test_zero_shares_reward_nothing_and_have_no_reward_risk() -> None:
    # no shares, no orders: the reward is 0 (not −4 of fees) and reward/risk is undefined
    (t,) = size_position(inputs(**HALF), [PlanTarget("t", D(13))], shares=0).targets
    assert (t.reward, t.reward_risk, t.r_multiple) == (D(0), None, D(6))  # R = 3 / 0.5


def test_a_numerator_of_exactly_one_dollar_buys_two_half_dollar_risks() -> None:
    # account 1000 × 0.5 % = 5; 5 − 2 × 2 = 1; 1 / 0.5 = 2 shares (cap 100 / 10 = 10 shares)
    assert size_position(inputs(account_size=D(1000), **HALF)).shares_risk == 2


def test_fees_over_the_budget_never_give_negative_shares() -> None:
    # 500 − 2 × 300 = −100: zero shares, not −100
    assert size_position(inputs(fees_per_order=D(300))).shares_risk == 0


@pytest.mark.parametrize(
    ("kw", "target", "warned"),
    [
        # fees 0, 500 shares at 1.00 risk: target 11 rewards 500 on 500 at risk, exactly 1
        ({"fees_per_order": D(0)}, D(11), False),
        # fees 100: (500 − 200) / 1 = 300 shares, at risk 500; target 11: R = 1 but the reward
        # 300 − 200 = 100 is 0.2 of the risk: warned, fees make it not worth it
        ({"fees_per_order": D(100)}, D(11), True),
        ({"fees_per_order": D(0)}, D("10.99"), True),  # 495 / 500 = 0.99
    ],
)
def test_reward_risk_of_exactly_one_is_not_warned(
    kw: dict[str, object], target: Decimal, warned: bool
) -> None:
    r = size_position(inputs(**kw), [PlanTarget("t", target)])
    assert ("low_reward_risk" in [w.kind for w in r.warnings]) == warned


def test_with_nothing_at_risk_the_r_multiple_decides_the_warning() -> None:
    # zero shares: reward/risk undefined; R = 0.5 / 0.5 = 1 exactly is not below 1
    r = size_position(inputs(**HALF), [PlanTarget("t", D("10.5"))], shares=0)
    assert "low_reward_risk" not in [w.kind for w in r.warnings]


def test_a_count_exactly_at_the_cap_is_not_over_it() -> None:
    r = size_position(inputs(allocation_cap_pct=D(1)), shares=100)  # the cap is 100 shares
    assert r.warnings == ()


def test_a_price_stop_at_the_zones_low_is_warned_a_pct_stop_inside_it_is_not() -> None:
    zone = Entry(D(10), D(12))
    r = size_position(inputs(entry=zone, stop=Stop("price", D(10))))
    assert [w.text for w in r.warnings] == [
        "The stop $10.00 is not below the whole entry zone: a fill at $10.00 would start at or "
        "under its stop."
    ]
    # 10 % below the fill 12 is 10.80, inside the zone, but a % stop follows each fill down
    assert size_position(inputs(entry=zone, stop=Stop("pct_below_entry", D(10)))).warnings == ()


def test_the_json_report_rounds_ratios_to_four_places() -> None:
    # stop 7: R = (11 − 10) / 3 = 0.33333…
    report = size_report(size_position(inputs(stop=Stop("price", D(7))), [PlanTarget("t", D(11))]))
    assert report["targets"][0]["r_multiple"] == 0.3333


def test_the_size_report_fields_are_a_contract() -> None:
    # the HALF case with a user count of 100 and two targets: 11 (R 2) and 10.20 (R 0.4)
    # at risk 100 × 0.5 + 4 = 54; rewards 100 − 4 = 96 (96/54 = 1.7778) and 20 − 4 = 16 (0.2963)
    r = size_position(inputs(**HALF), [PlanTarget("t1", D(11)), PlanTarget("t2", D("10.2"))],
                      shares=100)  # fmt: skip
    assert size_report(r) == {
        "shares": 100, "binding": "risk", "shares_risk": 992, "shares_cap": 1000,
        "shares_cash": 4999, "entry": "10.00", "stop": "9.50", "money_at_risk": "54.00",
        "position_value": "1000.00", "pct_of_account": 1.0,
        "targets": [
            {"label": "t1", "price": "11.00", "r_multiple": 2.0, "reward": "96.00",
             "reward_risk": 1.7778},
            {"label": "t2", "price": "10.20", "r_multiple": 0.4, "reward": "16.00",
             "reward_risk": 0.2963},
        ],
        "warnings": [{"kind": "low_reward_risk", "text": "Reward/risk below 1 at t2 ($10.20)."}],
    }  # fmt: skip
    none = size_report(size_position(inputs(**HALF), [PlanTarget("t", D(11))], shares=0))
    assert none["targets"][0]["reward_risk"] is None


@pytest.mark.parametrize(
    ("shares", "message"),
    [(True, "shares: a share count must be a whole number (got True)"),
     (2.0, "shares: a share count must be a whole number (got 2.0)"),
     (-1, "shares: a share count cannot be negative (got -1)")],
)  # fmt: skip
def test_a_users_share_count_must_be_whole_and_not_negative(shares: object, message: str) -> None:
    with pytest.raises(PlanError) as err:
        size_position(inputs(), shares=shares)  # type: ignore[arg-type]
    assert str(err.value) == message
