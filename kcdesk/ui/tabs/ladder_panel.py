"""The Plan tab's entry ladder: the plan's entries as tranches, share counts and stops editable.

An edited cell is one `session.propose(SetPart(LADDER, …))`; a cell that does not read keeps
its typed text, red, with the reason as its tooltip. Selecting a tranche emits it, and the
window draws it on the chart as a position box.
"""

from __future__ import annotations

import html
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from kcdesk.model import fmt
from kcdesk.model import position_text as text
from kcdesk.model.desk.desk import Part
from kcdesk.model.desk.edits import SetPart
from kcdesk.model.ladder import DecimalRange, Ladder, Tranche
from kcdesk.model.position_plan import PositionPlan
from kcdesk.model.values import PlanError
from kcdesk.ui import theme
from kcdesk.ui.session import Session
from kcdesk.ui.tables import CopyableTable

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Tranche", "Entry", "Shares", "Stop", "Target", "R/R", "Cost", "Risk")
SHARES, STOP = 2, 3
EDITABLE = (SHARES, STOP)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _shares_of(typed: str, field: str) -> int:
    cleaned = typed.strip().replace(",", "")
    if not cleaned.isdigit():
        raise PlanError(field, typed, "a share count is a whole number, zero or more")
    return int(cleaned)


def tranche_cells(t: Tranche, fees: Decimal) -> tuple[str, ...]:
    """A tranche as the ladder table shows it: label, entry, shares, stop, target, R, cost, risk."""
    stop = text.stop_text(t.stop)
    if t.stop.kind == "pct_below_entry":
        stop += f" ({fmt.money(t.stop_price)})"
    cost = t.shares * t.entry.fill + fees if t.shares else Decimal(0)
    risk = t.shares * (t.entry.fill - t.stop_price) + 2 * fees if t.shares else Decimal(0)
    return (t.label, fmt.range_value_of_prices(float(t.entry.low), float(t.entry.high)),
            f"{t.shares:,}", stop, fmt.money(t.target), fmt.r_multiple(t.r_multiple),
            fmt.money(cost), fmt.money(risk))


class LadderModel(QAbstractTableModel):
    """The tranches as rows; Shares and Stop editable. A good edit emits `ladder_proposed`.

    Signals:
        ladder_proposed(Ladder, description): a checked ladder for the owner to propose.
    """

    ladder_proposed = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ladder = Ladder(())
        self._fees = Decimal(0)
        self._rows: list[tuple[str, ...]] = []
        self.refused: dict[tuple[int, int], tuple[str, str]] = {}  # cell -> (typed, reason)

    @property
    def ladder(self) -> Ladder:
        return self._ladder

    def set_ladder(self, ladder: Ladder, fees: Decimal) -> None:
        self.beginResetModel()
        if [t.key for t in ladder.tranches] != [t.key for t in self._ladder.tranches]:
            self.refused.clear()
        self._ladder, self._fees = ladder, fees
        self._rows = [tranche_cells(t, fees) for t in ladder.tranches]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        bad = self.refused.get((r, c))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if bad is not None:
                return bad[0]
            if role == Qt.ItemDataRole.EditRole and c == STOP:
                return text.stop_text(self._ladder.tranches[r].stop)
            if role == Qt.ItemDataRole.EditRole and c == SHARES:
                return str(self._ladder.tranches[r].shares)
            return self._rows[r][c]
        if role == Qt.ItemDataRole.ToolTipRole:
            if bad is not None:
                return f"Refused: {bad[1]}"
            return self._ladder.tranches[r].note or None
        if role == Qt.ItemDataRole.ForegroundRole and bad is not None:
            return QBrush(QColor(theme.colour("error")))
        if role == Qt.ItemDataRole.TextAlignmentRole and c > 0:
            return int(_RIGHT)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() not in EDITABLE:
            return False
        r, c = index.row(), index.column()
        t = self._ladder.tranches[r]
        typed = str(value)
        try:
            if c == SHARES:
                new = replace(t, shares=_shares_of(typed, f"{t.label} shares"))
                what = f"{t.label}: {new.shares} shares"
            else:  # the Tranche checks the stop against its entry
                new = replace(t, stop=text.stop_of(typed, f"{t.label} stop"))
                what = f"{t.label}: stop {typed.strip()}"
        except PlanError as exc:
            self.refused[(r, c)] = (typed, exc.problem)
            self.dataChanged.emit(index, index)
            return True  # the cell keeps what was typed
        self.refused.pop((r, c), None)
        self.dataChanged.emit(index, index)
        if new != t:
            ladder = Ladder(tuple(new if x.key == t.key else x for x in self._ladder.tranches))
            self.ladder_proposed.emit(ladder, f"Set {what}")
        return True


def money_range(r: DecimalRange | None) -> str:
    """A sum as "$1,000.00", or "$900.00–$1,100.00" where it depends on where each fill lands."""
    if r is None:
        return "—"
    return fmt.money(r.low) if r.low == r.high else f"{fmt.money(r.low)}–{fmt.money(r.high)}"


class LadderPanel(QGroupBox):
    """The ladder table, its totals and warnings, and a reset to the plan's ladder.

    Signals:
        tranche_selected(Tranche or None): the selected tranche, again after it changes.
    """

    tranche_selected = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Entry ladder", parent)
        self._session = session
        self.model = LadderModel(self)
        self.table = CopyableTable(self.model, self, sortable=False)
        self.table.setMinimumHeight(150)
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.totals = QLabel(self)
        self.totals.setWordWrap(True)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        theme.set_style(self.warnings, "color: $error;")
        self.reset = QPushButton("Reset to the plan's ladder", self)
        self.reset.setToolTip("Size every tranche again from the plan and the sizer's limits")
        layout = QVBoxLayout(self)
        hint = QLabel("Shares and stops are editable (a stop as a price or as 20%). Select a "
                      "tranche to draw it on the chart.", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addWidget(self.totals)
        layout.addWidget(self.warnings)
        layout.addWidget(self.reset)
        self._selected: str | None = None
        self.model.ladder_proposed.connect(self._propose)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.reset.clicked.connect(self._reset)

    def show_position(self, position: PositionPlan) -> None:
        selected = self._selected
        self.model.set_ladder(position.ladder, position.inputs.fees_per_order)
        self.reset.setEnabled(position.ladder_stored)
        t = position.totals
        self.totals.setText(
            f"<b>All filled:</b> {t.shares:,} shares · cost {money_range(t.cost)} · average cost "
            f"{money_range(t.average_cost)} · risk if every stop is hit {money_range(t.risk)} "
            f"<span style='color:{theme.colour('muted')}'>"
            "(ranges: every fill at its zone's bottom … top)</span>")
        self.warnings.setText("<br>".join(f"⚠ {html.escape(w.text)}" for w in t.warnings))
        self.warnings.setVisible(bool(t.warnings))
        keys = [x.key for x in position.ladder.tranches]
        if selected in keys:
            self.select(selected)
        else:
            self._selected = None
            self.tranche_selected.emit(None)

    def select(self, key: str | None) -> None:
        """Select the tranche `key` (None: no selection); the chart follows."""
        keys = [t.key for t in self.model.ladder.tranches]
        if key is None or key not in keys:
            self.table.clearSelection()
            return
        self._selected = key  # first: the selection signal then sees no change
        self.table.selectRow(keys.index(key))
        self.tranche_selected.emit(self.model.ladder.tranche(key))

    def selected(self) -> Tranche | None:
        return None if self._selected is None else self.model.ladder.tranche(self._selected)

    def _on_selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        key = self.model.ladder.tranches[rows[0].row()].key if rows else None
        if key == self._selected:
            return
        self._selected = key
        self.tranche_selected.emit(None if key is None else self.model.ladder.tranche(key))

    def _propose(self, ladder: Ladder, description: str) -> None:
        self._session.propose([SetPart(Part.LADDER, ladder)], description)

    def _reset(self) -> None:
        self._session.propose([SetPart(Part.LADDER, None)], "Reset the entry ladder to the plan")
