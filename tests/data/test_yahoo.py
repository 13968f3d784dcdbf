"""The yfinance adapter against a fake yfinance: normalising, failures, cache redirection."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from kcdesk.data.prices import yahoo
from kcdesk.data.prices.source import PriceFetchError
from kcdesk.data.prices.yahoo import YahooSource, normalise


def yf_frame(ticker: str = "KC", tz: str | None = None) -> pd.DataFrame:
    """What yfinance 1.x `download()` returns for one ticker: (Price, Ticker) columns."""
    idx = pd.DatetimeIndex(["2025-11-25", "2025-11-26"], name="Date")
    if tz:
        idx = idx.tz_localize(tz)
    data = {
        ("Adj Close", ticker): [12.1, 12.45],
        ("Close", ticker): [12.1, 12.45],
        ("High", ticker): [12.5, 12.9],
        ("Low", ticker): [11.8, 12.0],
        ("Open", ticker): [12.0, 12.2],
        ("Volume", ticker): [1_500_000, 2_100_000],
    }
    frame = pd.DataFrame(data, index=idx)
    frame.columns = pd.MultiIndex.from_tuples(frame.columns, names=["Price", "Ticker"])
    return frame


class FakeYf:
    """Stands in for the yfinance module: records calls, answers or fails as told."""

    def __init__(self, answer: Any = None, raises: Exception | None = None,
                 logs: tuple[str, ...] = ()) -> None:
        self.answer = yf_frame() if answer is None else answer
        self.raises = raises
        self.logs = logs
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.cache_dirs: list[str] = []

    def set_tz_cache_location(self, path: str) -> None:
        self.cache_dirs.append(path)

    def download(self, ticker: str, **kwargs: Any) -> pd.DataFrame:
        self.calls.append((ticker, kwargs))
        for text in self.logs:  # yfinance 1.x logs its failures instead of raising
            logging.getLogger("yfinance").error(text)
        if self.raises is not None:
            raise self.raises
        return self.answer


@pytest.fixture(autouse=True)
def _fresh_redirect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yahoo, "_redirected_to", None)


def test_good_frame_is_normalised_to_the_price_frame(tmp_path: Path) -> None:
    fake = FakeYf(answer=yf_frame(tz="America/New_York"))
    frame = YahooSource(tmp_path / "yf", yf=fake).fetch("kc", start=date(2025, 11, 25))
    assert list(frame.columns) == ["open", "high", "low", "close", "volume"]
    assert frame.index.name == "date" and frame.index.tz is None
    assert list(frame.index.strftime("%Y-%m-%d")) == ["2025-11-25", "2025-11-26"]
    assert frame["close"].tolist() == [12.1, 12.45]  # Close, not Adj Close
    assert (frame.dtypes == "float64").all()
    ticker, kwargs = fake.calls[0]
    assert ticker == "KC" and kwargs["start"] == "2025-11-25" and "end" not in kwargs
    assert kwargs["interval"] == "1d" and kwargs["progress"] is False


def test_no_start_asks_for_all_history_and_end_is_inclusive(tmp_path: Path) -> None:
    fake = FakeYf()
    YahooSource(tmp_path, yf=fake).fetch("KC", end=date(2025, 11, 26))
    kwargs = fake.calls[0][1]
    assert kwargs["period"] == "max" and kwargs["end"] == "2025-11-27"


def test_yfinance_caches_go_under_the_app_cache_dir(tmp_path: Path) -> None:
    fake = FakeYf()
    source = YahooSource(tmp_path / "cache" / "yfinance", yf=fake)
    source.fetch("KC")
    source.fetch("KC")
    assert fake.cache_dirs == [str(tmp_path / "cache" / "yfinance")]  # once, before first use
    assert (tmp_path / "cache" / "yfinance").is_dir()


def test_lazy_import_is_replaceable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeYf()
    monkeypatch.setattr(yahoo, "_import_yfinance", lambda: fake)
    assert YahooSource(tmp_path).fetch("KC")["close"].iloc[-1] == 12.45


@pytest.mark.parametrize(
    ("logs", "kind", "words"),
    [
        ((), "empty", "returned no prices for KC"),
        (("['KC']: DNSError('Failed to perform, curl: (6) Could not resolve host: "
          "query2.finance.yahoo.com')",), "network", "Could not reach Yahoo Finance"),
        (("['KC']: YFTickerMissingError('$KC: possibly delisted; no price data found')",),
         "unknown_ticker", "does not know the ticker KC"),
        (("['KC']: YFRateLimitError('Too Many Requests. Rate limited. Try after a while.')",),
         "rate_limit", "limiting requests"),
    ],
)
def test_empty_frame_is_a_failure_named_by_what_yfinance_logged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], logs: tuple[str, ...], kind: str,
    words: str
) -> None:
    fake = FakeYf(answer=yf_frame().iloc[0:0], logs=logs)
    with pytest.raises(PriceFetchError) as err:
        YahooSource(tmp_path, yf=fake).fetch("KC")
    assert err.value.kind == kind and words in str(err.value)
    assert capsys.readouterr().err == ""  # yfinance's own log lines do not reach the terminal
    assert logging.getLogger("yfinance").propagate  # restored


class YFRateLimitError(Exception):
    """Named like yfinance's: the adapter recognises exceptions by name, not by import."""


class YFTickerMissingError(Exception):
    pass


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (ConnectionError("Connection refused"), "network"),
        (TimeoutError("timed out"), "network"),
        (YFRateLimitError("Too Many Requests. Rate limited."), "rate_limit"),
        (YFTickerMissingError("$XYZQ: possibly delisted; no timezone found"), "unknown_ticker"),
        (ValueError("something odd"), "failed"),
    ],
)
def test_exceptions_become_one_clear_message(tmp_path: Path, exc: Exception, kind: str) -> None:
    with pytest.raises(PriceFetchError) as err:
        YahooSource(tmp_path, yf=FakeYf(raises=exc)).fetch("xyzq")
    assert err.value.kind == kind and err.value.ticker == "XYZQ"
    assert str(exc) in str(err.value)  # the detail is kept, after the plain message


def test_frames_without_prices_are_failures() -> None:
    nan_rows = yf_frame()
    nan_rows.loc[:, ("Close", "KC")] = float("nan")
    with pytest.raises(PriceFetchError) as err:
        normalise(nan_rows, "KC")
    assert err.value.kind == "empty"
    with pytest.raises(PriceFetchError) as err:
        normalise(pd.DataFrame({"Close": [1.0]}), "KC")
    assert err.value.kind == "bad_data" and "open" in str(err.value)


def test_flat_columns_are_accepted() -> None:
    flat = yf_frame().droplevel("Ticker", axis=1)
    assert normalise(flat, "KC")["volume"].tolist() == [1_500_000, 2_100_000]


def test_importing_the_service_does_not_import_yfinance() -> None:
    code = "import sys, kcdesk.data.prices.service; print('yfinance' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_yfinance_is_a_clear_failure(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def absent() -> Any:
        raise ImportError("No module named 'yfinance'")

    monkeypatch.setattr(yahoo, "_import_yfinance", absent)
    with pytest.raises(PriceFetchError) as err:
        YahooSource(tmp_path).fetch("KC")
    assert err.value.kind == "failed" and "yfinance is not installed" in str(err.value)
    assert "for KC" in str(err.value)
