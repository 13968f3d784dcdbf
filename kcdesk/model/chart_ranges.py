"""The chart's named ranges (6M … Max) and how many trading days each shows: one list for all."""

from __future__ import annotations

from typing import Final

from kcdesk.model.values import PlanError

# Trading days per named range (~252 a year); "Max" is every bar.
RANGE_BARS: Final = {"6M": 126, "1Y": 252, "3Y": 756, "5Y": 1260}
RANGES: Final = (*RANGE_BARS, "Max")
DEFAULT_RANGE: Final = "1Y"


def range_named(text: object) -> str:
    """The range spelled `text` (any case, spaces around); PlanError naming the choices."""
    if isinstance(text, str):
        for name in RANGES:
            if text.strip().lower() == name.lower():
                return name
    raise PlanError("range", text, f"choose from {', '.join(RANGES)}")


def bars_of(name: str, available: int) -> int:
    """How many of `available` bars the range `name` shows."""
    return available if name == "Max" else min(available, RANGE_BARS[range_named(name)])
