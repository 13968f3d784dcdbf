"""KC Desk in a real X window: every tab opened by a click, a level dragged with the real mouse,
Ctrl+Z from the keyboard, the theme switched, and a screenshot of each state."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.app import open_window
from tests.realwindow.conftest import SCREEN, saved
from tests.test_packaging import DESKTOP, desktop_entry

pytestmark = pytest.mark.realwindow


class Desk:
    """The shown window, driven through the X server as a user would (xdotool, import)."""

    def __init__(self, qtbot: QtBot, window: Any, store: Any, shots: Path) -> None:
        self.qtbot, self.window, self.store, self.shots = qtbot, window, store, shots

    def run(self, *command: str) -> None:
        """Run an X tool while Qt keeps handling events (the app must see the input live)."""
        tool = subprocess.Popen(command, env=os.environ.copy())
        self.qtbot.waitUntil(lambda: tool.poll() is not None, timeout=20_000)
        assert tool.returncode == 0, command

    def xdo(self, *args: object) -> None:
        self.run("xdotool", *map(str, args))
        self.qtbot.wait(40)  # pyqtgraph drops moves closer than 10 ms; let each land

    def on_screen(self, widget: Any, x: float, y: float) -> tuple[int, int]:
        from PySide6.QtCore import QPoint

        point = widget.mapToGlobal(QPoint(round(x), round(y)))
        return point.x(), point.y()

    def click(self, widget: Any, x: float, y: float) -> None:
        self.xdo("mousemove", *self.on_screen(widget, x, y))
        self.xdo("click", 1)

    def level_on_screen(self, bar: float, price: float) -> tuple[int, int]:
        """Where the chart draws `price` at bar `bar`, in screen pixels."""
        from PySide6.QtCore import QPointF

        chart = self.window.chart
        y = math.log10(price) if chart.log_scale else price
        scene = chart.price_vb.mapViewToScene(QPointF(bar, y))
        local = chart.plot.mapFromScene(scene)
        return self.on_screen(chart.plot.viewport(), local.x(), local.y())

    def drag(self, start: tuple[int, int], end: tuple[int, int], steps: int = 8) -> None:
        self.xdo("mousemove", *start)
        self.xdo("mousedown", 1)
        for i in range(1, steps + 1):
            self.xdo("mousemove", round(start[0] + (end[0] - start[0]) * i / steps),
                     round(start[1] + (end[1] - start[1]) * i / steps))
        self.xdo("mouseup", 1)

    def screenshot(self, name: str) -> Path:
        self.qtbot.wait(300)  # let the last change paint
        out = self.shots / f"{re.sub(r'[^A-Za-z0-9]+', '-', name).strip('-').lower()}.png"
        if shutil.which("import"):
            self.run("import", "-display", os.environ["DISPLAY"], "-window", "root", str(out))
        else:  # no ImageMagick: Qt's own picture of the window
            assert self.window.grab().save(str(out))
        assert out.stat().st_size > 10_000  # a drawn window, not a blank screen
        print(f"screenshot: {out}")
        return saved(out)


@pytest.fixture
def desk(qtbot: QtBot, data_dir: Path, shots_dir: Path) -> Iterator[Desk]:
    started = open_window(data_dir, "KC")
    assert started is not None
    _, store, window = started
    qtbot.addWidget(window)
    window.move(0, 0)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    yield Desk(qtbot, window, store, shots_dir)
    window.close()
    store.close()


def show_tab_title(desk: Desk, bar: Any, index: int) -> None:
    """Click the tab bar's scroll arrows until the middle of tab `index`'s title shows."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QToolButton

    arrows = {b.arrowType(): b for b in bar.findChildren(QToolButton)}

    def offset() -> int:  # < 0: left of the shown titles, > 0: under or past the arrows
        x = bar.tabRect(index).center().x()
        shown_to = min((b.x() for b in arrows.values() if b.isVisible()), default=bar.width())
        return -1 if x < 0 else 1 if x >= shown_to else 0

    for _ in range(bar.count()):
        if offset() == 0:
            return
        step = arrows[Qt.ArrowType.RightArrow if offset() > 0 else Qt.ArrowType.LeftArrow]
        desk.click(step, step.width() / 2, step.height() / 2)
    assert offset() == 0, f"tab {index} cannot be scrolled into view"


def test_the_window_names_itself_as_its_desktop_entry_does(desk: Desk) -> None:
    from PySide6.QtGui import QGuiApplication

    # the shell matches a window to its menu entry by these (X11: WM_CLASS; Wayland: app id)
    assert QGuiApplication.applicationName() == desktop_entry()["StartupWMClass"]
    assert f"{QGuiApplication.desktopFileName()}.desktop" == DESKTOP.name


def open_each_tab(desk: Desk, shot_prefix: str) -> list[str]:
    """Click every tab's title in turn (whatever tabs there are), screenshot each; the titles."""
    tabs = desk.window.tabs
    bar = tabs.tabBar()
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    for i, title in enumerate(titles):
        show_tab_title(desk, bar, i)
        centre = bar.tabRect(i).center()
        desk.click(bar, centre.x(), centre.y())
        desk.qtbot.waitUntil(lambda i=i: tabs.currentIndex() == i, timeout=5_000)
        page = tabs.currentWidget()
        assert page is tabs.built[title] and page.isVisible()  # the real page, not a stand-in
        desk.screenshot(f"{shot_prefix} {i} {title.replace('&&', 'and')}")
    return titles


def test_every_tab_opens_from_a_click_on_its_title(desk: Desk) -> None:
    titles = open_each_tab(desk, "light tab")
    assert titles[0] == "Plan" and len(titles) >= 7


def test_a_stop_dragged_with_the_mouse_is_saved_drawn_and_undone_with_ctrl_z(desk: Desk) -> None:
    chart = desk.window.chart
    shown = chart.visible_bars()
    bar = (shown.start + shown.stop) / 2
    before = desk.store.get_plan("KC")
    assert before is None or before["stops"][0]["stop"]["high"] == 9.5
    assert chart.plan_layers.shape("stop.example").high == pytest.approx(
        math.log10(9.5) if chart.log_scale else 9.5)
    # the example stop's top edge, $9.50, dragged down to where the chart draws $9.25
    desk.drag(desk.level_on_screen(bar, 9.5), desk.level_on_screen(bar, 9.25))
    desk.qtbot.waitUntil(lambda: desk.store.get_plan("KC") is not None, timeout=5_000)
    stop = desk.store.get_plan("KC")["stops"][0]["stop"]
    # one screen pixel is a few cents at this zoom; the edit is rounded to cents
    assert stop["low"] == 9.0 and stop["high"] == pytest.approx(9.25, abs=0.04)
    assert round(stop["high"], 2) == stop["high"] != 9.5
    assert desk.window.session.plan.level("stop.example").high == stop["high"]
    drawn = chart.plan_layers.shape("stop.example").high
    assert drawn == pytest.approx(math.log10(stop["high"]) if chart.log_scale else stop["high"])
    desk.screenshot("stop dragged to " + f"{stop['high']:.2f}")

    desk.xdo("key", "ctrl+z")
    desk.qtbot.waitUntil(
        lambda: desk.store.get_plan("KC")["stops"][0]["stop"]["high"] == 9.5, timeout=5_000)
    assert desk.window.session.plan.level("stop.example").high == 9.5
    assert chart.plan_layers.shape("stop.example").high == pytest.approx(
        math.log10(9.5) if chart.log_scale else 9.5)


def _theme_actions(window: Any) -> dict[str, Any]:
    """View ▸ Theme's actions by their plain text ("Light", "Dark", …); empty if there is none."""
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None or menu_action.text().replace("&", "") != "View":
            continue
        for action in menu.actions():
            if action.menu() is not None and action.text().replace("&", "").startswith("Theme"):
                return {a.text().replace("&", ""): a for a in action.menu().actions()
                        if not a.isSeparator()}
    return {}


def test_switching_the_theme_repaints_every_tab_dark_then_light(desk: Desk) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    actions = _theme_actions(desk.window)
    if not {"Light", "Dark"} <= actions.keys():
        pytest.skip(f"no View ▸ Theme ▸ Light/Dark yet (found {sorted(actions)})")
    try:
        for name, dark in (("Dark", True), ("Light", False)):
            actions[name].trigger()
            window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
            assert (window_colour.lightness() < 128) == dark, name
            if dark:  # every tab in dark (the tab test has them in the default light)
                open_each_tab(desk, "dark tab")
            else:
                desk.screenshot("light again")
    finally:
        actions["Light"].trigger()  # the theme is remembered: leave the default behind
