"""What the Metrics tab and the triggers read off a desk: the log shown, the rules, the results.

A desk that never logged a quarter shows (and judges) the report's quarterly table; the first
edit stores that table with the change, so from then on the user's log is the log. A desk that
never edited a rule judges the report's rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from kcdesk.model.checklists import Checklist, checklists_of
from kcdesk.model.desk.desk import Desk
from kcdesk.model.metric_log import MetricDef, MetricEntry, MetricLog, MetricView, report_log
from kcdesk.model.quarters import parse_quarter, quarter_end
from kcdesk.model.research import Research
from kcdesk.model.triggers import (
    NewsItems,
    TriggerResult,
    TriggerRule,
    evaluate,
    report_rules,
)
from kcdesk.model.values import PlanError, RangeValue


def report_logged_on(research: Research) -> date:
    """The day the report's quarters count as logged: the end of its latest quarter.

    The report carries no date of its own; its figures were known no earlier than that.
    """
    labels = [parse_quarter(q.label) for q in research.fundamentals.quarters]
    return quarter_end(max(labels)) if labels else date(2000, 1, 1)


def shown_log(desk: Desk, research: Research | None) -> MetricLog:
    """The log the tab shows and the rules judge: the user's, else the report's quarters."""
    if desk.metric_log is not None:
        return desk.metric_log
    if research is None:
        return MetricLog()
    return report_log(research, logged_on=report_logged_on(research))


def rules_of(desk: Desk) -> tuple[TriggerRule, ...]:
    """The rules the desk judges: the user's edited rules, else the report's."""
    return report_rules() if desk.triggers is None else desk.triggers


def checklist_of(desk: Desk, research: Research | None) -> Checklist:
    """The checklist the news clauses read (the report's items until the user ticks one)."""
    return checklists_of(desk.checklists, research).checklist


def ev_revenue_of(desk: Desk, research: Research | None) -> RangeValue | None:
    """EV/Revenue as the report gives it for the ticker (`<ticker>_ev_revenue`), if it does."""
    if research is None:
        return None
    try:
        return research.figure(f"{desk.ticker.lower()}_ev_revenue").value
    except PlanError:
        return None


def trigger_results(desk: Desk, research: Research | None, as_known_on: date | None = None
                    ) -> tuple[TriggerResult, ...]:
    """Every rule judged on the shown log, the report's EV/Revenue and the checklist; with
    `as_known_on`, on the log and the news items as they stood at the end of that day."""
    if as_known_on is None:
        log: MetricLog | MetricView = shown_log(desk, research)
        news: NewsItems = checklist_of(desk, research)
    else:
        log = shown_log(desk, research).as_known_on(as_known_on, ("reported", "restated"))
        news = _NewsAsOf(checklist_of(desk, research), as_known_on)
    return evaluate(rules_of(desk), log, ev_revenue=ev_revenue_of(desk, research),
                    checklist=news)


@dataclasses.dataclass(frozen=True)
class _NewsAsOf:
    """The news items' statuses as they stood at the end of `day` (never later)."""

    checklist: Checklist
    day: date

    def status_on(self, key: str, on: date | None) -> str | None:
        return self.checklist.status_on(key, self.day if on is None or on > self.day else on)


def accept_row(log: MetricLog, entry: MetricEntry, definitions: Iterable[MetricDef] = ()
               ) -> MetricLog:
    """The log with one proposed row accepted as a new row (a restatement if a value is logged).

    A metric the log does not know yet is learnt from `definitions` (Yahoo's GAAP margin).
    """
    if entry.metric not in {d.key for d in log.metrics}:
        for d in definitions:
            if d.key == entry.metric:
                log = log.add_metric(d)
    return log.add(dataclasses.replace(entry, id=log.new_id()))
