"""Self-validating value types: range values as the report writes them, and sourced figures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


class PlanError(ValueError):
    """A value was refused; the message names the field and the value."""

    def __init__(self, field: str, value: object, problem: str) -> None:
        self.field = field
        self.value = value
        self.problem = problem
        super().__init__(f"{field}: {problem} (got {value!r})")


def check_number(field: str, value: object) -> float:
    """Return `value` as a finite float or raise PlanError naming `field`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PlanError(field, value, "must be a number")
    number = float(value)
    if not math.isfinite(number):
        raise PlanError(field, value, "must be a finite number")
    return number


# The dearest listed share (Berkshire Hathaway A) trades near $700,000: a level above a million
# dollars a share is a typing slip (or 1e308), and would overflow sums into Infinity downstream.
MAX_PRICE = 1_000_000.0
_MAX_PRICE_TEXT = "$1,000,000"  # MAX_PRICE as the message says it


def check_price(field: str, value: object) -> float:
    """Return `value` as a price (finite, above 0, at most MAX_PRICE) or raise PlanError."""
    number = check_number(field, value)
    if number <= 0:
        raise PlanError(field, value, "a price must be above zero")
    if number > MAX_PRICE:
        raise PlanError(field, value, f"a price must be at most {_MAX_PRICE_TEXT} a share")
    return number


def check_percent(field: str, value: object, low: float = -100.0, high: float = 1000.0) -> float:
    """Return `value` as a percent inside [low, high] or raise PlanError naming `field`."""
    number = check_number(field, value)
    if not low <= number <= high:
        raise PlanError(field, value, f"a percent here must lie between {low:g} and {high:g}")
    return number


# Units a RangeValue can carry; the checks applied depend on the unit.
# "usd_ps" is money per share (EPS), which may be negative, unlike a price.
UNITS = ("usd", "hkd", "rmb", "usd_ps", "pct", "x", "years", "count", "ratio", "shares")


@dataclass(frozen=True)
class RangeValue:
    """A figure as the report writes it: low..high, maybe open-ended, maybe approximate.

    `low == high` is a single value. `high is None` reads "low or more" ("$25+", ">30%");
    `low is None` reads "up to high" ("<1.0"). Never silently averaged: `mid` exists for
    drawing only and says so in its name.
    """

    low: float | None
    high: float | None
    unit: str
    approx: bool = False
    scale: str = ""  # "", "K", "M", "B": the magnitude of money figures, as written
    field: str = "value"

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise PlanError(
                f"{self.field}.unit", self.unit, f"unknown unit, expected one of {UNITS}"
            )
        if self.low is None and self.high is None:
            raise PlanError(self.field, None, "a range needs at least a low or a high")
        for name in ("low", "high"):
            v = getattr(self, name)
            if v is None:
                continue
            num = check_number(f"{self.field}.{name}", v)
            if self.unit in ("usd", "hkd", "rmb") and self.scale == "" and num <= 0:
                raise PlanError(f"{self.field}.{name}", v, "a price must be above zero")
            if self.unit == "pct":
                check_percent(f"{self.field}.{name}", num, -1000.0, 10000.0)
            if self.unit in ("years", "count", "shares") and num < 0:
                raise PlanError(f"{self.field}.{name}", v, "cannot be negative")
            object.__setattr__(self, name, num)
        if self.low is not None and self.high is not None and self.low > self.high:
            raise PlanError(self.field, (self.low, self.high), "the low is above the high")
        if self.scale not in ("", "K", "M", "B"):
            raise PlanError(f"{self.field}.scale", self.scale, "scale must be '', K, M or B")

    @classmethod
    def point(cls, value: float, unit: str, approx: bool = False, **kw: Any) -> RangeValue:
        """A single value."""
        return cls(value, value, unit, approx, **kw)

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low == self.high

    @property
    def open_high(self) -> bool:
        return self.high is None

    @property
    def open_low(self) -> bool:
        return self.low is None

    @property
    def drawing_mid(self) -> float:
        """Middle of the range, for placing a label; never a figure to show as data."""
        if self.low is None:
            assert self.high is not None
            return self.high
        if self.high is None:
            return self.low
        return (self.low + self.high) / 2

    def contains(self, x: float) -> bool:
        """Whether x lies in the range (bounds included; open ends unbounded)."""
        if self.low is not None and x < self.low:
            return False
        return not (self.high is not None and x > self.high)

    def with_bounds(self, low: float | None, high: float | None) -> RangeValue:
        """A copy with new bounds, validated."""
        return RangeValue(low, high, self.unit, self.approx, self.scale, self.field)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"low": self.low, "high": self.high, "unit": self.unit}
        if self.approx:
            out["approx"] = True
        if self.scale:
            out["scale"] = self.scale
        return out

    @classmethod
    def from_json(cls, doc: dict[str, Any], field: str = "value") -> RangeValue:
        if not isinstance(doc, dict):
            raise PlanError(field, doc, "expected an object with low/high/unit")
        try:
            return cls(
                doc.get("low"),
                doc.get("high"),
                doc["unit"],
                bool(doc.get("approx", False)),
                doc.get("scale", ""),
                field,
            )
        except KeyError as exc:
            raise PlanError(field, doc, f"missing key {exc.args[0]!r}") from None


@dataclass(frozen=True)
class Statement:
    """One place in the report that states a figure: the value and the section it is in."""

    value: RangeValue
    section: str
    text: str = ""  # the words as the report writes them, e.g. "~3.5–3.8x"

    def __post_init__(self) -> None:
        if not self.section.strip():
            raise PlanError(
                "section", self.section, "every figure names the report section it came from"
            )


@dataclass(frozen=True)
class Figure:
    """A figure with every statement of it in the report; sources may differ."""

    key: str
    label: str
    statements: tuple[Statement, ...]
    note: str = ""

    def __post_init__(self) -> None:
        if not self.statements:
            raise PlanError(self.key, (), "a figure needs at least one statement")

    @property
    def value(self) -> RangeValue:
        """The first statement's value (the one a table shows by default)."""
        return self.statements[0].value

    @property
    def section(self) -> str:
        return self.statements[0].section

    @property
    def sources_differ(self) -> bool:
        """True where two places in the report give different values for this figure."""
        first = self.statements[0].value
        return any(
            (s.value.low, s.value.high) != (first.low, first.high) for s in self.statements[1:]
        )
