"""What the triggers read off a desk: the report's quarters until the user logs, stored rules."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from kcdesk.data.documents import load_shipped_document
from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.desk.metrics import rules_of, shown_log, trigger_results
from kcdesk.model.desk.standing import Inputs, StandingCalculator
from kcdesk.model.metric_log import MetricEntry, MetricLog
from kcdesk.model.plan import Plan
from kcdesk.model.research import Research
from kcdesk.model.triggers import report_rules


@pytest.fixture
def research() -> Research:
    research = load_shipped_document("KC").research
    assert research is not None
    return research


def margin(quarter: str, pct: float, entry_id: str) -> MetricEntry:
    return MetricEntry(entry_id, quarter, "non_gaap_operating_margin_pct", pct, pct, "pct", None,
                       "reported", "earnings release", date(2025, 12, 1))  # fmt: skip


def test_a_desk_that_never_logged_shows_and_judges_the_reports_quarters(
    plan: Plan, research: Research
) -> None:
    desk = Desk(plan)
    log = shown_log(desk, research)
    assert {e.source for e in log.entries} == {"research report"}
    assert log.quarters() == ("2024Q4", "2025Q1", "2025Q2", "2025Q3")
    q2 = log.value("2025Q2", "revenue")
    assert q2 is not None and (q2.low, q2.high) == (2350.0, 2650.0)  # RMB 2.35–2.65B, a range
    add = {r.key: r for r in trigger_results(desk, research)}["add"]
    # "several" = 3 quarters: 2025Q1–Q3; Q1's growth 10.9% is below 20%, so not met.
    assert (add.state, add.streak, add.quarters) == ("not met", 0, ("2025Q1", "2025Q2", "2025Q3"))
    assert "10.9%" in add.reason
    assert shown_log(desk, None) == MetricLog()  # no research, nothing to pre-fill


def test_the_stored_rule_parameters_are_what_is_judged(plan: Plan, research: Research) -> None:
    log = shown_log(Desk(plan), research)
    log = log.add(margin("2025Q2", 8.0, log.new_id()))
    log = log.add(margin("2025Q3", 9.0, log.new_id()))
    desk = Desk(plan, metric_log=log)
    assert rules_of(desk) == report_rules()
    # 3 quarters: Q1 (10.9% growth, no margin) breaks it.
    assert {r.key: r.state for r in trigger_results(desk, research)}["add"] == "not met"
    # "several" = 2: Q2 (24%, 8%) and Q3 (31.4%, 9%) are both above 20% and above 5–7%.
    rules = tuple(
        dataclasses.replace(r, clauses=(dataclasses.replace(r.clauses[0], quarters=2),))
        if r.key == "add" else r
        for r in report_rules()
    )  # fmt: skip
    add = {r.key: r for r in trigger_results(Desk(plan, metric_log=log, triggers=rules),
                                              research)}["add"]  # fmt: skip
    assert (add.state, add.streak) == ("met", 2)


def test_triggers_are_recomputed_when_the_log_or_the_rules_change_only(
    plan: Plan, research: Research
) -> None:
    calc = StandingCalculator()
    desk = Desk(plan)
    first = calc.compute(Inputs(desk, research, pd.DataFrame()))
    assert [r.kind for r in first.triggers] == ["add", "trim", "upgrade", "downgrade"]
    calc.counts.clear()
    calc.compute(Inputs(desk, research, pd.DataFrame()), first, {Part.PLAN, Part.NOTES})
    assert calc.counts["triggers"] == 0
    for part in (Part.METRIC_LOG, Part.CHECKLISTS, Part.TRIGGERS):
        calc.compute(Inputs(desk, research, pd.DataFrame()), first, {part})
    assert calc.counts["triggers"] == 3
