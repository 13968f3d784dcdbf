"""What the price layer had to do behind the user's back is said in the window, not a log line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.store import Store
from tests.ui.test_main_window import FakeSource, bars, open_window


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir).ensure()


def test_a_damaged_price_cache_set_aside_at_start_is_said_in_the_status_bar(
    qtbot: QtBot, paths: AppPaths
) -> None:
    paths.price_cache_file.write_bytes(b"not a price cache at all" * 64)
    with Store.open(paths) as store:
        window = open_window(qtbot, paths, store, FakeSource(bars("2024-01-01", 300)))
        text = window.message_label.text()
        assert "The price cache was damaged and has been set aside as prices.sqlite3.corrupt-" \
            in text
        assert "prices are fetched again on the next refresh" in text
        assert window.session.prices.is_sample  # and the chart says the prices are samples
    assert list(paths.cache_dir.glob("prices.sqlite3.corrupt-*"))


def test_an_unreadable_price_cache_is_kept_and_the_window_says_why(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kcdesk.data.prices import cache as cache_module
    from tests.data import _sqlite_faults as faults

    # a healthy cache with bars in it, then a permission problem opening it
    cache_module.PriceCache(paths.price_cache_file).write("KC", bars("2024-01-01", 50), "seed")
    with Store.open(paths) as store:
        before = paths.price_cache_file.read_bytes()
        injected = faults.install(monkeypatch, cache_module)
        injected.on_connect = faults.sqlite_error(*faults.CANT_OPEN)
        window = open_window(qtbot, paths, store)
        text = window.message_label.text()
        assert "permission denied — check who may read and write the file" in text
        assert "It was kept as it was." in text
    assert paths.price_cache_file.read_bytes() == before
    assert not list(paths.cache_dir.glob("prices.sqlite3.corrupt-*"))
