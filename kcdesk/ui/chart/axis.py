"""The time axis: x is a trading-day index (no weekend gaps); ticks are real dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np

from kcdesk.ui.chart import lod
from kcdesk.ui.chart.light_axis import LightAxis

MIN_TICK_PX = 80  # a date label needs about this much room
_BARS_PER_MONTH = 21.0
# (unit, count): tried from finest to coarsest; the first that fits the width wins
_STEPS = (("week", 1), ("month", 1), ("month", 3), ("month", 6),
          ("year", 1), ("year", 2), ("year", 5), ("year", 10))
_BARS_PER = {"week": 5.0, "month": _BARS_PER_MONTH, "year": 252.0}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _period_keys(dates: np.ndarray, unit: str, count: int) -> np.ndarray:
    if unit == "week":
        # day 0 (1970-01-01) was a Thursday: +3 makes weeks start on Monday
        return (dates.astype("int64") + 3) // 7
    months = dates.astype("datetime64[M]").astype("int64")
    return months // (12 * count) if unit == "year" else months // count


def _label(day: dt.date, unit: str) -> str:
    if unit == "year" or (day.month == 1 and unit == "month"):
        return str(day.year)
    if unit == "month":
        return _MONTHS[day.month - 1]
    return f"{_MONTHS[day.month - 1]} {day.day}"


def period_starts(dates: np.ndarray, unit: str, count: int) -> np.ndarray:
    """Indices of the first trading day of each period after the first one."""
    return np.flatnonzero(np.diff(_period_keys(dates, unit, count))) + 1


StartsFor = Callable[[str, int], np.ndarray]


def date_ticks(dates: np.ndarray, x0: float, x1: float, width_px: float,
               starts_for: StartsFor | None = None) -> list[tuple[int, str]]:
    """(bar index, label) at the first trading day of each period, as many as fit the width.

    The period (week, month, quarter, half, year, …) is chosen from the visible span, so
    the labels change as one zooms, without a gap for weekends or holidays. `starts_for`
    may cache period_starts for the whole series (a view of 50,000 bars then costs a search).
    """
    s = lod.visible_slice(x0, x1, len(dates))
    if s.stop - s.start < 2 or width_px <= 0:
        return []
    max_ticks = max(2.0, width_px / MIN_TICK_PX)
    span = x1 - x0
    unit, count = _STEPS[-1]
    for unit, count in _STEPS:
        if span / (_BARS_PER[unit] * count) <= max_ticks:
            break
    if starts_for is None:
        starts = period_starts(dates[s], unit, count) + s.start
    else:
        every = starts_for(unit, count)
        starts = every[np.searchsorted(every, s.start, "right"):np.searchsorted(every, s.stop)]
    return [(int(i), _label(dates[i].astype(dt.date), unit)) for i in starts]


class DateAxis(LightAxis):
    """Bottom axis that labels trading-day indices with the dates of those bars."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self._dates = np.empty(0, "datetime64[D]")
        self._cache: tuple[tuple[float, float, float], list[tuple[int, str]]] | None = None
        self._starts: dict[tuple[str, int], np.ndarray] = {}

    def set_dates(self, dates: np.ndarray) -> None:
        self._dates = dates
        self._cache = None
        self._starts = {}
        self.picture = None
        self.update()

    def ticks(self, x0: float, x1: float, width_px: float) -> list[tuple[int, str]]:
        """date_ticks for this view, shared with the grid so both agree and compute once."""
        key = (x0, x1, width_px)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, date_ticks(self._dates, x0, x1, width_px, self._starts_for))
        return self._cache[1]

    def _starts_for(self, unit: str, count: int) -> np.ndarray:
        if (unit, count) not in self._starts:
            self._starts[(unit, count)] = period_starts(self._dates, unit, count)
        return self._starts[(unit, count)]

    def tickValues(self, min_val: float, max_val: float, size: float) -> list:
        return [(1.0, [float(i) for i, _ in self.ticks(min_val, max_val, size)])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        labels = dict(self._cache[1]) if self._cache else {}
        return [labels.get(int(v), "") for v in values]
