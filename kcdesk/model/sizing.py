"""Position sizing from the risk budget, the allocation cap and the cash, in exact Decimal money.

Rules (the Plan tab's help says the same):
- risk budget = account × risk %; it covers the loss at the stop plus the entry and exit fees, so
  shares_risk = floor((budget − 2 × fees) / (entry − stop));
- shares_cap = floor(account × cap % / entry); shares_cash = floor((cash − fees) / entry);
- shares = the smallest of the three, and the limit that gave it is named (ties: risk, then
  allocation, then cash);
- a zone entry is sized at its TOP, the worst fill inside the zone, so a fill anywhere in the zone
  costs no more and risks no more than the sizer said; a % stop is measured from that same fill;
- R = (target − entry) / (entry − stop), per share, fees left out; reward/risk compares money:
  (shares × (target − entry) − 2 × fees) / money at risk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from kcdesk.model import fmt
from kcdesk.model.plan import Plan
from kcdesk.model.values import PlanError, RangeValue

Currency = Literal["usd", "hkd", "rmb"]
CURRENCIES: tuple[Currency, ...] = ("usd", "hkd", "rmb")
Binding = Literal["risk", "allocation", "cash"]
StopKind = Literal["price", "pct_below_entry"]
WarningKind = Literal["stop_not_below_entry", "over_cap", "low_reward_risk", "zero_shares"]
_HUNDRED = Decimal(100)


# --- Decimal checks shared by the sizer, the ladder and the journal ------------------------------
def to_decimal(field: str, value: object) -> Decimal:
    """`value` (a Decimal, an int or decimal text) as a finite Decimal, or PlanError naming `field`.

    Floats are refused: 0.1 is not a tenth in binary, and money here must be exact. Values that
    really are floats (plan levels, closes) go through `decimal_of_float`.
    """
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise PlanError(field, value, "must be a Decimal, a whole number or decimal text")
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise PlanError(field, value, "not a number") from None
    if not number.is_finite():
        raise PlanError(field, value, "must be a finite number")
    return number


def decimal_of_float(field: str, value: float) -> Decimal:
    """A float (a plan level, a close) as the Decimal its shortest repr reads: 9.5 -> 9.5."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PlanError(field, value, "must be a number")
    return to_decimal(field, repr(float(value)) if isinstance(value, float) else value)


def positive_decimal(field: str, value: object) -> Decimal:
    """A Decimal above zero (a price, an account size), or PlanError naming `field`."""
    number = to_decimal(field, value)
    if number <= 0:
        raise PlanError(field, value, "must be above zero")
    return number


def non_negative_decimal(field: str, value: object) -> Decimal:
    """A Decimal at or above zero (fees, cash), or PlanError naming `field`."""
    number = to_decimal(field, value)
    if number < 0:
        raise PlanError(field, value, "cannot be negative")
    return number


def percent_decimal(field: str, value: object) -> Decimal:
    """A percent in (0, 100], or PlanError naming `field`."""
    number = to_decimal(field, value)
    if not 0 < number <= _HUNDRED:
        raise PlanError(field, value, "must lie above 0 and at most 100 %")
    return number


def whole_shares(field: str, value: object) -> int:
    """A share count (a whole number, zero or more), or PlanError naming `field`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlanError(field, value, "a share count must be a whole number")
    if value < 0:
        raise PlanError(field, value, "a share count cannot be negative")
    return value


def floor_div(numerator: Decimal, denominator: Decimal) -> int:
    """floor(numerator / denominator) for a positive denominator, never below zero.

    `//` on Decimals divides exactly to an integer (no 28-digit rounding of the quotient first).
    """
    return 0 if numerator <= 0 else int(numerator // denominator)


# --- inputs --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """An entry price (low == high) or a zone low..high; sized at `fill`, the zone's top."""

    low: Decimal
    high: Decimal
    field: str = dc_field(default="entry", compare=False)  # where a refusal points

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", positive_decimal(f"{self.field}.low", self.low))
        object.__setattr__(self, "high", positive_decimal(f"{self.field}.high", self.high))
        if self.low > self.high:
            raise PlanError(self.field, (self.low, self.high), "the low is above the high")

    @classmethod
    def price(cls, value: object, field: str = "entry") -> Entry:
        number = positive_decimal(field, value)
        return cls(number, number, field)

    @property
    def is_zone(self) -> bool:
        return self.low != self.high

    @property
    def fill(self) -> Decimal:
        """The price sized at: the zone's top (worst fill)."""
        return self.high

    def contains(self, price: Decimal) -> bool:
        return self.low <= price <= self.high


@dataclass(frozen=True)
class Stop:
    """A stop at a price, or a percent below the fill (moves with the fill)."""

    kind: StopKind
    value: Decimal
    field: str = dc_field(default="stop", compare=False)

    def __post_init__(self) -> None:
        if self.kind == "price":
            object.__setattr__(self, "value", positive_decimal(self.field, self.value))
        elif self.kind == "pct_below_entry":
            number = to_decimal(self.field, self.value)
            if not 0 < number < _HUNDRED:
                raise PlanError(self.field, self.value, "a % below entry lies between 0 and 100")
            object.__setattr__(self, "value", number)
        else:
            raise PlanError(f"{self.field}.kind", self.kind, "must be 'price' or 'pct_below_entry'")

    def price_for(self, fill: Decimal) -> Decimal:
        """The stop price for a fill at `fill`."""
        if self.kind == "price":
            return self.value
        return fill * (_HUNDRED - self.value) / _HUNDRED


def check_stop_below(entry: Entry, stop: Stop, field: str) -> None:
    """Refuse a price stop at or above the entry's fill (a % stop is below by construction)."""
    if stop.kind == "price" and stop.value >= entry.fill:
        raise PlanError(
            field, stop.value, f"a stop must be below the entry ({fmt.money(entry.fill)})"
        )


@dataclass(frozen=True)
class PositionInputs:
    """What the sizer needs: the account, its limits, the entry, the stop and the fees."""

    account_size: Decimal
    cash_available: Decimal
    allocation_cap_pct: Decimal
    risk_per_trade_pct: Decimal
    entry: Entry
    stop: Stop
    fees_per_order: Decimal = Decimal(0)
    currency: Currency = "usd"

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "account_size", positive_decimal("account_size", self.account_size)
        )
        object.__setattr__(
            self, "cash_available", non_negative_decimal("cash_available", self.cash_available)
        )
        for name in ("allocation_cap_pct", "risk_per_trade_pct"):
            object.__setattr__(self, name, percent_decimal(name, getattr(self, name)))
        object.__setattr__(
            self, "fees_per_order", non_negative_decimal("fees_per_order", self.fees_per_order)
        )
        if self.currency not in CURRENCIES:
            raise PlanError("currency", self.currency, f"must be one of {CURRENCIES}")
        if not isinstance(self.entry, Entry):
            raise PlanError("entry", self.entry, "must be an Entry")
        if not isinstance(self.stop, Stop):
            raise PlanError("stop", self.stop, "must be a Stop")
        check_stop_below(self.entry, self.stop, "stop")

    @property
    def risk_budget(self) -> Decimal:
        return self.account_size * self.risk_per_trade_pct / _HUNDRED

    @property
    def allocation_budget(self) -> Decimal:
        return self.account_size * self.allocation_cap_pct / _HUNDRED


# --- result --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SizingWarning:
    """Something the sizer wants the user to see beside the numbers."""

    kind: WarningKind
    text: str


@dataclass(frozen=True)
class TargetResult:
    """One target against the sized position."""

    label: str
    price: Decimal
    reward: Decimal  # money at the target, net of the entry and exit fees
    r_multiple: Decimal  # (target − entry) / (entry − stop), per share
    reward_risk: Decimal | None  # reward / money at risk; None with nothing at risk


@dataclass(frozen=True)
class SizingResult:
    """The three limits side by side, the share count, and what it puts at risk."""

    inputs: PositionInputs
    fill: Decimal
    stop_price: Decimal
    shares_risk: int
    shares_cap: int
    shares_cash: int
    shares: int
    binding: Binding
    money_at_risk: Decimal
    position_value: Decimal
    pct_of_account: Decimal
    targets: tuple[TargetResult, ...]
    warnings: tuple[SizingWarning, ...]

    @property
    def risk_per_share(self) -> Decimal:
        return self.fill - self.stop_price


@dataclass(frozen=True)
class PlanTarget:
    """A target price to size against, labelled for the table."""

    label: str
    price: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "price", positive_decimal(f"target {self.label}", self.price))


def _binding(shares_risk: int, shares_cap: int, shares_cash: int) -> Binding:
    smallest = min(shares_risk, shares_cap, shares_cash)
    if shares_risk == smallest:
        return "risk"
    return "allocation" if shares_cap == smallest else "cash"


def size_position(
    inputs: PositionInputs, targets: Sequence[PlanTarget] = (), shares: int | None = None
) -> SizingResult:
    """Size a position from the three limits; `shares` overrides the count (a user's own choice).

    With an override the limits are still computed and a count over the cap is warned about.
    """
    fill = inputs.entry.fill
    stop_price = inputs.stop.price_for(fill)
    per_share = fill - stop_price  # > 0: PositionInputs refuses a stop at or above the entry
    fees = inputs.fees_per_order
    shares_risk = floor_div(inputs.risk_budget - 2 * fees, per_share)
    shares_cap = floor_div(inputs.allocation_budget, fill)
    shares_cash = floor_div(inputs.cash_available - fees, fill)
    chosen = min(shares_risk, shares_cap, shares_cash)
    if shares is not None:
        chosen = whole_shares("shares", shares)
    # no shares, no orders: nothing is at risk, not even the fees
    at_risk = chosen * per_share + 2 * fees if chosen else Decimal(0)
    value = chosen * fill
    warnings: list[SizingWarning] = []
    if inputs.stop.kind == "price" and inputs.entry.is_zone and stop_price >= inputs.entry.low:
        warnings.append(
            SizingWarning(
                "stop_not_below_entry",
                f"The stop {fmt.money(stop_price)} is not below the whole entry zone: a fill "
                f"at {fmt.money(inputs.entry.low)} would start at or under its stop.",
            )
        )
    if chosen > shares_cap:
        warnings.append(
            SizingWarning(
                "over_cap",
                f"{chosen} shares ({fmt.money(value)}) are over the allocation cap of "
                f"{fmt.money(inputs.allocation_budget)} ({shares_cap} shares).",
            )
        )
    if chosen == 0:
        warnings.append(SizingWarning("zero_shares", _zero_shares_text(inputs, shares_risk)))
    results = tuple(_target(t, fill, per_share, chosen, fees, at_risk) for t in targets)
    low = [t for t in results if (t.reward_risk if t.reward_risk is not None else t.r_multiple) < 1]
    if low:
        names = ", ".join(f"{t.label} ({fmt.money(t.price)})" for t in low)
        warnings.append(SizingWarning("low_reward_risk", f"Reward/risk below 1 at {names}."))
    return SizingResult(
        inputs,
        fill,
        stop_price,
        shares_risk,
        shares_cap,
        shares_cash,
        chosen,
        _binding(shares_risk, shares_cap, shares_cash),
        at_risk,
        value,
        value / inputs.account_size * _HUNDRED,
        results,
        tuple(warnings),
    )


def _target(
    t: PlanTarget, fill: Decimal, per_share: Decimal, shares: int, fees: Decimal, at_risk: Decimal
) -> TargetResult:
    reward = shares * (t.price - fill) - 2 * fees if shares else Decimal(0)
    return TargetResult(
        t.label,
        t.price,
        reward,
        (t.price - fill) / per_share,
        reward / at_risk if at_risk > 0 else None,
    )


def _zero_shares_text(inputs: PositionInputs, shares_risk: int) -> str:
    if shares_risk == 0 and inputs.risk_budget <= 2 * inputs.fees_per_order:
        return (
            f"Zero shares: the risk budget {fmt.money(inputs.risk_budget)} does not cover the "
            f"two orders' fees ({fmt.money(2 * inputs.fees_per_order)})."
        )
    return "Zero shares: the limits leave no room for one share at this entry."


# --- the report's defaults -----------------------------------------------------------------------
@dataclass(frozen=True)
class SizingDefaults:
    """The report's sizing inputs, each at its cautious end, with the reason for each choice."""

    allocation_cap_pct: Decimal
    risk_per_trade_pct: Decimal
    entry: Entry
    stop: Stop
    beta: RangeValue
    reasons: tuple[str, ...]

    def inputs(
        self,
        account_size: object,
        cash_available: object | None = None,
        fees_per_order: object = Decimal(0),
        currency: Currency = "usd",
    ) -> PositionInputs:
        """PositionInputs for an account (the report has none); cash defaults to the account."""
        account = positive_decimal("account_size", account_size)
        return PositionInputs(
            account,
            account if cash_available is None else to_decimal("cash_available", cash_available),
            self.allocation_cap_pct,
            self.risk_per_trade_pct,
            self.entry,
            self.stop,
            to_decimal("fees_per_order", fees_per_order),
            currency,
        )


def _bound(rv: RangeValue, end: Literal["low", "high"], field: str) -> Decimal:
    value = rv.low if end == "low" else rv.high
    if value is None:
        raise PlanError(field, rv, f"the range has no {end} end")
    return decimal_of_float(field, value)


def cautious_stop_pct(plan: Plan) -> Decimal:
    """The stop rule's widest % (the report: 20 of 10–20 %): see `defaults_from_plan`."""
    return _bound(plan.stop_rule.pct_below_entry, "high", "stop_rule.pct_below_entry")


def defaults_from_plan(plan: Plan) -> SizingDefaults:
    """The report's inputs at the cautious end of each range.

    Cautious means "the smaller position": the low allocation cap and the low risk per trade;
    the WIDEST stop, because with the risk budget fixed a wider stop buys fewer shares, and for a
    stock with beta ≈1.6–2.0 a 10 % stop sits inside ordinary noise; the accumulation zone,
    sized at its top (worst fill).
    """
    sizing = plan.sizing
    if not plan.zones:
        raise PlanError("zones", (), "the plan has no zone to size an entry in yet: add one")
    zone = plan.zone("accumulate") or plan.zones[0]
    return SizingDefaults(
        allocation_cap_pct=_bound(sizing.allocation_pct, "low", "sizing.allocation_pct"),
        risk_per_trade_pct=_bound(sizing.risk_per_trade_pct, "low", "sizing.risk_per_trade_pct"),
        entry=Entry(
            _bound(zone.price, "low", f"zones.{zone.key}.price"),
            _bound(zone.price, "high", f"zones.{zone.key}.price"),
        ),
        stop=Stop("pct_below_entry", cautious_stop_pct(plan)),
        beta=sizing.beta,
        reasons=(
            f"Allocation cap {fmt.range_value(sizing.allocation_pct)}: the low end, the report's "
            "figure for conservative portfolios.",
            f"Risk per trade {fmt.range_value(sizing.risk_per_trade_pct)}: the low end; the "
            f"report says to size smaller for a high-beta stock (beta "
            f"{fmt.range_value(sizing.beta)}).",
            f"Stop {fmt.range_value(plan.stop_rule.pct_below_entry)} below entry: the widest, "
            "which gives the fewest shares for the same risk budget.",
            f"Entry: {zone.label} {fmt.range_value(zone.price)}, sized at the zone's top (the "
            "worst fill).",
        ),
    )


def targets_from_plan(plan: Plan) -> tuple[PlanTarget, ...]:
    """Every profit and price target, both ends of a range as their own rows (never averaged)."""
    out: list[PlanTarget] = []
    for t in (*plan.profit_targets, *plan.price_targets):
        low, high = t.price.low, t.price.high
        assert low is not None  # a target price always has a low (Target checks it is a price)
        if high is None or high == low:
            out.append(PlanTarget(t.label, decimal_of_float(t.key, low)))
            continue
        out.append(PlanTarget(f"{t.label} (low end)", decimal_of_float(t.key, low)))
        out.append(PlanTarget(f"{t.label} (high end)", decimal_of_float(t.key, high)))
    return tuple(out)


# --- JSON ----------------------------------------------------------------------------------------
def entry_to_json(entry: Entry) -> dict[str, str]:
    return {"low": str(entry.low), "high": str(entry.high)}


def entry_from_json(doc: Any, field: str = "entry") -> Entry:
    if not isinstance(doc, dict) or "low" not in doc or "high" not in doc:
        raise PlanError(field, doc, "expected an object with low and high")
    return Entry(to_decimal(f"{field}.low", doc["low"]), to_decimal(f"{field}.high", doc["high"]))


def stop_to_json(stop: Stop) -> dict[str, str]:
    return {"kind": stop.kind, "value": str(stop.value)}


def stop_from_json(doc: Any, field: str = "stop") -> Stop:
    if not isinstance(doc, dict) or "kind" not in doc or "value" not in doc:
        raise PlanError(field, doc, "expected an object with kind and value")
    return Stop(doc["kind"], to_decimal(f"{field}.value", doc["value"]), field)


def inputs_to_json(inputs: PositionInputs) -> dict[str, Any]:
    """PositionInputs as a JSON-ready dict, every Decimal as exact text."""
    return {
        "account_size": str(inputs.account_size),
        "currency": inputs.currency,
        "cash_available": str(inputs.cash_available),
        "allocation_cap_pct": str(inputs.allocation_cap_pct),
        "risk_per_trade_pct": str(inputs.risk_per_trade_pct),
        "entry": entry_to_json(inputs.entry),
        "stop": stop_to_json(inputs.stop),
        "fees_per_order": str(inputs.fees_per_order),
    }


def inputs_from_json(doc: Any) -> PositionInputs:
    """PositionInputs from `inputs_to_json`'s dict; PlanError names the first bad field."""
    if not isinstance(doc, dict):
        raise PlanError("position_inputs", doc, "expected an object")
    try:
        return PositionInputs(
            account_size=to_decimal("account_size", doc["account_size"]),
            cash_available=to_decimal("cash_available", doc["cash_available"]),
            allocation_cap_pct=to_decimal("allocation_cap_pct", doc["allocation_cap_pct"]),
            risk_per_trade_pct=to_decimal("risk_per_trade_pct", doc["risk_per_trade_pct"]),
            entry=entry_from_json(doc["entry"]),
            stop=stop_from_json(doc["stop"]),
            fees_per_order=to_decimal("fees_per_order", doc.get("fees_per_order", "0")),
            currency=doc.get("currency", "usd"),
        )
    except KeyError as exc:
        raise PlanError(str(exc.args[0]), None, "missing") from None


def _ratio(x: Decimal) -> float:
    return round(float(x), 4)


def size_report(result: SizingResult) -> dict[str, Any]:
    """What `kcdesk size --format json` prints: money as cent text, R as plain numbers."""
    return {
        "shares": result.shares,
        "binding": result.binding,
        "shares_risk": result.shares_risk,
        "shares_cap": result.shares_cap,
        "shares_cash": result.shares_cash,
        "entry": fmt.money_exact(result.fill),
        "stop": fmt.money_cents(result.stop_price),
        "money_at_risk": fmt.money_cents(result.money_at_risk),
        "position_value": fmt.money_cents(result.position_value),
        "pct_of_account": _ratio(result.pct_of_account),
        "targets": [
            {
                "label": t.label,
                "price": fmt.money_exact(t.price),
                "r_multiple": _ratio(t.r_multiple),
                "reward": fmt.money_cents(t.reward),
                "reward_risk": None if t.reward_risk is None else _ratio(t.reward_risk),
            }
            for t in result.targets
        ],
        "warnings": [{"kind": w.kind, "text": w.text} for w in result.warnings],
    }
