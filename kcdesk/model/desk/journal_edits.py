"""Edits of the trade journal: record, edit and delete a trade (each one undoable action).

A recorded trade keeps the plan version in force when it was made. That is the latest saved
version when the plan has not changed since; otherwise the same action saves the current plan
as a version first ("in force at the buy of …"), so the link always points at the exact plan
the trade was made under, and undoing the trade takes that version away with it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.desk.edits import SaveVersion
from kcdesk.model.journal import Trade


def _in_force(desk: Desk, trade: Trade, saved_at: datetime) -> tuple[Desk, int]:
    """(desk, id of the version holding the current plan), saving one if none does."""
    if desk.versions and desk.versions[-1].plan == desk.plan:
        return desk, desk.versions[-1].id
    note = (f"In force at the {trade.side} of {trade.shares:,} shares on "
            f"{trade.date.isoformat()} (saved with the trade)")
    saved = SaveVersion(note, saved_at).apply(desk)
    return saved, saved.versions[-1].id


@dataclass(frozen=True)
class RecordTrade:
    """Add a trade; its id is the journal's next and its plan version the one in force."""

    trade: Trade
    saved_at: datetime  # when, should the plan in force need saving as a version

    def apply(self, desk: Desk) -> Desk:
        trade = replace(self.trade, id=desk.journal.next_id())
        desk, version_id = _in_force(desk, trade, self.saved_at)
        trade = replace(trade, plan_version_id=version_id)
        return desk.with_parts({Part.JOURNAL: desk.journal.add(trade)})


@dataclass(frozen=True)
class EditTrade:
    """Replace the trade of the same id (it keeps the plan version it was made under)."""

    trade: Trade

    def apply(self, desk: Desk) -> Desk:
        return desk.with_parts({Part.JOURNAL: desk.journal.edit(self.trade)})


@dataclass(frozen=True)
class DeleteTrade:
    """Take a trade out of the journal; refused if a later sell would then exceed the holding."""

    trade_id: int

    def apply(self, desk: Desk) -> Desk:
        return desk.with_parts({Part.JOURNAL: desk.journal.delete(self.trade_id)})
