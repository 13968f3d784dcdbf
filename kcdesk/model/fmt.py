"""All number formatting in one place: prices, percents, multiples, money, volumes and ranges."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from kcdesk.model.values import RangeValue

DASH = "–"  # en dash between the ends of a range
_CURRENCY = {"usd": "$", "hkd": "HK$", "rmb": "RMB "}


def price(x: float | None, currency: str = "usd") -> str:
    """$12.34 (4 decimals below $1, so penny prices stay readable)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    sym = _CURRENCY.get(currency, "$")
    decimals = 4 if 0 < abs(x) < 1 else 2
    return f"{'-' if x < 0 else ''}{sym}{abs(x):,.{decimals}f}"


def price_change(x: float | None, currency: str = "usd") -> str:
    """+$0.20 / -$0.34: a signed change, in cents unless it is under a cent."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    sym = _CURRENCY.get(currency, "$")
    decimals = 4 if 0 < abs(x) < 0.01 else 2
    sign = "+" if x > 0 else "-" if x < 0 else ""
    return f"{sign}{sym}{abs(x):,.{decimals}f}"


def pct(x: float | None, decimals: int = 1, signed: bool = False) -> str:
    """12.3 % from 12.3 (x is already in percent)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    sign = "+" if signed and x > 0 else ""
    return f"{sign}{x:.{decimals}f}%"


def multiple(x: float | None, decimals: int = 1) -> str:
    """3.2x."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.{decimals}f}x"


def volume(x: float | None) -> str:
    """1.23M, 456.7K, 999."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(x) >= div:
            return f"{x / div:.2f}{suffix}"
    return f"{x:,.0f}"


def _num(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x):,}"


def _one(x: float, rv: RangeValue) -> str:
    n = _num(x)
    if rv.unit in _CURRENCY:
        return f"{_CURRENCY[rv.unit]}{n}{rv.scale}"
    if rv.unit == "usd_ps":
        return f"{'-' if x < 0 else ''}${_num(abs(x))}"
    if rv.unit == "pct":
        return f"{n}%"
    if rv.unit == "x":
        return f"{n}x"
    if rv.unit == "years":
        return f"{n}"
    return n + rv.scale


def range_value(rv: RangeValue) -> str:
    """A range as the report writes it: "~$10–12", "$25+", ">30%", "~3.2–3.9x"."""
    approx = "~" if rv.approx else ""
    if rv.low is None:
        assert rv.high is not None
        return f"<{_one(rv.high, rv)}"
    if rv.high is None:
        # "$25+" and "~3%+" read "this or more"; a bare ">30%" is how the report writes growth
        if rv.unit in _CURRENCY or rv.approx:
            return f"{approx}{_one(rv.low, rv)}+"
        return f">{_one(rv.low, rv)}"
    if rv.low == rv.high:
        text = _one(rv.low, rv)
    elif rv.unit == "usd_ps":
        # signed money reads badly with a dash: "~-$0.14 to $0.06"
        text = f"{_one(rv.low, rv)} to {_one(rv.high, rv)}"
    else:
        lo, hi = _one(rv.low, rv), _one(rv.high, rv)
        # "$10–12", "3.2–3.9x", "10–20%": the unit is written once
        if rv.unit in _CURRENCY:
            # "RMB 2.35–2.65B": currency symbol and scale are written once
            hi = hi.replace(_CURRENCY[rv.unit], "", 1)
            if rv.scale:
                lo = lo[: -len(rv.scale)]
        elif rv.unit in ("pct", "x"):
            lo = lo[:-1]
        text = f"{lo}{DASH}{hi}"
    if rv.unit == "years":
        text += " years"
    return approx + text


def as_stated(value: RangeValue, text: str = "") -> str:
    """A figure in the report's own words where they were kept ("≈$1.25B", "+~17%"), else
    `range_value` of it: the words carry what a RangeValue cannot ("≈", "+", "ppts", "(Q3 25)")."""
    return text if text.strip() else range_value(value)


def range_value_of_prices(low: float, high: float | None) -> str:
    """A USD price band or line: "$10–12", "$11", "$25+"."""
    return range_value(RangeValue(low, high, "usd"))


# --- exact money (Decimal): the journal and the sizer --------------------------------------------
# The cent is rounded half up, as a statement prints it; half-even would turn 0.125 into 0.12.
_CENT = Decimal("0.01")


def money_cents(x: Decimal) -> str:
    """A Decimal rounded to the cent as plain text for JSON: "1234.50", "-0.35"."""
    return str(x.quantize(_CENT, rounding=ROUND_HALF_UP))


def money_exact(x: Decimal) -> str:
    """A Decimal as plain text, never rounded, with at least cents: "10.50", "10.1234"."""
    if x == x.quantize(_CENT):
        return str(x.quantize(_CENT))
    return format(x.normalize(), "f")


def money(x: Decimal | None, currency: str = "usd") -> str:
    """$1,234.50 / -$3.20 from a Decimal, rounded to the cent."""
    if x is None:
        return "—"
    sym = _CURRENCY.get(currency, "$")
    cents = x.quantize(_CENT, rounding=ROUND_HALF_UP)
    return f"{'-' if cents < 0 else ''}{sym}{abs(cents):,}"


def r_multiple(x: Decimal | float | None, decimals: int = 2) -> str:
    """2.50R / -1.00R: a reward or result in units of the risk taken."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    return f"{float(x):.{decimals}f}R"


def money_short(x: float | None, currency: str = "usd") -> str:
    """RMB 6.90B, $465.00M, -$120.50M: a large amount with its scale."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{'-' if x < 0 else ''}{_CURRENCY.get(currency, '$')}{volume(abs(x))}"


def number(x: float) -> str:
    """1,250 / 7.1 / 15: a plain number with at most two decimals, trailing zeros dropped."""
    return _num(x)


def threshold(low: float, high: float, unit: str) -> str:
    """A rule's threshold: "5–7%", "20%", "5x"; money (any currency) in millions: "0M"."""
    if unit == "money":
        return range_value(RangeValue(low, high, "ratio", scale="M"))
    return range_value(RangeValue(low, high, unit if unit in ("pct", "x") else "ratio"))
