"""`kcdesk size`: the sizer for scripts; every JSON field pinned, bad input exit 2 with why."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kcdesk.cli import main
from kcdesk.model.desk.desk import Part
from kcdesk.model.position_text import entry_of, stop_of
from kcdesk.model.sizing import PositionInputs


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    status = main(["--data-dir", str(data_dir), "size", *argv])
    out, err = capsys.readouterr()
    return status, json.loads(out) if status == 0 else None, err


def test_every_field_of_the_report(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, doc, _ = run(data_dir, capsys, "--account", "50000", "--entry", "11", "--stop",
                         "9.5", "--fees", "1", "--target", "14", "10.5", "--format", "json")
    assert status == 0
    # risk budget 0.5 % of 50,000 = 250; less two orders' fees = 248; / 1.50 a share = 165.3
    # cap 1 % = 500 / 11 = 45.45; cash (50,000 − 1) / 11 = 4,545.4 -> the cap binds at 45
    # at risk 45 × 1.50 + 2 × 1 = 69.50; value 45 × 11 = 495 (0.99 % of the account)
    # target 14: R = 3 / 1.5 = 2; reward 45 × 3 − 2 = 133; reward/risk 133 / 69.5 = 1.9137
    # target 10.50 is below the entry: R = −0.5 / 1.5 = −0.3333, reward −22.5 − 2 = −24.50
    assert doc == {
        "shares": 45,
        "binding": "allocation",
        "shares_risk": 165,
        "shares_cap": 45,
        "shares_cash": 4545,
        "entry": "11.00",
        "stop": "9.50",
        "money_at_risk": "69.50",
        "position_value": "495.00",
        "pct_of_account": 0.99,
        "targets": [
            {"label": "Target 1", "price": "14.00", "r_multiple": 2.0, "reward": "133.00",
             "reward_risk": 1.9137},
            {"label": "Target 2", "price": "10.50", "r_multiple": -0.3333, "reward": "-24.50",
             "reward_risk": -0.3525},
        ],
        "warnings": [{"kind": "low_reward_risk",
                      "text": "Reward/risk below 1 at Target 2 ($10.50)."}],
    }


@pytest.mark.parametrize(
    ("options", "binding", "shares"),
    [
        # risk 1 % of 10,000 = 100 / (10 − 9) = 100; cap 3 % = 300 / 10 = 30 ... cap binds
        (["--risk-pct", "1", "--alloc-pct", "3"], "allocation", 30),
        # risk 0.5 % = 50 / 1 = 50; cap 100 % = 1,000 shares; cash 10,000 / 10 = 1,000
        (["--risk-pct", "0.5", "--alloc-pct", "100"], "risk", 50),
        # risk 100 / 1 = 100; cap 100 %; cash 200 / 10 = 20
        (["--risk-pct", "1", "--alloc-pct", "100", "--cash", "200"], "cash", 20),
    ],
)
def test_each_limit_binds(
    options: list[str], binding: str, shares: int, data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, doc, _ = run(data_dir, capsys, "--account", "10000", "--entry", "10", "--stop", "9",
                         *options)
    assert status == 0
    assert (doc["binding"], doc["shares"]) == (binding, shares)


def test_left_out_options_take_the_report_cautious_end(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, doc, _ = run(data_dir, capsys, "--account", "100000")
    assert status == 0
    # the report: accumulate $10–12 sized at its top 12, stop 20 % below (9.60), risk 0.5 %,
    # cap 1 %: risk 500 / 2.40 = 208; cap 1,000 / 12 = 83; cash 100,000 / 12 = 8,333
    assert (doc["entry"], doc["stop"]) == ("12.00", "9.60")
    assert (doc["shares_risk"], doc["shares_cap"], doc["shares_cash"]) == (208, 83, 8333)
    assert doc["targets"][0]["label"] == "Short-term target (low end)"  # the plan's targets


def test_left_out_options_take_the_stored_inputs_first(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kcdesk.data.paths import app_paths
    from kcdesk.data.store import Store

    stored = PositionInputs(Decimal(20000), Decimal(5000), Decimal(2), Decimal(1),
                            entry_of("8-9"), stop_of("8"), Decimal("0.5"))
    with Store.open(app_paths(data_dir).ensure()) as store:
        store.commit("KC", {Part.POSITION: stored}, "type the sizer")
    status, doc, _ = run(data_dir, capsys, "--stop", "7")
    assert status == 0
    # risk 1 % of 20,000 = 200 − 1 = 199 / (9 − 7) = 99; cap 2 % = 400 / 9 = 44;
    # cash (5,000 − 0.5) / 9 = 555
    assert (doc["shares_risk"], doc["shares_cap"], doc["shares_cash"]) == (99, 44, 555)


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        ([], "--account: no account size is stored for KC; give --account N"),
        (["--account", "lots"], "--account 'lots': not a number"),
        (["--account", "-5"], "--account '-5': must be above zero"),
        (["--account", "1000", "--fees", "-1"], "--fees '-1': cannot be negative"),
        (["--account", "1000", "--entry", "11", "--stop", "11"],
         "--stop: a stop must be below the entry ($11.00)"),
        (["--account", "1000", "--risk-pct", "150"],
         "--risk-pct '150': must lie above 0 and at most 100 %"),
        (["--account", "1000", "--format", "csv"], "unknown format 'csv'"),
    ],
)
def test_bad_input_exits_2_with_the_reason(
    argv: list[str], reason: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(data_dir, capsys, *argv)
    assert status == 2
    assert err.startswith(f"kcdesk: error: {reason}")
    assert list(data_dir.iterdir()) == []  # reading never creates a store
