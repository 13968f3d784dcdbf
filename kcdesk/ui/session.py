"""The one object that owns the current state: plan, prices, undo stack; it validates and saves.

Widgets propose edits; the session checks them against the model, writes them to the store in
one transaction, and tells every view. No widget writes to the store or to another widget.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from kcdesk.data.plan_json import plan_to_json
from kcdesk.model import fmt
from kcdesk.model.plan import Plan
from kcdesk.model.prices import PriceSeries
from kcdesk.model.values import PlanError


class PlanStore(Protocol):
    """What the session needs of the user store."""

    def save_plan(self, ticker: str, plan_json: dict[str, Any], note: str) -> int: ...


class _PlanEdit(QUndoCommand):
    """One undoable plan change: swaps between two whole, valid Plan values."""

    def __init__(self, session: Session, old: Plan, new: Plan, text: str) -> None:
        super().__init__(text)
        self._session, self._old, self._new = session, old, new
        self._applied = True  # the session saved it before pushing: the first redo is a no-op

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._session._commit(self._new, f"Redo: {self.text()}")

    def undo(self) -> None:
        self._session._commit(self._old, f"Undo: {self.text()}")


class Session(QObject):
    """Current plan and prices of the open ticker.

    Signals:
        plan_changed(Plan): the plan to show now (also after a refused edit, to snap back).
        prices_changed(PriceSeries): new prices (refresh, import, cache).
        message(str, str): text and level ("info", "warning", "error") for the status bar.
    """

    plan_changed = Signal(object)
    prices_changed = Signal(object)
    message = Signal(str, str)

    def __init__(
        self,
        plan: Plan,
        store: PlanStore,
        prices: PriceSeries | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._plan = plan
        self._store = store
        self._prices = prices
        self.undo_stack = QUndoStack(self)

    # --- state ------------------------------------------------------------------
    @property
    def plan(self) -> Plan:
        return self._plan

    @property
    def prices(self) -> PriceSeries | None:
        return self._prices

    def set_prices(self, series: PriceSeries) -> None:
        self._prices = series
        self.prices_changed.emit(series)

    # --- edits --------------------------------------------------------------------
    def propose_level_edit(self, key: str, low: float, high: float | None) -> bool:
        """Move a plan level (a chart drag); refused edits re-broadcast the unchanged plan."""
        try:
            level = self._plan.level(key)
            new = self._plan.edit_level(key, low, high)
        except PlanError as exc:
            self.message.emit(f"Edit refused — {exc}", "error")
            self.plan_changed.emit(self._plan)  # the dragged item snaps back
            return False
        if new == self._plan:
            return False
        where = (
            fmt.price(low) if high is None or high == low else f"{fmt.price(low)}–{fmt.price(high)}"
        )
        return self.propose_plan(new, f"Move {level.label} to {where}")

    def propose_plan(self, new: Plan, description: str) -> bool:
        """Apply a whole new (already valid) plan as one undoable, saved edit."""
        if new.ticker != self._plan.ticker:
            self.message.emit("Edit refused — a plan edit cannot change the ticker", "error")
            return False
        before = self._plan
        if not self._commit(new, description):
            return False
        self.undo_stack.push(_PlanEdit(self, before, new, description))
        return True

    def _commit(self, plan: Plan, note: str) -> bool:
        """Save `plan` in one transaction, then make it current and tell the views."""
        try:
            self._store.save_plan(plan.ticker, plan_to_json(plan), note)
        except Exception as exc:  # any store failure must leave the last saved plan
            self.message.emit(
                f"Could not save the plan ({exc}); the last saved plan is kept", "error"
            )
            self.plan_changed.emit(self._plan)
            return False
        self._plan = plan
        self.plan_changed.emit(plan)
        self.message.emit(f"Saved: {note}", "info")
        return True
