"""The price axis: round prices as ticks on a linear or a log scale, formatted by fmt."""

from __future__ import annotations

import math

from kcdesk.model import fmt
from kcdesk.ui.chart.light_axis import LightAxis

MIN_TICK_PX = 32
_MANTISSAS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)


def log_ticks(y0: float, y1: float, height_px: float) -> list[float]:
    """Round prices between 10**y0 and 10**y1, as log10 values, at least MIN_TICK_PX apart."""
    if height_px <= 0 or y1 <= y0:
        return []
    px_per_unit = height_px / (y1 - y0)
    # rounder numbers first: 1-2-5 mantissas win a place before 1.5, 3, 4 …
    rank = {m: i for i, m in enumerate((1.0, 5.0, 2.0, 2.5, 3.0, 4.0, 6.0, 8.0, 1.5, 7.0, 9.0))}
    candidates = [
        (rank[m], math.log10(m) + e)
        for e in range(math.floor(y0) - 1, math.ceil(y1) + 1)
        for m in _MANTISSAS
        if y0 <= math.log10(m) + e <= y1
    ]
    kept: list[float] = []
    for _, y in sorted(candidates):
        if all(abs(y - k) * px_per_unit >= MIN_TICK_PX for k in kept):
            kept.append(y)
    return sorted(kept)


class PriceAxis(LightAxis):
    """Right-hand axis of the price pane; values are log10(price) when `log` is on."""

    def __init__(self) -> None:
        super().__init__("right")
        self.enableAutoSIPrefix(False)  # fmt writes the units
        self.log = False
        # the tick levels of the last view: the grid and the axis both ask for them each frame
        self._levels: tuple[tuple[bool, float, float, float], list] | None = None

    def set_log(self, on: bool) -> None:
        self.log = on
        self.picture = None
        self.update()

    def ticks(self, y0: float, y1: float, height_px: float) -> list[float]:
        """Tick positions in view y (shared with the grid)."""
        levels = self.tickValues(y0, y1, height_px)
        return list(levels[0][1]) if levels else []  # major ticks only: a quiet grid

    def tickValues(self, min_val: float, max_val: float, size: float) -> list:
        key = (self.log, min_val, max_val, size)
        if self._levels is None or self._levels[0] != key:
            if self.log:
                levels = [(1.0, log_ticks(min_val, max_val, size))]
            else:
                levels = super().tickValues(min_val, max_val, size)
            self._levels = (key, levels)
        return [(spacing, list(values)) for spacing, values in self._levels[1]]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.log:
            return [fmt.price(10.0**v) for v in values]
        # float noise around zero would read as "$0.0000"
        return [fmt.price(v if abs(v) > 1e-9 else 0.0) for v in values]


class VolumeAxis(LightAxis):
    """Right-hand axis of the volume pane: 1.2M rather than 1200000."""

    def __init__(self) -> None:
        super().__init__("right")
        self.enableAutoSIPrefix(False)  # fmt writes the units

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [fmt.volume(v) for v in values]
