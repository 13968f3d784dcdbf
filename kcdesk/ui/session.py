"""The one owner of the desk on the Qt side: the desk, its prices, its standing, the undo stack.

Widgets propose edits (values from kcdesk.model.desk.edits); the session applies them in the
model (one refused edit refuses all, naming the field), commits every changed part in ONE store
transaction, pushes one undo command, recomputes the standing for what changed, and emits one
`changed` signal naming the parts. Undo and redo are edits too and take the same path; they
never make a plan version. A failed undo leaves the undo where it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from kcdesk.model import fmt
from kcdesk.model.desk.desk import PRICES, Desk, Part
from kcdesk.model.desk.edits import Applied, Edit, MoveLevel, SetPart, apply_edits
from kcdesk.model.desk.standing import Inputs, Standing, StandingCalculator
from kcdesk.model.event_log import extend_log
from kcdesk.model.plan import Plan
from kcdesk.model.prices import PriceSeries, empty_frame
from kcdesk.model.research import Research
from kcdesk.model.values import PlanError
from kcdesk.ui.messages import Messages


class DeskStore(Protocol):
    """What the session needs of the user store."""

    def commit(self, ticker: str, changes: Mapping[Part, Any], action: str) -> None: ...


@dataclass(frozen=True)
class DeskChange:
    """What one change touched (desk parts and/or PRICES), and the state after it."""

    parts: frozenset[str]
    desk: Desk
    standing: Standing
    prices: PriceSeries | None

    def touches(self, *names: str) -> bool:
        return any(n in self.parts for n in names)


class _Command(QUndoCommand):
    """One undoable action: the edits that redo it and those that undo it (both SetPart)."""

    def __init__(self, text: str, undo: tuple[SetPart, ...], redo: tuple[SetPart, ...]) -> None:
        super().__init__(text)
        self.undo_edits, self.redo_edits = undo, redo

    # The session does the work before it moves the stack (so a failed write can leave the
    # stack where it was); the stack's own calls are bookkeeping only.
    def undo(self) -> None:
        pass

    def redo(self) -> None:
        pass


class Session(QObject):
    """The open ticker's desk, research (read-only), prices and standing.

    Signals:
        changed(DeskChange): parts changed (also after a refused edit, with no parts, so a
            dragged item snaps back).
    """

    changed = Signal(object)

    def __init__(
        self,
        desk: Desk,
        research: Research | None,
        store: DeskStore,
        messages: Messages,
        prices: PriceSeries | None = None,
        *,
        calculator: StandingCalculator | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock  # when events are logged and reviews marked
        self._desk, self._research, self._prices = desk, research, prices
        self._store, self.messages = store, messages
        self.calculator = calculator or StandingCalculator()
        self._standing = self.calculator.compute(self._inputs())
        self.undo_stack = QUndoStack(self)

    # --- state ------------------------------------------------------------------------
    @property
    def desk(self) -> Desk:
        return self._desk

    @property
    def plan(self) -> Plan:
        return self._desk.plan

    @property
    def research(self) -> Research | None:
        return self._research

    @property
    def prices(self) -> PriceSeries | None:
        return self._prices

    @property
    def standing(self) -> Standing:
        return self._standing

    def _inputs(self) -> Inputs:
        frame = self._prices.frame if self._prices is not None else empty_frame()
        return Inputs(self._desk, self._research, frame)

    def set_prices(self, series: PriceSeries) -> None:
        """New prices (refresh, import): their new bars' events logged, the standing follows,
        views are told (one change)."""
        self._prices = series
        self._broadcast(frozenset({PRICES, *self._log_events(series)}))

    def catch_up_events(self) -> None:
        """Log the events of bars that arrived while the window was closed (a `kcdesk
        import-prices`, an earlier refresh killed before logging): a change only if any."""
        if self._prices is None:
            return
        logged = self._log_events(self._prices)
        if logged:
            self._broadcast(logged)

    def _log_events(self, series: PriceSeries) -> frozenset[str]:
        """Append the events of the bars not logged yet: saved, never an undo step.

        Sample prices are not market data: nothing of them is logged.
        """
        log = self._desk.event_log
        new = log if series.is_sample else extend_log(log, series.frame, self.plan, self.clock())
        if new is log:
            return frozenset()
        try:
            self._store.commit(self._desk.ticker, {Part.EVENT_LOG: new}, "log the new bars' events")
        except Exception as exc:  # the bars stay unlogged: the next refresh logs them
            self.messages.error(f"Could not save the event log ({exc})")
            return frozenset()
        self._desk = self._desk.with_parts({Part.EVENT_LOG: new})
        return frozenset({Part.EVENT_LOG})

    # --- edits ------------------------------------------------------------------------
    def propose(self, edits: Sequence[Edit], description: str) -> bool:
        """Apply `edits` as one saved, undoable action; False (and a message) if refused."""
        applied = self._apply(edits, description)
        if applied is None or not applied.changed:
            return False
        self.undo_stack.push(_Command(description, applied.undo, applied.redo))
        return True

    def propose_level_edit(self, key: str, low: float, high: float | None) -> bool:
        """A chart drag or a typed level: move `key` to low..high."""
        try:
            label = self._desk.plan.level(key).label
        except PlanError as exc:
            return self._refuse(exc)
        where = fmt.range_value_of_prices(low, high)
        return self.propose([MoveLevel(key, low, high)], f"Move {label} to {where}")

    def undo(self) -> bool:
        """Undo the last action through the same path as an edit; on failure nothing moves."""
        stack = self.undo_stack
        if not stack.canUndo():
            return False
        command = stack.command(stack.index() - 1)
        assert isinstance(command, _Command)
        if self._apply(command.undo_edits, f"Undo {command.text()}") is None:
            return False
        stack.undo()
        return True

    def redo(self) -> bool:
        """Redo the last undone action; on failure nothing moves."""
        stack = self.undo_stack
        if not stack.canRedo():
            return False
        command = stack.command(stack.index())
        assert isinstance(command, _Command)
        if self._apply(command.redo_edits, f"Redo {command.text()}") is None:
            return False
        stack.redo()
        return True

    # --- the one path -------------------------------------------------------------------
    def _apply(self, edits: Sequence[Edit], description: str) -> Applied | None:
        try:
            applied = apply_edits(self._desk, edits)
        except PlanError as exc:
            self._refuse(exc)
            return None
        if not applied.changed:
            return applied
        try:
            self._store.commit(
                self._desk.ticker, {p: applied.desk.part(p) for p in applied.changed}, description
            )
        except Exception as exc:  # any store failure must leave the last saved desk
            self.messages.error(f"Could not save ({exc}); nothing was changed")
            self._broadcast(frozenset())
            return None
        self._desk = applied.desk
        self._broadcast(frozenset(applied.changed))
        self.messages.info(f"Saved: {description}")
        return applied

    def _refuse(self, exc: PlanError) -> bool:
        self.messages.error(f"Edit refused — {exc}")
        self._broadcast(frozenset())  # a dragged item snaps back
        return False

    def _broadcast(self, parts: frozenset[str]) -> None:
        if parts:
            self._standing = self.calculator.compute(self._inputs(), self._standing, parts)
        self.changed.emit(DeskChange(parts, self._desk, self._standing, self._prices))
