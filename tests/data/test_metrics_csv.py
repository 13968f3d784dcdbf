"""Metrics CSV: a bad file is refused naming its line, the preview, and an exact round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcdesk.data.metrics_csv import (
    export_metrics_csv,
    format_number,
    parse_metrics_csv,
    parse_value,
    preview_import,
    read_metrics_csv,
)
from kcdesk.data.prices.csv_import import CsvImportError
from kcdesk.model.metric_log import BUILTIN_METRICS, MetricEntry, MetricLog

TODAY = date(2026, 1, 10)
HEADER = "quarter,metric,value,unit,currency,source\n"


def parse(text: str, log: MetricLog | None = None, **kw: object) -> tuple[MetricEntry, ...]:
    return parse_metrics_csv(text, log or MetricLog(), logged_on=TODAY, name="m.csv", **kw)  # type: ignore[arg-type]


def imported(text: str) -> MetricLog:
    return preview_import(MetricLog(), parse(text)).log


def test_a_plain_file_reads_with_defaults_and_every_spelling_of_quarter() -> None:
    rows = parse(
        "quarter,metric,value\n"
        "Q3 2025,revenue_yoy_pct,31.4%\n"
        "3Q25,revenue,2350–2650\n"
        "FY2025 Q2,ai_gross_billings_yoy_pct,>150\n",
        currency="rmb",
    )
    assert [(r.quarter, r.metric, r.low, r.high) for r in rows] == [
        ("2025Q3", "revenue_yoy_pct", 31.4, 31.4),
        ("2025Q3", "revenue", 2350.0, 2650.0),
        ("2025Q2", "ai_gross_billings_yoy_pct", 150.0, None),
    ]
    assert {(r.kind, r.logged_on, r.source) for r in rows} == {
        ("reported", TODAY, "CSV import: m.csv")
    }
    assert rows[1].currency == "rmb" and rows[0].currency is None


@pytest.mark.parametrize(
    ("cell", "bounds"),
    [("2350", (2350.0, 2350.0)), ("2350..2650", (2350.0, 2650.0)), ("-50–-20", (-50.0, -20.0)),
     ("150..", (150.0, None)), ("..1", (None, 1.0)), ("150+", (150.0, None)), ("<1", (None, 1.0)),
     (" 1e-07 ", (1e-07, 1e-07))],
)  # fmt: skip
def test_value_cells(cell: str, bounds: tuple[float | None, float | None]) -> None:
    assert parse_value(cell) == bounds


BAD = [
    # (file body after the header, the line named, words of the message)
    ("2025Q5,revenue,2480,money,rmb,x\n", 2, "Q1 to Q4"),
    ("2025-07,revenue,2480,money,rmb,x\n", 2, "not a quarter"),
    ("2025Q3,revenue,2480,money,rmb,x\n2025Q3,churn,3,pct,,x\n", 3, "unknown metric 'churn'"),
    ("2025Q3,revenue,2.48o,money,rmb,x\n", 2, "bad value"),
    ("2025Q3,revenue,nan,money,rmb,x\n", 2, "bad value"),
    ("2025Q3,revenue,2650..2350,money,rmb,x\n", 2, "low is above the high"),
    ("2025Q3,revenue,2480,money,rmb,x\nQ3 2025,revenue,2490,money,rmb,y\n", 3, "also on line 2"),
    ("2025Q3,revenue,2480,money,rmb\n", 2, "expected 6 cells, found 5"),
    ("2025Q3,revenue,2480,money,,x\n", 2, "a currency"),
    ("2025Q3,revenue,2480,money,eur,x\n", 2, "currency"),
    ("2025Q3,revenue_yoy_pct,31,money,,x\n", 2, "revenue_yoy_pct is pct"),
    ('2025Q3,revenue,2480,money,rmb,x\n2025Q2,revenue,"2400,money,rmb,x\n', 3, "malformed CSV"),
]


@pytest.mark.parametrize(("body", "line", "words"), BAD)
def test_a_bad_file_is_refused_naming_the_line(body: str, line: int, words: str) -> None:
    log = MetricLog()
    with pytest.raises(CsvImportError) as info:
        parse(HEADER + body, log)
    assert [p.line for p in info.value.problems] == [line]
    assert words in info.value.problems[0].message
    assert "nothing imported" in str(info.value)
    assert log == MetricLog()


@pytest.mark.parametrize(
    ("text", "words"),
    [("", "empty"), ("when,what\n", "header"), ("quarter,metric,value,value\n", "header"),
     ("quarter,metric,value,kind\n2025Q3,revenue_yoy_pct,3,estimate\n", "unknown kind"),
     ("quarter,metric,value,logged_on\n2025Q3,revenue_yoy_pct,3,10/01/2026\n", "YYYY-MM-DD")],
)  # fmt: skip
def test_a_bad_header_an_empty_file_and_bad_optional_cells_are_refused(
    text: str, words: str
) -> None:
    with pytest.raises(CsvImportError, match=words):
        parse(text)


def test_every_bad_line_is_listed_not_only_the_first() -> None:
    with pytest.raises(CsvImportError) as info:
        parse(
            HEADER
            + "2025Q5,revenue,1,money,rmb,x\n"
            + "2025Q3,revenue,2,money,rmb,x\n"
            + "Q3,revenue,3,money,rmb,x\n"
        )
    assert [p.line for p in info.value.problems] == [2, 4]


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CsvImportError, match="cannot read the file"):
        read_metrics_csv(tmp_path / "nope.csv", MetricLog(), logged_on=TODAY)


def test_the_preview_says_what_is_added_overwritten_or_already_there(tmp_path: Path) -> None:
    log = imported(HEADER + "2025Q2,revenue,2400,money,rmb,release\n")
    log = log.add(MetricEntry("m2", "2025Q3", "revenue_yoy_pct", 30.0, 30.0, "pct", None,
                              "reported", "old", date(2025, 11, 20)))  # fmt: skip
    # Row 1 is the logged Q2 row again (same day, same value); row 2 restates Q3 growth (a new
    # day: a new row, the old one kept); row 3 is a new quarter.
    path = tmp_path / "m.csv"
    path.write_text(HEADER + "2025Q2,revenue,2400,money,rmb,release\n"
                    "2025Q3,revenue_yoy_pct,31.4,pct,,release\n"
                    "2025Q4,revenue_yoy_pct,35,pct,,guide\n", encoding="utf-8")  # fmt: skip
    preview = read_metrics_csv(path, log, logged_on=TODAY)
    assert [e.id for e in preview.unchanged] == ["m1"]
    assert [(old.low, new.low) for old, new in preview.overwritten] == [(30.0, 31.4)]
    assert [(e.quarter, e.id) for e in preview.added] == [("2025Q4", "m4")]
    assert len(preview.log.entries) == 4  # m1, m2 kept; m3 (restatement), m4 added
    assert preview.log.value("2025Q3", "revenue_yoy_pct").low == 31.4  # type: ignore[union-attr]


def test_a_row_of_the_same_day_replaces_the_logged_row_keeping_its_id() -> None:
    log = imported(HEADER + "2025Q2,revenue,2400,money,rmb,typo\n")
    preview = preview_import(log, parse(HEADER + "2025Q2,revenue,2410,money,rmb,fixed\n", log))
    assert [(o.low, n.low, n.id) for o, n in preview.overwritten] == [(2400.0, 2410.0, "m1")]
    assert len(preview.log.entries) == 1


_FLOATS = {
    "money": st.floats(-1e12, 1e12, allow_nan=False),
    "pct": st.floats(-1000, 10000, allow_nan=False),
}


@st.composite
def logs(draw: st.DrawFn) -> MetricLog:
    log = MetricLog()
    rows = []
    seen = set()
    for _ in range(draw(st.integers(0, 12))):
        d = draw(st.sampled_from(BUILTIN_METRICS))
        year, q = draw(st.integers(1990, 2199)), draw(st.integers(1, 4))
        on = draw(st.dates(date(2000, 1, 1), date(2100, 1, 1)))
        if (year, q, d.key, on) in seen:
            continue
        seen.add((year, q, d.key, on))
        a, b = sorted(draw(st.lists(_FLOATS[d.unit], min_size=2, max_size=2)))
        shape = draw(st.sampled_from(["point", "range", "open_high", "open_low"]))
        low, high = {
            "point": (a, a),
            "range": (a, b),
            "open_high": (a, None),
            "open_low": (None, b),
        }[shape]
        source = draw(
            st.text(
                st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters='\n\r,"'),
                max_size=20,
            )
        )
        rows.append(MetricEntry(
            f"m{len(rows) + 1}", f"{year}Q{q}", d.key, low, high, d.unit,
            draw(st.sampled_from(["rmb", "usd", "hkd"])) if d.unit == "money" else None,
            draw(st.sampled_from(["reported", "guided", "restated"])), source, on))  # fmt: skip
    return log.add(*rows)


@settings(max_examples=150, deadline=None)
@given(logs())
def test_an_export_imported_again_is_the_same_log(log: MetricLog) -> None:
    text = export_metrics_csv(log)
    again = preview_import(MetricLog(), parse(text))
    assert again.log == log
    assert again.overwritten == () and again.unchanged == ()
    # and into the log it came from, nothing changes
    assert preview_import(log, parse(text, log)).log == log


def test_numbers_are_written_so_they_read_back_exactly() -> None:
    assert format_number(2350.0) == "2350"
    assert format_number(0.1 + 0.2) == "0.30000000000000004"
    assert float(format_number(1e22)) == 1e22


def test_a_file_saved_with_a_byte_order_mark_reads_like_one_without(tmp_path: Path) -> None:
    # Excel's "CSV UTF-8" starts with a BOM; the first header cell is still "quarter"
    path = tmp_path / "bom.csv"
    path.write_bytes(("\ufeff" + HEADER + "2025Q3,revenue,2400,money,,release\n").encode())
    preview = read_metrics_csv(path, MetricLog(), logged_on=TODAY, currency="usd")
    (entry,) = preview.log.entries
    assert (entry.quarter, entry.metric, entry.low, entry.currency) == (
        "2025Q3", "revenue", 2400.0, "usd")  # fmt: skip


def test_a_file_that_is_not_utf8_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "2025Q3,revenue,2400,money,rmb,Relev\xe9\n").encode("latin-1"))
    with pytest.raises(CsvImportError) as err:
        read_metrics_csv(path, MetricLog(), logged_on=TODAY)
    assert err.value.name == "latin1.csv"
    assert [(p.line, p.message) for p in err.value.problems] == [
        (0, "cannot read the file: not UTF-8 text")
    ]
