"""`kcdesk export-plan`: the whole effective document as JSON on stdout, errors on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kcdesk.cli import main
from kcdesk.data.paths import app_paths
from kcdesk.data.plan_json import plan_from_json, plan_to_json
from kcdesk.data.store import Store


def _export(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _bounds(value: dict[str, Any]) -> tuple[float | None, float | None]:
    return value["low"], value["high"]


def _by_key(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["key"]: item for item in items}


def test_export_prints_every_plan_figure(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    argv = ("--data-dir", str(data_dir), "export-plan", "KC", "--format", "json")
    code, out, err = _export(capsys, *argv)
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["ticker"] == "KC" and doc["schema_version"] == 1
    plan = doc["plan"]
    zones = _by_key(plan["zones"])
    assert _bounds(zones["accumulate"]["price"]) == (10, 12)
    assert _bounds(zones["add_on_dip"]["price"]) == (8, 9)
    assert _bounds(zones["swing_entry"]["price"]) == (10, 11)
    assert _bounds(plan["breakout"]["level"]) == (15, 16)
    assert plan["breakout"]["volume_surge_pct"] == 40
    assert _bounds(plan["stop_rule"]["pct_below_entry"]) == (10, 20)
    (example,) = plan["stops"]
    assert example["entry"] == 11 and _bounds(example["stop"]) == (9.0, 9.5)
    profit = _by_key(plan["profit_targets"])
    assert _bounds(profit["short_term"]["price"]) == (14, 15)
    assert _bounds(profit["short_term"]["from_entry"]) == (10, 11)
    assert _bounds(profit["medium_term"]["price"]) == (17, 19)
    assert _bounds(profit["medium_term"]["from_entry"]) == (12, 13)
    price = _by_key(plan["price_targets"])
    assert _bounds(price["12m"]["price"]) == (16, 19)
    assert _bounds(price["24m"]["price"]) == (18, 23)
    assert _bounds(price["long_term"]["price"]) == (25, None)
    assert _bounds(plan["sizing"]["allocation_pct"]) == (1, 3)
    assert _bounds(plan["sizing"]["risk_per_trade_pct"]) == (0.5, 1)
    assert _bounds(plan["sizing"]["beta"]) == (1.6, 2.0)
    assert _bounds(plan["horizon"]["years"]) == (3, 5)


def test_export_carries_the_research_and_its_disagreements(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, _ = _export(capsys, "--data-dir", str(data_dir), "export-plan", "KC")
    assert code == 0
    research = json.loads(out)["research"]
    figures = _by_key(research["figures"])
    assert _bounds(figures["revenue_2021"]["statements"][0]["value"]) == (1.42, 1.42)
    assert _bounds(figures["q4_2024_gross_margin"]["statements"][0]["value"]) == (18.2, 18.2)
    assert _bounds(figures["debt_to_equity"]["statements"][0]["value"]) == (1.78, 1.78)
    assert _bounds(figures["fcf_ttm"]["statements"][0]["value"]) == (465, 465)
    pb = [(s["section"], _bounds(s["value"])) for s in figures["kc_pb"]["statements"]]
    assert pb == [
        ("Executive Summary", (3.5, 3.8)),
        ("9A. Relative Valuation — Key Multiples", (3.6, 3.9)),
    ]
    assert [s["text"] for s in figures["gds_ev_revenue"]["statements"]] == [
        "~7–8x",
        "~7.3–7.7x",
        "~7–7.7x",
    ]
    assert [s["key"] for s in research["valuation"]["scenarios"]] == ["bear", "base", "bull"]
    assert "≈US$360M" in out  # ensure_ascii=False: the report's own characters


def test_export_defaults_to_the_ticker_option(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, _ = _export(capsys, "--data-dir", str(data_dir), "export-plan")
    assert code == 0 and json.loads(out)["ticker"] == "KC"


def test_export_does_not_create_a_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = tmp_path / "never-used"
    code, _, _ = _export(capsys, "--data-dir", str(profile), "export-plan", "KC")
    assert code == 0 and not profile.exists()


def test_unknown_ticker_fails_with_a_message_on_stderr(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = _export(capsys, "--data-dir", str(data_dir), "export-plan", "NOPE")
    assert code != 0
    assert out == ""
    assert "NOPE" in err and "no plan" in err


def test_unknown_format_fails_with_a_message_on_stderr(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = _export(capsys, "--data-dir", str(data_dir), "export-plan", "--format", "csv")
    assert code != 0 and out == ""
    assert "unknown format 'csv'" in err


def test_export_shows_the_plan_the_user_edited(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    _, shipped_out, _ = _export(capsys, "--data-dir", str(data_dir), "export-plan", "KC")
    shipped = json.loads(shipped_out)
    edited = plan_from_json(shipped["plan"]).edit_level("zone.accumulate", 10.5, 12)
    with Store.open(app_paths(data_dir)) as store:
        store.save_plan("KC", plan_to_json(edited), "test edit")
    code, out, _ = _export(capsys, "--data-dir", str(data_dir), "export-plan", "KC")
    assert code == 0
    doc = json.loads(out)
    assert _bounds(_by_key(doc["plan"]["zones"])["accumulate"]["price"]) == (10.5, 12)
    assert doc["research"] == shipped["research"]


def test_repeated_exports_do_not_churn_the_backups(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    paths = app_paths(data_dir)
    _, shipped_out, _ = _export(capsys, "--data-dir", str(data_dir), "export-plan", "KC")
    edited = plan_from_json(json.loads(shipped_out)["plan"]).edit_level("target.12m", 16.5, 19)
    with Store.open(paths) as store:
        store.save_plan("KC", plan_to_json(edited), "test edit")
    before = Store.backups(paths)
    for _ in range(3):
        code, out, _ = _export(capsys, "--data-dir", str(data_dir), "export-plan", "KC")
        assert code == 0 and '"low": 16.5' in out
    assert Store.backups(paths) == before
