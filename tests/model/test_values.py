"""Range values and sourced figures refuse bad input with a message naming field and value."""

from __future__ import annotations

import math

import pytest

from kcdesk.model.values import (
    Figure,
    PlanError,
    RangeValue,
    Statement,
    check_percent,
    check_price,
)


def test_low_above_high_is_refused_naming_field_and_both_bounds() -> None:
    with pytest.raises(PlanError) as err:
        RangeValue(12, 10, "usd", field="zones.accumulate.price")
    assert err.value.field == "zones.accumulate.price"
    assert "low is above the high" in str(err.value)
    assert "12" in str(err.value) and "10" in str(err.value)


@pytest.mark.parametrize("bad", [-1, 0, -0.01])
def test_a_price_at_or_below_zero_is_refused(bad: float) -> None:
    with pytest.raises(PlanError) as err:
        RangeValue(bad, 5, "usd", field="breakout.level")
    assert err.value.field == "breakout.level.low"
    assert repr(float(bad)) in str(err.value) or repr(bad) in str(err.value)


def test_a_money_amount_with_a_scale_may_be_negative() -> None:
    # A net loss of RMB 5M is an amount, not a price.
    loss = RangeValue(-5, -5, "rmb", scale="M")
    assert loss.low == -5.0


@pytest.mark.parametrize("bad", [20000, -5000])
def test_a_percent_outside_a_sane_range_is_refused(bad: float) -> None:
    with pytest.raises(PlanError) as err:
        RangeValue(bad, None, "pct", field="growth")
    assert err.value.field == "growth.low"
    assert str(bad) in str(err.value)


def test_check_percent_names_field_and_bounds() -> None:
    assert check_percent("margin", 18.2, -100, 100) == 18.2
    with pytest.raises(PlanError, match=r"margin: .*between -100 and 100.*150"):
        check_percent("margin", 150, -100, 100)


@pytest.mark.parametrize("bad", [math.nan, math.inf, "12", True])
def test_non_numbers_are_refused(bad: object) -> None:
    with pytest.raises(PlanError) as err:
        RangeValue(bad, 12, "usd", field="zone")  # type: ignore[arg-type]
    assert err.value.field == "zone.low"


def test_unknown_unit_scale_and_empty_range_are_refused() -> None:
    with pytest.raises(PlanError, match="unknown unit"):
        RangeValue(1, 2, "eur")
    with pytest.raises(PlanError, match="scale"):
        RangeValue(1, 2, "usd", scale="T")
    with pytest.raises(PlanError, match="at least a low or a high"):
        RangeValue(None, None, "usd")


def test_open_ended_ranges_contain_everything_beyond_their_bound() -> None:
    plus = RangeValue(25, None, "usd")  # "$25+"
    assert plus.open_high and plus.contains(1000) and not plus.contains(24.99)
    below = RangeValue(None, 1.0, "ratio")  # "below 1.0"
    assert below.open_low and below.contains(0.94) and not below.contains(1.01)
    assert RangeValue(10, 12, "usd").contains(10) and RangeValue(10, 12, "usd").contains(12)


def test_json_round_trip_keeps_bounds_approx_and_scale() -> None:
    rv = RangeValue(2.35, 2.65, "rmb", approx=True, scale="B")
    assert RangeValue.from_json(rv.to_json()) == rv


def test_from_json_without_a_unit_names_the_field() -> None:
    with pytest.raises(PlanError) as err:
        RangeValue.from_json({"low": 1, "high": 2}, "research.figures[3].value")
    assert err.value.field == "research.figures[3].value"
    assert "unit" in str(err.value)


def _st(low: float, high: float, section: str) -> Statement:
    return Statement(RangeValue(low, high, "x", approx=True), section)


def test_a_statement_must_name_its_section() -> None:
    with pytest.raises(PlanError, match="section"):
        Statement(RangeValue(1, 2, "x"), "  ")


def test_a_figure_needs_a_statement() -> None:
    with pytest.raises(PlanError) as err:
        Figure("kc_pb", "P/B", ())
    assert err.value.field == "kc_pb"


def test_sources_differ_only_when_the_bounds_differ() -> None:
    pb = Figure(
        "kc_pb",
        "P/B",
        (_st(3.5, 3.8, "Executive Summary"), _st(3.6, 3.9, "9A. Relative Valuation")),
    )
    assert pb.sources_differ
    assert pb.value.low == 3.5 and pb.section == "Executive Summary"
    same = Figure(
        "vnet",
        "EV/Revenue",
        (
            _st(4.3, 4.3, "Comparative Snapshot"),
            Statement(RangeValue(4.3, 4.3, "x"), "Key Multiples"),  # approx differs only
        ),
    )
    assert not same.sources_differ


@pytest.mark.parametrize("absurd", [1e308, 1_000_000.01, 5e6])
def test_check_price_refuses_a_price_above_a_million_naming_the_field(absurd: float) -> None:
    with pytest.raises(PlanError) as err:
        check_price("targets.12m.price", absurd)
    assert err.value.field == "targets.12m.price"
    assert "at most $1,000,000" in str(err.value) and repr(absurd) in str(err.value)


def test_check_price_keeps_the_dearest_listed_share() -> None:
    # BRK.A near $700,000 and the bound itself are real prices
    assert check_price("price", 700_000) == 700_000.0
    assert check_price("price", 1_000_000) == 1_000_000.0
