"""The trade journal in exact money: trades, the position they build, P&L, R and per-tranche stats.

Accounting is by average cost: the cost basis of the held shares includes the buy fees; a sell
realises proceeds − sell fees − average cost × shares sold. The replay runs in exact fractions
(average cost may be a third of a cent) and shows Decimals; only display and JSON round to the
cent (half up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from kcdesk.model import fmt
from kcdesk.model.sizing import Entry, non_negative_decimal, positive_decimal
from kcdesk.model.values import PlanError

Side = Literal["buy", "sell"]
OffPlanKind = Literal["outside_every_zone", "outside_its_tranche", "unknown_tranche"]
SMALL_SAMPLE = 20  # fewer closed trades than this and the stats say so


@dataclass(frozen=True)
class Trade:
    """One buy or sell as recorded; the plan version and tranche it was made under, if any."""

    id: int
    date: dt.date
    side: Side
    shares: int
    price: Decimal
    fees: Decimal = Decimal(0)
    note: str = ""
    tranche: str | None = None
    plan_version_id: int | None = None
    initial_stop: Decimal | None = None  # a buy's stop when it was made: its 1R

    def __post_init__(self) -> None:
        if isinstance(self.id, bool) or not isinstance(self.id, int) or self.id < 1:
            raise PlanError("id", self.id, "a trade id is a whole number from 1")
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise PlanError("date", self.date, "must be a calendar date")
        if self.side not in ("buy", "sell"):
            raise PlanError("side", self.side, "must be 'buy' or 'sell'")
        if isinstance(self.shares, bool) or not isinstance(self.shares, int) or self.shares < 1:
            raise PlanError("shares", self.shares, "must be a whole number above zero")
        object.__setattr__(self, "price", positive_decimal("price", self.price))
        object.__setattr__(self, "fees", non_negative_decimal("fees", self.fees))
        if not isinstance(self.note, str):
            raise PlanError("note", self.note, "must be text")
        if self.tranche is not None and (not isinstance(self.tranche, str) or not self.tranche):
            raise PlanError("tranche", self.tranche, "must be a tranche key or None")
        pv = self.plan_version_id
        if pv is not None and (isinstance(pv, bool) or not isinstance(pv, int)):
            raise PlanError("plan_version_id", pv, "must be a version id or None")
        if self.initial_stop is not None:
            if self.side == "sell":
                raise PlanError("initial_stop", self.initial_stop, "a sell has no initial stop")
            stop = positive_decimal("initial_stop", self.initial_stop)
            if stop >= self.price:
                raise PlanError(
                    "initial_stop", stop, f"must be below the price ({fmt.money(self.price)})"
                )
            object.__setattr__(self, "initial_stop", stop)


def parse_trade_date(text: str, today: dt.date) -> dt.date:
    """An ISO date (2025-03-14) not after `today` (the caller's clock), or PlanError on "date"."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise PlanError("date", text, "not a date (write it as YYYY-MM-DD)") from None
    if day > today:
        raise PlanError("date", text, f"is in the future (today is {today.isoformat()})")
    return day


@dataclass(frozen=True)
class PlannedEntry:
    """Where the plan says to buy (a tranche's zone) and, if set, the target it aims at."""

    key: str
    entry: Entry
    target: Decimal | None = None


@dataclass(frozen=True)
class OffPlan:
    """Why a buy is flagged as made outside the plan."""

    kind: OffPlanKind
    text: str


@dataclass(frozen=True)
class TradeRow:
    """A trade and the position it left: realised P&L and R for a sell, planned R for a buy."""

    trade: Trade
    shares_after: int
    average_cost_after: Decimal | None  # None once flat
    realised_pnl: Decimal | None  # this sell's; None for a buy
    realised_total: Decimal  # every sell so far
    planned_r: Decimal | None  # (target − price) / (price − initial stop)
    realised_r: Decimal | None  # realised P&L / the risk those shares carried at their stops
    off_plan: OffPlan | None


@dataclass(frozen=True)
class Position:
    """The holding after every trade: shares, cost basis (buy fees included), realised P&L."""

    shares: int
    cost_basis: Decimal
    realised_pnl: Decimal

    @property
    def average_cost(self) -> Decimal | None:
        return self.cost_basis / self.shares if self.shares else None

    def unrealised_pnl(self, last_close: Decimal) -> Decimal:
        """shares × last close − cost basis; the fee of a future sell is not guessed at."""
        return self.shares * last_close - self.cost_basis


def _dec(x: Fraction) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)


def _frac(x: Decimal) -> Fraction:
    return Fraction(x)


@dataclass(frozen=True)
class Journal:
    """Every trade for one ticker, in date order; a sell beyond the holding cannot be in it."""

    trades: tuple[Trade, ...] = ()

    def __post_init__(self) -> None:
        ids = [t.id for t in self.trades]
        if len(set(ids)) != len(ids):
            raise PlanError("trades", ids, "trade ids must be unique")
        object.__setattr__(self, "trades", tuple(sorted(self.trades, key=lambda t: (t.date, t.id))))
        self.position()  # the replay refuses a sell beyond the holding, naming the trade

    def add(self, trade: Trade) -> Journal:
        """A journal with `trade` in it; refused if it would sell more shares than held."""
        return Journal((*self.trades, trade))

    def delete(self, trade_id: int) -> Journal:
        """A journal without that trade; refused if a later sell would then exceed the holding."""
        if all(t.id != trade_id for t in self.trades):
            raise PlanError("trade", trade_id, "no such trade in the journal")
        return Journal(tuple(t for t in self.trades if t.id != trade_id))

    def edit(self, trade: Trade) -> Journal:
        """A journal with the trade of the same id replaced by `trade`."""
        if all(t.id != trade.id for t in self.trades):
            raise PlanError("trade", trade.id, "no such trade in the journal")
        # replaced in one step: without the old trade for a moment a later sell may not fit
        return Journal(tuple(trade if t.id == trade.id else t for t in self.trades))

    def next_id(self) -> int:
        return max((t.id for t in self.trades), default=0) + 1

    def rows(self, planned: Sequence[PlannedEntry] = ()) -> tuple[TradeRow, ...]:
        """One row per trade, in date order: the position over time."""
        ledger = _Ledger(planned)
        return tuple(ledger.apply(t) for t in self.trades)

    def position(self) -> Position:
        """The holding after the last trade."""
        ledger = _Ledger(())
        for t in self.trades:
            ledger.apply(t)
        return ledger.position()


class _Ledger:
    """The replay's running state, in exact fractions; one trade at a time."""

    def __init__(self, planned: Sequence[PlannedEntry]) -> None:
        self.planned = {p.key: p for p in planned}
        self.shares = 0
        self.basis = Fraction(0)  # cost of the held shares, buy fees included
        self.stop_basis = Fraction(0)  # Σ held shares × their initial stop
        self.all_stopped = True  # every buy since the last flat had an initial stop
        self.realised = Fraction(0)

    def position(self) -> Position:
        return Position(self.shares, _dec(self.basis), _dec(self.realised))

    def apply(self, t: Trade) -> TradeRow:
        pnl: Fraction | None = None
        realised_r: Fraction | None = None
        if t.side == "buy":
            if self.shares == 0:
                self.all_stopped = True
            self.shares += t.shares
            self.basis += t.shares * _frac(t.price) + _frac(t.fees)
            if t.initial_stop is None:
                self.all_stopped = False
            else:
                self.stop_basis += t.shares * _frac(t.initial_stop)
        else:
            if t.shares > self.shares:
                raise PlanError(
                    "shares",
                    t.shares,
                    f"trade {t.id} on {t.date.isoformat()} sells {t.shares} shares but only "
                    f"{self.shares} are held then",
                )
            part = Fraction(t.shares, self.shares)
            cost = self.basis * part
            # the loss these shares would have taken at their stops: their part of (basis − stops)
            risk = (self.basis - self.stop_basis) * part
            pnl = t.shares * _frac(t.price) - _frac(t.fees) - cost
            if self.all_stopped and risk > 0:
                realised_r = pnl / risk
            self.shares -= t.shares
            self.basis -= cost
            self.stop_basis -= self.stop_basis * part
            self.realised += pnl
        return TradeRow(
            trade=t,
            shares_after=self.shares,
            average_cost_after=_dec(self.basis / self.shares) if self.shares else None,
            realised_pnl=None if pnl is None else _dec(pnl),
            realised_total=_dec(self.realised),
            planned_r=self._planned_r(t),
            realised_r=None if realised_r is None else _dec(realised_r),
            off_plan=self._off_plan(t),
        )

    def _planned_r(self, t: Trade) -> Decimal | None:
        p = self.planned.get(t.tranche) if t.tranche is not None else None
        if t.side == "sell" or t.initial_stop is None or p is None or p.target is None:
            return None
        return (p.target - t.price) / (t.price - t.initial_stop)

    def _off_plan(self, t: Trade) -> OffPlan | None:
        if t.side == "sell" or not self.planned:
            return None  # exits are judged by stops and targets, not by the entry zones
        price = fmt.money(t.price)
        if t.tranche is not None and t.tranche not in self.planned:
            return OffPlan("unknown_tranche", f"Tranche {t.tranche!r} is not in the plan.")
        if not any(p.entry.contains(t.price) for p in self.planned.values()):
            return OffPlan("outside_every_zone", f"Bought at {price}, outside every planned zone.")
        if t.tranche is not None and not self.planned[t.tranche].entry.contains(t.price):
            e = self.planned[t.tranche].entry
            return OffPlan(
                "outside_its_tranche",
                f"Bought at {price}, outside its tranche's zone "
                f"{fmt.money(e.low)}{fmt.DASH}{fmt.money(e.high)}.",
            )
        return None


# --- statistics ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stats:
    """Outcomes of the closed trades (the sells) of one tranche, or of all of them."""

    key: str  # a tranche key, "untagged" or "overall"
    closed: int
    wins: int  # sells that realised more than zero
    win_rate: Decimal | None
    average_r: Decimal | None  # over the sells whose R is known
    expectancy: Decimal | None  # money per closed trade: win rate × avg win − loss rate × avg loss

    @property
    def small_sample(self) -> bool:
        return self.closed < SMALL_SAMPLE


def _stats(key: str, rows: Sequence[TradeRow]) -> Stats:
    pnls = [r.realised_pnl for r in rows if r.realised_pnl is not None]
    rs = [r.realised_r for r in rows if r.realised_r is not None]
    wins = sum(1 for p in pnls if p > 0)
    n = len(pnls)
    return Stats(
        key,
        n,
        wins,
        Decimal(wins) / n if n else None,
        sum(rs, Decimal(0)) / len(rs) if rs else None,
        # win rate × average win − loss rate × average loss is the mean result per trade
        sum(pnls, Decimal(0)) / n if n else None,
    )


def journal_stats(rows: Sequence[TradeRow]) -> tuple[Stats, ...]:
    """Overall first, then one per tranche (a sell counts for the tranche it is tagged with)."""
    sells = [r for r in rows if r.trade.side == "sell"]
    keys = sorted({r.trade.tranche or "untagged" for r in sells})
    return (
        _stats("overall", sells),
        *(_stats(k, [r for r in sells if (r.trade.tranche or "untagged") == k]) for k in keys),
    )


# --- JSON ----------------------------------------------------------------------------------------
def _money_or_none(x: Decimal | None) -> str | None:
    return None if x is None else fmt.money_exact(x)


def trade_to_json(t: Trade) -> dict[str, object]:
    """A trade as a JSON-ready dict; money as exact decimal text (never rounded)."""
    return {
        "id": t.id,
        "date": t.date.isoformat(),
        "side": t.side,
        "shares": t.shares,
        "price": fmt.money_exact(t.price),
        "fees": fmt.money_exact(t.fees),
        "note": t.note,
        "tranche": t.tranche,
        "plan_version_id": t.plan_version_id,
        "initial_stop": _money_or_none(t.initial_stop),
    }


def trade_from_json(doc: object) -> Trade:
    """A Trade from `trade_to_json`'s dict; PlanError names the first bad field."""
    if not isinstance(doc, dict):
        raise PlanError("trade", doc, "expected an object")
    try:
        day = doc["date"]
        if not isinstance(day, str):
            raise PlanError("date", day, "must be an ISO date")
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            raise PlanError("date", day, "not a date (YYYY-MM-DD)") from None
        stop = doc.get("initial_stop")
        return Trade(
            id=doc["id"],
            date=date,
            side=doc["side"],
            shares=doc["shares"],
            price=positive_decimal("price", doc["price"]),
            fees=non_negative_decimal("fees", doc.get("fees", "0")),
            note=doc.get("note", ""),
            tranche=doc.get("tranche"),
            plan_version_id=doc.get("plan_version_id"),
            initial_stop=None if stop is None else positive_decimal("initial_stop", stop),
        )
    except KeyError as exc:
        raise PlanError(str(exc.args[0]), None, "missing") from None


def journal_to_json(journal: Journal) -> list[dict[str, object]]:
    return [trade_to_json(t) for t in journal.trades]


def journal_from_json(doc: object) -> Journal:
    if not isinstance(doc, list):
        raise PlanError("trades", doc, "expected a list of trades")
    return Journal(tuple(trade_from_json(d) for d in doc))


def _r(x: Decimal | None) -> float | None:
    return None if x is None else round(float(x), 4)


def _stats_json(s: Stats) -> dict[str, object]:
    return {
        "key": s.key,
        "closed": s.closed,
        "wins": s.wins,
        "win_rate": _r(s.win_rate),
        "average_r": _r(s.average_r),
        "expectancy": None if s.expectancy is None else fmt.money_cents(s.expectancy),
        "small_sample": s.small_sample,
    }


def journal_report(
    journal: Journal, last_close: Decimal | None, planned: Sequence[PlannedEntry] = ()
) -> dict[str, object]:
    """What `kcdesk journal --format json` prints: trades, position, stats (money as cent text)."""
    return rows_report(journal.rows(planned), journal.position(), last_close)


def rows_report(
    rows: Sequence[TradeRow], pos: Position, last_close: Decimal | None
) -> dict[str, object]:
    """`journal_report` of rows already replayed (the standing holds them)."""
    trades = []
    for r in rows:
        doc = trade_to_json(r.trade)
        doc.update(
            realised_pnl=None if r.realised_pnl is None else fmt.money_cents(r.realised_pnl),
            planned_r=_r(r.planned_r),
            realised_r=_r(r.realised_r),
            off_plan=None
            if r.off_plan is None
            else {"kind": r.off_plan.kind, "text": r.off_plan.text},
        )
        trades.append(doc)
    avg = pos.average_cost
    return {
        "trades": trades,
        "position": {
            "shares": pos.shares,
            "average_cost": None if avg is None else fmt.money_cents(avg),
            "realised_pnl": fmt.money_cents(pos.realised_pnl),
            "unrealised_pnl": (
                None if last_close is None else fmt.money_cents(pos.unrealised_pnl(last_close))
            ),
            "last_close": _money_or_none(last_close),
        },
        "stats": [_stats_json(s) for s in journal_stats(rows)],
    }
