"""The review panel's other sources: trigger states that changed, and catalysts whose status
changed, since the user last marked the plan reviewed."""

from __future__ import annotations

from datetime import datetime

from kcdesk.model.checklists import checklists_of
from kcdesk.model.desk.desk import Desk
from kcdesk.model.desk.metrics import shown_log, trigger_results
from kcdesk.model.research import Research
from kcdesk.model.review import CATALYST_PASSED, TRIGGER_CHANGED, ReviewItem
from kcdesk.model.triggers import TriggerResult


def trigger_items(desk: Desk, research: Research | None, now: tuple[TriggerResult, ...],
                  reviewed: datetime | None) -> tuple[ReviewItem, ...]:
    """A rule whose state now differs from its state judged on the log as known at the review
    (the checklist as it stood that day): one item, dated the latest day a row was logged."""
    if reviewed is None or desk.metric_log is None:
        return ()  # never reviewed (everything is new) or never logged (the report's quarters)
    day = reviewed.date()
    log = shown_log(desk, research)
    then = trigger_results(desk, research, as_known_on=day)
    logged = [e.logged_on for e in log.entries if e.logged_on > day]
    on = max(logged) if logged else day
    before = {r.key: r.state for r in then}
    return tuple(
        ReviewItem(on, TRIGGER_CHANGED, f"{_name(r)}: {before[r.key]} → {r.state}", r.key)
        for r in now if r.key in before and before[r.key] != r.state
    )


def _name(result: TriggerResult) -> str:
    """"Upgrade trigger", or "Trim trigger (ev_revenue)" for a rule keyed apart from its kind."""
    name = f"{result.kind.capitalize()} trigger"
    return name if result.key == result.kind else f"{name} ({result.key})"


def catalyst_items(desk: Desk, research: Research | None, reviewed: datetime | None
                   ) -> tuple[ReviewItem, ...]:
    """Each status change of a catalyst or news item dated after the review."""
    if desk.checklists is None:
        return ()  # untouched: the report's items, nothing changed
    day = reviewed.date() if reviewed is not None else None
    items = []
    for item in checklists_of(desk.checklists, research).checklist.items:
        for change in item.history:
            if day is None or change.on > day:
                items.append(ReviewItem(change.on, CATALYST_PASSED,
                                        f"{item.text}: now {change.status}", item.key))
    return tuple(items)
