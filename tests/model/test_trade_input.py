"""Typed trades: every bad field refused with its reason, the plan rule's stop for a bare buy,
recording under the plan version in force (saved with the trade when the plan moved on)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from kcdesk.model.desk.desk import Desk
from kcdesk.model.desk.edits import MoveLevel, SaveVersion, apply_edits
from kcdesk.model.desk.journal_edits import DeleteTrade, EditTrade, RecordTrade
from kcdesk.model.journal import Journal, Trade
from kcdesk.model.plan import Plan
from kcdesk.model.trade_input import TradeInputError, TradeText, read_trade

TODAY = dt.date(2025, 6, 2)
NOW = dt.datetime(2025, 6, 2, 15, 0, tzinfo=dt.UTC)
TRANCHES = {"accumulate": "Buy zone (accumulate)", "breakout": "Breakout"}


EMPTY = Journal()


def read(text: TradeText, journal: Journal = EMPTY, **kw: object) -> Trade:
    return read_trade(text, today=TODAY, journal=journal, tranches=TRANCHES,
                      stop_pct=Decimal(20), **kw)  # type: ignore[arg-type]


def test_a_buy_reads_exactly_and_takes_the_rule_stop_when_none_is_typed() -> None:
    t = read(TradeText("Buy", "2025-03-14", "100", "10.37", "1.25", tranche="accumulate"))
    assert (t.side, t.date, t.shares, t.price, t.fees) == (
        "buy", dt.date(2025, 3, 14), 100, Decimal("10.37"), Decimal("1.25"))
    # 20 % below $10.37: 10.37 × 0.8 = 8.296 -> $8.30 to the cent
    assert t.initial_stop == Decimal("8.30")
    assert t.tranche == "accumulate" and t.id == 1


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (TradeText("buy", "2025-06-03", "10", "10"), "date", "in the future"),
        (TradeText("buy", "14/03/2025", "10", "10"), "date", "not a date"),
        (TradeText("buy", "2025-03-14", "0", "10"), "shares", "above zero"),
        (TradeText("buy", "2025-03-14", "-5", "10"), "shares", "above zero"),
        (TradeText("buy", "2025-03-14", "2.5", "10"), "shares", "whole number"),
        (TradeText("buy", "2025-03-14", "10", "0"), "price", "above zero"),
        (TradeText("buy", "2025-03-14", "10", "-1"), "price", "above zero"),
        (TradeText("buy", "2025-03-14", "10", "ten"), "price", "not a number"),
        (TradeText("buy", "2025-03-14", "10", "10", "-0.01"), "fees", "negative"),
        (TradeText("buy", "2025-03-14", "10", "10", stop="10"), "stop", "below the price"),
        (TradeText("sell", "2025-03-14", "10", "10", stop="9"), "stop", "a sell has no stop"),
        (TradeText("buy", "2025-03-14", "10", "10", tranche="moon"), "tranche", "no such"),
        (TradeText("hold", "2025-03-14", "10", "10"), "side", "buy or sell"),
    ],
)
def test_bad_input_is_refused_naming_the_field(text: TradeText, field: str, words: str) -> None:
    with pytest.raises(TradeInputError) as info:
        read(text)
    assert list(info.value.problems) == [field]
    assert words in info.value.problems[field]


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(TradeInputError) as info:
        read(TradeText("buy", "tomorrow", "0", "-3", "-1"))
    assert set(info.value.problems) == {"date", "shares", "price", "fees"}


def test_a_sell_beyond_the_position_is_refused_on_shares() -> None:
    held = Journal((Trade(1, dt.date(2025, 3, 3), "buy", 30, Decimal(10)),))
    with pytest.raises(TradeInputError) as info:
        read(TradeText("sell", "2025-03-14", "31", "12"), held)
    assert "sells 31 shares but only 30 are held" in info.value.problems["shares"]
    assert read(TradeText("sell", "2025-03-14", "30", "12"), held).shares == 30


def test_editing_keeps_the_id_and_version_and_checks_later_sells() -> None:
    buy = Trade(1, dt.date(2025, 3, 3), "buy", 30, Decimal(10), plan_version_id=4)
    sell = Trade(2, dt.date(2025, 4, 1), "sell", 30, Decimal(12))
    journal = Journal((buy, sell))
    edited = read(TradeText("buy", "2025-03-03", "40", "10"), journal, editing=buy)
    assert (edited.id, edited.plan_version_id, edited.shares) == (1, 4, 40)
    with pytest.raises(TradeInputError) as info:  # 20 bought, then 30 sold
        read(TradeText("buy", "2025-03-03", "20", "10"), journal, editing=buy)
    assert "only 20 are held" in info.value.problems["shares"]


def _buy(shares: int = 10) -> Trade:
    return Trade(1, dt.date(2025, 3, 3), "buy", shares, Decimal(11), initial_stop=Decimal("8.8"))


def test_a_trade_is_made_under_the_latest_version_when_the_plan_is_unchanged(plan: Plan) -> None:
    desk = SaveVersion("first", NOW).apply(Desk(plan))
    after = RecordTrade(_buy(), NOW).apply(desk)
    assert after.versions == desk.versions
    assert after.journal.trades[0].plan_version_id == 1


def test_a_trade_after_a_plan_edit_saves_the_plan_in_force_in_the_same_action(plan: Plan) -> None:
    desk = SaveVersion("first", NOW).apply(Desk(plan))
    desk = MoveLevel("stop.example", 8.0, 9.0).apply(desk)
    applied = apply_edits(desk, [RecordTrade(_buy(), NOW)])
    v2 = applied.desk.versions[-1]
    assert (v2.id, v2.plan) == (2, desk.plan)
    assert v2.note == "In force at the buy of 10 shares on 2025-03-03 (saved with the trade)"
    assert applied.desk.journal.trades[0].plan_version_id == 2
    # one action: its undo puts back both the journal and the versions
    assert {u.part for u in applied.undo} == {"journal", "versions"}


def test_edit_and_delete_replace_and_remove_by_id(plan: Plan) -> None:
    desk = RecordTrade(_buy(), NOW).apply(Desk(plan))
    desk = EditTrade(replace(desk.journal.trades[0], shares=12)).apply(desk)
    assert desk.journal.position().shares == 12
    assert DeleteTrade(1).apply(desk).journal.trades == ()
