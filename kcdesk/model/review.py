"""What happened since the user last marked the plan reviewed: one dated list for the panel.

Sources: the events logged since (the event log), the quarters' metrics logged since (the
metric log). Trigger-state changes and catalyst dates passed come from results other parts of
the desk derive: whoever computes them passes their items in `more` (see `since_review`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kcdesk.model import plan_status as ps
from kcdesk.model.desk.desk import Desk

QUARTER_LOGGED = "quarter_logged"
# Kinds the other sources use when they are wired in (the panel shows any kind it is given).
TRIGGER_CHANGED = "trigger_changed"
CATALYST_PASSED = "catalyst_passed"

_LABELS = {
    ps.ENTERED_ZONE: "Entered zone", ps.LEFT_ZONE: "Left zone",
    ps.CLOSED_BELOW_STOP: "Stop closed through", ps.BREAKOUT_CONFIRMED: "Breakout",
    ps.CROSSED_ABOVE_SMA50: "Above 50-day", ps.CROSSED_BELOW_SMA50: "Below 50-day",
    ps.CROSSED_ABOVE_SMA200: "Above 200-day", ps.CROSSED_BELOW_SMA200: "Below 200-day",
    ps.GOLDEN_CROSS: "Golden cross", ps.DEATH_CROSS: "Death cross",
    ps.NEW_52W_HIGH: "52-week high", ps.NEW_52W_LOW: "52-week low",
    ps.TARGET_REACHED: "Target reached", QUARTER_LOGGED: "Quarter logged",
    TRIGGER_CHANGED: "Trigger changed", CATALYST_PASSED: "Catalyst date passed",
}


def kind_label(kind: str) -> str:
    """A few words for a kind ("Golden cross"); an unknown kind as written."""
    return _LABELS.get(kind, kind.replace("_", " ").capitalize())


@dataclass(frozen=True)
class ReviewItem:
    """One thing to look at: its date, its kind (an event kind, QUARTER_LOGGED…), a plan level
    key ("" for none) and one line of text."""

    on: date
    kind: str
    text: str
    key: str = ""


def since_review(desk: Desk, *more: Iterable[ReviewItem]) -> tuple[ReviewItem, ...]:
    """Everything since `desk.last_review` (everything when never reviewed), oldest first.

    Events count when they were logged after the review, whatever the date of their bar (a
    refresh brings in yesterday's close). Metric rows count when logged on a later day than
    the review: rows carry a day, not a time, so a row logged the day of the review is taken
    as reviewed with it.
    """
    reviewed = desk.last_review
    items = [ReviewItem(e.date, e.kind, e.text, e.key)
             for e in desk.event_log.logged_after(reviewed)]
    # None: the user never logged a quarter (the report's quarters are not news)
    logged = desk.metric_log.entries if desk.metric_log is not None else ()
    rows = Counter(
        (e.logged_on, e.quarter) for e in logged
        if reviewed is None or e.logged_on > reviewed.date()
    )
    for (logged_on, quarter), n in sorted(rows.items()):
        noun = "metric" if n == 1 else "metrics"
        items.append(ReviewItem(logged_on, QUARTER_LOGGED, f"{quarter}: {n} {noun} logged"))
    for source in more:
        items.extend(source)
    return tuple(sorted(items, key=lambda item: item.on))
