"""The chart's colours, read from the current theme: one hue per plan kind, so a level reads by
colour before its label.

`colors.UP`, `colors.KIND["stop"]`… are looked up in `kcdesk.ui.theme` each time they are read
(a module `__getattr__`), so a view that reads them when it draws follows a theme switch; items
that keep pens take them again in `kcdesk.ui.chart.chart_theme.restyle_chart`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from kcdesk.ui import theme

# name here -> role in the theme (names are the upper-case roles unless listed)
_KINDS = ("zone", "breakout", "entry", "stop", "stop_band", "target", "analyst")


def __getattr__(name: str) -> Any:
    if name == "KIND":
        return {kind: theme.colour(f"kind_{kind}") for kind in _KINDS}
    if name == "ZONE_SHADES":
        return tuple(theme.colour(f"zone_{i}") for i in (1, 2, 3))
    if name.isupper():
        try:
            return theme.colour(name.lower())
        except KeyError:
            pass
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def with_alpha(colour: str, alpha: int) -> QColor:
    """`colour` with alpha 0..255 (bands are translucent so candles show through)."""
    c = QColor(colour)
    c.setAlpha(alpha)
    return c
