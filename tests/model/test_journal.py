"""The journal keeps exact money: average cost with buy fees, realised P&L, R, and refusals."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcdesk.model import fmt
from kcdesk.model.journal import (
    Journal,
    PlannedEntry,
    Trade,
    journal_from_json,
    journal_report,
    journal_stats,
    journal_to_json,
    parse_trade_date,
    trade_from_json,
)
from kcdesk.model.sizing import Entry
from kcdesk.model.values import PlanError

D = Decimal
PLANNED = (
    PlannedEntry("accumulate", Entry(D(10), D(12)), D(14)),
    PlannedEntry("add_on_dip", Entry(D(8), D(9)), D(14)),
)


def day(m: int, d: int) -> dt.date:
    return dt.date(2025, m, d)


def buy(id: int, date: dt.date, shares: int, price: str, fees: str = "1", **kw: object) -> Trade:
    return Trade(id, date, "buy", shares, D(price), D(fees), **kw)  # type: ignore[arg-type]


def sell(id: int, date: dt.date, shares: int, price: str, fees: str = "1", **kw: object) -> Trade:
    return Trade(id, date, "sell", shares, D(price), D(fees), **kw)  # type: ignore[arg-type]


@pytest.fixture
def journal() -> Journal:
    return Journal(
        (
            buy(1, day(1, 2), 100, "10.00", initial_stop=D(9), tranche="accumulate"),
            buy(2, day(1, 10), 100, "8.00", initial_stop=D("7.20"), tranche="add_on_dip"),
            sell(3, day(2, 3), 80, "12.00", tranche="accumulate"),
            sell(4, day(3, 3), 120, "8.50"),
        )
    )


def test_average_cost_includes_buy_fees(journal: Journal) -> None:
    rows = journal.rows()
    # 100 × 10 + 1 = 1001 for 100 shares -> 10.01
    assert rows[0].average_cost_after == D("10.01")
    # 1001 + 100 × 8 + 1 = 1802 for 200 shares -> 9.01
    assert rows[1].average_cost_after == D("9.01")


def test_realised_pnl_over_buys_and_sells_is_exact(journal: Journal) -> None:
    rows = journal.rows()
    # sell 80 @ 12, fee 1: 960 − 1 − 9.01 × 80 (720.80) = 238.20; 120 shares left at 9.01
    assert rows[2].realised_pnl == D("238.20")
    assert (rows[2].shares_after, rows[2].average_cost_after) == (120, D("9.01"))
    # sell 120 @ 8.50, fee 1: 1020 − 1 − 9.01 × 120 (1081.20) = −62.20
    assert rows[3].realised_pnl == D("-62.20")
    # total 238.20 − 62.20 = 176.00 = (960 + 1020 − 2) − (1000 + 800 + 2)
    assert journal.position().realised_pnl == D("176.00")
    assert (journal.position().shares, journal.position().average_cost) == (0, None)


def test_unrealised_pnl_at_the_last_close() -> None:
    # 30 @ 10 with 0.99 fee -> basis 300.99; at 11: 330 − 300.99 = 29.01
    j = Journal((buy(1, day(4, 1), 30, "10", "0.99"),))
    assert j.position().unrealised_pnl(D(11)) == D("29.01")


def test_thirds_of_a_cent_stay_exact_until_display() -> None:
    # 3 @ 10 + fee 1 -> basis 31, average 10.333…; sell 1 @ 12: 12 − 31/3 = 1.666… -> "1.67"
    # then sell 2 @ 12: 24 − 62/3 = 3.333…; the total is exactly 36 − 31 = 5
    j = Journal((buy(1, day(1, 2), 3, "10"), sell(2, day(1, 3), 1, "12", "0")))
    assert fmt.money_cents(j.rows()[1].realised_pnl or D(0)) == "1.67"
    j = j.add(sell(3, day(1, 4), 2, "12", "0"))
    assert j.position().realised_pnl == D(5)


@given(
    st.lists(
        st.tuples(
            st.integers(1, 500),
            st.decimals(D("0.01"), D(1000), places=2),
            st.decimals(D(0), D(20), places=2),
        ),
        min_size=1,
        max_size=6,
    ),
    st.decimals(D("0.01"), D(1000), places=2),
)
def test_once_flat_the_realised_total_is_cash_out_minus_cash_in(
    buys: list[tuple[int, Decimal, Decimal]], exit_price: Decimal
) -> None:
    # sell everything in two pieces: whatever the average costs were, the total must be exact
    trades = [buy(i + 1, day(1, 2), n, str(p), str(f)) for i, (n, p, f) in enumerate(buys)]
    held = sum(n for n, _, _ in buys)
    first = held // 3 or held
    trades.append(sell(100, day(2, 1), first, str(exit_price), "1"))
    if held - first:
        trades.append(sell(101, day(2, 2), held - first, str(exit_price), "1"))
    cash_in = sum((n * p + f for n, p, f in buys), D(0))
    cash_out = held * exit_price - (len(trades) - len(buys))
    assert Journal(tuple(trades)).position().realised_pnl == cash_out - cash_in


def test_planned_r_comes_from_the_initial_stop_and_the_tranche_target(journal: Journal) -> None:
    rows = journal.rows(PLANNED)
    # accumulate target 14: (14 − 10) / (10 − 9) = 4; add on dip: (14 − 8) / (8 − 7.20) = 7.5
    assert (rows[0].planned_r, rows[1].planned_r) == (D(4), D("7.5"))
    assert rows[2].planned_r is None  # a sell plans no R


def test_realised_r_is_the_result_over_the_risk_at_the_stops(journal: Journal) -> None:
    rows = journal.rows()
    # at the first sell: basis 1802, stops 100 × 9 + 100 × 7.20 = 1620, so 182 at risk for 200
    # shares; 80 sold carry 182 × 80/200 = 72.80: R = 238.20 / 72.80
    assert rows[2].realised_r == D("238.20") / D("72.80")
    # left: basis 1081.20, stops 1620 × 120/200 = 972 -> 109.20 at risk: R = −62.20 / 109.20
    assert rows[3].realised_r == D("-62.20") / D("109.20")


def test_a_buy_without_a_stop_leaves_r_unknown_until_flat() -> None:
    j = Journal((buy(1, day(1, 2), 10, "10", initial_stop=D(9)), buy(2, day(1, 3), 10, "10")))
    j = j.add(sell(3, day(1, 4), 20, "11"))
    assert j.rows()[2].realised_r is None


def test_buys_outside_the_plan_are_flagged() -> None:
    j = Journal(
        (
            buy(1, day(1, 2), 10, "10.50"),  # inside accumulate 10–12
            buy(2, day(1, 3), 10, "13"),  # inside no zone
            buy(3, day(1, 4), 10, "8.50", tranche="accumulate"),  # add-on-dip zone, tagged wrong
            buy(4, day(1, 5), 10, "11", tranche="breakout"),  # no such tranche
        )
    )
    kinds = [None if r.off_plan is None else r.off_plan.kind for r in j.rows(PLANNED)]
    assert kinds == [None, "outside_every_zone", "outside_its_tranche", "unknown_tranche"]


def test_stats_per_tranche_and_overall_say_the_sample_is_small(journal: Journal) -> None:
    overall, accumulate, untagged = journal_stats(journal.rows())
    # two closed: +238.20 (accumulate) and −62.20 (untagged): win rate 1/2,
    # expectancy (238.20 − 62.20) / 2 = 88.00
    assert (overall.closed, overall.wins, overall.win_rate) == (2, 1, D("0.5"))
    assert overall.expectancy == D(88)
    assert overall.small_sample
    assert (accumulate.key, accumulate.win_rate, accumulate.expectancy) == (
        "accumulate",
        D(1),
        D("238.20"),
    )
    assert (untagged.key, untagged.wins) == ("untagged", 0)


def test_a_sell_beyond_the_position_is_refused_naming_the_trade() -> None:
    j = Journal((buy(1, day(1, 2), 10, "10"),))
    with pytest.raises(PlanError) as err:
        j.add(sell(2, day(1, 3), 11, "10"))
    assert err.value.field == "shares"
    assert "trade 2" in str(err.value) and "only 10" in str(err.value)


def test_a_sell_dated_before_its_buy_is_refused() -> None:
    j = Journal((buy(1, day(1, 5), 10, "10"),))
    with pytest.raises(PlanError):
        j.add(sell(2, day(1, 3), 5, "10"))


def test_deleting_a_buy_a_later_sell_needs_is_refused() -> None:
    j = Journal((buy(1, day(1, 2), 10, "10"), sell(2, day(1, 3), 10, "11")))
    with pytest.raises(PlanError):
        j.delete(1)
    assert j.delete(2).trades == (j.trades[0],)


@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("fees", lambda: buy(1, day(1, 2), 10, "10", "-0.01")),
        ("price", lambda: buy(1, day(1, 2), 10, "0")),
        ("shares", lambda: buy(1, day(1, 2), 0, "10")),
        ("initial_stop", lambda: buy(1, day(1, 2), 10, "10", initial_stop=D(10))),
        ("initial_stop", lambda: sell(1, day(1, 2), 10, "10", initial_stop=D(9))),
        ("price", lambda: Trade(1, day(1, 2), "buy", 10, 10.0)),  # type: ignore[arg-type]
    ],
)
def test_bad_trades_are_refused_naming_the_field(field: str, make: object) -> None:
    with pytest.raises(PlanError) as err:
        make()  # type: ignore[operator]
    assert err.value.field == field


def test_trade_dates_are_parsed_and_the_future_refused() -> None:
    today = dt.date(2025, 6, 1)
    assert parse_trade_date("2025-05-31", today) == dt.date(2025, 5, 31)
    for text in ("2025-06-02", "31/05/2025"):
        with pytest.raises(PlanError) as err:
            parse_trade_date(text, today)
        assert err.value.field == "date"


def test_the_journal_survives_json_exactly(journal: Journal) -> None:
    doc = json.loads(json.dumps(journal_to_json(journal)))
    assert doc[1]["initial_stop"] == "7.20" and doc[0]["fees"] == "1.00"
    assert journal_from_json(doc) == journal


def test_journal_report_prints_position_money_as_cent_text(journal: Journal) -> None:
    j = journal.add(buy(5, day(4, 1), 30, "10", "0.99"))
    doc = json.loads(json.dumps(journal_report(j, D(11), PLANNED), allow_nan=False))
    # 30 shares, basis 300.99 -> 10.033 -> "10.03"; unrealised 330 − 300.99 = 29.01
    assert doc["position"] == {
        "shares": 30,
        "average_cost": "10.03",
        "realised_pnl": "176.00",
        "unrealised_pnl": "29.01",
        "last_close": "11.00",
    }
    assert [t["realised_pnl"] for t in doc["trades"]] == [None, None, "238.20", "-62.20", None]
    assert doc["trades"][0]["planned_r"] == 4.0


@pytest.mark.parametrize(
    ("value", "cents", "exact", "shown"),
    [
        (D("0.125"), "0.13", "0.125", "$0.13"),  # half up, not half even
        (D("-1234.5"), "-1234.50", "-1234.50", "-$1,234.50"),
        (D(7), "7.00", "7.00", "$7.00"),
    ],
)
def test_money_text(value: Decimal, cents: str, exact: str, shown: str) -> None:
    assert (fmt.money_cents(value), fmt.money_exact(value), fmt.money(value)) == (
        cents,
        exact,
        shown,
    )


# --- edges found by mutation testing (tests/README.md) -----------------------------------------
def round_trips(*exits: str) -> Journal:
    """Fee-free round trips of 100 shares bought at $10 with a $9 stop, sold at each exit."""
    trades: list[Trade] = []
    for i, price in enumerate(exits):
        trades.append(buy(2 * i + 1, day(1, 2 + 2 * i), 100, "10", "0", initial_stop=D(9)))
        trades.append(sell(2 * i + 2, day(1, 3 + 2 * i), 100, price, "0"))
    return Journal(tuple(trades))


def test_a_break_even_trade_is_not_a_win_and_a_one_dollar_gain_is() -> None:
    # exits 10.00 (P&L 0), 10.01 (+1.00), 9.00 (−100): one win in three closed
    (overall, untagged) = journal_stats(round_trips("10", "10.01", "9").rows())
    assert (overall.key, overall.closed, overall.wins) == ("overall", 3, 1)
    assert (untagged.key, untagged.closed) == ("untagged", 3)
    # expectancy (0 + 1 − 100) / 3 = −33; win rate 1/3 prints as 0.3333
    assert overall.expectancy == D(-33)
    stats = journal_report(round_trips("10", "10.01", "9"), None)["stats"]
    assert stats[0]["win_rate"] == 0.3333  # type: ignore[index]


def test_average_r_is_the_mean_of_the_closed_trades_r() -> None:
    # risk 100 × (10 − 9) = 100 each; exit 12: +200 = 2R; exit 9.50: −50 = −0.5R; mean 0.75R
    (overall, _) = journal_stats(round_trips("12", "9.5").rows())
    assert overall.average_r == D("0.75")


def test_a_stored_trade_with_only_the_required_fields_takes_the_defaults() -> None:
    doc = {"id": 7, "date": "2025-01-02", "side": "buy", "shares": 10, "price": "10.50"}
    assert trade_from_json(doc) == Trade(7, day(1, 2), "buy", 10, D("10.50"), D(0))
    t = trade_from_json(doc)
    assert (t.note, t.tranche, t.plan_version_id, t.initial_stop) == ("", None, None, None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": 20250102}, "date: must be an ISO date (got 20250102)"),
        ({"date": "2025-13-01"}, "date: not a date (YYYY-MM-DD) (got '2025-13-01')"),
        ({"price": "0"}, "price: must be above zero (got '0')"),
        ({"fees": "-1"}, "fees: cannot be negative (got '-1')"),
        ({"initial_stop": "0"}, "initial_stop: must be above zero (got '0')"),
        ({"side": None}, "side: missing (got None)"),
    ],
)
def test_a_bad_stored_trade_is_refused_naming_the_field(
    change: dict[str, object], message: str
) -> None:
    doc: dict[str, object] = {"id": 7, "date": "2025-01-02", "side": "buy", "shares": 10,
                              "price": "10.50", "fees": "1", **change}  # fmt: skip
    if change == {"side": None}:
        del doc["side"]
    with pytest.raises(PlanError) as err:
        trade_from_json(doc)
    assert str(err.value) == message
    with pytest.raises(PlanError, match="trade: expected an object"):
        trade_from_json([doc])
