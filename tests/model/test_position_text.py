"""What a user types in the sizer reads as exact values, and reads back as it was typed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kcdesk.model.desk.desk import Desk
from kcdesk.model.plan import Plan
from kcdesk.model.position_plan import EXAMPLE_ACCOUNT, position_plan
from kcdesk.model.position_text import (
    entry_of,
    entry_text,
    money_of,
    percent_of,
    stop_of,
    stop_text,
)
from kcdesk.model.sizing import Entry, Stop
from kcdesk.model.values import PlanError


@pytest.mark.parametrize(
    ("typed", "low", "high"),
    [("11", "11", "11"), ("$11.50", "11.50", "11.50"), ("10–12", "10", "12"),
     ("10-12", "10", "12"), ("$8 to $9", "8", "9")],
)
def test_an_entry_is_a_price_or_a_zone(typed: str, low: str, high: str) -> None:
    assert entry_of(typed) == Entry(Decimal(low), Decimal(high))


@pytest.mark.parametrize(("typed", "problem"), [("12–10", "low–high"), ("-5", "above zero"),
                                                ("soon", "not a number"), ("", "not a number")])
def test_a_bad_entry_is_refused(typed: str, problem: str) -> None:
    with pytest.raises(PlanError, match=problem):
        entry_of(typed)


def test_a_stop_is_a_price_or_a_percent_below() -> None:
    assert stop_of("20%") == Stop("pct_below_entry", Decimal(20))
    assert stop_of(" $9.50 ") == Stop("price", Decimal("9.50"))
    with pytest.raises(PlanError, match="between 0 and 100"):
        stop_of("120%")


def test_money_and_percent_read_leniently_and_check_strictly() -> None:
    assert money_of("a", "$100,000") == Decimal(100000)
    assert money_of("f", "0", allow_zero=True) == 0
    assert percent_of("p", "0.5 %") == Decimal("0.5")
    for bad in ("-1", "0", "1e999x"):
        with pytest.raises(PlanError):
            money_of("a", bad)
    with pytest.raises(PlanError, match="at most 100"):
        percent_of("p", "101")


def test_each_value_reads_back_as_shown() -> None:
    for typed in ("10–12", "11.5"):
        assert entry_text(entry_of(typed)) == typed
    for typed in ("20%", "9.5"):
        assert stop_text(stop_of(typed)) == typed


def test_with_nothing_stored_the_position_is_the_report_on_the_example_account(
    plan: Plan,
) -> None:
    p = position_plan(Desk(plan))
    assert not p.stored and not p.ladder_stored
    assert p.inputs.account_size == EXAMPLE_ACCOUNT
    # risk 0.5 % of 100,000 = 500 / (12 − 9.60) = 208; cap 1,000 / 12 = 83
    assert (p.sizing.shares_risk, p.sizing.shares, p.sizing.binding) == (208, 83, "allocation")
    assert [t.key for t in p.ladder.tranches] == [
        "accumulate", "add_on_dip", "swing_entry", "breakout"]
