"""Read-only tables of the tabs: rows of cells as a Qt item model, and a view that sorts and copies.

Every tab that shows figures as the report states them uses `RowsModel` (text as written, a sort
key beside it, the report section as the tooltip) in a `CopyableTable` (click a header to sort,
Ctrl+C copies the selection, or the whole table, as tab-separated text). Editable tables (the
scenario table, the metric log) are models of their own, shown in the same view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from kcdesk.ui import theme

SORT_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Cell:
    """One cell: the text shown, what it sorts by, its tooltip, and how it is drawn."""

    text: str
    sort: float | str | None = None  # None: sorts by its text
    tooltip: str = ""
    number: bool = False  # right-aligned
    colour: str = ""  # the text's theme role ("error", "good"…); "" for the palette's

    @property
    def sort_key(self) -> float | str:
        return self.text.casefold() if self.sort is None else self.sort


def cell(value: object, tooltip: str = "", *, sort: float | str | None = None,
         number: bool | None = None, colour: str = "") -> Cell:
    """A Cell from a value; numbers (and `number=True`) are right-aligned."""
    if isinstance(value, Cell):
        return value
    is_number = isinstance(value, (int, float)) if number is None else number
    if sort is None and isinstance(value, (int, float)) and not isinstance(value, bool):
        sort = float(value)
    return Cell(str(value), sort, tooltip, is_number, colour)


def header_data(headers: Sequence[str], section: int, orientation: Qt.Orientation,
                role: int) -> object:
    """A table model's headerData: the column titles across, row numbers down."""
    if role != Qt.ItemDataRole.DisplayRole:
        return None
    if orientation == Qt.Orientation.Horizontal:
        return headers[section] if 0 <= section < len(headers) else None
    return section + 1


class RowsModel(QAbstractTableModel):
    """A read-only table of Cells under column headers; `set_rows` replaces the rows."""

    def __init__(self, headers: Sequence[str], rows: Iterable[Sequence[Cell]] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: list[tuple[Cell, ...]] = []
        self.set_rows(rows)

    @property
    def headers(self) -> tuple[str, ...]:
        return self._headers

    def set_rows(self, rows: Iterable[Sequence[Cell]]) -> None:
        checked = []
        for row in rows:
            if len(row) != len(self._headers):
                raise ValueError(f"a row of {len(row)} cells under {len(self._headers)} headers")
            checked.append(tuple(row))
        self.beginResetModel()
        self._rows = checked
        self.endResetModel()

    def cell_at(self, row: int, column: int) -> Cell:
        return self._rows[row][column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        c = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return c.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if c.number else _LEFT)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(theme.colour(c.colour))) if c.colour else None
        if role == SORT_ROLE:
            return c.sort_key
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return header_data(self._headers, section, orientation, role)


class _SortProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; numbers before text where a column mixes them (e.g. "N/M")."""

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return super().lessThan(left, right)
        if isinstance(a, str) != isinstance(b, str):
            return not isinstance(a, str)
        return bool(a < b)


def table_tsv(model: QAbstractItemModel, rows: Sequence[int] | None = None,
              columns: Sequence[int] | None = None, *, headers: bool = True) -> str:
    """The model's text (all of it, or the given rows and columns) as tab-separated lines."""
    rows = range(model.rowCount()) if rows is None else rows
    columns = range(model.columnCount()) if columns is None else columns

    def clean(value: object) -> str:
        text = "" if value is None else str(value)
        return text.replace("\t", " ").replace("\n", " ")

    lines = []
    if headers:
        lines.append("\t".join(clean(model.headerData(c, Qt.Orientation.Horizontal))
                               for c in columns))
    for r in rows:
        lines.append("\t".join(clean(model.index(r, c).data()) for c in columns))
    return "\n".join(lines) + "\n"


class CopyableTable(QTableView):
    """A sortable table view; Ctrl+C copies the selected cells (or everything) as TSV."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None, *,
                 sortable: bool = True) -> None:
        super().__init__(parent)
        self.source_model = model
        if sortable:
            self.proxy: QSortFilterProxyModel | None = _SortProxy(self)
            self.proxy.setSourceModel(model)
            self.setModel(self.proxy)
            self.setSortingEnabled(True)
            self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # report order until clicked
        else:
            self.proxy = None
            self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def copy_text(self) -> str:
        """What Ctrl+C puts on the clipboard: the selected block, or the whole table."""
        view_model = self.model()
        selected = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        if not selected:
            return table_tsv(view_model)
        rows = sorted({i.row() for i in selected})
        columns = sorted({i.column() for i in selected})
        return table_tsv(view_model, rows, columns, headers=len(rows) > 1 or len(columns) > 1)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.copy_text())

    def keyPressEvent(self, event: object) -> None:  # Qt override
        if event.matches(QKeySequence.StandardKey.Copy):  # type: ignore[attr-defined]
            self.copy()
            event.accept()  # type: ignore[attr-defined]
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]
