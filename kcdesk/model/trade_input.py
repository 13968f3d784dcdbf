"""A trade as typed (in the Journal tab or on the command line), checked field by field.

Both the tab and `kcdesk trade` read what the user typed through `read_trade`, so they accept
and refuse the same things with the same words. Every problem is named by its field, so the tab
can show each one under the field it belongs to; nothing is changed while any remains.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from kcdesk.model import fmt
from kcdesk.model.journal import Journal, Side, Trade, parse_trade_date
from kcdesk.model.sizing import non_negative_decimal, positive_decimal
from kcdesk.model.values import PlanError

_CENT = Decimal("0.01")
T = TypeVar("T")


@dataclass(frozen=True)
class TradeText:
    """What the user typed, as text; blank fees are zero, a blank stop is the plan rule's."""

    side: str
    date: str
    shares: str
    price: str
    fees: str = ""
    stop: str = ""
    tranche: str = ""  # a planned entry's key, or "" for none
    note: str = ""


class TradeInputError(ValueError):
    """The typed trade is refused: `problems` maps each bad field to why."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.problems.items()))


def rule_stop(price: Decimal, pct_below: Decimal) -> Decimal:
    """The plan rule's stop for a buy at `price`: `pct_below` % under it, to the cent."""
    return (price * (100 - pct_below) / 100).quantize(_CENT, rounding=ROUND_HALF_UP)


def _shares(text: str) -> int:
    try:
        shares = int(text.strip().replace(",", ""))
    except ValueError:
        raise PlanError("shares", text, "must be a whole number of shares") from None
    if shares < 1:
        raise PlanError("shares", text, "must be a whole number above zero")
    return shares


def _problem(exc: PlanError) -> str:
    # the field is shown beside the message already; keep the reason and what was typed
    return f"{exc.problem} (got {exc.value!r})" if exc.value not in (None, "") else exc.problem


def read_trade(
    text: TradeText,
    *,
    today: dt.date,
    journal: Journal,
    tranches: Mapping[str, str],
    stop_pct: Decimal,
    editing: Trade | None = None,
) -> Trade:
    """The Trade the user typed, checked against the journal it goes into.

    `tranches` maps the plan's entry keys to their labels; `stop_pct` is the plan rule's % for a
    buy typed without a stop; `editing` is the trade being replaced (keeps its id and version).
    Raises TradeInputError naming every bad field.
    """
    problems: dict[str, str] = {}

    def check(field: str, read: Callable[[], T]) -> T | None:
        try:
            return read()
        except PlanError as exc:
            problems[field] = _problem(exc)
            return None

    side = text.side.strip().lower()
    if side not in ("buy", "sell"):
        problems["side"] = f"must be buy or sell (got {text.side!r})"
    day = check("date", lambda: parse_trade_date(text.date, today))
    shares = check("shares", lambda: _shares(text.shares))
    price = check("price", lambda: positive_decimal("price", text.price.strip()))
    fees = check("fees", lambda: non_negative_decimal("fees", text.fees.strip() or "0"))
    tranche = text.tranche.strip() or None
    if tranche is not None and tranche not in tranches:
        problems["tranche"] = f"no such planned entry (choose from: {', '.join(tranches)})"
    stop: Decimal | None = None
    if text.stop.strip():
        if side == "sell":
            problems["stop"] = "a sell has no stop; leave it blank"
        else:
            stop = check("stop", lambda: positive_decimal("stop", text.stop.strip()))
    if price is not None and side == "buy":
        if stop is None and "stop" not in problems:
            stop = rule_stop(price, stop_pct)
        elif stop is not None and stop >= price:
            problems["stop"] = f"must be below the price ({fmt.money(price)})"
    if "\n" in text.note:
        problems["note"] = "must be one line"
    if problems or day is None or shares is None or price is None or fees is None:
        raise TradeInputError(problems)
    trade_side: Side = "buy" if side == "buy" else "sell"
    trade = Trade(
        id=editing.id if editing is not None else journal.next_id(),
        date=day,
        side=trade_side,
        shares=shares,
        price=price,
        fees=fees,
        note=text.note.strip(),
        tranche=tranche,
        plan_version_id=editing.plan_version_id if editing is not None else None,
        initial_stop=stop if trade_side == "buy" else None,
    )
    try:
        journal.edit(trade) if editing is not None else journal.add(trade)
    except PlanError as exc:  # a sell beyond the holding, then or at a later trade
        raise TradeInputError({exc.field: exc.problem}) from None
    return trade
