"""The command line as scripts meet it: hostile tickers refused plainly, pipes closed early."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kcdesk.cli import main

HOSTILE = ["../x", "KC;rm", ""]


@pytest.mark.parametrize("ticker", HOSTILE)
@pytest.mark.parametrize(
    "command",
    [["export-plan"], ["status"], ["refresh"], ["snapshot", "--out", "OUT.png"], ["events"],
     ["valuation"], ["export-metrics"]],
)
def test_a_hostile_ticker_is_refused_with_a_message_and_nothing_written(
    command: list[str],
    ticker: str,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [a.replace("OUT.png", str(tmp_path / "out.png")) for a in command]
    status = main(["--data-dir", str(data_dir), *argv, ticker])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("kcdesk: error: ticker: ") and "Traceback" not in err
    assert list(data_dir.iterdir()) == []  # no store, no cache, no folder named after it
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize("ticker", HOSTILE)
@pytest.mark.parametrize(
    ("command", "text"),
    [("import-prices", "Date,Close\n2024-01-02,10\n2024-01-03,11\n"),
     ("import-metrics", "quarter,metric,value\n2025Q3,revenue_yoy_pct,31\n")],
)  # fmt: skip
def test_an_import_refuses_a_hostile_ticker_before_reading_the_file(
    command: str, text: str, ticker: str, data_dir: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text(text, encoding="utf-8")
    status = main(["--data-dir", str(data_dir), command, str(csv), "--ticker", ticker])
    assert status == 2
    assert capsys.readouterr().err.startswith("kcdesk: error: --ticker: ")
    assert list(data_dir.iterdir()) == []


def test_the_global_ticker_option_is_checked_too(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "--ticker", "../x", "export-plan"]) == 2
    assert "ticker: not a ticker symbol" in capsys.readouterr().err


def test_export_plan_into_head_ends_quietly(tmp_path: Path) -> None:
    proc = subprocess.run(
        f"'{sys.executable}' -m kcdesk --data-dir '{tmp_path}' export-plan KC | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout == "{\n"
    assert proc.stderr == ""  # no BrokenPipeError traceback, no "Exception ignored" line


def test_status_json_never_holds_nan_or_infinity(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    # Two bars: no 50- or 200-day average yet; those are null, not NaN.
    csv = data_dir.parent / "two.csv"
    csv.write_text("Date,Close\n2024-01-02,10\n2024-01-03,11\n", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "import-prices", str(csv)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "status", "--format", "json"]) == 0
    text = capsys.readouterr().out
    assert "NaN" not in text and "Infinity" not in text
    report = json.loads(text)
    assert report["sma50"] is None and report["last_bar"]["close"] == 11


def test_status_reports_a_store_it_cannot_read_instead_of_showing_no_plan(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from kcdesk.data.paths import app_paths

    conn = sqlite3.connect(app_paths(data_dir).store_file)
    conn.execute("PRAGMA user_version = 99")  # written by a newer KC Desk
    conn.close()
    assert main(["--data-dir", str(data_dir), "status", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert "newer KC Desk" in captured.err and captured.out == ""


def test_status_lists_each_trigger_with_the_fields_scripts_read(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    assert main(["--data-dir", str(data_dir), "status", "--format", "json"]) == 0
    triggers = json.loads(capsys.readouterr().out)["triggers"]
    assert [t["kind"] for t in triggers] == ["add", "trim", "upgrade", "downgrade"]
    for t in triggers:
        assert set(t) == {"key", "kind", "state", "streak", "quarters", "reason"}
        assert t["state"] in ("met", "not met", "borderline", "not enough data")
        assert t["reason"].startswith(t["state"] + ":")
