"""The event log: appended for new bars only, the same events in steps as at once, validated,
and what "since your last review" lists from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from kcdesk.model.desk.desk import Desk
from kcdesk.model.event_log import (
    EventLog,
    LoggedEvent,
    event_log_from_json,
    event_log_to_json,
    extend_log,
)
from kcdesk.model.metric_log import MetricEntry, MetricLog
from kcdesk.model.plan import Plan
from kcdesk.model.plan_status import (
    DEATH_CROSS,
    ENTERED_ZONE,
    GOLDEN_CROSS,
    LEFT_ZONE,
    NEW_52W_HIGH,
)
from kcdesk.model.review import QUARTER_LOGGED, since_review
from kcdesk.model.values import PlanError
from tests.model.test_plan_status import PLAN, START, frame_of

T1 = datetime(2026, 1, 5, 22, 0, tzinfo=UTC)
T2 = T1 + timedelta(days=1)
# 250 days at $10, 100 at $12, 100 at $8: golden cross day 250, death cross day 364 (worked
# in test_plan_status); day 350 ($8) leaves the accumulate zone $10–12 downward.
CLOSES = [10.0] * 250 + [12.0] * 100 + [8.0] * 100


def day(n: int) -> date:
    return START + timedelta(days=n)


def test_first_time_logs_the_whole_history_then_only_new_bars() -> None:
    frame = frame_of(CLOSES)
    first = extend_log(EventLog(), frame.iloc[:300], PLAN, T1)
    assert first.through == day(299)
    assert (day(250), GOLDEN_CROSS) in [(e.date, e.kind) for e in first.events]
    assert all(e.logged_at == T1 for e in first.events)
    later = extend_log(first, frame, PLAN, T2)
    assert later.through == day(449)
    assert later.events[: len(first.events)] == first.events  # nothing rewritten
    new = later.events[len(first.events):]
    assert all(e.logged_at == T2 and e.date > day(299) for e in new)
    assert (day(364), DEATH_CROSS) in [(e.date, e.kind) for e in new]
    assert (day(350), LEFT_ZONE) in [(e.date, e.kind) for e in new]


def test_in_steps_the_same_events_as_at_once_and_none_twice() -> None:
    frame = frame_of(CLOSES)
    at_once = extend_log(EventLog(), frame, PLAN, T1)
    log = EventLog()
    for end in (1, 120, 251, 252, 364, 365, 450):  # one new bar at a time around the crosses
        log = extend_log(log, frame.iloc[:end], PLAN, T1)
    assert log == at_once
    kinds = [e.kind for e in log.events]
    assert kinds.count(GOLDEN_CROSS) == 1 and kinds.count(DEATH_CROSS) == 1


def test_no_new_bar_is_the_same_log() -> None:
    frame = frame_of(CLOSES)
    log = extend_log(EventLog(), frame, PLAN, T1)
    assert extend_log(log, frame, PLAN, T2) is log
    assert extend_log(log, frame.iloc[:100], PLAN, T2) is log  # older bars: nothing to add
    assert extend_log(log, frame.iloc[:0], PLAN, T2) is log


def test_between_is_inclusive_and_json_round_trips() -> None:
    log = extend_log(EventLog(), frame_of(CLOSES), PLAN, T1)
    crosses = (GOLDEN_CROSS, DEATH_CROSS)
    assert [e.kind for e in log.between(day(250), day(250)) if e.kind in crosses] == [GOLDEN_CROSS]
    assert [(e.date, e.kind) for e in log.between(day(351), None)] == [(day(364), DEATH_CROSS)]
    assert [e.date for e in log.between(None, day(250))][-1] == day(250)
    assert event_log_from_json(event_log_to_json(log)) == log


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "moon_landing"}, "event.kind"),
        ({"text": " "}, "event.text"),
        ({"logged_at": datetime(2026, 1, 5)}, "event.logged_at"),
        ({"date": datetime(2026, 1, 5, tzinfo=UTC)}, "event.date"),
    ],
)
def test_a_logged_event_validates(change: dict[str, object], field: str) -> None:
    good = LoggedEvent(day(1), ENTERED_ZONE, "zone.accumulate", "Entered", T1)
    with pytest.raises(PlanError) as err:
        replace(good, **change)
    assert err.value.field == field


def test_a_log_refuses_events_after_its_last_bar_or_out_of_order() -> None:
    a, b = (LoggedEvent(day(n), NEW_52W_HIGH, "", "New high", T1) for n in (1, 2))
    with pytest.raises(PlanError):
        EventLog((a, b), through=day(1))
    with pytest.raises(PlanError):
        EventLog((b, a), through=day(2))
    with pytest.raises(PlanError):
        EventLog((a,), through=None)


def _entry(logged_on: date, n: int) -> MetricEntry:
    return MetricEntry(f"m{n}", "2025Q3", "revenue", 2300.0, None, "money", "rmb", "reported",
                       "Q3 release", logged_on)


def test_since_review_lists_events_logged_after_it_and_later_metric_days() -> None:
    plan: Plan = PLAN
    frame = frame_of(CLOSES)
    old = extend_log(EventLog(), frame.iloc[:300], plan, T1)
    log = extend_log(old, frame, plan, T2)
    metrics = MetricLog(entries=(_entry(T1.date(), 1), _entry(T2.date(), 2), _entry(T2.date(), 3)))
    desk = Desk(plan, event_log=log, metric_log=metrics)
    assert len(since_review(desk)) == len(log.events) + 2  # never reviewed: everything
    reviewed = replace(desk, last_review=T1 + timedelta(hours=1))
    items = since_review(reviewed)
    # the events logged at T2 (bars 300..449), and one line for the two rows logged on T2's day
    assert [i.kind for i in items if i.kind in (GOLDEN_CROSS, DEATH_CROSS)] == [DEATH_CROSS]
    assert [i.text for i in items if i.kind == QUARTER_LOGGED] == ["2025Q3: 2 metrics logged"]
    assert len(items) == len(log.events) - len(old.events) + 1
    assert since_review(replace(desk, last_review=T2)) == ()  # reviewed after the last log
