"""`kcdesk import-prices`, `kcdesk refresh` and `kcdesk status`, end to end with no network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from kcdesk.cli import main
from kcdesk.data.prices import yahoo
from kcdesk.model.sample_prices import sample_frame


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sample_csv(tmp_path: Path) -> Path:
    """Generated bars written as a plain Yahoo-style file (no comment header)."""
    f = tmp_path / "gen.csv"
    frame = sample_frame().rename(columns=str.title)
    frame.index.name = "Date"
    frame.to_csv(f, date_format="%Y-%m-%d")
    return f


def test_import_prices_prints_rows_and_range(capsys: pytest.CaptureFixture[str], data_dir: Path,
                                             sample_csv: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "import-prices", str(sample_csv))
    assert code == 0
    assert out.strip() == "Imported 1,280 rows for KC: 2021-01-04 to 2025-11-28"


def test_import_prices_takes_the_ticker_before_or_after(capsys: pytest.CaptureFixture[str],
                                                        data_dir: Path, tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("Date,Close\n2024-01-02,5\n", encoding="utf-8")
    profile = ("--data-dir", str(data_dir))
    _, out, _ = run(capsys, *profile, "import-prices", str(f), "--ticker", "gds")
    assert "for GDS" in out
    _, out, _ = run(capsys, *profile, "--ticker", "baba", "import-prices", str(f))
    assert "for BABA" in out


def test_bad_import_exits_nonzero_with_line_numbers(capsys: pytest.CaptureFixture[str],
                                                    data_dir: Path, tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("Date,Open,High,Low,Close,Volume\n2024-01-02,10,9,11,10,1\n"
                 "2024-01-02,10,11,9,10,1\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-prices", str(f))
    assert code == 2 and out == ""
    assert "line 2: high 9 is below low 11" in err
    assert "line 3: date 2024-01-02 repeats line 2" in err
    assert json.loads(_last_json(capsys, data_dir))["is_sample"]  # nothing was imported


def _last_json(capsys: pytest.CaptureFixture[str], data_dir: Path, *extra: str) -> str:
    code, out, err = run(capsys, "--data-dir", str(data_dir), "status", *extra, "--format", "json")
    assert code == 0, err
    return out


def test_status_json_has_every_figure(capsys: pytest.CaptureFixture[str], data_dir: Path,
                                      sample_csv: Path) -> None:
    run(capsys, "--data-dir", str(data_dir), "import-prices", str(sample_csv))
    report = json.loads(_last_json(capsys, data_dir, "KC", "--as-of", "2025-03-15"))
    frame = sample_frame().loc[:"2025-03-15"]
    assert report["last_bar"] == {"date": "2025-03-14",
                                  "close": round(float(frame["close"].iloc[-1]), 4)}
    assert report["sma50"] == round(float(frame["close"].iloc[-50:].mean()), 4)
    assert report["sma200"] == round(float(frame["close"].iloc[-200:].mean()), 4)
    year = frame.loc[pd.Timestamp("2025-03-14") - pd.Timedelta(days=364):]
    assert (report["low_52w"], report["high_52w"]) == (year["low"].min(), year["high"].max())
    assert report["avg_volume_50"] == round(float(frame["volume"].iloc[-50:].mean()))
    assert report["source"] == "CSV import: gen.csv" and report["as_of"].endswith("Z")
    assert report["is_sample"] is False and report["events_since"] == "2025-02-12"
    assert report["plan_status"]["summary"]
    assert {d["key"] for d in report["distances"]} >= {"zone.accumulate", "breakout",
                                                        "stop.example", "target.long_term"}
    assert all("2025-02-12" < e["date"] <= "2025-03-14" for e in report["events"])
    assert {"date", "kind", "key", "text"} <= set(report["events"][0])


def test_status_on_first_run_is_labelled_sample(capsys: pytest.CaptureFixture[str],
                                                data_dir: Path) -> None:
    report = json.loads(_last_json(capsys, data_dir))
    assert report["is_sample"] and report["source"] == "sample prices — not market data"
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "status")
    assert code == 0 and "SAMPLE PRICES — NOT MARKET DATA" in out and "SMA 50 $" in out


def test_status_errors(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    base = ("--data-dir", str(data_dir), "status")
    assert run(capsys, *base, "--format", "xml")[0] == 2
    code, _, err = run(capsys, *base, "--as-of", "26/11/2025")
    assert code == 2 and "not a date" in err
    code, _, err = run(capsys, *base, "--as-of", "1999-01-01")
    assert code == 2 and "no KC prices on or before 1999-01-01" in err
    code, _, err = run(capsys, *base, "NOPE")
    assert code == 2 and "no NOPE prices" in err


class FakeYf:
    def __init__(self, frame: pd.DataFrame | None) -> None:
        self.frame = frame

    def set_tz_cache_location(self, path: str) -> None:
        pass

    def download(self, ticker: str, **kwargs: Any) -> pd.DataFrame:
        if self.frame is None:
            raise ConnectionError("Could not resolve host")
        out = self.frame.rename(columns=str.title)
        out.columns = pd.MultiIndex.from_product([out.columns, [ticker]],
                                                 names=["Price", "Ticker"])
        return out


def test_refresh_downloads_and_reports(capsys: pytest.CaptureFixture[str], data_dir: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yahoo, "_import_yfinance", lambda: FakeYf(sample_frame().iloc[:300]))
    code, out, err = run(capsys, "--data-dir", str(data_dir), "refresh")
    assert code == 0 and "[100%]" in err
    assert out.startswith("KC: 300 bars, 2021-01-04 to ") and "Yahoo Finance, as of " in out
    monkeypatch.setattr(yahoo, "_import_yfinance", lambda: FakeYf(None))
    code, out, err = run(capsys, "--data-dir", str(data_dir), "refresh", "KC")
    assert code == 2 and "Could not reach Yahoo Finance" in err
    assert "still showing KC: 300 bars" in err


def test_refresh_offline_first_run_mentions_the_sample(capsys: pytest.CaptureFixture[str],
                                                       data_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yahoo, "_import_yfinance", lambda: FakeYf(None))
    code, _, err = run(capsys, "--data-dir", str(data_dir), "refresh")
    assert code == 2 and "sample prices — not market data" in err
