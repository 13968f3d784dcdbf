"""The sizer's typed fields and the command line's options: text to Decimal values and back.

What a user types is read leniently ("$100,000", "1 %", "10–12", "20%") and strictly checked:
a value that is not a number, or out of its range, is a PlanError naming the field, so the tab
can show the reason under the field and keep the text.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kcdesk.model.sizing import (
    Entry,
    Stop,
    non_negative_decimal,
    percent_decimal,
    positive_decimal,
    to_decimal,
)
from kcdesk.model.values import PlanError

_ZONE = re.compile(r"^\s*([^–\-\s][^–\-]*?)\s*(?:–|-|to|\.\.)\s*([^–\-].*?)\s*$")


def _clean(text: str) -> str:
    """"$100,000 " -> "100000": the currency sign, thousands commas and spaces dropped."""
    return text.strip().replace(",", "").replace("$", "").replace(" ", "")


def money_of(field: str, text: str, *, allow_zero: bool = False) -> Decimal:
    """Money typed as "$100,000" or "2.50": above zero (or at least zero with `allow_zero`)."""
    number = to_decimal(field, _clean(text) or text)
    check = non_negative_decimal if allow_zero else positive_decimal
    return check(field, number)


def percent_of(field: str, text: str) -> Decimal:
    """A percent typed as "1", "0.5 %" or "1%": above 0 and at most 100."""
    return percent_decimal(field, to_decimal(field, _clean(text).removesuffix("%") or text))


def entry_of(text: str, field: str = "entry") -> Entry:
    """An entry typed as a price ("11", "$11") or a zone ("10–12", "10-12", "10 to 12")."""
    cleaned = text.strip().replace("$", "").replace(",", "")
    zone = _ZONE.match(cleaned)
    if zone is None:
        return Entry.price(to_decimal(field, cleaned or text), field)
    low, high = (to_decimal(field, part) for part in zone.groups())
    if low > high:
        raise PlanError(field, text, "a zone is written low–high")
    return Entry(low, high, field)


def stop_of(text: str, field: str = "stop") -> Stop:
    """A stop typed as a price ("9.50") or a percent below the entry ("20%")."""
    cleaned = _clean(text)
    if cleaned.endswith("%"):
        return Stop("pct_below_entry", to_decimal(field, cleaned[:-1] or text), field)
    return Stop("price", to_decimal(field, cleaned or text), field)


def decimal_text(x: Decimal) -> str:
    """A Decimal as the user would type it back: "100000", "0.5", "9.6" (no exponent)."""
    return format(x.normalize(), "f")


def entry_text(entry: Entry) -> str:
    """"10–12" for a zone, "11" for a price: what `entry_of` reads back."""
    if entry.is_zone:
        return f"{decimal_text(entry.low)}–{decimal_text(entry.high)}"
    return decimal_text(entry.fill)


def stop_text(stop: Stop) -> str:
    """"20%" below entry, or "9.5" at a price: what `stop_of` reads back."""
    if stop.kind == "pct_below_entry":
        return f"{decimal_text(stop.value)}%"
    return decimal_text(stop.value)
