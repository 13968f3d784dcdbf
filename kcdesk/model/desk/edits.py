"""Edits as values: each user action is one of these; applying them makes a new Desk.

`apply_edits` applies several edits as one action: one refused edit refuses them all, naming
the field, the value and the reason (PlanError), and nothing changes. The inverse of an action
is a value too (`SetPart` per changed part), so undo and redo take the same path as any edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from kcdesk.model.desk.desk import Desk, Note, Part, PlanVersion, changed_parts
from kcdesk.model.plan import Plan
from kcdesk.model.values import PlanError


class Edit(Protocol):
    """One user action on the desk."""

    def apply(self, desk: Desk) -> Desk:
        """The desk after this edit; PlanError (field, value, reason) if it is refused."""
        ...


@dataclass(frozen=True)
class MoveLevel:
    """Move a plan level (a chart drag, a typed level): key such as "stop.example"."""

    key: str
    low: float
    high: float | None

    def apply(self, desk: Desk) -> Desk:
        return desk.with_parts({Part.PLAN: desk.plan.edit_level(self.key, self.low, self.high)})


@dataclass(frozen=True)
class ReplacePlan:
    """Put a whole plan in place (an import, a restored version); the ticker must match."""

    plan: Plan

    def apply(self, desk: Desk) -> Desk:
        if self.plan.ticker != desk.ticker:
            raise PlanError("plan.ticker", self.plan.ticker,
                            f"a plan edit cannot change the ticker ({desk.ticker})")
        return desk.with_parts({Part.PLAN: self.plan})


@dataclass(frozen=True)
class SaveVersion:
    """Save the current plan as a named version: the only way a version is made."""

    note: str
    saved_at: datetime

    def apply(self, desk: Desk) -> Desk:
        next_id = max((v.id for v in desk.versions), default=0) + 1
        version = PlanVersion(next_id, self.saved_at, self.note, desk.plan)
        return desk.with_parts({Part.VERSIONS: (*desk.versions, version)})


@dataclass(frozen=True)
class RestoreVersion:
    """Make a saved version's plan the current plan (one undoable edit; no version is made)."""

    version_id: int

    def apply(self, desk: Desk) -> Desk:
        return ReplacePlan(desk.version(self.version_id).plan).apply(desk)


@dataclass(frozen=True)
class AddNote:
    """A dated note."""

    on: date
    text: str

    def apply(self, desk: Desk) -> Desk:
        next_id = max((n.id for n in desk.notes), default=0) + 1
        return desk.with_parts({Part.NOTES: (*desk.notes, Note(next_id, self.on, self.text))})


@dataclass(frozen=True)
class MarkReviewed:
    """The user has reviewed the plan at `at`: "since your last review" starts again."""

    at: datetime

    def apply(self, desk: Desk) -> Desk:
        return desk.with_parts({Part.LAST_REVIEW: self.at})


@dataclass(frozen=True)
class SetPart:
    """Put one part back to a value it had: what undo and redo are made of."""

    part: Part
    value: Any

    def apply(self, desk: Desk) -> Desk:
        return desk.with_parts({self.part: self.value})


@dataclass(frozen=True)
class Applied:
    """The outcome of an action: the new desk, the parts it changed, and how to undo it."""

    desk: Desk
    changed: frozenset[Part]
    undo: tuple[SetPart, ...]
    redo: tuple[SetPart, ...]


def apply_edits(desk: Desk, edits: Sequence[Edit]) -> Applied:
    """Apply `edits` in order as one action; PlanError from the first refused one, desk intact."""
    new = desk
    for edit in edits:
        new = edit.apply(new)
    changed = changed_parts(desk, new)
    order = sorted(changed)
    return Applied(
        desk=new,
        changed=changed,
        undo=tuple(SetPart(p, desk.part(p)) for p in order),
        redo=tuple(SetPart(p, new.part(p)) for p in order),
    )
