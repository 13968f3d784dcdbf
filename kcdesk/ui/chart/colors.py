"""The chart's colours: one hue per plan kind, so a level reads by colour before its label."""

from __future__ import annotations

from PySide6.QtGui import QColor

BACKGROUND = "#ffffff"
FOREGROUND = "#1d2330"
GRID = "#eceef2"
AXIS = "#5b6372"

UP = "#26a69a"
DOWN = "#ef5350"
UP_VOLUME = "#9fd8d2"
DOWN_VOLUME = "#f6b3b1"
CLOSE_LINE = "#1d2330"
SMA_FAST = "#d4a017"
SMA_SLOW = "#37474f"
AVG_VOLUME = "#d4a017"
YEAR_RANGE = "#78909c"
CROSSHAIR = "#8a93a3"

# Plan kinds. Zones get a shade each: accumulate, add on dips and swing entry overlap on KC.
ZONE_SHADES = ("#2e7d32", "#00897b", "#9e9d24")
KIND = {
    "zone": "#2e7d32",
    "breakout": "#ef6c00",
    "entry": "#1565c0",
    "stop": "#c62828",
    "stop_band": "#e57373",
    "target": "#7b1fa2",
    "analyst": "#546e7a",
}


def with_alpha(colour: str, alpha: int) -> QColor:
    """`colour` with alpha 0..255 (bands are translucent so candles show through)."""
    c = QColor(colour)
    c.setAlpha(alpha)
    return c
