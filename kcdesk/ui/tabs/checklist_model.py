"""The checklist items of one group as a table: text, status with its history, since when, note.

The news group's status is a check box (ticked: it happened), and a column says which trigger
rules read the item. The model never changes itself: a tick is asked for through `tick_requested`
and the table follows the session once the edit is saved.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from kcdesk.model.checklists import ChecklistGroup, ChecklistItem, ItemStatus
from kcdesk.model.triggers import TriggerRule
from kcdesk.ui import theme
from kcdesk.ui.tables import header_data

Index = QModelIndex | QPersistentModelIndex
STATUS_WORDS: dict[ItemStatus, str] = {
    "watching": "watching",
    "happened": "happened",
    "no_longer_relevant": "no longer relevant",
}
_COLOURS: dict[ItemStatus, str] = {"happened": "good", "no_longer_relevant": "muted"}  # roles
COLUMNS = ("Item", "Status", "Since", "Note")
NEWS_COLUMNS = (*COLUMNS, "Read by")
ITEM, STATUS, SINCE, NOTE, READ_BY = range(5)


def history_text(item: ChecklistItem) -> str:
    """The item's status history, one line per change: date → status — note."""
    if not item.history:
        return "Watching since the start; no status change yet."
    lines = [
        f"{c.on:%Y-%m-%d} → {STATUS_WORDS[c.status]}" + (f" — {c.note}" if c.note else "")
        for c in item.history
    ]
    return "\n".join(lines)


def rule_readers(key: str, rules: Sequence[TriggerRule]) -> tuple[tuple[str, str], ...]:
    """(rule kind, the rule's words) for each clause of `rules` that reads checklist item `key`."""
    return tuple(
        (rule.kind, c.words)
        for rule in rules
        for clause in rule.clauses
        for c in clause.conditions
        if c.source == "checklist" and c.key == key
    )


class ChecklistModel(QAbstractTableModel):
    """The items of one checklist group, in the user's order.

    Signals:
        tick_requested(str, bool): the user ticked (True) or unticked a news item's status.
    """

    tick_requested = Signal(str, bool)

    def __init__(self, group: ChecklistGroup, rules: Sequence[TriggerRule] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        self._rules = tuple(rules)
        self._headers = NEWS_COLUMNS if group == "news" else COLUMNS
        self._items: tuple[ChecklistItem, ...] = ()

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        return self._items

    def set_items(self, items: Sequence[ChecklistItem]) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self.endResetModel()

    def row_of(self, key: str) -> int | None:
        return next((r for r, i in enumerate(self._items) if i.key == key), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def _text(self, item: ChecklistItem, column: int) -> str:
        if column == ITEM:
            return item.text
        if column == STATUS:
            return STATUS_WORDS[item.status]
        if column == SINCE:
            return "" if item.changed_on is None else f"{item.changed_on:%Y-%m-%d}"
        if column == NOTE:
            return item.note
        return ", ".join(dict.fromkeys(kind for kind, _ in rule_readers(item.key, self._rules)))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item, column = self._items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (STATUS, SINCE):
                return history_text(item)
            if column == READ_BY:
                return "\n".join(f"{kind}: {words}" for kind, words in
                                 rule_readers(item.key, self._rules))
            return f"{self._text(item, column)}\n({item.section})"
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            colour = _COLOURS.get(item.status)
            return None if colour is None else QBrush(QColor(theme.colour(colour)))
        if role == Qt.ItemDataRole.CheckStateRole and self._checkable(column):
            ticked = item.status == "happened"
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return None

    def _checkable(self, column: int) -> bool:
        return self.group == "news" and column == STATUS

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self._checkable(index.column()):
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if not self._checkable(index.column()):
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked  # type: ignore[call-overload]
        self.tick_requested.emit(self._items[index.row()].key, ticked)
        return False  # the session's change redraws the table once the tick is saved

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return header_data(self._headers, section, orientation, role)
