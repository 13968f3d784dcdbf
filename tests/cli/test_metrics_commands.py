"""`kcdesk import-metrics` and `kcdesk export-metrics`, end to end on a real profile."""

from __future__ import annotations

import io
import tempfile
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings

from kcdesk.cli import main
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.model.desk.desk import Part
from kcdesk.model.metric_log import MetricEntry, MetricLog
from tests.data.test_metrics_csv import logs

HEADER = "quarter,metric,value,unit,currency,source\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stored_log(data_dir: Path) -> MetricLog | None:
    with Store.open(app_paths(data_dir)) as store:
        return store.read_parts("KC").get(Part.METRIC_LOG)


def write(tmp_path: Path, body: str) -> Path:
    f = tmp_path / "m.csv"
    f.write_text(HEADER + body, encoding="utf-8")
    return f


def test_an_import_prints_what_it_added_and_overwrote_and_is_kept(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    # The report logs Q3 2025 revenue as RMB 2,480M (the pre-filled log); the file restates it
    # the same day only if logged_on matches, so with today's date it is a new row that
    # overwrites what is shown, and Q4 2025 is new.
    f = write(tmp_path, "2025Q3,revenue,2490,money,rmb,Q3 release\n"
                        "Q4 2025,revenue,2600..2700,money,rmb,guidance\n")  # fmt: skip
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-metrics", str(f))
    assert code == 0, err
    assert out.startswith("Added 1, overwrote 1, 0 already logged")
    assert "added       2025Q4 revenue RMB 2,600–2,700M" in out
    assert "overwrote   2025Q3 revenue RMB 2,480M" in out
    log = stored_log(data_dir)
    assert log is not None
    q4 = log.value("2025Q4", "revenue")
    assert q4 is not None and (q4.low, q4.high) == (2600.0, 2700.0)  # the range stays a range
    # The report's rows were stored with the import: the 2025Q3 original is kept as history.
    assert [e.low for e in log.entries if (e.quarter, e.metric) == ("2025Q3", "revenue")] == [
        2480.0, 2490.0]  # fmt: skip


BAD = [
    # (file body after the header, line named, words)
    ("2025Q3,revenue,2480,money,rmb,x\n2025Q5,revenue,1,money,rmb,x\n", 3, "Q1 to Q4"),
    ("2025Q3,churn,3,pct,,x\n", 2, "unknown metric 'churn'"),
    ("2025Q3,revenue,lots,money,rmb,x\n", 2, "bad value"),
    ("2025Q3,revenue,1,money,rmb,x\n2025Q4,revenue,1,money,rmb,x\n3Q25,revenue,2,money,rmb,y\n",
     4, "also on line 2"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "line", "words"), BAD)
def test_a_bad_file_names_its_line_and_leaves_the_log_unchanged(
    body: str, line: int, words: str, capsys: pytest.CaptureFixture[str], data_dir: Path,
    tmp_path: Path,
) -> None:
    good = write(tmp_path, "2025Q4,revenue,2600,money,rmb,first\n")
    assert run(capsys, "--data-dir", str(data_dir), "import-metrics", str(good))[0] == 0
    before = stored_log(data_dir)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-metrics",
                         str(write(tmp_path, body)))  # fmt: skip
    assert code == 2 and out == ""
    assert f"line {line}: " in err and words in err and "nothing imported" in err
    assert stored_log(data_dir) == before


def test_export_of_a_fresh_profile_is_the_reports_quarters(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "export-metrics", "KC")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "quarter,metric,value,unit,currency,source,kind,logged_on"
    # Q2 2025 revenue is RMB 2.35–2.65B in the report: 2350..2650 millions, a range.
    assert "2025Q2,revenue,2350..2650,money,rmb,research report,reported,2025-09-30" in lines
    assert list(data_dir.iterdir()) == []  # reading made no store


# Each example runs both commands (each loads the shipped document, ~0.3 s): few examples here,
# the many are in tests/data/test_metrics_csv.py; this pins the command line's part (stdout
# bytes, the store) on the awkward cells too.
@settings(max_examples=6, deadline=None)
@given(log=logs())
@example(log=MetricLog((
    MetricEntry("m1", "2025Q2", "revenue", 2350.0, 2650.0, "money", "rmb", "reported",
                'a "quoted",\r\nsource', date(2025, 9, 30)),
    MetricEntry("m2", "2025Q3", "revenue_yoy_pct", 30.0, None, "pct", None, "guided", "",
                date(2025, 11, 20)),
    MetricEntry("m3", "2025Q2", "revenue", 2480.0, 2480.0, "money", "rmb", "restated", "\r",
                date(2025, 12, 1)),
)))
def test_an_export_imported_into_an_empty_log_is_exact(log: MetricLog) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        profile, f = Path(tmp) / "p", Path(tmp) / "export.csv"
        with Store.open(app_paths(profile)) as store:
            store.commit("KC", {Part.METRIC_LOG: log}, "seed")
        # stdout into a file as a shell would write it (no newline translation)
        with f.open("w", encoding="utf-8", newline="") as out, redirect_stdout(out):
            assert main(["--data-dir", str(profile), "export-metrics"]) == 0
        with Store.open(app_paths(profile)) as store:
            store.commit("KC", {Part.METRIC_LOG: MetricLog()}, "emptied")
        with redirect_stdout(io.StringIO()):
            assert main(["--data-dir", str(profile), "import-metrics", str(f)]) == 0
        assert stored_log(profile) == log
