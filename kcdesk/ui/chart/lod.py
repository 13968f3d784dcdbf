"""Level of detail: which bars to draw for a view, and bars aggregated to screen columns."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# A drawn column (one bar, or a group of bars) is at least this many pixels wide, so a candle
# body always shows; beyond that, bars are grouped.
MIN_COLUMN_PX = 3.0
# The cached window covers the view plus this many view widths on each side, so a pan does
# not rebuild the paths until it leaves the cache.
CACHE_MARGIN = 0.5


def group_size(bars_visible: float, width_px: float) -> int:
    """Bars per drawn column: a power of two, so columns stay put while panning and zooming."""
    if width_px <= 0 or bars_visible <= 0:
        return 1
    bars_per_column = bars_visible * MIN_COLUMN_PX / width_px
    if bars_per_column <= 1:
        return 1
    return 1 << math.ceil(math.log2(bars_per_column))


@dataclass(frozen=True)
class Window:
    """Bars [start, stop) grouped `step` at a time; start is a multiple of step."""

    start: int
    stop: int
    step: int

    def covers(self, x0: float, x1: float, n: int) -> bool:
        return self.start <= max(0, math.floor(x0)) and self.stop >= min(n, math.ceil(x1) + 1)


def window_for(x0: float, x1: float, width_px: float, n: int) -> Window:
    """The cached window to build for the visible x range [x0, x1] on `width_px` pixels."""
    step = group_size(x1 - x0, width_px)
    margin = (x1 - x0) * CACHE_MARGIN
    start = max(0, math.floor(x0 - margin))
    stop = min(n, math.ceil(x1 + margin) + 1)
    start -= start % step
    return Window(start, max(start, stop), step)


def group_starts(win: Window) -> np.ndarray:
    return np.arange(win.start, win.stop, win.step)


def centres(win: Window) -> np.ndarray:
    """x of each column: the middle of the bars it stands for."""
    starts = group_starts(win)
    ends = np.minimum(starts + win.step, win.stop)
    return (starts + ends - 1) / 2.0


def ohlc(win: Window, o: np.ndarray, h: np.ndarray, lo: np.ndarray, c: np.ndarray
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Open of the first bar, extremes of all, close of the last bar — per column."""
    if win.step == 1:
        s = slice(win.start, win.stop)
        return o[s], h[s], lo[s], c[s]
    starts = group_starts(win)
    rel = starts - win.start
    lasts = np.minimum(starts + win.step, win.stop) - 1
    hs = np.fmax.reduceat(h[win.start:win.stop], rel)
    ls = np.fmin.reduceat(lo[win.start:win.stop], rel)
    return o[starts], hs, ls, c[lasts]


def peak(win: Window, values: np.ndarray) -> np.ndarray:
    """Largest value per column (volume: a spike stays visible when zoomed out)."""
    if win.step == 1:
        return values[win.start:win.stop]
    rel = group_starts(win) - win.start
    return np.fmax.reduceat(values[win.start:win.stop], rel)


def last(win: Window, values: np.ndarray) -> np.ndarray:
    """Value of the last bar per column (smooth lines: moving averages)."""
    if win.step == 1:
        return values[win.start:win.stop]
    return values[np.minimum(group_starts(win) + win.step, win.stop) - 1]


def visible_slice(x0: float, x1: float, n: int) -> slice:
    """Bars whose centre lies in [x0, x1]."""
    return slice(max(0, math.ceil(x0)), max(0, min(n, math.floor(x1) + 1)))
