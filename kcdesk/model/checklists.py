"""Catalyst checklists (statuses with their history) and the user's own risk-matrix ratings.

An item's status and the day it changed are read from its history, so the two can never disagree
with it. The news items the trigger rules read (dilution, regulation, competitive loss) are
checklist items like the catalysts, in a group of their own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any, Literal, get_args

from kcdesk.model.metric_log import date_from_json
from kcdesk.model.research import RISK_RATINGS, Research, TextItem, check_key, check_text
from kcdesk.model.triggers import NEWS_ITEMS
from kcdesk.model.values import PlanError

ItemStatus = Literal["watching", "happened", "no_longer_relevant"]
ChecklistGroup = Literal["positive", "negative", "news"]
ITEM_STATUSES: tuple[ItemStatus, ...] = get_args(ItemStatus)
CHECKLIST_GROUPS: tuple[ChecklistGroup, ...] = get_args(ChecklistGroup)
USER_SECTION = "user"
# The words of the triggers each news item stands for, and the trigger whose section it cites.
_NEWS_TEXT = {
    "heavier_dilution": ("trim", "News of heavier-than-expected additional dilution"),
    "regulatory_news": ("trim", "Regulatory clamp-downs or shocks"),
    "major_competitive_loss": ("downgrade", "A major competitive loss"),
}


def _in_order(field: str, changes: Sequence[StatusChange | RiskChange]) -> None:
    for before, after in pairwise(changes):
        if after.on < before.on:
            raise PlanError(field, after.on, "dates go back in time")


def _check_date(field: str, day: object) -> date:
    if not isinstance(day, date):
        raise PlanError(field, day, "must be a date")
    return day


@dataclass(frozen=True)
class StatusChange:
    """One change of an item's status: the day, the new status and why."""

    on: date
    status: ItemStatus
    note: str = ""

    def __post_init__(self) -> None:
        _check_date("status_change.on", self.on)
        if self.status not in ITEM_STATUSES:
            raise PlanError("status_change.status", self.status, f"expected one of {ITEM_STATUSES}")


@dataclass(frozen=True)
class ChecklistItem:
    """A catalyst or news item to watch; "watching" until its history says otherwise."""

    key: str
    text: str
    group: ChecklistGroup
    section: str = USER_SECTION  # the report section it comes from, or "user"
    note: str = ""
    history: tuple[StatusChange, ...] = ()

    def __post_init__(self) -> None:
        check_key("checklist.key", self.key)
        check_text(f"checklist.{self.key}.text", self.text)
        check_text(f"checklist.{self.key}.section", self.section)
        if self.group not in CHECKLIST_GROUPS:
            raise PlanError(f"checklist.{self.key}.group", self.group, f"one of {CHECKLIST_GROUPS}")
        _in_order(f"checklist.{self.key}.history", self.history)

    @property
    def status(self) -> ItemStatus:
        return self.history[-1].status if self.history else "watching"

    @property
    def changed_on(self) -> date | None:
        """The day of the last status change (None: watching since the start)."""
        return self.history[-1].on if self.history else None

    def status_on(self, day: date | None) -> ItemStatus:
        """The status as it stood at the end of `day` (None: now)."""
        held: ItemStatus = "watching"
        for change in self.history:
            if day is not None and change.on > day:
                break
            held = change.status
        return held


@dataclass(frozen=True)
class Checklist:
    """The catalyst and news items in the user's order; every edit returns a new checklist."""

    items: tuple[ChecklistItem, ...] = ()

    def __post_init__(self) -> None:
        keys = [i.key for i in self.items]
        if len(set(keys)) != len(keys):
            raise PlanError("checklist", keys, "item keys must be unique")

    def item(self, key: str) -> ChecklistItem:
        """The item `key`; PlanError if there is none."""
        for i in self.items:
            if i.key == key:
                return i
        raise PlanError("checklist.key", key, "no such item")

    def status_on(self, key: str, day: date | None) -> str | None:
        """The item's status on `day` (None: now); None if there is no such item (rules read it)."""
        found = [i for i in self.items if i.key == key]
        return found[0].status_on(day) if found else None

    def group(self, group: ChecklistGroup) -> tuple[ChecklistItem, ...]:
        """The items of one group, in order."""
        return tuple(i for i in self.items if i.group == group)

    def _put(self, item: ChecklistItem) -> Checklist:
        self.item(item.key)
        return Checklist(tuple(item if i.key == item.key else i for i in self.items))

    def add(self, item: ChecklistItem) -> Checklist:
        """A checklist with `item` at the end."""
        return Checklist((*self.items, item))

    def edit(self, key: str, *, text: str | None = None, note: str | None = None) -> Checklist:
        """A checklist with the item's text and/or note changed (its history kept)."""
        old = self.item(key)
        return self._put(
            dataclasses.replace(
                old,
                text=old.text if text is None else text,
                note=old.note if note is None else note,
            )
        )

    def move(self, key: str, to: int) -> Checklist:
        """A checklist with item `key` moved to position `to` (0-based, clamped)."""
        moving = self.item(key)
        rest = [i for i in self.items if i.key != key]
        rest.insert(max(0, min(to, len(rest))), moving)
        return Checklist(tuple(rest))

    def reorder(self, keys: tuple[str, ...]) -> Checklist:
        """A checklist in the order of `keys`, which must name every item once."""
        if sorted(keys) != sorted(i.key for i in self.items):
            raise PlanError("checklist.order", keys, "must name every item exactly once")
        return Checklist(tuple(self.item(k) for k in keys))

    def shift(self, key: str, by: int) -> Checklist:
        """A checklist with item `key` moved `by` places among its own group (clamped)."""
        moving = self.item(key)
        peers = [i.key for i in self.group(moving.group)]
        target = peers[max(0, min(peers.index(key) + by, len(peers) - 1))]
        if target == key:
            return self
        return self.move(key, [i.key for i in self.items].index(target))

    def new_key(self) -> str:
        """A key no item has, for an item the user adds: user_1, user_2…"""
        n = 1
        while any(i.key == f"{USER_SECTION}_{n}" for i in self.items):
            n += 1
        return f"{USER_SECTION}_{n}"

    def remove(self, key: str) -> Checklist:
        """A checklist without item `key` (the news items the trigger rules read stay)."""
        if self.item(key).group == "news":
            raise PlanError("checklist.remove", key, "the trigger rules read this item")
        return Checklist(tuple(i for i in self.items if i.key != key))

    def set_status(self, key: str, status: ItemStatus, on: date, note: str = "") -> Checklist:
        """A checklist where item `key` changed to `status` on `on` (added to its history)."""
        old = self.item(key)
        if status == old.status:
            raise PlanError(f"checklist.{key}.status", status, "the item already has that status")
        change = StatusChange(on, status, note)
        return self._put(dataclasses.replace(old, history=(*old.history, change)))


@dataclass(frozen=True)
class RiskChange:
    """The user's rating (None: none of their own) and note for a risk, from a day on."""

    on: date
    rating: str | None
    note: str = ""

    def __post_init__(self) -> None:
        _check_date("risk_change.on", self.on)
        if self.rating is not None and self.rating not in RISK_RATINGS:
            raise PlanError("risk_change.rating", self.rating, f"expected one of {RISK_RATINGS}")


@dataclass(frozen=True)
class RiskMatrix:
    """The user's ratings and notes beside the report's risk matrix, keyed by the risk's key."""

    history: tuple[tuple[str, tuple[RiskChange, ...]], ...] = ()

    def __post_init__(self) -> None:
        keys = [k for k, _ in self.history]
        if len(set(keys)) != len(keys):
            raise PlanError("risks", keys, "risk keys must be unique")
        for key, changes in self.history:
            check_key("risks.key", key)
            _in_order(f"risks.{key}.history", changes)

    def changes(self, key: str) -> tuple[RiskChange, ...]:
        """Every rating/note the user gave risk `key`, oldest first."""
        return next((c for k, c in self.history if k == key), ())

    def current(self, key: str) -> RiskChange | None:
        """The user's current rating and note for risk `key` (None: never given)."""
        changes = self.changes(key)
        return changes[-1] if changes else None

    def set(self, key: str, rating: str | None, note: str, on: date) -> RiskMatrix:
        """A matrix where the user rated risk `key` on `on` (kept in its history)."""
        check_key("risks.key", key)
        change = RiskChange(on, rating, note)
        if all(k != key for k, _ in self.history):
            return RiskMatrix((*self.history, (key, (change,))))
        return RiskMatrix(tuple((k, (*c, change) if k == key else c) for k, c in self.history))


@dataclass(frozen=True)
class Checklists:
    """The Catalysts & Risks tab's user state: the checklist and the user's risk ratings."""

    checklist: Checklist
    risks: RiskMatrix = RiskMatrix()


def report_checklists(research: Research | None) -> Checklists:
    """The report's four positive and four negative catalysts and the triggers' news items.

    Without research (a ticker of the user's own) only the news items: the rules read them.
    """
    items: list[ChecklistItem] = []
    sections: dict[str, str] = {}
    if research is not None:
        groups: tuple[tuple[ChecklistGroup, tuple[TextItem, ...]], ...] = (
            ("positive", research.positive_catalysts),
            ("negative", research.negative_catalysts),
        )
        items += [ChecklistItem(t.key, t.text, g, t.section) for g, ts in groups for t in ts]
        sections = {t.key: t.section for t in research.triggers}
    for key in NEWS_ITEMS:
        trigger, text = _NEWS_TEXT[key]
        items.append(ChecklistItem(key, text, "news", sections.get(trigger, USER_SECTION)))
    return Checklists(Checklist(tuple(items)))


def checklists_of(stored: Checklists | None, research: Research | None) -> Checklists:
    """What the desk's checklists are: the stored ones, or the report's while never touched."""
    return report_checklists(research) if stored is None else stored


# --- JSON -----------------------------------------------------------------------------------


def checklists_to_json(state: Checklists) -> dict[str, Any]:
    """The checklist and risk ratings as JSON-ready data."""

    def change(c: StatusChange | RiskChange) -> dict[str, Any]:
        out = dataclasses.asdict(c)
        out["on"] = c.on.isoformat()
        return out

    return {
        "items": [
            {
                "key": i.key,
                "text": i.text,
                "group": i.group,
                "section": i.section,
                "note": i.note,
                "history": [change(c) for c in i.history],
            }
            for i in state.checklist.items
        ],
        "risks": {k: [change(c) for c in cs] for k, cs in state.risks.history},
    }


def checklists_from_json(doc: object) -> Checklists:
    """Checklists from `checklists_to_json`'s output; PlanError naming what is wrong."""
    if not isinstance(doc, dict):
        raise PlanError("checklists", doc, "expected an object")
    try:
        items = tuple(
            ChecklistItem(
                i["key"],
                i["text"],
                i["group"],
                i["section"],
                i["note"],
                tuple(
                    StatusChange(date_from_json("checklists.on", c["on"]), c["status"], c["note"])
                    for c in i["history"]
                ),
            )
            for i in doc["items"]
        )
        risks = tuple(
            (
                k,
                tuple(
                    RiskChange(date_from_json("checklists.on", c["on"]), c["rating"], c["note"])
                    for c in cs
                ),
            )
            for k, cs in doc["risks"].items()
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise PlanError("checklists", doc, f"missing or malformed part: {exc}") from None
    return Checklists(Checklist(items), RiskMatrix(risks))
