"""`kcdesk events`: the stored log (or, with none, events computed from the cached prices),
filtered by date; its JSON field names are a contract; bad dates exit 2 with the reason."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kcdesk.cli import main
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.model.desk.desk import Part
from kcdesk.model.event_log import EventLog, LoggedEvent
from kcdesk.model.plan_status import DEATH_CROSS, GOLDEN_CROSS

START = date(2020, 1, 1)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cross_csv(tmp_path: Path) -> Path:
    """250 days at $10, 100 at $12, 100 at $8 (every calendar day): golden cross on day 250
    (2020-09-07), death cross on day 364 (2020-12-30), worked in test_plan_status."""
    f = tmp_path / "cross.csv"
    closes = [10.0] * 250 + [12.0] * 100 + [8.0] * 100
    lines = ["Date,Open,High,Low,Close,Volume"]
    lines += [f"{START + timedelta(days=i)},{c},{c},{c},{c},1000" for i, c in enumerate(closes)]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def test_without_a_log_events_are_computed_from_the_cached_prices_and_it_says_so(
    capsys: pytest.CaptureFixture[str], data_dir: Path, cross_csv: Path
) -> None:
    assert run(capsys, "--data-dir", str(data_dir), "import-prices", str(cross_csv))[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "events", "KC", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"ticker", "source", "logged_through", "since", "until", "events"}
    assert doc["source"] == "computed from the cached prices (nothing logged yet)"
    assert doc["logged_through"] == "2021-03-25"  # day 449
    assert all(set(e) == {"date", "kind", "key", "text"} for e in doc["events"])
    crosses = [(e["date"], e["kind"]) for e in doc["events"]
               if e["kind"] in (GOLDEN_CROSS, DEATH_CROSS)]
    assert crosses == [("2020-09-07", GOLDEN_CROSS), ("2020-12-30", DEATH_CROSS)]
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "events", "--since", "2020-12-30",
                       "--until", "2020-12-30")
    assert [e["kind"] for e in json.loads(out)["events"]] == [DEATH_CROSS]  # both ends included


def test_the_stored_log_is_listed_as_logged(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    at = datetime(2026, 1, 5, 22, 0, tzinfo=UTC)
    log = EventLog((LoggedEvent(date(2025, 3, 3), GOLDEN_CROSS, "", "Golden cross: …", at),),
                   through=date(2025, 3, 4))
    with Store.open(app_paths(data_dir)) as store:
        store.commit("KC", {Part.EVENT_LOG: log}, "log events")
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "events")
    doc = json.loads(out)
    assert code == 0 and doc["source"] == "event log"
    assert doc["events"] == [
        {"date": "2025-03-03", "kind": GOLDEN_CROSS, "key": "", "text": "Golden cross: …"}]
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "events", "--format", "text")
    assert "2025-03-03  golden_cross" in out


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--since", "2024-13-01"], "--since '2024-13-01' is not a date (expected YYYY-MM-DD)"),
        (["--until", "soon"], "--until 'soon' is not a date"),
        (["--since", "2024-05-01", "--until", "2024-04-01"],
         "--since 2024-05-01 is after --until 2024-04-01"),
        (["--since", "2999-01-01"], "--since '2999-01-01' is in the future"),
        (["--format", "xml"], "unknown format 'xml'"),
    ],
)
def test_bad_dates_exit_2_with_the_reason(
    capsys: pytest.CaptureFixture[str], data_dir: Path, args: list[str], reason: str
) -> None:
    code, out, err = run(capsys, "--data-dir", str(data_dir), "events", *args)
    assert code == 2 and out == ""
    assert err.startswith("kcdesk: error: ") and reason in err


def test_sample_prices_are_not_computed_into_events(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "events")
    doc = json.loads(out)
    assert code == 0 and doc["events"] == []
    assert doc["source"] == "nothing logged, and no cached prices to compute from"
