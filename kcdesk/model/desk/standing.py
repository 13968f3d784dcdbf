"""The desk's standing: everything shown that is computed from (desk, research, prices).

Computed here, once per change, and only what depends on what changed: the chart's status
corner, the Plan tab, the status bar and `kcdesk status` all read the same `Standing`. Each
result names the inputs it depends on; `StandingCalculator.counts` says how often each was
computed (what the tests count).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import pandas as pd

from kcdesk.model.desk.desk import PRICES, RESEARCH, Desk, Part
from kcdesk.model.desk.metrics import trigger_results
from kcdesk.model.desk.review_sources import catalyst_items, trigger_items
from kcdesk.model.indicators import Technicals, technicals
from kcdesk.model.journal_view import JournalView, journal_view
from kcdesk.model.plan_status import (
    EVENT_HISTORY,
    PlanStatus,
    PriceEvent,
    events_since,
    plan_status,
)
from kcdesk.model.position_plan import PositionPlan, position_plan
from kcdesk.model.research import Research, analyst_average_band
from kcdesk.model.review import ReviewItem, since_review
from kcdesk.model.triggers import TriggerResult
from kcdesk.model.valuation.standing import ValuationStanding, last_close_of, valuation_standing

# "Recent events": the days before the last bar that the Plan tab and `kcdesk status` list.
EVENT_DAYS = 30


@dataclass(frozen=True)
class Inputs:
    """What the standing is computed from."""

    desk: Desk
    research: Research | None
    frame: pd.DataFrame  # the prices shown (may be empty)


@dataclass(frozen=True)
class Standing:
    """Derived results of one desk on its prices; None where there is nothing to judge."""

    status: PlanStatus | None = None
    technicals: Technicals | None = None
    events_since: date | None = None
    recent_events: tuple[PriceEvent, ...] = ()
    analyst_band: tuple[float, float] | None = None
    position: PositionPlan | None = None  # the sizer and the entry ladder
    since_review: tuple[ReviewItem, ...] = ()  # what the review panel lists
    valuation: ValuationStanding | None = None
    journal: JournalView | None = None
    triggers: tuple[TriggerResult, ...] = ()  # each rule judged on the metric log

    @property
    def summary(self) -> str:
        """One line for the chart's corner and the status bar."""
        return self.status.summary if self.status is not None else "No prices"


def recent_events(
    frame: pd.DataFrame, desk: Desk, last: date
) -> tuple[date, tuple[PriceEvent, ...]]:
    """(since, events after since) for the EVENT_DAYS before the bar dated `last`."""
    since = last - timedelta(days=EVENT_DAYS)
    history = frame.loc[pd.Timestamp(since) - EVENT_HISTORY:]
    return since, events_since(history, desk.plan, since)


def _status(i: Inputs) -> dict[str, Any]:
    return {"status": None if i.frame.empty else plan_status(i.frame, i.desk.plan)}


def _technicals(i: Inputs) -> dict[str, Any]:
    return {"technicals": None if i.frame.empty else technicals(i.frame)}


def _events(i: Inputs) -> dict[str, Any]:
    if i.frame.empty:
        return {"events_since": None, "recent_events": ()}
    since, events = recent_events(i.frame, i.desk, i.frame.index[-1].date())
    return {"events_since": since, "recent_events": events}


def _since_review(i: Inputs) -> dict[str, Any]:
    # The rules are judged again here, now and as known at the review (a few ms): results do
    # not read each other, so each one stays recomputable on its own.
    reviewed = i.desk.last_review
    now = trigger_results(i.desk, i.research) if reviewed is not None else ()
    return {"since_review": since_review(
        i.desk,
        trigger_items(i.desk, i.research, now, reviewed),
        catalyst_items(i.desk, i.research, reviewed),
    )}


def _journal(i: Inputs) -> dict[str, Any]:
    return {"journal": journal_view(i.desk, i.frame)}


def _analyst_band(i: Inputs) -> dict[str, Any]:
    return {"analyst_band": analyst_average_band(i.research)}


def _position(i: Inputs) -> dict[str, Any]:
    return {"position": position_plan(i.desk)}


def _valuation(i: Inputs) -> dict[str, Any]:
    close = last_close_of(i.frame)
    return {"valuation": valuation_standing(i.research, i.desk.valuation, close)}


def _triggers(i: Inputs) -> dict[str, Any]:
    return {"triggers": trigger_results(i.desk, i.research)}


@dataclass(frozen=True)
class _Result:
    name: str
    depends: frozenset[str]
    compute: Callable[[Inputs], dict[str, Any]]


# Each derived result and what it depends on (desk parts, PRICES, RESEARCH).
RESULTS: tuple[_Result, ...] = (
    _Result("status", frozenset({Part.PLAN, PRICES}), _status),
    _Result("technicals", frozenset({PRICES}), _technicals),
    _Result("events", frozenset({Part.PLAN, PRICES}), _events),
    _Result("analyst_band", frozenset({RESEARCH}), _analyst_band),
    _Result("position", frozenset({Part.POSITION, Part.LADDER, Part.PLAN}), _position),
    _Result("since_review", frozenset({Part.EVENT_LOG, Part.LAST_REVIEW, Part.METRIC_LOG,
                                       Part.CHECKLISTS, Part.TRIGGERS, RESEARCH}), _since_review),
    _Result("valuation", frozenset({Part.VALUATION, RESEARCH, PRICES}), _valuation),
    _Result("journal", frozenset({Part.JOURNAL, Part.PLAN, PRICES}), _journal),
    # The rules read EV/Revenue as the report gives it, not from prices.
    _Result("triggers", frozenset({Part.METRIC_LOG, Part.CHECKLISTS, Part.TRIGGERS, RESEARCH}),
            _triggers),
)
EVERYTHING = frozenset({*Part, PRICES, RESEARCH})


class StandingCalculator:
    """Recomputes the results that depend on what changed, and keeps the rest."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def compute(
        self, inputs: Inputs, previous: Standing | None = None, changed: Iterable[str] = EVERYTHING
    ) -> Standing:
        """The standing after `changed` (everything when there is no previous standing)."""
        what = EVERYTHING if previous is None else frozenset(changed)
        out = previous or Standing()
        updates: dict[str, Any] = {}
        for result in RESULTS:
            if result.depends & what:
                self.counts[result.name] += 1
                updates.update(result.compute(inputs))
        return replace(out, **updates) if updates else out


def standing_of(desk: Desk, research: Research | None, frame: pd.DataFrame) -> Standing:
    """The whole standing at once (the command line, a snapshot)."""
    return StandingCalculator().compute(Inputs(desk, research, frame))
