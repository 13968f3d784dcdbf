"""A metric value as typed or written in a CSV cell: "2480", "2350..2650", "2350–2650", ">150".

One parser for the Metrics tab's fields and the CSV file, and the writer whose text reads back
as exactly the same float.
"""

from __future__ import annotations

import re

VALUE_HINT = "A number, a range 2350..2650 or 2350–2650, or an open end >150, 150+ or <1."
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")


def format_number(x: float) -> str:
    """The shortest text that reads back as exactly `x` ("2350", "31.4", "1e-07")."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def format_value(low: float | None, high: float | None) -> str:
    """A cell: "2350", "2350..2650", "150.." (open high), "..1" (open low)."""
    if low is not None and low == high:
        return format_number(low)
    ends = ("" if b is None else format_number(b) for b in (low, high))
    return "..".join(ends)


def _number(text: str) -> float:
    if not _NUMBER.match(text):
        raise ValueError(f"not a number: {text!r}")
    return float(text)


def parse_value(text: str) -> tuple[float | None, float | None]:
    """The low and high of a value cell; ValueError saying what is wrong."""
    cell = text.strip().removesuffix("%").strip()
    if cell.startswith(">"):
        return _number(cell[1:].strip()), None
    if cell.startswith("<"):
        return None, _number(cell[1:].strip())
    if cell.endswith("+"):
        return _number(cell[:-1].strip()), None
    for sep in ("..", "–"):
        if sep in cell:
            lo, hi = (part.strip() for part in cell.split(sep, 1))
            if not lo and not hi:
                break
            return (_number(lo) if lo else None), (_number(hi) if hi else None)
    return (n := _number(cell)), n
