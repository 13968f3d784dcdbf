"""The persistent event log: the plan events of every bar seen, appended as new bars arrive.

Events are computed once, for the bars after the last one logged (`EventLog.through`), with
the plan in force then, and kept: a later plan edit does not rewrite what was logged. Each
event remembers when it was logged, which is what "since your last review" compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pandas as pd

from kcdesk.model.metric_log import date_from_json
from kcdesk.model.plan import Plan
from kcdesk.model.plan_status import EVENT_HISTORY, EVENT_KINDS, events_since
from kcdesk.model.values import PlanError


def _day(field: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise PlanError(field, value, "must be a date")
    return value


@dataclass(frozen=True)
class LoggedEvent:
    """One logged event: its bar's date, kind, plan level key ("" for indicators), text, and
    when it was logged (aware)."""

    date: date
    kind: str
    key: str
    text: str
    logged_at: datetime

    def __post_init__(self) -> None:
        _day("event.date", self.date)
        if self.kind not in EVENT_KINDS:
            raise PlanError("event.kind", self.kind, f"expected one of {EVENT_KINDS}")
        if not isinstance(self.key, str):
            raise PlanError("event.key", self.key, "must be text")
        if not isinstance(self.text, str) or not self.text.strip():
            raise PlanError("event.text", self.text, "must be non-empty text")
        if not isinstance(self.logged_at, datetime) or self.logged_at.tzinfo is None:
            raise PlanError("event.logged_at", self.logged_at,
                            "must be a date and time with its time zone")


@dataclass(frozen=True)
class EventLog:
    """Every logged event, oldest bar first, and the last bar the log has seen (None: none)."""

    events: tuple[LoggedEvent, ...] = ()
    through: date | None = None

    def __post_init__(self) -> None:
        if self.through is None:
            if self.events:
                raise PlanError("event_log.through", None, "events need the last bar logged")
            return
        _day("event_log.through", self.through)
        for e in self.events:
            if not isinstance(e, LoggedEvent):
                raise PlanError("event_log.events", type(e).__name__, "must be LoggedEvents")
            if e.date > self.through:
                raise PlanError("event_log.events", e.date.isoformat(),
                                f"after the last bar logged ({self.through.isoformat()})")
        for before, after in pairwise(self.events):
            if after.date < before.date:
                raise PlanError("event_log.events", after.date.isoformat(), "dates go back")

    def between(self, since: date | None = None, until: date | None = None
                ) -> tuple[LoggedEvent, ...]:
        """The events dated from `since` to `until`, both included (None: no bound)."""
        return tuple(e for e in self.events
                     if (since is None or e.date >= since) and (until is None or e.date <= until))

    def logged_after(self, at: datetime | None) -> tuple[LoggedEvent, ...]:
        """The events logged after `at` (all of them when `at` is None: never reviewed)."""
        return self.events if at is None else tuple(e for e in self.events if e.logged_at > at)


def extend_log(log: EventLog, frame: pd.DataFrame, plan: Plan, at: datetime) -> EventLog:
    """`log` with the events of the bars after `log.through` (every bar the first time).

    The same log (`is`) when there is no new bar. Only the last EVENT_HISTORY of bars before
    the new ones is scanned: the averages and the 52-week window need no more, so a refresh
    costs the same on 100 bars of history as on 100,000.
    """
    if frame.empty:
        return log
    last = frame.index[-1].date()
    if log.through is not None and last <= log.through:
        return log
    if log.through is None:
        since, history = frame.index[0].date() - timedelta(days=1), frame
    else:
        since, history = log.through, frame.loc[pd.Timestamp(log.through) - EVENT_HISTORY:]
    new = tuple(LoggedEvent(e.date, e.kind, e.key, e.text, at)
                for e in events_since(history, plan, since))
    return EventLog((*log.events, *new), last)


# ---- JSON (the store's desk part)


def event_log_to_json(log: EventLog) -> dict[str, Any]:
    return {
        "through": None if log.through is None else log.through.isoformat(),
        "events": [{"date": e.date.isoformat(), "kind": e.kind, "key": e.key, "text": e.text,
                    "logged_at": e.logged_at.isoformat(timespec="microseconds")}
                   for e in log.events],
    }


def event_log_from_json(doc: Any) -> EventLog:
    through = doc["through"]
    return EventLog(
        tuple(LoggedEvent(date_from_json("event.date", d["date"]), d["kind"], d["key"],
                          d["text"], datetime.fromisoformat(d["logged_at"]))
              for d in doc["events"]),
        None if through is None else date_from_json("event_log.through", through),
    )
