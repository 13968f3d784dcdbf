"""The Plan tab's "Edit levels" page: every level typed as well as dragged, and new levels added.

Each committed cell is one `session.propose_level_edit(key, low, high)` (one undo step, the
same path as a chart drag); a refused cell keeps its text, red, with the reason as its tooltip.
A plan with no levels (a new plan) gets its zones, stops, targets and breakout from the form
below the table, each one plan edit (`ReplacePlan`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model import fmt
from kcdesk.model.desk.desk import Part
from kcdesk.model.desk.edits import ReplacePlan
from kcdesk.model.plan import Level, Plan
from kcdesk.model.plan_template import LEVEL_KINDS, LevelKind, add_level, remove_level
from kcdesk.model.values import PlanError, check_price
from kcdesk.ui import theme
from kcdesk.ui.refusals import error_label
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tables import CopyableTable, Index, header_data

HEADERS = ("Level", "Kind", "Low", "High")
LOW, HIGH = 2, 3
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
OPEN_HIGH = "open (…+)"

Propose = Callable[[str, float, float | None], bool]


def price_of(field: str, typed: str, *, allow_empty: bool = False) -> float | None:
    """A price typed as "12", "$12.50" or "1,200"; None for an empty text when allowed."""
    text = typed.strip().replace("$", "").replace(",", "")
    if not text:
        if allow_empty:
            return None
        raise PlanError(field, typed, "type a price")
    try:
        number = float(text)
    except ValueError:
        raise PlanError(field, typed, "not a price") from None
    return check_price(field, number)


def _bounds(level: Level, col: int, value: float | None) -> tuple[float, float | None]:
    """The level's new (low, high) with the typed column put in; a line stays a line."""
    if level.kind == "entry":
        assert value is not None
        return value, value
    if col == LOW:
        assert value is not None
        return value, level.high
    return level.low, value


class LevelsModel(QAbstractTableModel):
    """The plan's levels as rows; Low and High editable (High of an entry is its one price)."""

    def __init__(self, propose: Propose, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._propose = propose
        self._plan: Plan | None = None
        self._levels: tuple[Level, ...] = ()
        self.refused: dict[tuple[str, int], tuple[str, str]] = {}  # (key, col) -> (typed, why)

    def set_plan(self, plan: Plan) -> None:
        self.beginResetModel()
        self._plan, self._levels = plan, tuple(lv for lv in plan.levels() if lv.editable)
        keys = {lv.key for lv in self._levels}
        self.refused = {k: v for k, v in self.refused.items() if k[0] in keys}
        self.endResetModel()

    def level_at(self, row: int) -> Level:
        return self._levels[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._levels)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        if index.column() == LOW or (
            index.column() == HIGH and self._levels[index.row()].kind != "entry"
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _text(self, level: Level, col: int, edit: bool) -> str:
        if col == 0:
            return level.label
        if col == 1:
            return level.kind
        value = level.low if col == LOW else level.high
        if value is None:
            return "" if edit else OPEN_HIGH
        return f"{value:g}" if edit else fmt.price(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        level, col = self._levels[index.row()], index.column()
        bad = self.refused.get((level.key, col))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if bad is not None:
                return bad[0]
            return self._text(level, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole and bad is not None:
            return f"Refused: {bad[1]}"
        if role == Qt.ItemDataRole.ForegroundRole and bad is not None:
            return QBrush(QColor(theme.colour("error")))
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= LOW:
            return int(_RIGHT)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return header_data(HEADERS, section, orientation, role)

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self._plan is None:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        level, col, typed = self._levels[index.row()], index.column(), str(value)
        try:
            number = price_of(f"{level.label} {HEADERS[col].lower()}", typed,
                              allow_empty=col == HIGH)
            low, high = _bounds(level, col, number)
            self._plan.edit_level(level.key, low, high)  # the plan's own checks, in place
        except PlanError as exc:
            self.refused[(level.key, col)] = (typed, exc.problem)
            self.dataChanged.emit(index, index)
            return True  # the cell keeps what was typed
        self.refused.pop((level.key, col), None)
        self.dataChanged.emit(index, index)
        if (low, high) != (level.low, level.high):
            self._propose(level.key, low, high)
        return True


class LevelsEditor(QWidget):
    """The levels table and the form that adds a level; follows the session itself."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.model = LevelsModel(session.propose_level_edit, self)
        self.table = CopyableTable(self.model, self, sortable=False)  # in drawing order
        self.empty = QLabel("This plan has no levels yet: add its zones, stops and targets "
                            "below.", self)
        self.empty.setWordWrap(True)
        box = QGroupBox("Add a level", self)
        self.kind = QComboBox(box)
        self.kind.addItems(list(LEVEL_KINDS))
        self.name = QLineEdit(box)
        self.name.setPlaceholderText("name, e.g. Buy zone")
        self.low, self.high, self.entry = QLineEdit(box), QLineEdit(box), QLineEdit(box)
        self.low.setPlaceholderText("low $")
        self.high.setPlaceholderText("high $")
        self.high.setToolTip("The top of the band; empty for an open-ended target ($25+)")
        self.entry.setPlaceholderText("entry $")
        self.entry.setToolTip("A stop's entry: the stop band must lie below it")
        self.add = QPushButton("&Add", box)
        self.error = error_label(box)
        form = QGridLayout(box)  # two rows, so each field's hint stays readable
        form.addWidget(self.kind, 0, 0)
        form.addWidget(self.name, 0, 1, 1, 3)
        for col, w in enumerate((self.low, self.high, self.entry, self.add)):
            form.addWidget(w, 1, col)
        form.addWidget(self.error, 2, 0, 1, 4)
        self.remove = QPushButton("&Remove selected level", self)
        self.remove.setToolTip("A stop goes with its entry; Edit ▸ Undo brings it back")
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove)
        layout.addWidget(box)
        self.add.clicked.connect(self.add_level)
        self.remove.clicked.connect(self.remove_selected)
        self.kind.currentTextChanged.connect(self._show_entry_field)
        session.changed.connect(self.on_changed)
        self._show_entry_field(self.kind.currentText())
        self._show(session.plan)

    def _show_entry_field(self, kind: str) -> None:
        self.entry.setEnabled(kind == "stop")

    def _show(self, plan: Plan) -> None:
        self.model.set_plan(plan)
        self.empty.setVisible(not plan.levels())

    def on_changed(self, change: DeskChange) -> None:
        if change.touches(Part.PLAN) or not change.parts:  # a refused drag snaps back here too
            self._show(change.desk.plan)

    def remove_selected(self) -> bool:
        """Remove the level of the selected row (one plan edit, undoable)."""
        index = self.table.currentIndex()
        if not index.isValid():
            return False
        level = self.model.level_at(index.row())
        try:
            plan = remove_level(self._session.plan, level.key)
        except PlanError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        return self._session.propose([ReplacePlan(plan)], f"Remove {level.label}")

    def add_level(self) -> bool:
        """Add the level typed in the form (one plan edit); a refusal is shown under it."""
        kind: LevelKind = LEVEL_KINDS[self.kind.currentIndex()]
        try:
            low = price_of("low", self.low.text())
            assert low is not None
            high = price_of("high", self.high.text(), allow_empty=True)
            entry = price_of("entry", self.entry.text()) if kind == "stop" else None
            plan = add_level(self._session.plan, kind, self.name.text(), low, high, entry)
        except PlanError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.error.hide()
        label = self.name.text().strip()
        if not self._session.propose([ReplacePlan(plan)], f"Add {kind} {label}"):
            return False
        for field in (self.name, self.low, self.high, self.entry):
            field.clear()
        return True
