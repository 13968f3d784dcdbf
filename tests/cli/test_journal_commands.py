"""`kcdesk trade`, `kcdesk journal` and `kcdesk versions`: the JSON contract with exact money,
bad trades refused with nothing written, and no write while the window holds the profile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kcdesk.cli import main
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(data_dir), *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def as_json(data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    status, out, err = run(data_dir, capsys, *argv, "--format", "json")
    assert status == 0, err
    return json.loads(out)


# (side, date, shares, price, fees, extra options)
SEQUENCE = [
    ("buy", "2025-01-06", "100", "10.00", "1.00", ["--stop", "8.00", "--tranche", "accumulate"]),
    ("buy", "2025-01-13", "50", "13.00", "1.00", []),  # no stop: the rule's 20 % -> $10.40
    ("sell", "2025-02-03", "60", "12.00", "1.50", []),
    ("sell", "2025-03-03", "90", "9.50", "1.00", []),
    ("buy", "2025-04-01", "10", "9.00", "0.35", ["--tranche", "add_on_dip", "--note", "dip"]),
]


@pytest.fixture
def recorded(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    csv = data_dir.parent / "kc.csv"
    csv.write_text("Date,Close\n2025-04-01,9.50\n2025-04-02,9.87\n", encoding="utf-8")
    assert run(data_dir, capsys, "import-prices", str(csv))[0] == 0
    for side, day, shares, price, fees, extra in SEQUENCE:
        status, _, err = run(data_dir, capsys, "trade", side, "--date", day, "--shares", shares,
                             "--price", price, "--fees", fees, *extra)
        assert status == 0, err
    return data_dir


def test_the_journal_json_pins_every_field_with_pnl_worked_by_hand(
    recorded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # By hand (average cost, buy fees in the basis):
    #  buy 100 @ 10.00 + 1.00      basis 1001.00            stops 100 × 8.00 = 800
    #  buy  50 @ 13.00 + 1.00      basis 1652.00, 150 sh    stops + 50 × 10.40 = 1320
    #  sell 60 @ 12.00 − 1.50      cost 1652 × 60/150 = 660.80; 720 − 1.50 − 660.80 = 57.70
    #                              risk (1652 − 1320) × 0.4 = 132.80 -> R 57.70/132.80 = 0.4345
    #  sell 90 @ 9.50 − 1.00       cost 991.20; 855 − 1 − 991.20 = −137.20
    #                              risk 991.20 − 792 = 199.20 -> R −137.20/199.20 = −0.6888
    #  buy  10 @ 9.00 + 0.35       basis 90.35, average 9.035 -> 9.04 (half up)
    #  realised 57.70 − 137.20 = −79.50; unrealised 10 × 9.87 − 90.35 = 8.35
    doc = as_json(recorded, capsys, "journal")
    assert list(doc) == ["ticker", "trades", "position", "stats", "prices"]
    assert doc["position"] == {"shares": 10, "average_cost": "9.04", "realised_pnl": "-79.50",
                               "unrealised_pnl": "8.35", "last_close": "9.87"}
    assert doc["prices"] == {"source": "CSV import: kc.csv", "is_sample": False,
                             "last_date": "2025-04-02"}
    first, second, sell1, sell2, dip = doc["trades"]
    assert first == {
        "id": 1, "date": "2025-01-06", "side": "buy", "shares": 100, "price": "10.00",
        "fees": "1.00", "note": "", "tranche": "accumulate", "plan_version_id": 1,
        "initial_stop": "8.00", "realised_pnl": None,
        "planned_r": 2.0,  # (target 14 − 10) / (10 − 8)
        "realised_r": None, "off_plan": None,
    }
    assert second["initial_stop"] == "10.40"
    assert second["off_plan"] == {"kind": "outside_every_zone",
                                  "text": "Bought at $13.00, outside every planned zone."}
    assert (sell1["realised_pnl"], sell1["realised_r"]) == ("57.70", 0.4345)
    assert (sell2["realised_pnl"], sell2["realised_r"]) == ("-137.20", -0.6888)
    assert sell1["initial_stop"] is None and sell1["planned_r"] is None
    # 20 % below 9.00 is 7.20: (14 − 9) / (9 − 7.20) = 2.7778
    assert (dip["initial_stop"], dip["planned_r"], dip["note"]) == ("7.20", 2.7778, "dip")
    overall, untagged = doc["stats"]
    assert overall == {"key": "overall", "closed": 2, "wins": 1, "win_rate": 0.5,
                       # (0.434487 − 0.688755) / 2; (57.70 − 137.20) / 2
                       "average_r": -0.1271, "expectancy": "-39.75", "small_sample": True}
    assert untagged["key"] == "untagged" and untagged["closed"] == 2


def test_every_trade_keeps_the_version_saved_with_the_first(
    recorded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = as_json(recorded, capsys, "versions")
    assert list(doc) == ["ticker", "versions", "unsaved_changes"]
    (v1,) = doc["versions"]
    assert list(v1) == ["id", "saved_at", "note", "changes"]
    assert v1["note"] == "In force at the buy of 100 shares on 2025-01-06 (saved with the trade)"
    assert (v1["id"], v1["changes"], doc["unsaved_changes"]) == (1, [], [])
    assert {t["plan_version_id"] for t in as_json(recorded, capsys, "journal")["trades"]} == {1}


def test_trade_prints_the_recorded_trade(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(data_dir, capsys, "trade", "KC", "buy", "--date", "2025-01-06",
                         "--shares", "1200", "--price", "10.125", "--note", "first lot")
    assert status == 0
    assert out == ("Recorded Trade 1: buy 1,200 at $10.13 on 2025-01-06, fees $0.00, stop $8.10, "
                   "plan version 1 — first lot\n")
    doc = as_json(data_dir, capsys, "trade", "sell", "--date", "2025-01-07", "--shares", "200",
                  "--price", "11.5")
    assert doc == {"id": 2, "date": "2025-01-07", "side": "sell", "shares": 200,
                   "price": "11.50", "fees": "0.00", "note": "", "tranche": None,
                   "plan_version_id": 1, "initial_stop": None}
    assert as_json(data_dir, capsys, "journal")["trades"][0]["price"] == "10.125"  # exact


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["sell", "--shares", "1", "--price", "10"], "--shares: trade 1 on 2025-01-06 sells 1"),
        (["buy", "--shares", "0", "--price", "10"], "--shares: must be a whole number above"),
        (["buy", "--shares", "5", "--price", "-2"], "--price: must be above zero"),
        (["buy", "--shares", "5", "--price", "10", "--fees", "-1"], "--fees: cannot be negative"),
        (["hold", "--shares", "5", "--price", "10"], "side: must be buy or sell"),
    ],
)
def test_a_bad_trade_is_refused_and_nothing_is_stored(
    argv: list[str], words: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(data_dir, capsys, "trade", argv[0], "--date", "2025-01-06", *argv[1:])
    assert (status, out) == (2, "")
    assert err.startswith("kcdesk: error: the trade was not recorded:") and words in err
    assert as_json(data_dir, capsys, "journal")["trades"] == []


def test_a_future_or_unreadable_date_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for day, words in (("2999-01-01", "is in the future"), ("March 3", "not a date")):
        status, _, err = run(data_dir, capsys, "trade", "buy", "--date", day, "--shares", "1",
                             "--price", "10")
        assert status == 2 and f"--date: {words}" in err


def test_no_trade_is_written_while_the_window_holds_the_profile(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(app_paths(data_dir)) as window_store:
        status, _, err = run(data_dir, capsys, "trade", "buy", "--date", "2025-01-06",
                             "--shares", "1", "--price", "10")
        assert status == 2
        assert "already running" in err and "nothing was recorded" in err
        assert window_store.read_parts("KC") == {}
        # reading works beside the window
        assert as_json(data_dir, capsys, "journal")["trades"] == []
