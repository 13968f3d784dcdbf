"""`kcdesk new-plan` and `kcdesk import-plan`: plans for any ticker, checked like typed edits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kcdesk.cli import main

NEW_PLAN_FIELDS = {"ticker", "name", "levels", "from"}
IMPORT_FIELDS = {"ticker", "name", "levels", "replaced"}


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, Any, str]:
    """(exit status, stdout as JSON when it starts as JSON else as text, stderr)."""
    code = main(["--data-dir", str(data_dir), *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 and out.startswith("{") else out), err


def export(capsys: pytest.CaptureFixture[str], data_dir: Path, ticker: str) -> dict[str, Any]:
    code, doc, err = run(capsys, data_dir, "export-plan", ticker)
    assert code == 0, err
    return dict(doc)


def write(path: Path, doc: Any) -> str:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_new_plan_creates_a_blank_plan_that_loads_everywhere(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, _ = run(capsys, data_dir, "new-plan", " msft", "--name", "Microsoft")
    assert code == 0
    assert set(out) == NEW_PLAN_FIELDS  # the field names are a contract
    assert out == {"ticker": "MSFT", "name": "Microsoft", "levels": 0, "from": None}
    doc = export(capsys, data_dir, "MSFT")
    assert "research" not in doc  # no report is shipped for MSFT
    assert doc["plan"]["zones"] == [] and doc["plan"]["breakout"] is None
    code, out, err = run(capsys, data_dir, "status", "MSFT", "--format", "json")
    assert code == 2 and "no MSFT prices" in err  # it reads the plan, then finds no prices
    code, out, err = run(capsys, data_dir, "size", "MSFT", "--account", "1000")
    assert code == 2 and "no zone" in err


def test_new_plan_from_kc_keeps_kcs_rules_without_its_levels(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, _ = run(capsys, data_dir, "new-plan", "AAPL", "--from", "kc")
    assert code == 0 and out["from"] == "KC" and out["levels"] == 0
    kc, aapl = export(capsys, data_dir, "KC")["plan"], export(capsys, data_dir, "AAPL")["plan"]
    assert aapl["stop_rule"] == kc["stop_rule"] and aapl["sizing"] == kc["sizing"]
    assert aapl["stops"] == [] and aapl["price_targets"] == []


@pytest.mark.parametrize("ticker", ["KC", "MSFT"])
def test_new_plan_refuses_a_ticker_that_has_a_plan_naming_it(
    ticker: str, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(capsys, data_dir, "new-plan", "MSFT")[0] == 0
    code, _, err = run(capsys, data_dir, "new-plan", ticker, "--name", "Other")
    assert code == 2 and f"{ticker} has a plan already" in err
    if ticker == "MSFT":  # the first plan is untouched
        assert export(capsys, data_dir, "MSFT")["plan"]["name"] == "MSFT"


@pytest.mark.parametrize("ticker", ["../x", "KC;rm", ""])
def test_new_plan_refuses_a_hostile_ticker_and_writes_nothing(
    ticker: str, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, _, err = run(capsys, data_dir, "new-plan", ticker)
    assert code == 2 and err.startswith("kcdesk: error: ticker: ")
    assert list(data_dir.iterdir()) == []


def test_export_then_import_under_a_new_ticker_round_trips_exactly(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    kc = export(capsys, data_dir, "KC")
    code, out, _ = run(capsys, data_dir, "import-plan", write(tmp_path / "kc.json", kc),
                       "--as", "NEWT")
    assert code == 0 and set(out) == IMPORT_FIELDS
    assert out["ticker"] == "NEWT" and out["replaced"] is False
    newt = export(capsys, data_dir, "NEWT")
    # the plan is equal except the ticker (research stays with the shipped report: none here)
    assert {**newt["plan"], "ticker": "KC"} == kc["plan"]
    assert newt["plan"]["ticker"] == "NEWT" and "research" not in newt


def test_import_over_a_ticker_that_has_a_plan_needs_replace(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    kc = export(capsys, data_dir, "KC")
    kc["plan"]["name"] = "Edited elsewhere"
    path = write(tmp_path / "kc.json", kc)
    code, _, err = run(capsys, data_dir, "import-plan", path)
    assert code == 2 and "KC has a plan already" in err and "--replace" in err
    assert export(capsys, data_dir, "KC")["plan"]["name"] != "Edited elsewhere"
    code, out, _ = run(capsys, data_dir, "import-plan", path, "--replace")
    assert code == 0 and out["replaced"] is True
    assert export(capsys, data_dir, "KC") == kc  # the whole document, research and all


def _kc_plan(capsys: pytest.CaptureFixture[str], data_dir: Path) -> dict[str, Any]:
    plan = export(capsys, data_dir, "KC")["plan"]
    plan["ticker"] = "BAD"
    return dict(plan)


def _stop_above_entry(p: dict[str, Any]) -> None:
    p["stops"][0]["stop"]["high"] = 12  # the entry is $11


def _low_above_high(p: dict[str, Any]) -> None:
    p["zones"][0]["price"]["low"] = 13  # the accumulate zone is $10-12


def _unknown_field(p: dict[str, Any]) -> None:
    p["zones"][1]["colour"] = "red"


def _unknown_range_field(p: dict[str, Any]) -> None:
    p["sizing"]["beta"]["mid"] = 1.8


@pytest.mark.parametrize(
    ("spoil", "field"),
    [(_stop_above_entry, "stops.example.stop"), (_low_above_high, "zones[0].price"),
     (_unknown_field, "zones[1].colour"), (_unknown_range_field, "sizing.beta.mid")],
)
def test_import_refuses_a_bad_plan_naming_the_field_and_stores_nothing(
    spoil: Any, field: str, capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    plan = _kc_plan(capsys, data_dir)
    spoil(plan)
    code, _, err = run(capsys, data_dir, "import-plan", write(tmp_path / "bad.json", plan))
    assert code == 2 and f"{field}:" in err and "nothing was imported" in err
    code, _, err = run(capsys, data_dir, "export-plan", "BAD")
    assert code == 2 and "no plan for ticker" in err


def test_import_refuses_a_file_that_is_not_json(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, data_dir, "import-plan", str(bad))
    assert code == 2 and "not valid JSON at line 1" in err


def test_status_of_a_plan_without_levels_on_prices(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    assert run(capsys, data_dir, "new-plan", "MSFT")[0] == 0
    csv = tmp_path / "msft.csv"
    csv.write_text("Date,Close\n2025-01-02,300\n2025-01-03,310\n", encoding="utf-8")
    assert run(capsys, data_dir, "import-prices", str(csv), "--ticker", "MSFT")[0] == 0
    code, out, err = run(capsys, data_dir, "status", "MSFT", "--format", "json")
    assert code == 0, err
    assert out["last_bar"]["close"] == 310
    assert out["plan_status"] == {"summary": "No levels in the plan yet", "flags": [],
                                  "breakout_confirmed_on": None}
    assert out["distances"] == []


def test_an_unknown_format_is_refused_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, _, err = run(capsys, data_dir, "new-plan", "MSFT", "--format", "csv")
    assert code == 2 and "unknown format 'csv' (choose from: json)" in err
    assert list(data_dir.iterdir()) == []
