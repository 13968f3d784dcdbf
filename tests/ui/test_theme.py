"""Light and dark themes: readable, switched live in the chart and the tabs, remembered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kcdesk import app as app_mod
from kcdesk.ui import theme
from kcdesk.ui.theme_roles import CHART_ROLES, TEXT_ROLES
from kcdesk.ui.ui_state import ui_settings

Role = QPalette.ColorRole


@pytest.mark.parametrize("t", list(theme.THEMES.values()), ids=list(theme.THEMES))
def test_every_text_colour_is_readable_on_its_theme(t: theme.Theme) -> None:
    # WCAG AA for body text: 4.5 against the window, a table's base and its alternate rows
    for background in (t.palette[Role.Window], t.palette[Role.Base],
                       t.palette[Role.AlternateBase], t.roles["header_bg"]):
        for role in TEXT_ROLES:
            assert theme.contrast(t.roles[role], background) >= 4.5, (t.name, role, background)
    assert theme.contrast(t.roles["banner_fg"], t.roles["banner_bg"]) >= 4.5
    # labels, lines and marks on the chart; the readout's coloured text on the window
    for role in CHART_ROLES:
        assert theme.contrast(t.roles[role], t.roles["background"]) >= 3.0, (t.name, role)
    for role in CHART_ROLES[:4]:
        assert theme.contrast(t.roles[role], t.palette[Role.Window]) >= 3.0, (t.name, role)


def test_both_themes_name_the_same_roles() -> None:
    assert theme.LIGHT.roles.keys() == theme.DARK.roles.keys()
    assert theme.LIGHT.palette.keys() <= theme.DARK.palette.keys()


def test_contrast_matches_the_wcag_figures() -> None:
    # black on white is the maximum, 21:1; a colour on itself is 1:1
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#777777") == pytest.approx(1.0)


class Starts:
    """Starts the app as `kcdesk` does (open_window) and quits it (closes window and store)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.open: dict[int, tuple[Any, Any]] = {}

    def start(self) -> Any:
        result = app_mod.open_window(self.data_dir, "KC")
        assert result is not None
        _, store, window = result
        self.open[id(window)] = (store, window)
        return window

    def quit(self, window: Any) -> None:
        store, _ = self.open.pop(id(window))
        window.close()  # saves the layout
        store.close()  # one instance at a time holds the store


@pytest.fixture
def starts(data_dir: Path) -> Iterator[Starts]:
    s = Starts(data_dir)
    yield s
    for _, window in list(s.open.values()):
        s.quit(window)


def _background(window: Any) -> str:
    return window.chart.plot.backgroundBrush().color().name()


def test_switching_to_dark_recolours_the_chart_and_the_tabs_live(
    qtbot: QtBot, starts: Starts
) -> None:
    window = starts.start()
    qtbot.addWidget(window)
    window.chart.set_range("3Y")
    plan = window.plan_tab
    assert _background(window) == theme.LIGHT.roles["background"]
    assert theme.LIGHT.roles["muted"] in plan.browser.toHtml()  # the sources' grey

    window.theme_actions.actions["dark"].trigger()
    QApplication.processEvents()  # widgets take the new palette from a posted event

    assert window.theme_actions.actions["dark"].isChecked()
    assert not window.theme_actions.actions["light"].isChecked()
    assert _background(window) == theme.DARK.roles["background"]
    assert window.chart.candles._up_pen.color().name() == theme.DARK.roles["up"]
    (analyst,) = window.chart.plan_layers.shapes("Analyst band")
    assert analyst.pen.color().name() == theme.DARK.roles["kind_analyst"]
    # the tab's text: the palette's and the HTML's own colours
    assert plan.browser.palette().color(Role.Text).name() == theme.DARK.palette[Role.Text]
    html = plan.browser.toHtml()
    assert theme.DARK.roles["muted"] in html and theme.LIGHT.roles["muted"] not in html
    # the sample-prices corner label is a themed stylesheet
    assert theme.DARK.roles["banner_bg"] in window.chart.sample_label.styleSheet()
    # what the chart shows stays: the range, the plan's labels
    assert window.chart.chart_actions.ranges["3Y"].isChecked()
    assert any(text.startswith("Stop") for text in window.chart.labels.texts())


def test_the_chosen_theme_is_remembered_and_drawn_from_the_first_frame(
    qtbot: QtBot, starts: Starts
) -> None:
    first = starts.start()
    first.theme_actions.choose("dark")
    starts.quit(first)
    assert ui_settings().value(theme.SETTINGS_KEY) == "dark"
    theme.apply_theme(QApplication.instance(), "light")  # as if the app had quit

    second = starts.start()  # a new start: the theme is applied before the window is built
    qtbot.addWidget(second)
    assert theme.current() is theme.DARK
    assert second.theme_actions.actions["dark"].isChecked()
    assert _background(second) == theme.DARK.roles["background"]


def test_an_unknown_saved_theme_falls_back_to_light(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert theme.saved_theme(settings) == "light"
    theme.remember_theme(settings, "sepia")
    assert theme.saved_theme(settings) == "light"


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()
def test_the_layout_is_remembered_across_windows(qtbot: QtBot, starts: Starts) -> None:
    first = starts.start()
    first.show()
    qtbot.waitExposed(first)
    first.resize(first.minimumWidth(), 540)  # not the default size
    first.splitter.setSizes([400, 360])
    first.tabs.setCurrentIndex(2)  # Peers
    first.chart.set_range("5Y")
    size, sizes = (first.width(), first.height()), first.splitter.sizes()
    starts.quit(first)

    second = starts.start()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.tabs.tabText(second.tabs.currentIndex()) == "Peers"
    assert second.chart.chart_actions.ranges["5Y"].isChecked()
    assert size[1] == 540
    assert (second.width(), second.height()) == size
    assert second.splitter.sizes() == sizes


def test_a_stale_remembered_tab_or_range_is_ignored(qtbot: QtBot, starts: Starts) -> None:
    settings = ui_settings()
    settings.setValue("window/tab", "A tab that is gone")
    settings.setValue("chart/range", "17Y")
    settings.sync()
    window = starts.start()
    qtbot.addWidget(window)
    assert window.tabs.currentIndex() == 0
    assert window.chart.chart_actions.ranges["1Y"].isChecked()  # the default range


def test_chart_pens_are_cosmetic(qtbot: QtBot, starts: Starts) -> None:
    # a cosmetic pen keeps its width in device pixels: hairlines stay hairlines at 2x
    window = starts.start()
    qtbot.addWidget(window)
    chart = window.chart
    for pen in (chart.candles._up_pen, chart.candles._down_pen, chart.price_grid._pen,
                *(shape.pen for shape in chart.plan_layers.bands.shapes())):
        assert pen.isCosmetic()
