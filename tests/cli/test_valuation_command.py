"""`kcdesk valuation`: the JSON contract scripts rely on, --set without saving, missing inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kcdesk.cli import main
from kcdesk.data.documents import load_desk
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store

GIVEN = ["--set", "adrs_m=264", "--set", "net_debt_musd=-200"]


def _run(data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(data_dir), "valuation", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_the_field_names_are_the_contract(data_dir: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(data_dir, capsys, *GIVEN, "--format", "json")
    assert status == 0
    doc = json.loads(out)
    assert set(doc) == {"last_close", "inputs", "scenarios", "reverse", "last_close_date",
                        "last_close_is_sample"}
    assert doc["last_close_is_sample"] is True  # a fresh profile has only the sample prices
    assert doc["inputs"]["adrs_m"] == {"value": 264.0, "source": "user"}
    assert doc["inputs"]["base_revenue_musd"] == {"value": 1250.0, "source": "report"}
    assert doc["inputs"]["terminal_growth_pct"] == {"value": 3.0, "source": "default"}
    assert doc["inputs"]["bear.wacc_pct"] == {"low": 12.0, "high": 13.0, "approx": False,
                                              "source": "report"}
    assert [s["key"] for s in doc["scenarios"]] == ["bear", "base", "bull"]
    for s in doc["scenarios"]:
        assert set(s) == {"key", "value_per_adr", "cases"}
        assert set(s["value_per_adr"]) == {"low", "high"}
        for case in s["cases"]:
            assert set(case) == {"inputs", "years", "terminal_value_musd", "pv_terminal_musd",
                                 "enterprise_value_musd", "equity_value_musd", "value_per_adr",
                                 "terminal_share_pct"}
            assert set(case["inputs"]) == {"base_revenue_musd", "revenue_cagr_pct",
                                           "fcf_margin_pct", "wacc_pct", "terminal_growth_pct",
                                           "years", "net_debt_musd", "adrs_m"}
            assert [set(y) for y in case["years"]] == [
                {"year", "revenue_musd", "fcf_musd", "pv_musd"}] * 5
    # bear: 10–12 % CAGR × 4–5 % FCF margin × 12–13 % WACC, every corner: 2 × 2 × 2 cases
    assert len(doc["scenarios"][0]["cases"]) == 8
    # base (point inputs): ΣPV 753.7 + PV(TV) 2185.0 = EV 2938.7, + 200 net cash, ÷ 264 ADRs
    assert doc["scenarios"][1]["value_per_adr"]["low"] == pytest.approx(11.889, abs=0.001)
    assert [set(r) for r in doc["reverse"]] == [{"key", "implied_revenue_cagr_pct"}] * 3
    assert set(doc["reverse"][0]["implied_revenue_cagr_pct"]) == {"low", "high"}


def test_set_evaluates_without_saving(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(data_dir, capsys, *GIVEN, "--set", "base.wacc_pct=12%")
    assert status == 0
    assert json.loads(out)["inputs"]["base.wacc_pct"]["source"] == "user"
    assert not app_paths(str(data_dir)).store_file.exists()  # nothing written, not even a store


def test_missing_inputs_exit_2_naming_them(data_dir: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(data_dir, capsys)
    assert status == 2 and out == ""
    assert "adrs_m" in err and "net_debt_musd" in err and "Traceback" not in err


def test_a_refused_set_says_why(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(data_dir, capsys, *GIVEN, "--set", "bear.wacc_pct=2%")
    assert status == 2
    assert "bear.wacc_pct" in err and "terminal growth" in err


def test_the_stored_inputs_are_used_and_marked_as_the_users(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kcdesk.model.desk.desk import Part
    from kcdesk.model.valuation.edits import InputValue, SetValuationInputs

    paths = app_paths(str(data_dir))
    with Store.open(paths) as store:
        desk, research = load_desk(store, "KC")
        desk = SetValuationInputs(research, (InputValue("adrs_m", "264"),
                                             InputValue("net_debt_musd", "-200"))).apply(desk)
        store.commit("KC", {Part.VALUATION: desk.valuation}, "inputs")
    status, out, _ = _run(data_dir, capsys)
    assert status == 0
    assert json.loads(out)["inputs"]["net_debt_musd"] == {"value": -200.0, "source": "user"}
