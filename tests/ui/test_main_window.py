"""The whole window on a real store: plan edits saved and undoable, refresh and import of prices."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcdesk.app import build_main_window
from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.prices import service
from kcdesk.data.prices.source import PriceFetchError
from kcdesk.data.store import Store
from kcdesk.ui.price_status import SAMPLE_TEXT


def _prices(change: object) -> bool:
    """A session change that brought new prices."""
    return "prices" in getattr(change, "parts", ())

def bars(start: str, n: int, first_close: float = 11.0) -> pd.DataFrame:
    """n business-day bars with a gentle drift: a stand-in for market data in tests."""
    idx = pd.bdate_range(start, periods=n, name="date")
    close = first_close * np.exp(np.cumsum(np.full(n, 0.001)))
    return pd.DataFrame(
        {
            "open": close,
            "high": close * 1.02,
            "low": close * 0.98,
            "close": close,
            "volume": np.full(n, 1_000_000.0),
        },
        index=idx,
    )


class FakeSource:
    """A price source that never touches the network."""

    name = "fake feed"

    def __init__(self, frame: pd.DataFrame | None = None, error: str | None = None) -> None:
        self.frame, self.error, self.calls = frame, error, 0

    def fetch(self, ticker: str, start: date | None = None) -> pd.DataFrame:
        self.calls += 1
        if self.error:
            raise PriceFetchError("network", ticker, self.name, self.error)
        assert self.frame is not None
        return self.frame


def service_with(source: FakeSource) -> Any:
    """The real price service, its refresh bound to a fake source."""
    return SimpleNamespace(
        load_prices=service.load_prices,
        import_csv=service.import_csv,
        refresh=lambda paths, ticker, **kw: service.refresh(paths, ticker, source, **kw),
    )


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir).ensure()


@pytest.fixture
def store(paths: AppPaths) -> Iterator[Store]:
    s = Store.open(paths)
    yield s
    s.close()


def open_window(
    qtbot: QtBot, paths: AppPaths, store: Store, source: FakeSource | None = None
) -> Any:
    window = build_main_window(
        paths, "KC", store, service_with(source or FakeSource(bars("2024-01-01", 300)))
    )
    qtbot.addWidget(window)
    return window


def test_first_run_shows_the_kc_plan_on_labelled_sample_prices(
    qtbot: QtBot, paths: AppPaths, store: Store
) -> None:
    window = open_window(qtbot, paths, store)
    assert "KC" in window.windowTitle()
    html = window.plan_tab.browser.toPlainText()
    for text in ("~$10–12", "~$8–9", "~$10–11", "$15–16", "$25+", "10–20% below entry"):
        assert text in html
    assert window.session.prices.is_sample
    assert SAMPLE_TEXT in window.price_label.text()
    assert window.chart.layer_visible("Analyst band")
    (band,) = window.chart.plan_layers.shapes("Analyst band")
    assert (band.low, band.high) == (17.3, 18.1)  # MarketBeat's and ValueInvesting.io's averages
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())][:3] == [
        "Plan",
        "Fundamentals",
        "Peers",
    ]


def test_a_chart_edit_is_saved_undone_and_redone(
    qtbot: QtBot, paths: AppPaths, store: Store
) -> None:
    window = open_window(qtbot, paths, store)
    window.chart.level_edit_proposed.emit("stop.example", 8.9, 9.4)
    assert store.get_plan("KC")["stops"][0]["stop"] == {
        "low": 8.9,
        "high": 9.4,
        "unit": "usd",
        "approx": True,
    }
    assert "9.4" in window.plan_tab.browser.toPlainText()
    window.undo_action.trigger()
    assert store.get_plan("KC")["stops"][0]["stop"]["high"] == 9.5
    assert window.session.plan.level("stop.example").high == 9.5
    window.redo_action.trigger()
    assert store.get_plan("KC")["stops"][0]["stop"]["high"] == 9.4


def test_a_stop_dragged_above_its_entry_is_refused_with_a_message(
    qtbot: QtBot, paths: AppPaths, store: Store
) -> None:
    window = open_window(qtbot, paths, store)
    window.chart.level_edit_proposed.emit("stop.example", 9.0, 11.2)
    assert store.get_plan("KC") is None  # nothing was saved
    assert window.session.plan.level("stop.example").high == 9.5
    assert "stop must be below its entry" in window.message_label.text()
    assert not window.undo_action.isEnabled()


def test_edits_survive_a_restart(qtbot: QtBot, paths: AppPaths) -> None:
    with Store.open(paths) as store:
        window = open_window(qtbot, paths, store)
        window.chart.level_edit_proposed.emit("target.12m", 16.5, 19.5)
        window.close()
    with Store.open(paths) as store:
        window = open_window(qtbot, paths, store)
        assert window.session.plan.level("target.12m").low == 16.5


def test_refresh_replaces_sample_prices_and_says_where_they_came_from(
    qtbot: QtBot, paths: AppPaths, store: Store
) -> None:
    source = FakeSource(bars("2024-01-01", 300))
    window = open_window(qtbot, paths, store, source)
    with qtbot.waitSignal(window.session.changed, timeout=10_000, check_params_cb=_prices):
        window.refresh_action.trigger()
    assert not window.session.prices.is_sample
    assert len(window.session.prices.frame) == 300
    assert "fake feed" in window.price_label.text()
    assert SAMPLE_TEXT not in window.price_label.text()
    assert "as of" in window.price_label.text()


def test_refresh_with_no_network_keeps_what_is_shown(
    qtbot: QtBot, paths: AppPaths, store: Store
) -> None:
    window = open_window(qtbot, paths, store, FakeSource(error="no network connection"))
    before = window.session.prices
    window.refresh_action.trigger()
    qtbot.waitUntil(lambda: "Refresh failed" in window.message_label.text(), timeout=10_000)
    assert "Could not reach fake feed" in window.message_label.text()
    assert "Still showing sample prices" in window.message_label.text()
    assert "no network connection" not in window.message_label.text()  # detail is in the dialog
    assert window.session.prices is before


def test_importing_a_bad_csv_names_the_line_and_changes_nothing(
    qtbot: QtBot, paths: AppPaths, store: Store, tmp_path: Path
) -> None:
    window = open_window(qtbot, paths, store)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,100\n"
        "2024-01-03,10,9,11,10.5,100\n",
        encoding="utf-8",
    )
    before = window.session.prices
    window.price_actions.import_file(bad)
    qtbot.waitUntil(lambda: "Import failed" in window.message_label.text(), timeout=10_000)
    assert "line 3" in window.message_label.text()
    assert window.session.prices is before
    assert service.load_prices(paths, "KC").is_sample


def test_importing_a_good_csv_shows_it(
    qtbot: QtBot, paths: AppPaths, store: Store, tmp_path: Path
) -> None:
    window = open_window(qtbot, paths, store)
    good = tmp_path / "kc.csv"
    bars("2023-01-02", 260).rename(columns=str.title).rename_axis("Date").to_csv(good)
    with qtbot.waitSignal(window.session.changed, timeout=10_000, check_params_cb=_prices):
        window.price_actions.import_file(good)
    assert len(window.session.prices.frame) == 260
    assert "CSV import: kc.csv" in window.price_label.text()
    assert "Imported 260 rows" in window.message_label.text()


def _view_menu(window: Any) -> Any:
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&View"]
    return menu


def test_view_menu_and_chart_toolbar_show_the_same_state(
    qtbot: QtBot, paths: AppPaths, store: Store
) -> None:
    window = open_window(qtbot, paths, store)
    chart, bar = window.chart, window.chart.toolbar
    menu_actions = {a.text(): a for a in _view_menu(window).actions()}
    layer_menu = {a.text(): a for a in menu_actions["&Layers"].menu().actions()}
    # toolbar -> menu
    qtbot.mouseClick(bar.log_button, Qt.MouseButton.LeftButton)
    assert chart.log_scale and menu_actions["&Log scale"].isChecked()
    qtbot.mouseClick(bar.candles_button, Qt.MouseButton.LeftButton)
    assert not chart.candles.candles and not menu_actions["&Candles"].isChecked()
    qtbot.mouseClick(bar.range_buttons["3Y"], Qt.MouseButton.LeftButton)
    assert menu_actions["3Y"].isChecked() and not menu_actions["1Y"].isChecked()
    bar.layers_menu.actions()[0].trigger()  # "Volume" off from the toolbar's Layers menu
    assert not chart.layer_visible("Volume") and not layer_menu["Volume"].isChecked()
    # menu -> toolbar
    menu_actions["&Log scale"].trigger()
    assert not chart.log_scale and not bar.log_button.isChecked()
    menu_actions["&Candles"].trigger()
    assert chart.candles.candles and bar.candles_button.isChecked()
    menu_actions["Max"].trigger()
    assert bar.range_buttons["Max"].isChecked() and not bar.range_buttons["3Y"].isChecked()
    layer_menu["Targets"].trigger()
    assert not chart.layer_visible("Targets")
    assert not next(a for a in bar.layers_menu.actions() if a.text() == "Targets").isChecked()
    # and from code (a snapshot or a restored view): both show it
    chart.set_log_scale(True)
    assert menu_actions["&Log scale"].isChecked() and bar.log_button.isChecked()


def test_tabs_are_built_when_first_shown(qtbot: QtBot, paths: AppPaths, store: Store) -> None:
    window = open_window(qtbot, paths, store)
    assert set(window.tabs.built) == {"Plan"}  # the first frame builds the shown tab only
    window.tabs.setCurrentIndex(2)
    assert set(window.tabs.built) == {"Plan", "Peers"}
    assert window.tabs.tabText(2) == "Peers" and window.tabs.currentIndex() == 2


def test_the_edit_menu_says_what_undo_will_do_and_a_failed_undo_keeps_it(
    qtbot: QtBot, paths: AppPaths, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, paths, store)
    assert not window.undo_action.isEnabled()
    window.chart.level_edit_proposed.emit("stop.example", 8.9, 9.4)
    assert window.undo_action.isEnabled()
    assert window.undo_action.text().startswith("&Undo Move Example ($11) stop")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "commit", full)
    window.undo_action.trigger()
    assert window.session.plan.level("stop.example").high == 9.4  # still edited …
    assert window.undo_action.isEnabled()  # … and still undoable, with its text
    assert window.undo_action.text().startswith("&Undo Move Example ($11) stop")
    assert "No space left" in window.message_label.text()
    assert window.chart.plan_layers.shape("stop.example").high == 9.4
