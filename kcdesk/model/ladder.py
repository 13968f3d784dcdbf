"""The entry ladder: the plan's entries as tranches, each with its shares, stop and target.

The ladder is one position bought in parts, so its totals answer to the position's limits: the
whole ladder's value to the allocation cap, its loss if every tranche hits its stop to the risk
budget, its cost to the cash. `ladder_from_plan` splits each limit equally between the tranches
and sizes each with `size_position`, so the totals respect the limits by construction; a ladder
edited by hand may not, and `ladder_totals` then warns, naming the tranche that crosses the limit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

from kcdesk.model import fmt
from kcdesk.model.journal import PlannedEntry
from kcdesk.model.plan import Plan
from kcdesk.model.sizing import (
    Entry,
    PositionInputs,
    Stop,
    cautious_stop_pct,
    check_stop_below,
    decimal_of_float,
    entry_from_json,
    entry_to_json,
    positive_decimal,
    size_position,
    stop_from_json,
    stop_to_json,
    to_decimal,
    whole_shares,
)
from kcdesk.model.values import PlanError

LadderWarningKind = Literal["over_cap", "over_risk_budget", "over_cash"]


@dataclass(frozen=True)
class Tranche:
    """One planned entry: a price or zone, a share count, its own stop and its target."""

    key: str
    label: str
    entry: Entry
    shares: int
    stop: Stop
    target: Decimal | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key.strip():
            raise PlanError("tranches.key", self.key, "a tranche needs a key")
        where = f"tranches.{self.key}"
        whole_shares(f"{where}.shares", self.shares)
        check_stop_below(self.entry, self.stop, f"{where}.stop")
        if self.target is not None:
            target = positive_decimal(f"{where}.target", self.target)
            if target <= self.entry.fill:
                raise PlanError(
                    f"{where}.target",
                    target,
                    f"must be above the entry ({fmt.money(self.entry.fill)})",
                )
            object.__setattr__(self, "target", target)

    @property
    def stop_price(self) -> Decimal:
        """The stop for a fill at the zone's top (a % stop moves with the fill)."""
        return self.stop.price_for(self.entry.fill)

    @property
    def r_multiple(self) -> Decimal | None:
        """(target − entry) / (entry − stop) at the zone's top: the position box's R/R."""
        if self.target is None:
            return None
        return (self.target - self.entry.fill) / (self.entry.fill - self.stop_price)

    def planned_entry(self) -> PlannedEntry:
        return PlannedEntry(self.key, self.entry, self.target)


@dataclass(frozen=True)
class Ladder:
    """The tranches in plan order; keys unique."""

    tranches: tuple[Tranche, ...]

    def __post_init__(self) -> None:
        keys = [t.key for t in self.tranches]
        if len(set(keys)) != len(keys):
            raise PlanError("tranches", keys, "tranche keys must be unique")

    def tranche(self, key: str) -> Tranche:
        for t in self.tranches:
            if t.key == key:
                return t
        raise PlanError("tranche", key, "no such tranche in the ladder")

    def with_shares(self, key: str, shares: int) -> Ladder:
        """A ladder with one tranche's share count changed (checked, not capped: see totals)."""
        self.tranche(key)
        return Ladder(
            tuple(replace(t, shares=shares) if t.key == key else t for t in self.tranches)
        )

    def planned_entries(self) -> tuple[PlannedEntry, ...]:
        """What the journal checks buys against."""
        return tuple(t.planned_entry() for t in self.tranches)


@dataclass(frozen=True)
class DecimalRange:
    """A result over the zones' ends: `low` with every fill at a zone's bottom, `high` at top."""

    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class LadderWarning:
    """A limit the ladder's running total crosses, and the tranche where it does."""

    kind: LadderWarningKind
    tranche: str
    text: str


@dataclass(frozen=True)
class LadderTotals:
    """The ladder if every tranche fills: shares, cost, average cost and risk, as ranges."""

    shares: int
    cost: DecimalRange  # shares × fill + one order's fees per tranche
    average_cost: DecimalRange | None  # None with no shares
    risk: DecimalRange  # every tranche stopped out: the fall to its stop plus both fees
    warnings: tuple[LadderWarning, ...]


def _tranche_money(t: Tranche, fill: Decimal, fees: Decimal) -> tuple[Decimal, Decimal]:
    """(cost, risk) of one tranche filled at `fill`."""
    if not t.shares:
        return Decimal(0), Decimal(0)
    return t.shares * fill + fees, t.shares * (fill - t.stop.price_for(fill)) + 2 * fees


def ladder_totals(ladder: Ladder, inputs: PositionInputs) -> LadderTotals:
    """Totals if all fill, checked against the inputs' cap, risk budget and cash (worst fills)."""
    fees = inputs.fees_per_order
    shares = sum(t.shares for t in ladder.tranches)
    low = [_tranche_money(t, t.entry.low, fees) for t in ladder.tranches]
    high = [_tranche_money(t, t.entry.fill, fees) for t in ladder.tranches]
    cost = DecimalRange(sum((c for c, _ in low), Decimal(0)), sum((c for c, _ in high), Decimal(0)))
    risk = DecimalRange(sum((r for _, r in low), Decimal(0)), sum((r for _, r in high), Decimal(0)))
    # the cap is on the position's value; the fees count against the risk budget and the cash
    values = [t.shares * t.entry.fill for t in ladder.tranches]
    limits: tuple[tuple[LadderWarningKind, str, Decimal, list[Decimal]], ...] = (
        ("over_cap", "the allocation cap", inputs.allocation_budget, values),
        ("over_risk_budget", "the risk budget", inputs.risk_budget, [r for _, r in high]),
        ("over_cash", "the cash available", inputs.cash_available, [c for c, _ in high]),
    )
    warnings: list[LadderWarning] = []
    for kind, name, limit, amounts in limits:
        running = Decimal(0)
        for t, amount in zip(ladder.tranches, amounts, strict=True):
            running += amount
            if running > limit:
                warnings.append(
                    LadderWarning(
                        kind,
                        t.key,
                        f"With {t.label} the ladder reaches {fmt.money(running)}, over {name} "
                        f"of {fmt.money(limit)}.",
                    )
                )
                break
    average = None
    if shares:
        average = DecimalRange(cost.low / shares, cost.high / shares)
    return LadderTotals(shares, cost, average, risk, tuple(warnings))


# --- from the plan -------------------------------------------------------------------------------
def _tranche_target(plan: Plan, entry: Entry) -> Decimal | None:
    """The low (cautious) end of the first profit target measured from entries overlapping this
    zone; failing that, the lowest target above the zone's top."""
    for t in plan.profit_targets:
        fe = t.from_entry
        if fe is None or fe.low is None or fe.high is None:
            continue
        lo, hi = decimal_of_float("from_entry", fe.low), decimal_of_float("from_entry", fe.high)
        if lo <= entry.high and entry.low <= hi:
            assert t.price.low is not None  # a Target's price always has a low
            return decimal_of_float(f"targets.{t.key}", t.price.low)
    lows = [
        decimal_of_float(f"targets.{t.key}", t.price.low)
        for t in (*plan.profit_targets, *plan.price_targets)
        if t.price.low is not None
    ]
    above = [p for p in lows if p > entry.fill]
    return min(above) if above else None


def _plan_entries(plan: Plan) -> list[tuple[str, str, Entry, str]]:
    """(key, label, entry, note) for each zone and the breakout, in plan order."""
    out: list[tuple[str, str, Entry, str]] = []
    for z in plan.zones:
        assert z.price.low is not None and z.price.high is not None  # a Zone has both ends
        where = f"zones.{z.key}.price"
        out.append(
            (
                z.key,
                z.label,
                Entry(decimal_of_float(where, z.price.low), decimal_of_float(where, z.price.high)),
                z.note,
            )
        )
    b = plan.breakout
    if b is None:  # a plan without a breakout level
        return out
    assert b.level.low is not None  # a Breakout has a low
    low = decimal_of_float("breakout.level", b.level.low)
    high = low if b.level.high is None else decimal_of_float("breakout.level", b.level.high)
    note = f"On volume more than {fmt.pct(b.volume_surge_pct, 0)} above its average. {b.note}"
    out.append(("breakout", "Breakout", Entry(low, high), note.strip()))
    return out


def planned_entries(plan: Plan) -> tuple[PlannedEntry, ...]:
    """The plan's entries (each zone and the breakout) with their targets: what the journal
    checks buys against and offers as tranches, whatever the sizer's share counts."""
    return tuple(PlannedEntry(k, e, _tranche_target(plan, e)) for k, _, e, _ in _plan_entries(plan))


def entry_labels(plan: Plan) -> dict[str, str]:
    """The label of each planned entry by its key: "accumulate" -> "Accumulation zone"."""
    return {key: label for key, label, _, _ in _plan_entries(plan)}


def ladder_from_plan(plan: Plan, inputs: PositionInputs, stop_pct: Decimal | None = None) -> Ladder:
    """The plan's entries as tranches, each given an equal share of the cap, risk and cash.

    Each tranche's stop is `stop_pct` below its fill (default: the plan rule's widest, as the
    sizer's defaults); its target is `_tranche_target`'s. Zones are sized at their tops.
    """
    pct = cautious_stop_pct(plan) if stop_pct is None else to_decimal("stop_pct", stop_pct)
    entries = _plan_entries(plan)
    n = len(entries)
    tranches = []
    for key, label, entry, note in entries:
        stop = Stop("pct_below_entry", pct, f"tranches.{key}.stop")
        part = replace(
            inputs,
            entry=entry,
            stop=stop,
            allocation_cap_pct=inputs.allocation_cap_pct / n,
            risk_per_trade_pct=inputs.risk_per_trade_pct / n,
            cash_available=inputs.cash_available / n,
        )
        shares = size_position(part).shares
        tranches.append(
            Tranche(key, label, entry, shares, stop, _tranche_target(plan, entry), note)
        )
    return Ladder(tuple(tranches))


# --- JSON ----------------------------------------------------------------------------------------
def ladder_to_json(ladder: Ladder) -> list[dict[str, Any]]:
    """The tranches as JSON-ready dicts, Decimals as exact text."""
    return [
        {
            "key": t.key,
            "label": t.label,
            "entry": entry_to_json(t.entry),
            "shares": t.shares,
            "stop": stop_to_json(t.stop),
            "target": None if t.target is None else str(t.target),
            "note": t.note,
        }
        for t in ladder.tranches
    ]


def ladder_from_json(doc: Any) -> Ladder:
    """A Ladder from `ladder_to_json`'s list; PlanError names the first bad field."""
    if not isinstance(doc, list):
        raise PlanError("tranches", doc, "expected a list of tranches")
    tranches = []
    for i, d in enumerate(doc):
        where = f"tranches[{i}]"
        if not isinstance(d, dict):
            raise PlanError(where, d, "expected an object")
        try:
            target = d.get("target")
            tranches.append(
                Tranche(
                    key=d["key"],
                    label=str(d.get("label", d["key"])),
                    entry=entry_from_json(d["entry"], f"{where}.entry"),
                    shares=d["shares"],
                    stop=stop_from_json(d["stop"], f"{where}.stop"),
                    target=None if target is None else to_decimal(f"{where}.target", target),
                    note=d.get("note", ""),
                )
            )
        except KeyError as exc:
            raise PlanError(f"{where}.{exc.args[0]}", None, "missing") from None
    return Ladder(tuple(tranches))


def ladder_report(ladder: Ladder, inputs: PositionInputs) -> dict[str, Any]:
    """The ladder and its totals for JSON output: money rounded to the cent."""
    totals = ladder_totals(ladder, inputs)

    def rng(r: DecimalRange | None) -> dict[str, str] | None:
        return (
            None if r is None else {"low": fmt.money_cents(r.low), "high": fmt.money_cents(r.high)}
        )

    return {
        "tranches": ladder_to_json(ladder),
        "shares": totals.shares,
        "cost": rng(totals.cost),
        "average_cost": rng(totals.average_cost),
        "risk": rng(totals.risk),
        "warnings": [
            {"kind": w.kind, "tranche": w.tranche, "text": w.text} for w in totals.warnings
        ],
    }
