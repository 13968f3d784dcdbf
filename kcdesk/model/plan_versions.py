"""Saved plan versions as lists and diffs: what the versions panel and `kcdesk versions` show."""

from __future__ import annotations

from typing import Any

from kcdesk.model.desk.desk import Desk, PlanVersion
from kcdesk.model.plan import Plan
from kcdesk.model.plan_diff import PlanChange, diff_plans


def change_to_json(c: PlanChange) -> dict[str, Any]:
    return {"key": c.key, "label": c.label, "kind": c.kind, "old": c.old, "new": c.new,
            "text": c.text}


def saved_at_text(v: PlanVersion) -> str:
    """When a version was saved, as the list shows it: "2025-11-26 21:00 UTC"."""
    return v.saved_at.strftime("%Y-%m-%d %H:%M %Z").strip()


def plan_of(desk: Desk, version_id: int | None) -> Plan:
    """A version's plan, or the current plan for None."""
    return desk.plan if version_id is None else desk.version(version_id).plan


def diff_versions(desk: Desk, old: int | None, new: int | None) -> list[PlanChange]:
    """What changed from version `old` to version `new` (None: the current plan)."""
    return diff_plans(plan_of(desk, old), plan_of(desk, new))


def versions_report(desk: Desk) -> dict[str, Any]:
    """Each version with its changes from the one before; the current plan's since the last."""
    out = []
    previous: Plan | None = None
    for v in desk.versions:
        changes = [] if previous is None else diff_plans(previous, v.plan)
        out.append({
            "id": v.id,
            "saved_at": v.saved_at.isoformat(timespec="seconds"),
            "note": v.note,
            "changes": [change_to_json(c) for c in changes],
        })
        previous = v.plan
    unsaved = [] if previous is None else diff_plans(previous, desk.plan)
    return {
        "ticker": desk.ticker,
        "versions": out,
        "unsaved_changes": [change_to_json(c) for c in unsaved],
    }
