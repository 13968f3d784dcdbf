"""Every colour of KC Desk, by role, for the light and the dark theme: the one place to pick them.

Three kinds of role in each theme:
- `PALETTE`: the Qt palette (window, text, buttons…) that every widget paints with;
- UI roles (`text`, `muted`, `error`, `warning`, `good`…): tab HTML, stylesheets, table cells;
- chart roles (`background`, `up`, `kind_stop`…): read by `kcdesk.ui.chart.colors`.
Text roles are picked for a WCAG contrast of at least 4.5 on their theme's window and base
colours (tests/ui/test_theme.py checks it).
"""

from __future__ import annotations

from PySide6.QtGui import QPalette

Role = QPalette.ColorRole

LIGHT_PALETTE: dict[QPalette.ColorRole, str] = {
    Role.Window: "#f4f5f7",
    Role.WindowText: "#1d2330",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#eef0f3",
    Role.Text: "#1d2330",
    Role.Button: "#e9ebef",
    Role.ButtonText: "#1d2330",
    Role.Highlight: "#2f6fdf",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#ffffe1",
    Role.ToolTipText: "#1d2330",
    Role.PlaceholderText: "#6b7280",
    Role.Link: "#1565c0",
    Role.LinkVisited: "#6a1b9a",
}

DARK_PALETTE: dict[QPalette.ColorRole, str] = {
    Role.Window: "#1e2128",
    Role.WindowText: "#e3e6eb",
    Role.Base: "#16181d",
    Role.AlternateBase: "#22252c",
    Role.Text: "#e3e6eb",
    Role.Button: "#2b2f37",
    Role.ButtonText: "#e3e6eb",
    Role.Highlight: "#3b76d6",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#2b2f37",
    Role.ToolTipText: "#e3e6eb",
    Role.PlaceholderText: "#8a93a3",
    Role.Link: "#7fb0ff",
    Role.LinkVisited: "#c39bff",
    Role.BrightText: "#ff6b7a",
    Role.Light: "#3a3f49",
    Role.Midlight: "#30343d",
    Role.Mid: "#262a31",
    Role.Dark: "#121418",
    Role.Shadow: "#000000",
}

# Greyed-out text of disabled widgets (menus, buttons), readable but clearly off.
DISABLED_TEXT = {"light": "#9aa1ad", "dark": "#6f7682"}

LIGHT_ROLES: dict[str, str] = {
    # tabs, stylesheets, table cells
    "text": "#1d2330",
    "muted": "#5b6372",
    "error": "#b00020",  # refusals, bad input, sample prices
    "warning": "#765c00",
    "caution": "#8a4b00",  # between warning and error (a high-severity risk)
    "good": "#17703a",
    "accent": "#1565c0",  # the user's own figures
    "accent2": "#7e22ce",
    "border": "#d9dce1",
    "header_bg": "#eef0f3",
    "banner_bg": "#fff3cd",
    "banner_fg": "#7a4d00",
    "banner_border": "#e0a800",
    "overlay_bg": "rgba(255,255,255,225)",  # CSS only: the chart's corner labels
    # the chart
    "background": "#ffffff",
    "foreground": "#1d2330",
    "grid": "#eceef2",
    "axis": "#5b6372",
    "up": "#1f9488",
    "down": "#ef5350",
    "up_volume": "#9fd8d2",
    "down_volume": "#f6b3b1",
    "close_line": "#1d2330",
    "sma_fast": "#a67c00",
    "sma_slow": "#37474f",
    "avg_volume": "#a67c00",
    "year_range": "#78909c",
    "crosshair": "#8a93a3",
    # plan kinds; zones get a shade each (accumulate, add on dips and swing entry on KC)
    "zone_1": "#2e7d32",
    "zone_2": "#00897b",
    "zone_3": "#827717",
    "kind_zone": "#2e7d32",
    "kind_breakout": "#e65100",
    "kind_entry": "#1565c0",
    "kind_stop": "#c62828",
    "kind_stop_band": "#d35e5e",
    "kind_target": "#7b1fa2",
    "kind_analyst": "#546e7a",
    "reward": "#1b9e4b",
    "risk": "#d32f2f",
    "value_bear": "#8d6e63",
    "value_base": "#6d4c41",
    "value_bull": "#4e342e",
    "value_peer": "#0277bd",
    "bar": "#1565c0",  # bar charts in the tabs
    "bar_highlight": "#e65100",  # the company the desk is about
}

DARK_ROLES: dict[str, str] = {
    "text": "#e3e6eb",
    "muted": "#9aa3b2",
    "error": "#ff6b7a",
    "warning": "#e8c350",
    "caution": "#f0a050",
    "good": "#5cc98a",
    "accent": "#6ea8ff",
    "accent2": "#c08cff",
    "border": "#3a3f49",
    "header_bg": "#2b2f37",
    "banner_bg": "#3a3115",
    "banner_fg": "#f3d98b",
    "banner_border": "#9c7a1c",
    "overlay_bg": "rgba(30,33,40,225)",
    "background": "#16181d",
    "foreground": "#e3e6eb",
    "grid": "#2a2e36",
    "axis": "#9aa3b2",
    "up": "#26a69a",
    "down": "#ef5350",
    "up_volume": "#1f5f59",
    "down_volume": "#7a3432",
    "close_line": "#e3e6eb",
    "sma_fast": "#e6b422",
    "sma_slow": "#b0bec5",
    "avg_volume": "#e6b422",
    "year_range": "#90a4ae",
    "crosshair": "#6f7682",
    "zone_1": "#66bb6a",
    "zone_2": "#26a69a",
    "zone_3": "#c0ca33",
    "kind_zone": "#66bb6a",
    "kind_breakout": "#ffa726",
    "kind_entry": "#64b5f6",
    "kind_stop": "#ef5350",
    "kind_stop_band": "#e57373",
    "kind_target": "#ce93d8",
    "kind_analyst": "#90a4ae",
    "reward": "#43c26b",
    "risk": "#ef5350",
    "value_bear": "#bcaaa4",
    "value_base": "#a1887f",
    "value_bull": "#d7ccc8",
    "value_peer": "#4fc3f7",
    "bar": "#64b5f6",
    "bar_highlight": "#ffa726",
}

# Roles drawn as text on the window or a table's base: WCAG 4.5 (checked in the tests).
TEXT_ROLES = ("text", "muted", "error", "warning", "caution", "good", "accent", "accent2")
# Chart roles drawn as labels, lines or marks on the chart's background: at least 3 (WCAG's
# figure for large text and graphics); the first four are also the readout's text on the window.
CHART_ROLES = ("up", "down", "sma_fast", "sma_slow", "foreground", "axis", "year_range", "zone_1",
               "zone_2", "zone_3", "kind_zone", "kind_breakout", "kind_entry", "kind_stop",
               "kind_stop_band", "kind_target", "kind_analyst", "reward", "risk", "value_bear",
               "value_base", "value_bull", "value_peer", "bar", "bar_highlight")
