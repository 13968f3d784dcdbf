"""The risk matrix: the report's six categories, rating and key factors, with the user's own
rating and note beside them (history kept, in the tooltip and under the form).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model.checklists import RiskChange, RiskMatrix
from kcdesk.model.research import RISK_RATINGS, Risk
from kcdesk.ui.refusals import error_label
from kcdesk.ui.tables import Cell, CopyableTable, RowsModel
from kcdesk.ui.tabs.checklist_editor import Commit

# Four columns fit beside the chart: the user's note and date sit under the report's factors.
RISK_COLUMNS = ("Category", "Report", "Yours", "Key factors · your note")
FACTORS = 3
NO_RATING = "— none —"
_SEVERITY_COLOURS = ("good", "good", "warning", "caution", "error")  # theme roles


def _rating(rating: str | None) -> str:
    return NO_RATING if rating is None else rating


def risk_history_text(changes: Sequence[RiskChange]) -> str:
    """The user's ratings of a risk, one line each: date → rating — note."""
    if not changes:
        return "No rating of your own yet."
    return "\n".join(
        f"{c.on:%Y-%m-%d} → {_rating(c.rating)}" + (f" — {c.note}" if c.note else "")
        for c in changes
    )


def _colour(rating: str | None) -> str:
    return "" if rating is None else _SEVERITY_COLOURS[RISK_RATINGS.index(rating)]


def risk_rows(risks: Sequence[Risk], matrix: RiskMatrix) -> list[tuple[Cell, ...]]:
    """One row per report risk: category, the report's rating, the user's, factors and note."""
    rows: list[tuple[Cell, ...]] = []
    for r in risks:
        mine = matrix.current(r.key)
        history = risk_history_text(matrix.changes(r.key))
        own = None if mine is None else mine.rating
        yours = "" if mine is None else _rating(own)
        note = "" if mine is None else f"\nYours since {mine.on:%Y-%m-%d}" + (
            f": {mine.note}" if mine.note else ""
        )
        rows.append((
            Cell(r.category, tooltip=r.section),
            Cell(r.rating, r.severity, r.section, colour=_SEVERITY_COLOURS[r.severity]),
            Cell(yours, -1 if own is None else RISK_RATINGS.index(own), history,
                 colour=_colour(own)),
            Cell(r.factors + note, tooltip=history),
        ))  # fmt: skip
    return rows


class RiskPanel(QWidget):
    """The matrix table and a form to rate the selected risk (one saved, undoable edit)."""

    def __init__(self, commit: Commit, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._commit, self._today = commit, today
        self._risks: tuple[Risk, ...] = ()
        self._matrix = RiskMatrix()
        self._key: str | None = None
        self.model = RowsModel(RISK_COLUMNS, parent=self)
        self.table = CopyableTable(self.model, self)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 112)  # the long category names wrap
        header.setSectionResizeMode(FACTORS, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.box = QGroupBox("Your rating", self)
        self.rating_combo = QComboBox(self.box)
        self.rating_combo.addItem(NO_RATING, None)
        for rating in RISK_RATINGS:
            self.rating_combo.addItem(rating, rating)
        self.note_edit = QLineEdit(self.box)
        self.note_edit.setPlaceholderText("why you rate it so")
        self.save_button = QPushButton("Save my rating", self.box)
        self.history_label = QLabel(self.box)
        self.history_label.setWordWrap(True)
        self.error = error_label(self.box)
        form = QFormLayout(self.box)
        row = QHBoxLayout()
        row.addWidget(self.rating_combo)
        row.addWidget(self.note_edit, 1)
        row.addWidget(self.save_button)
        form.addRow("Rating", row)
        form.addRow("History", self.history_label)
        form.addRow(self.error)
        self.box.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.box)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.save_button.clicked.connect(self.save)

    def set_state(self, risks: Sequence[Risk], matrix: RiskMatrix) -> None:
        self._risks, self._matrix = tuple(risks), matrix
        self.model.set_rows(risk_rows(self._risks, matrix))
        if self._key is not None:
            self.select(self._key)

    def select(self, key: str) -> None:
        """Select risk `key` in the table and show it in the form."""
        row = next((i for i, r in enumerate(self._risks) if r.key == key), None)
        if row is None:
            return
        index = self.model.index(row, 0)
        view_index = self.table.proxy.mapFromSource(index) if self.table.proxy else index
        self.table.setCurrentIndex(view_index)
        self._show(key)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        source = self.table.proxy.mapToSource(current) if self.table.proxy else current
        self._show(self._risks[source.row()].key)

    def _show(self, key: str) -> None:
        changed = key != self._key
        self._key = key
        risk = next(r for r in self._risks if r.key == key)
        self.box.setEnabled(True)
        title = f"Your rating — {risk.category} (report: {risk.rating})"
        self.box.setTitle(title.replace("&", "&&"))  # a lone & would underline the next letter
        self.history_label.setText(risk_history_text(self._matrix.changes(key)))
        if changed:  # a refresh of the same risk keeps what is typed
            mine = self._matrix.current(key)
            self.rating_combo.setCurrentIndex(
                0 if mine is None or mine.rating is None else 1 + RISK_RATINGS.index(mine.rating)
            )
            self.note_edit.setText("" if mine is None else mine.note)
            self.error.hide()

    def save(self) -> None:
        key = self._key
        if key is None:
            return
        rating, note = self.rating_combo.currentData(), self.note_edit.text().strip()
        mine = self._matrix.current(key)
        if mine is not None and (mine.rating, mine.note) == (rating, note):
            self._say("That is already your rating and note.")
            return
        if mine is None and rating is None and not note:
            self._say("Choose a rating or write a note first.")
            return
        category = next(r.category for r in self._risks if r.key == key)
        on = self._today()
        self._say(self._commit(
            lambda s: replace(s, risks=s.risks.set(key, rating, note, on)),
            f"Rate {category} risk {_rating(rating)}",
        ))  # fmt: skip

    def _say(self, reason: str | None) -> None:
        self.error.setText(reason or "")
        self.error.setVisible(reason is not None)
