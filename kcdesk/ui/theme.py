"""Light and dark themes: the Fusion palette, the colour roles, and switching them live.

Offscreen and bare X servers report no OS colour scheme, so both palettes are explicit. Views
take colours from here, never as literals: `colour("error")` for a table cell, `css(...)` for
HTML, `set_style(widget, ...)` for a stylesheet (re-applied by itself when the theme changes);
views that render HTML follow `notifier().changed`. The choice is remembered with QSettings
(UI state only).
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from kcdesk.ui import theme_roles

SETTINGS_KEY = "view/theme"
_STYLE_PROPERTY = "kcdeskStyleTemplate"


@dataclass(frozen=True)
class Theme:
    """A named theme: the Qt palette's colours and the colour of every role."""

    name: str
    title: str
    palette: dict[QPalette.ColorRole, str]
    roles: dict[str, str]
    disabled_text: str

    def qpalette(self) -> QPalette:
        # built from button and window so Fusion's bevel shades (light, mid, dark) match
        p = self.palette
        palette = QPalette(QColor(p[QPalette.ColorRole.Button]),
                           QColor(p[QPalette.ColorRole.Window]))
        for role, colour in p.items():
            palette.setColor(role, QColor(colour))
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                     QPalette.ColorRole.ButtonText):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(self.disabled_text))
        return palette


LIGHT = Theme("light", "&Light", theme_roles.LIGHT_PALETTE, theme_roles.LIGHT_ROLES,
              theme_roles.DISABLED_TEXT["light"])
DARK = Theme("dark", "&Dark", theme_roles.DARK_PALETTE, theme_roles.DARK_ROLES,
             theme_roles.DISABLED_TEXT["dark"])
THEMES: dict[str, Theme] = {t.name: t for t in (LIGHT, DARK)}

_current = LIGHT


class ThemeNotifier(QObject):
    """Emits `changed(name)` after a theme was applied (views that render HTML re-render)."""

    changed = Signal(str)


_notifier: ThemeNotifier | None = None


def notifier() -> ThemeNotifier:
    global _notifier
    if _notifier is None:
        _notifier = ThemeNotifier()
    return _notifier


def current() -> Theme:
    return _current


def colour(role: str) -> str:
    """The current theme's colour for `role` (KeyError names an unknown role)."""
    return _current.roles[role]


def css(template: str) -> str:
    """`template` with `$role` placeholders filled from the current theme (CSS keeps its {})."""
    return Template(template).substitute(_current.roles)


def set_style(widget: QWidget, template: str) -> None:
    """Give `widget` the stylesheet `template` (with `$role`s), again on each theme change."""
    widget.setProperty(_STYLE_PROPERTY, template or None)
    widget.setStyleSheet(css(template) if template else "")


def apply_theme(app: QApplication, name: str = "light") -> Theme:
    """Make theme `name` current: Fusion style, its palette, every themed stylesheet; notify."""
    global _current
    theme = THEMES.get(name, LIGHT)
    _current = theme
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(theme.qpalette())
    for widget in app.allWidgets():
        template = widget.property(_STYLE_PROPERTY)
        if template:
            widget.setStyleSheet(css(str(template)))
    notifier().changed.emit(theme.name)
    return theme


def saved_theme(settings: QSettings) -> str:
    """The remembered theme's name ("light" when none, or an unknown one, was saved)."""
    name = str(settings.value(SETTINGS_KEY, LIGHT.name))
    return name if name in THEMES else LIGHT.name


def remember_theme(settings: QSettings, name: str) -> None:
    settings.setValue(SETTINGS_KEY, name)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21; text wants 4.5 or more)."""

    def luminance(c: str) -> float:
        q = QColor(c)
        channels = []
        for v in (q.redF(), q.greenF(), q.blueF()):
            channels.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        r, g, b_ = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
