"""The price service: offline first run on the labelled sample, cache first, then refresh."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kcdesk.data.paths import AppPaths, app_paths, shipped_data_dir
from kcdesk.data.prices import service
from kcdesk.data.prices.csv_import import read_price_csv
from kcdesk.model.indicators import technicals
from kcdesk.model.sample_prices import SAMPLE_SOURCE, sample_csv_text, sample_frame


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir)


def test_first_run_offline_shows_the_labelled_kc_sample(paths: AppPaths) -> None:
    series = service.load_prices(paths, "kc")
    assert series.is_sample and series.source == SAMPLE_SOURCE == "sample prices — not market data"
    assert series.ticker == "KC" and series.as_of is None
    assert not paths.price_cache_file.exists()  # loading never writes


def test_shipped_sample_is_the_generator_output_and_says_it_is_not_market_data() -> None:
    shipped = shipped_data_dir() / service.SAMPLE_FILE
    text = shipped.read_text(encoding="utf-8")
    assert text == sample_csv_text(), "regenerate with service.write_sample_csv()"
    assert text.startswith("# SAMPLE PRICES — NOT MARKET DATA")
    pd.testing.assert_frame_equal(read_price_csv(shipped), sample_frame(), check_freq=False,
                                  check_index_type=False)


def test_sample_is_deterministic_and_plausible_for_kc() -> None:
    frame = sample_frame()
    pd.testing.assert_frame_equal(frame, sample_frame())
    assert frame["low"].min() >= 3 and frame["high"].max() <= 25  # the plan's levels are on screen
    assert (frame.index[-1] - frame.index[0]).days > 3 * 365
    assert (frame["low"] <= frame[["open", "close"]].min(axis=1)).all()
    assert (frame["high"] >= frame[["open", "close"]].max(axis=1)).all()
    tech = technicals(frame)
    assert tech is not None and tech.sma200 is not None and tech.avg_volume_50 is not None
    # it visits the buy zone and the breakout area, so the plan has something to say
    assert ((frame["close"] >= 10) & (frame["close"] <= 12)).any()
    assert (frame["close"] > 16).any()


def test_missing_sample_file_is_generated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                          paths: AppPaths) -> None:
    monkeypatch.setattr(service, "shipped_data_dir", lambda: tmp_path)
    series = service.load_prices(paths, "KC")
    assert series.is_sample and series.frame.equals(sample_frame())


def test_other_tickers_have_no_prices_until_imported(paths: AppPaths, tmp_path: Path) -> None:
    series = service.load_prices(paths, "BABA")
    assert series.frame.empty and not series.is_sample and series.source == service.NO_PRICES
    f = tmp_path / "b.csv"
    f.write_text("Date,Close\n2024-01-02,80\n", encoding="utf-8")
    result = service.import_csv(paths, "baba", f)
    assert result.rows == 1
    series = service.load_prices(paths, "BABA")
    assert series.frame["close"].tolist() == [80.0] and series.source == "CSV import: b.csv"


def test_imported_prices_replace_the_sample(paths: AppPaths, tmp_path: Path) -> None:
    f = tmp_path / "kc.csv"
    f.write_text("Date,Close\n2024-01-02,10\n", encoding="utf-8")
    service.import_csv(paths, "KC", f)
    series = service.load_prices(paths, "KC")
    assert not series.is_sample and len(series.frame) == 1


def test_write_sample_csv_writes_the_shipped_file(tmp_path: Path) -> None:
    # the committed data/ file is the fixed expectation, not the generator's own text
    target = service.write_sample_csv(tmp_path / "s.csv")
    assert target.read_bytes() == (shipped_data_dir() / service.SAMPLE_FILE).read_bytes()
    assert read_price_csv(target).index[0] < read_price_csv(target).index[-1]


def test_blank_ticker_is_refused(paths: AppPaths) -> None:
    with pytest.raises(ValueError):
        service.load_prices(paths, "  ")
