"""The metric log: validated rows, edits as new logs, "as known on" views, JSON, the report."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from kcdesk.data.document_json import document_from_json
from kcdesk.model.metric_log import (
    BUILTIN_METRICS,
    MetricDef,
    MetricEntry,
    MetricLog,
    metric_log_from_json,
    metric_log_to_json,
    report_log,
)
from kcdesk.model.values import PlanError

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "kc_plan.json"
D1, D2, D3 = date(2025, 11, 20), date(2026, 1, 10), date(2026, 3, 5)


def row(
    id: str,
    quarter: str = "2025Q3",
    metric: str = "revenue",
    low: float | None = 2480.0,
    high: float | None = 2480.0,
    *,
    kind: str = "reported",
    on: date = D1,
) -> MetricEntry:
    money = metric in ("revenue", "total_debt", "free_cash_flow")
    return MetricEntry(
        id=id,
        quarter=quarter,
        metric=metric,
        low=low,
        high=high,
        unit="money" if money else "pct",
        currency="rmb" if money else None,
        kind=kind,  # type: ignore[arg-type]
        source="Q3 2025 earnings release",
        logged_on=on,
    )


def test_the_builtin_metric_keys_are_exactly_the_issues_list() -> None:
    assert [d.key for d in BUILTIN_METRICS] == [
        "revenue", "revenue_yoy_pct", "public_cloud_revenue", "public_cloud_yoy_pct",
        "enterprise_cloud_revenue", "enterprise_cloud_yoy_pct", "ai_gross_billings",
        "ai_gross_billings_yoy_pct", "gross_margin_pct", "non_gaap_operating_margin_pct",
        "adjusted_net_profit", "free_cash_flow", "capex", "total_debt", "cash", "new_financing",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": "x1"}, "id"),
        ({"quarter": "Q3 2025"}, "quarter"),
        ({"currency": None}, "currency"),
        ({"low": math.nan}, "low"),
        ({"low": 2500.0, "high": 2400.0}, "m1"),
        ({"low": None, "high": None}, "m1"),
        ({"kind": "estimated"}, "kind"),
    ],
)
def test_a_bad_entry_is_refused_naming_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(PlanError) as info:
        replace(row("m1"), **change)
    assert field in info.value.field


def test_a_percent_has_no_currency_and_money_may_be_negative() -> None:
    with pytest.raises(PlanError, match="only money"):
        replace(row("m1", metric="revenue_yoy_pct", low=31.4, high=31.4), currency="rmb")
    assert row("m1", metric="free_cash_flow", low=-120.0, high=-120.0).low == -120.0


def test_the_log_refuses_repeated_ids_unknown_metrics_and_wrong_units() -> None:
    with pytest.raises(PlanError, match="unique"):
        MetricLog((row("m1"), row("m1", "2025Q2")))
    with pytest.raises(PlanError, match="no such metric"):
        MetricLog((replace(row("m1"), metric="churn"),))
    with pytest.raises(PlanError, match="revenue is money"):
        MetricLog((replace(row("m1"), unit="pct", currency=None),))


def test_a_user_metric_can_be_logged_once_defined() -> None:
    churn = MetricDef("churn_pct", "Customer churn", "pct")
    log = MetricLog().add_metric(churn)
    entry = replace(row("m1", metric="revenue_yoy_pct", low=3.0, high=3.0), metric="churn_pct")
    assert log.add(entry).value("2025Q3", "churn_pct") == entry
    with pytest.raises(PlanError, match="exists"):
        log.add_metric(MetricDef("revenue", "Mine", "money"))


def test_add_replace_delete_return_new_logs_and_leave_the_old_one() -> None:
    empty = MetricLog()
    one = empty.add(row("m1"))
    fixed = one.replace(replace(row("m1"), low=2470.0, high=2470.0))
    gone = fixed.delete("m1")
    assert empty.entries == () and gone.entries == ()
    assert one.entry("m1").low == 2480.0 and fixed.entry("m1").low == 2470.0
    with pytest.raises(PlanError, match="no such entry"):
        gone.delete("m1")
    assert one.new_id() == "m2"


def test_a_restatement_is_a_new_row_and_as_known_on_shows_each_moment() -> None:
    log = MetricLog((row("m1", low=2480.0, high=2480.0, on=D1),))
    log = log.add(row("m2", low=2455.0, high=2455.0, kind="restated", on=D3))
    assert len(log.entries) == 2
    assert log.as_known_on(date(2025, 11, 19)).value("2025Q3", "revenue") is None  # before D1
    assert log.as_known_on(D2).value("2025Q3", "revenue") == log.entry("m1")
    assert log.as_known_on(D3).value("2025Q3", "revenue") == log.entry("m2")
    assert log.value("2025Q3", "revenue") == log.entry("m2")


def test_a_later_logged_guidance_is_left_out_when_only_reported_kinds_are_asked() -> None:
    log = MetricLog((row("m1", on=D1), row("m2", low=2500.0, high=2600.0, kind="guided", on=D2)))
    assert log.current().value("2025Q3", "revenue") == log.entry("m2")
    only_reported = log.as_known_on(None, kinds=("reported", "restated"))
    assert only_reported.value("2025Q3", "revenue") == log.entry("m1")


def test_rows_logged_the_same_day_the_later_one_wins() -> None:
    log = MetricLog((row("m1", low=1.0, high=1.0), row("m2", low=2.0, high=2.0)))
    assert log.value("2025Q3", "revenue") == log.entry("m2")


def test_quarters_and_series_come_in_time_order() -> None:
    log = MetricLog((row("m1", "2025Q3"), row("m2", "2024Q4"), row("m3", "2025Q1")))
    assert log.quarters() == ("2024Q4", "2025Q1", "2025Q3")
    assert [e.id for e in log.current().series("revenue")] == ["m2", "m3", "m1"]


def test_json_round_trip_is_exact_and_through_text() -> None:
    log = MetricLog(
        (row("m1", low=0.1 + 0.2, high=2650.0), row("m2", metric="revenue_yoy_pct", low=150.0,
                                                      high=None)),
        (MetricDef("churn_pct", "Customer churn", "pct"),),
    )  # fmt: skip
    text = json.dumps(metric_log_to_json(log))
    assert metric_log_from_json(json.loads(text)) == log


def test_json_with_a_nan_or_a_missing_key_is_refused() -> None:
    doc = metric_log_to_json(MetricLog((row("m1"),)))
    doc["entries"][0]["low"] = math.nan
    with pytest.raises(PlanError, match="finite"):
        metric_log_from_json(doc)
    del doc["entries"][0]["kind"]
    with pytest.raises(PlanError, match="missing"):
        metric_log_from_json(doc)


def test_the_report_log_holds_the_reports_quarters_and_keeps_the_range() -> None:
    research = document_from_json(json.loads(SHIPPED.read_text(encoding="utf-8"))).research
    assert research is not None
    log = report_log(research, logged_on=D1)
    assert log.quarters() == ("2024Q4", "2025Q1", "2025Q2", "2025Q3")
    assert {e.source for e in log.entries} == {"research report"}
    q2 = log.value("2025Q2", "revenue")
    assert q2 is not None
    # RMB 2.35–2.65B in millions: 2.35 * 1000 = 2350, 2.65 * 1000 = 2650
    assert (q2.low, q2.high, q2.currency) == (2350.0, 2650.0, "rmb")
    values = {(e.quarter, e.metric): (e.low, e.high) for e in log.entries}
    assert values == {
        ("2024Q4", "gross_margin_pct"): (18.2, 18.2),
        ("2024Q4", "non_gaap_operating_margin_pct"): (1.1, 1.1),
        ("2025Q1", "revenue"): (1970.0, 1970.0),  # RMB 1.97B
        ("2025Q1", "revenue_yoy_pct"): (10.9, 10.9),
        ("2025Q1", "ai_gross_billings_yoy_pct"): (228.0, 228.0),
        ("2025Q1", "ai_gross_billings"): (525.0, 525.0),  # RMB 525M
        ("2025Q2", "revenue"): (2350.0, 2650.0),
        ("2025Q2", "revenue_yoy_pct"): (24.0, 24.0),
        ("2025Q2", "ai_gross_billings_yoy_pct"): (150.0, None),  # "+>150%": open-ended
        ("2025Q3", "revenue"): (2480.0, 2480.0),  # RMB 2.48B
        ("2025Q3", "revenue_yoy_pct"): (31.4, 31.4),
        ("2025Q3", "public_cloud_yoy_pct"): (49.0, 49.0),
        ("2025Q3", "ai_gross_billings_yoy_pct"): (120.0, 120.0),
        ("2025Q3", "ai_gross_billings"): (782.0, 782.0),  # RMB 782M
        ("2025Q3", "adjusted_net_profit"): (28.7, 28.7),  # RMB 28.7M
    }
