"""The trading plan: zones, breakout, stops, targets, sizing and horizon, as frozen values.

An edit makes a new Plan (`edit_level`, `dataclasses.replace`); an invalid plan cannot exist,
so undo is a stack of old values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kcdesk.model.tickers import normalize_ticker
from kcdesk.model.values import PlanError, RangeValue, check_percent, check_price

ZONE_KEYS = ("accumulate", "add_on_dip", "swing_entry")


def _usd(rv: RangeValue, field_name: str) -> RangeValue:
    if rv.unit != "usd":
        raise PlanError(field_name, rv.unit, "must be a price in USD")
    for bound in (rv.low, rv.high):
        if bound is not None:
            check_price(field_name, bound)
    return replace(rv, field=field_name)


@dataclass(frozen=True)
class Zone:
    """A horizontal price band where the plan says to act (accumulate, add on dips, swing entry)."""

    key: str
    label: str
    price: RangeValue
    section: str
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "price", _usd(self.price, f"zones.{self.key}.price"))
        if self.price.low is None or self.price.high is None:
            raise PlanError(f"zones.{self.key}.price", self.price, "a zone needs a low and a high")


@dataclass(frozen=True)
class Breakout:
    """A breakout level and its volume condition (volume this much above its average)."""

    level: RangeValue
    volume_surge_pct: float
    section: str
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", _usd(self.level, "breakout.level"))
        check_percent("breakout.volume_surge_pct", self.volume_surge_pct, 0.0, 1000.0)
        if self.level.low is None:
            raise PlanError("breakout.level", self.level, "a breakout level needs a low")


@dataclass(frozen=True)
class StopRule:
    """How far below an entry the stop goes, in percent (the report: 10–20 %)."""

    pct_below_entry: RangeValue
    section: str

    def __post_init__(self) -> None:
        rv = self.pct_below_entry
        if rv.unit != "pct" or rv.low is None or rv.high is None:
            raise PlanError("stop_rule.pct_below_entry", rv, "must be a percent range")
        for b in (rv.low, rv.high):
            if not 0 < b < 100:
                raise PlanError("stop_rule.pct_below_entry", b, "must lie between 0 and 100 %")

    def band_for(self, entry: float) -> tuple[float, float]:
        """Stop prices (lowest, highest) the rule allows for `entry`."""
        assert self.pct_below_entry.low is not None and self.pct_below_entry.high is not None
        return (
            entry * (1 - self.pct_below_entry.high / 100),
            entry * (1 - self.pct_below_entry.low / 100),
        )


@dataclass(frozen=True)
class EntryStop:
    """A planned entry and its stop band; the stop must lie below the entry."""

    key: str
    label: str
    entry: float
    stop: RangeValue
    section: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "entry", check_price(f"stops.{self.key}.entry", self.entry))
        object.__setattr__(self, "stop", _usd(self.stop, f"stops.{self.key}.stop"))
        top = self.stop.high if self.stop.high is not None else self.stop.low
        assert top is not None
        if top >= self.entry:
            raise PlanError(
                f"stops.{self.key}.stop",
                top,
                f"a stop must be below its entry (${self.entry:.2f})",
            )


@dataclass(frozen=True)
class Target:
    """A profit or price target, optionally tied to the entries it is measured from."""

    key: str
    label: str
    price: RangeValue
    section: str
    horizon: str = ""
    from_entry: RangeValue | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "price", _usd(self.price, f"targets.{self.key}.price"))
        if self.from_entry is not None:
            fe = _usd(self.from_entry, f"targets.{self.key}.from_entry")
            object.__setattr__(self, "from_entry", fe)
            if self.price.low is not None and fe.high is not None and self.price.low <= fe.high:
                raise PlanError(
                    f"targets.{self.key}.price",
                    self.price.low,
                    "a profit target must be above the entries it is measured from "
                    f"(${fe.high:.2f})",
                )


@dataclass(frozen=True)
class Sizing:
    """Position-size limits: allocation cap, risk per trade, and the stock's beta."""

    allocation_pct: RangeValue
    risk_per_trade_pct: RangeValue
    beta: RangeValue
    section: str
    note: str = ""

    def __post_init__(self) -> None:
        for name in ("allocation_pct", "risk_per_trade_pct"):
            rv: RangeValue = getattr(self, name)
            if rv.unit != "pct":
                raise PlanError(f"sizing.{name}", rv.unit, "must be a percent")
            for b in (rv.low, rv.high):
                if b is not None and not 0 < b <= 100:
                    raise PlanError(f"sizing.{name}", b, "must lie between 0 and 100 %")


@dataclass(frozen=True)
class Level:
    """One plan item as the chart draws it: a line (low == high) or a band."""

    key: str
    kind: str  # zone | breakout | entry | stop | target
    label: str
    low: float
    high: float | None  # None: open-ended ("$25+"), drawn as a line at low
    editable: bool = True


@dataclass(frozen=True)
class Plan:
    """The whole plan for one ticker."""

    ticker: str
    name: str
    zones: tuple[Zone, ...]
    breakout: Breakout | None  # None: no breakout level (yet), as in a new blank plan
    stop_rule: StopRule
    stops: tuple[EntryStop, ...]
    profit_targets: tuple[Target, ...]
    price_targets: tuple[Target, ...]
    sizing: Sizing
    horizon_years: RangeValue
    horizon_section: str
    technical_notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ticker", normalize_ticker(self.ticker))
        keys = [z.key for z in self.zones]
        if len(set(keys)) != len(keys):
            raise PlanError("zones", keys, "zone keys must be unique")

    # --- lookup ---------------------------------------------------------------
    def zone(self, key: str) -> Zone | None:
        return next((z for z in self.zones if z.key == key), None)

    def levels(self) -> tuple[Level, ...]:
        """Every plan level, in drawing order (zones first, targets last)."""
        out: list[Level] = []
        for z in self.zones:
            assert z.price.low is not None and z.price.high is not None
            out.append(Level(f"zone.{z.key}", "zone", z.label, z.price.low, z.price.high))
        if self.breakout is not None:
            b = self.breakout.level
            assert b.low is not None
            out.append(Level("breakout", "breakout", "Breakout", b.low, b.high))
        for s in self.stops:
            out.append(Level(f"entry.{s.key}", "entry", f"{s.label} entry", s.entry, s.entry))
            assert s.stop.low is not None
            out.append(Level(f"stop.{s.key}", "stop", f"{s.label} stop", s.stop.low, s.stop.high))
        for t in (*self.profit_targets, *self.price_targets):
            assert t.price.low is not None
            out.append(Level(f"target.{t.key}", "target", t.label, t.price.low, t.price.high))
        return tuple(out)

    def level(self, key: str) -> Level:
        for lv in self.levels():
            if lv.key == key:
                return lv
        raise PlanError("level", key, "no such level in the plan")

    # --- edits ----------------------------------------------------------------
    def edit_level(self, key: str, low: float, high: float | None) -> Plan:
        """A new plan with level `key` moved to low..high; raises PlanError if invalid."""
        kind, _, sub = key.partition(".")
        if kind == "zone":
            zones = tuple(
                replace(z, price=z.price.with_bounds(low, high)) if z.key == sub else z
                for z in self.zones
            )
            if zones == self.zones and self.zone(sub) is None:
                raise PlanError("level", key, "no such zone")
            return replace(self, zones=zones)
        if kind == "breakout":
            if self.breakout is None:
                raise PlanError("level", key, "the plan has no breakout level")
            return replace(
                self,
                breakout=replace(self.breakout, level=self.breakout.level.with_bounds(low, high)),
            )
        if kind in ("entry", "stop"):
            found = False
            stops = []
            for s in self.stops:
                if s.key == sub:
                    found = True
                    if kind == "entry":
                        s = replace(s, entry=low)
                    else:
                        s = replace(s, stop=s.stop.with_bounds(low, high))
                stops.append(s)
            if not found:
                raise PlanError("level", key, "no such stop")
            return replace(self, stops=tuple(stops))
        if kind == "target":

            def move(ts: tuple[Target, ...]) -> tuple[Target, ...]:
                return tuple(
                    replace(t, price=t.price.with_bounds(low, high)) if t.key == sub else t
                    for t in ts
                )

            new = replace(
                self,
                profit_targets=move(self.profit_targets),
                price_targets=move(self.price_targets),
            )
            if new == self:
                self.level(key)  # raises for an unknown key; else the edit was a no-op
            return new
        raise PlanError("level", key, "no such level in the plan")
