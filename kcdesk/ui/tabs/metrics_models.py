"""The Metrics tab's tables: the log as quarters × metrics, the rules' states, Yahoo's proposals."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from kcdesk.model import fmt
from kcdesk.model.metric_log import MetricDef, MetricEntry, MetricLog, MetricView
from kcdesk.model.triggers import TriggerResult, TriggerRule
from kcdesk.ui.tables import SORT_ROLE, Cell, Index, RowsModel, cell

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the id of the row shown in a cell
# theme roles of the states' text
STATE_COLOURS = {"met": "good", "borderline": "warning", "not met": "", "not enough data": "muted"}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def entry_text(e: MetricEntry) -> str:
    """A value as the report writes it; a range stays a range ("RMB 2,350–2,650M")."""
    return fmt.range_value(e.value)


def entry_tooltip(e: MetricEntry, history: Sequence[MetricEntry] = ()) -> str:
    """Where a value came from, and the rows it replaced (restatements)."""
    lines = [f"{e.kind}, {e.source or 'no source'}, logged {e.logged_on.isoformat()}"]
    earlier = [h for h in history if h.id != e.id]
    lines += [f"also logged: {entry_text(h)} ({h.kind}, {h.logged_on.isoformat()})"
              for h in earlier]  # fmt: skip
    return "\n".join(lines)


class HistoryModel(QAbstractTableModel):
    """The log as known at one moment: a row per quarter, a column per metric with a value."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._quarters: tuple[str, ...] = ()
        self._metrics: tuple[MetricDef, ...] = ()
        self._view = MetricView({})
        self._history: dict[tuple[str, str], list[MetricEntry]] = {}

    def set_view(self, log: MetricLog, view: MetricView) -> None:
        """Show `view` (a moment of `log`); its rows' tooltips list the other rows logged."""
        self.beginResetModel()
        self._view = view
        self._quarters = view.quarters()
        used = {m for _, m in view.rows}
        self._metrics = tuple(d for d in log.metrics if d.key in used)
        self._history = {}
        for e in log.entries:
            self._history.setdefault((e.quarter, e.metric), []).append(e)
        self.endResetModel()

    @property
    def metrics(self) -> tuple[MetricDef, ...]:
        return self._metrics

    def entry_at(self, row: int, column: int) -> MetricEntry | None:
        """The row shown in a cell (None for the quarter column or an empty cell)."""
        if column < 1 or not 0 <= row < len(self._quarters):
            return None
        return self._view.value(self._quarters[row], self._metrics[column - 1].key)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._quarters)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._metrics) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if column == 0:
            quarter = self._quarters[row]
            return quarter if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE) else None
        e = self.entry_at(row, column)
        if e is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return entry_text(e) + ("*" if len(self._history[(e.quarter, e.metric)]) > 1 else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry_tooltip(e, self._history[(e.quarter, e.metric)])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT)
        if role == SORT_ROLE:
            return e.low if e.low is not None else e.high
        if role == ENTRY_ROLE:
            return e.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section <= len(self._metrics):
            return None
        if section == 0:
            return "Quarter" if role == Qt.ItemDataRole.DisplayRole else None
        d = self._metrics[section - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(textwrap.wrap(d.label, 16))  # two short lines fit a narrow column
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{d.key} ({d.unit}{'' if d.builtin else ', your metric'})"
        return None


TRIGGER_HEADERS = ("Rule", "State", "Streak", "Quarters used", "Why")


def trigger_rows(results: Sequence[TriggerResult], rules: Sequence[TriggerRule]
                 ) -> list[tuple[Cell, ...]]:
    """A row per rule: its kind, state (coloured), streak, the quarters it read, its reason."""
    words = {r.key: "; or ".join(c.describe() for cl in r.clauses for c in cl.conditions)
             for r in rules}  # fmt: skip
    return [
        (cell(r.kind, words.get(r.key, "")),
         cell(r.state, colour=STATE_COLOURS[r.state]),
         cell(r.streak),
         cell(", ".join(r.quarters) or "—"),
         cell(r.reason.split(": ", 1)[-1], r.reason))
        for r in results
    ]  # fmt: skip


def triggers_model(parent: Any = None) -> RowsModel:
    return RowsModel(TRIGGER_HEADERS, (), parent)


PROPOSAL_HEADERS = ("Quarter", "Metric", "Yahoo proposes", "Logged now")


def proposal_rows(rows: Sequence[Any], log: MetricLog) -> list[tuple[Cell, ...]]:
    """Yahoo's proposed rows beside what is logged now for the same quarter and metric."""
    current = log.current()
    out: list[tuple[Cell, ...]] = []
    for row in rows:
        e: MetricEntry = row.entry
        logged = current.value(e.quarter, e.metric)
        out.append((
            cell(e.quarter), cell(e.metric),
            cell(entry_text(e), e.source, number=True),
            cell(entry_text(logged) if logged else "—",
                 entry_tooltip(logged) if logged else "nothing logged", number=True),
        ))  # fmt: skip
    return out
