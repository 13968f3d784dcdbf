"""The Valuation tab's editable tables: the user's inputs and the scenario table.

A committed cell is one `session.propose` (one undo step, saved). A refused cell keeps the
typed text, drawn red with the reason as its tooltip, and nothing else changes; the reason is
also what `refused` carries, for the label under the table.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from kcdesk.model.desk.edits import Edit
from kcdesk.model.valuation.edits import InputValue, ResetValuationInput, SetValuationInputs
from kcdesk.model.valuation.inputs import (
    LABELS,
    SCALAR_FIELDS,
    SCENARIO_FIELDS,
    ValuationInputs,
    default_inputs,
    input_of,
)
from kcdesk.model.valuation.owned import Entry, entry_text
from kcdesk.model.values import PlanError
from kcdesk.ui import theme
from kcdesk.ui.session import Session

Index = QModelIndex | QPersistentModelIndex
REFUSED, YOURS = "error", "accent"  # theme roles
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
_PLAIN = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
SCENARIO_HEADERS = ("Scenario", "Revenue CAGR", "Operating margin", "FCF margin", "WACC")
SCENARIO_LABELS = {"bear": "Bear", "base": "Base", "bull": "Bull"}


def source_text(entry: Entry | None) -> str:
    """Where an input came from, as the tab says it: report, default, yours, Yahoo + date."""
    if entry is None:
        return "missing — yours to give"
    if entry.source == "yahoo":
        return f"Yahoo Finance, {entry.as_of:%Y-%m-%d}" if entry.as_of else "Yahoo Finance"
    return {"report": "report", "default": "default", "user": "yours"}[entry.source]


def input_text(name: str, entry: Entry | None) -> str:
    """A cell's text: "12–13%", "~18%", "264", "3%" (empty when not given)."""
    text = entry_text(entry)
    return f"{text}%" if text and name.endswith("_pct") and name in SCALAR_FIELDS else text


class InputsTable(QAbstractTableModel):
    """Base of the two editable tables: which input each cell is, and the refused cells.

    Signals:
        refused(str): a committed cell was refused; the reason (empty: a refusal cleared).
    """

    refused = Signal(str)
    headers: tuple[str, ...] = ()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session
        self._inputs = self._current()
        self.rejected: dict[tuple[int, int], tuple[str, str]] = {}  # cell -> (typed, reason)

    # --- what subclasses say -------------------------------------------------------------
    def input_name(self, row: int, column: int) -> str | None:
        """The input the cell edits (None for a label cell)."""
        raise NotImplementedError

    def label(self, row: int, column: int) -> str:
        raise NotImplementedError

    def row_count(self) -> int:
        raise NotImplementedError

    # --- state ---------------------------------------------------------------------------
    def _current(self) -> ValuationInputs:
        v = self._session.standing.valuation
        if v is not None and v.inputs is not None:
            return v.inputs
        return default_inputs(self._session.research)

    @property
    def inputs(self) -> ValuationInputs:
        return self._inputs

    def refresh(self) -> None:
        """Show the session's inputs again (after any change); refused cells keep their text."""
        before, was = self.row_count(), self._inputs
        self._inputs = self._current()
        if self._inputs == was and not self.rejected:
            return  # another table's edit: nothing here changed
        if self.row_count() != before:
            self.beginResetModel()
            self.rejected.clear()
            self.endResetModel()
        elif self.row_count():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.row_count() - 1, self.columnCount() - 1))

    def entry(self, row: int, column: int) -> Entry | None:
        name = self.input_name(row, column)
        return None if name is None else input_of(self._inputs, name)

    # --- Qt ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return section + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _EDITABLE if self.input_name(index.row(), index.column()) else _PLAIN

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        name = self.input_name(r, c)
        rejected = self.rejected.get((r, c))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if name is None:
                return self.label(r, c)
            return rejected[0] if rejected else input_text(name, self.entry(r, c))
        if role == Qt.ItemDataRole.ToolTipRole:
            if rejected:
                return f"Refused: {rejected[1]}"
            return None if name is None else f"{LABELS.get(name.partition('.')[2] or name, name)}"\
                f" — {source_text(self.entry(r, c))}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if rejected:
                return QBrush(QColor(theme.colour(REFUSED)))
            entry = self.entry(r, c) if name else None
            yours = entry is not None and entry.source in ("user", "yahoo")
            return QBrush(QColor(theme.colour(YOURS))) if yours else None
        if role == Qt.ItemDataRole.FontRole and name and self.entry(r, c) is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if name else _LEFT)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        r, c = index.row(), index.column()
        name = self.input_name(r, c)
        if name is None:
            return False
        text = str(value).strip()
        if text == input_text(name, self.entry(r, c)) and (r, c) not in self.rejected:
            return False  # committed unchanged: not an edit
        return self.commit(r, c, name, text)

    def commit(self, row: int, column: int, name: str, text: str) -> bool:
        """Propose the typed text for `name`; refused: keep it red with the reason."""
        s = self._session
        label = LABELS.get(name, name) if name in SCALAR_FIELDS else \
            f"{SCENARIO_LABELS.get(name.partition('.')[0], '')} {LABELS[name.partition('.')[2]]}"
        edit: Edit
        if text:
            edit = SetValuationInputs(s.research, (InputValue(name, text),))
            what = f"Set {label} to {text}"
        else:
            edit = ResetValuationInput(s.research, name)
            what = f"Reset {label}"
        try:
            edit.apply(s.desk)  # the reason goes to the cell; propose would only post it
        except PlanError as exc:
            self.rejected[(row, column)] = (text, exc.problem if exc.field == name else str(exc))
            self._changed(row, column)
            self.refused.emit(self.rejected[(row, column)][1])
            return False
        self.rejected.pop((row, column), None)
        ok = s.propose([edit], what)
        self.refresh()
        self.refused.emit("")
        return ok

    def _changed(self, row: int, column: int) -> None:
        i = self.index(row, column)
        self.dataChanged.emit(i, i)


class ScalarInputsModel(InputsTable):
    """The scalar inputs: ADRs, shares per ADR, net debt, RMB/USD, base revenue, N, g."""

    headers = ("Input", "Value", "Source")

    def row_count(self) -> int:
        return len(SCALAR_FIELDS)

    def input_name(self, row: int, column: int) -> str | None:
        return SCALAR_FIELDS[row] if column == 1 else None

    def label(self, row: int, column: int) -> str:
        name = SCALAR_FIELDS[row]
        return LABELS[name] if column == 0 else source_text(input_of(self._inputs, name))


class ScenarioModel(InputsTable):
    """Bear, base and bull × revenue CAGR, operating margin, FCF margin and WACC."""

    headers = SCENARIO_HEADERS

    def row_count(self) -> int:
        return len(self._inputs.scenarios)

    def input_name(self, row: int, column: int) -> str | None:
        if column == 0:
            return None
        return f"{self._inputs.scenarios[row].key}.{SCENARIO_FIELDS[column - 1]}"

    def label(self, row: int, column: int) -> str:
        return SCENARIO_LABELS.get(self._inputs.scenarios[row].key, self._inputs.scenarios[row].key)
