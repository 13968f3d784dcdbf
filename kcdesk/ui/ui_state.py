"""The window's remembered UI state (QSettings): theme, geometry, splitter, tab, chart range.

UI state only, never user data (plans, journal… live in the store). QSettings takes the
organisation and application names `kcdesk.app` sets; tests point it at a temp folder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication

from kcdesk.model.chart_ranges import RANGES
from kcdesk.ui import theme

if TYPE_CHECKING:  # main_window uses this module
    from kcdesk.ui.main_window import MainWindow

GEOMETRY, STATE, SPLITTER = "window/geometry", "window/state", "window/splitter"
TAB, RANGE = "window/tab", "chart/range"


def ui_settings() -> QSettings:
    return QSettings()


def save_layout(window: MainWindow, settings: QSettings) -> None:
    """Remember `window`'s geometry, toolbars, splitter, current tab and chart range."""
    settings.setValue(GEOMETRY, window.saveGeometry())
    settings.setValue(STATE, window.saveState())
    settings.setValue(SPLITTER, window.splitter.saveState())
    settings.setValue(TAB, window.tabs.tabText(window.tabs.currentIndex()))
    ranges = window.chart.chart_actions.ranges
    checked = [name for name, action in ranges.items() if action.isChecked()]
    if checked:
        settings.setValue(RANGE, checked[0])


def restore_layout(window: MainWindow, settings: QSettings) -> None:
    """Put back what `save_layout` remembered; anything missing or stale keeps its default."""
    for key, restore in ((GEOMETRY, window.restoreGeometry), (STATE, window.restoreState),
                         (SPLITTER, window.splitter.restoreState)):
        value = settings.value(key)
        if isinstance(value, QByteArray):
            restore(value)
    tab = settings.value(TAB)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    if tab in titles:
        window.tabs.setCurrentIndex(titles.index(str(tab)))
    chart_range = settings.value(RANGE)
    if chart_range in RANGES:
        window.chart.set_range(str(chart_range))


class ThemeActions(QObject):
    """View ▸ Theme ▸ Light / Dark: checkable and exclusive; a choice applies live and stays."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for name, t in theme.THEMES.items():
            action = QAction(t.title, self)
            action.setCheckable(True)
            action.setChecked(name == theme.current().name)
            action.triggered.connect(lambda _=False, n=name: self.choose(n))
            self.group.addAction(action)
            self.actions[name] = action

    def choose(self, name: str) -> None:
        """Switch to theme `name` now and remember it for the next start."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        theme.apply_theme(app, name)
        theme.remember_theme(ui_settings(), name)
        self.actions[name].setChecked(True)
