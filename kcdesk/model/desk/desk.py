"""The desk of one ticker: the plan and everything else the user owns, as one validated value.

The shipped research stays read-only beside it. Each field is a *part*; an edit changes parts
and the store writes only those. `Part` values are the field names, so a part and its field
are one name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from kcdesk.model.checklists import Checklists
from kcdesk.model.event_log import EventLog
from kcdesk.model.journal import Journal
from kcdesk.model.ladder import Ladder
from kcdesk.model.metric_log import MetricLog
from kcdesk.model.plan import Plan
from kcdesk.model.sizing import PositionInputs
from kcdesk.model.triggers import TriggerRule
from kcdesk.model.valuation.owned import Entries, check_entries
from kcdesk.model.values import PlanError


class Part(StrEnum):
    """The parts of a desk (each the name of a Desk field)."""

    PLAN = "plan"
    VERSIONS = "versions"
    NOTES = "notes"
    LAST_REVIEW = "last_review"
    CHECKLISTS = "checklists"
    METRIC_LOG = "metric_log"
    JOURNAL = "journal"
    POSITION = "position"
    LADDER = "ladder"
    EVENT_LOG = "event_log"
    VALUATION = "valuation"
    TRIGGERS = "triggers"


# Not a desk part, but the other thing a standing depends on: the prices shown.
PRICES = "prices"
RESEARCH = "research"


def _text(field_name: str, value: object, *, one_line: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PlanError(field_name, value, "must be non-empty text")
    if one_line and "\n" in value.strip():
        raise PlanError(field_name, value, "must be one line")
    return value.strip()


def _id(field_name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PlanError(field_name, value, "must be a whole number from 1")
    return value


def _aware(field_name: str, value: object) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise PlanError(field_name, value, "must be a date and time with its time zone")
    return value


@dataclass(frozen=True)
class PlanVersion:
    """A named, explicitly saved state of the plan: when, why (one line), and the plan itself."""

    id: int
    saved_at: datetime
    note: str
    plan: Plan

    def __post_init__(self) -> None:
        _id("version.id", self.id)
        _aware("version.saved_at", self.saved_at)
        object.__setattr__(self, "note", _text("version.note", self.note, one_line=True))


@dataclass(frozen=True)
class Note:
    """A dated note on the plan ("Q3 call: AI billings guided up")."""

    id: int
    on: date
    text: str

    def __post_init__(self) -> None:
        _id("note.id", self.id)
        if not isinstance(self.on, date) or isinstance(self.on, datetime):
            raise PlanError("note.on", self.on, "must be a date")
        object.__setattr__(self, "text", _text("note.text", self.text))


def _unique_ids(field_name: str, ids: list[int]) -> None:
    if len(set(ids)) != len(ids):
        raise PlanError(field_name, ids, "ids must be unique")


@dataclass(frozen=True)
class Desk:
    """Everything the user owns for one ticker. Frozen and valid: an edit makes a new Desk."""

    plan: Plan
    versions: tuple[PlanVersion, ...] = ()
    notes: tuple[Note, ...] = ()
    last_review: datetime | None = None
    # None: never touched, the tab shows the report's checklists and risk matrix
    checklists: Checklists | None = None
    # None: never logged, the Metrics tab and the triggers read the report's quarters
    metric_log: MetricLog | None = None
    journal: Journal = field(default_factory=Journal)
    position: PositionInputs | None = None  # None: the sizer starts from the report's limits
    ladder: Ladder | None = None  # None: the plan's entries, sized from the position's limits
    event_log: EventLog = field(default_factory=EventLog)  # appended on new bars, never undone
    # the valuation inputs the user owns; the rest are the report's (see valuation.owned)
    valuation: Entries = ()
    triggers: tuple[TriggerRule, ...] | None = None  # None: the report's rules, as shipped

    def __post_init__(self) -> None:
        if not isinstance(self.plan, Plan):
            raise PlanError("plan", type(self.plan).__name__, "must be a Plan")
        for v in self.versions:
            if v.plan.ticker != self.plan.ticker:
                raise PlanError("versions", v.plan.ticker, f"a version of another ticker than "
                                f"{self.plan.ticker}")
        _unique_ids("versions", [v.id for v in self.versions])
        _unique_ids("notes", [n.id for n in self.notes])
        if self.last_review is not None:
            _aware("last_review", self.last_review)
        for name, kind in (("checklists", Checklists), ("metric_log", MetricLog),
                           ("journal", Journal), ("position", PositionInputs),
                           ("ladder", Ladder), ("event_log", EventLog)):
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                raise PlanError(name, type(value).__name__, f"must be a {kind.__name__}")
        check_entries(self.valuation)
        if self.triggers is not None and not all(isinstance(r, TriggerRule) for r in self.triggers):
            raise PlanError("triggers", self.triggers, "must be trigger rules")

    @property
    def ticker(self) -> str:
        return self.plan.ticker

    def part(self, part: Part) -> Any:
        """The value of one part."""
        return getattr(self, part.value)

    def with_parts(self, values: dict[Part, Any]) -> Desk:
        """A new desk with `values` in place of those parts (validated as a whole)."""
        return replace(self, **{p.value: v for p, v in values.items()})

    def version(self, version_id: int) -> PlanVersion:
        for v in self.versions:
            if v.id == version_id:
                return v
        raise PlanError("version", version_id, "no such plan version")


def changed_parts(before: Desk, after: Desk) -> frozenset[Part]:
    """The parts whose values differ between two desks."""
    names = {f.name for f in fields(Desk)}
    return frozenset(p for p in Part if p.value in names and before.part(p) != after.part(p))
