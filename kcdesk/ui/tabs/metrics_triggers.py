"""The triggers panel: each rule's state, streak and reason; its words beside editable parameters.

The results are read off the session's standing (never recomputed here). Editing a rule's
parameters ("several" = 3 quarters, 5–7 %) is one `session.propose` of the TRIGGERS part.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model.desk.desk import Part
from kcdesk.model.desk.edits import SetPart
from kcdesk.model.desk.metrics import rules_of
from kcdesk.model.triggers import MAX_QUARTERS, Clause, TriggerResult, TriggerRule, report_rules
from kcdesk.model.values import PlanError
from kcdesk.ui import theme
from kcdesk.ui.refusals import error_label
from kcdesk.ui.session import Session
from kcdesk.ui.tables import CopyableTable
from kcdesk.ui.tabs.metrics_form import show_error
from kcdesk.ui.tabs.metrics_models import STATE_COLOURS, trigger_rows, triggers_model


def _spin(parent: QWidget, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(-1e9, 1e9)
    box.setDecimals(2)
    box.setValue(value)
    return box


def _plain(text: str, parent: QWidget) -> QLabel:
    """A label shown as written (the report's words may hold "<" or "&")."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def result_html(result: TriggerResult) -> str:
    """The numbers a rule used and the quarters in which its state changed."""
    colour = theme.colour(STATE_COLOURS[result.state] or "text")
    parts = [f"<b style='color:{colour}'>{html.escape(result.state)}</b> — streak "
             f"{result.streak} quarter{'s' if result.streak != 1 else ''}<br>"
             f"{html.escape(result.reason)}", "<h4>Numbers used</h4><ul>"]
    parts += [f"<li>{html.escape(e.quarter)}: {html.escape(e.text)} "
              f"<span style='color:{theme.colour(STATE_COLOURS[e.state] or 'text')}'>"
              f"({e.state})</span></li>"
              for e in result.evidence]  # fmt: skip
    parts.append("</ul><h4>State changes</h4><ul>")
    parts += [f"<li>{html.escape(q)}: {html.escape(s)}</li>" for q, s in result.timeline]
    parts.append("</ul>")
    return "".join(parts)


class RuleEditor(QWidget):
    """One rule's clauses: its words beside the quarters and thresholds that stand for them."""

    def __init__(self, rule: TriggerRule, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule = rule
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.quarters: list[QSpinBox] = []
        self.bounds: list[list[tuple[QDoubleSpinBox, QDoubleSpinBox] | None]] = []
        row = 0
        for i, clause in enumerate(rule.clauses):
            words = f' ("{clause.quarters_words}")' if clause.quarters_words else ""
            spin = QSpinBox(self)
            spin.setRange(1, MAX_QUARTERS)
            spin.setValue(clause.quarters)
            grid.addWidget(QLabel(f"<b>{'Or' if i else 'When'}</b>, in each of the last", self),
                           row, 0)  # fmt: skip
            grid.addWidget(spin, row, 1)
            grid.addWidget(_plain(f"quarters{words}:", self), row, 2, 1, 2)
            self.quarters.append(spin)
            row += 1
            ends: list[tuple[QDoubleSpinBox, QDoubleSpinBox] | None] = []
            for c in clause.conditions:
                grid.addWidget(_plain(f"  “{c.words}”" if c.words else "", self), row, 0)
                if c.source == "checklist":
                    grid.addWidget(_plain(f"{c.subject} {c.test}", self), row, 1, 1, 3)
                    ends.append(None)
                else:
                    low, high = _spin(self, c.low), _spin(self, c.high)
                    grid.addWidget(_plain(f"{c.subject} {c.direction}", self), row, 1)
                    grid.addWidget(low, row, 2)
                    grid.addWidget(high, row, 3)
                    ends.append((low, high))
                row += 1
            self.bounds.append(ends)

    def edited(self) -> TriggerRule:
        """The rule with the typed parameters; PlanError if one is refused (low above high)."""
        clauses = []
        for clause, spin, ends in zip(self.rule.clauses, self.quarters, self.bounds, strict=True):
            conditions = tuple(
                c if e is None else dataclasses.replace(c, low=e[0].value(), high=e[1].value())
                for c, e in zip(clause.conditions, ends, strict=True)
            )
            clauses.append(Clause(conditions, spin.value(), clause.quarters_words))
        return dataclasses.replace(self.rule, clauses=tuple(clauses))


class TriggersPanel(QWidget):
    """The rules' table; the selected rule's parameters, numbers used and state changes."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        self.model = triggers_model(self)
        self.table = CopyableTable(self.model, self, sortable=False)
        self.table.setMaximumHeight(150)
        layout.addWidget(self.table)
        self.editor_box = QVBoxLayout()
        layout.addLayout(self.editor_box)
        self.editor: RuleEditor | None = None
        self.error = error_label(self)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton("Apply parameters", self)
        self.reset_button = QPushButton("The report's parameters", self)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.details = QTextBrowser(self)
        layout.addWidget(self.details, 1)
        self._results: tuple[TriggerResult, ...] = ()
        self._key = ""
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _: self.select(current.row()))
        self.apply_button.clicked.connect(self.apply)
        self.reset_button.clicked.connect(self.reset)
        theme.notifier().changed.connect(self._on_theme_changed)

    def _on_theme_changed(self) -> None:
        keys = [r.key for r in self._results]
        if self._key in keys:
            self.select(keys.index(self._key))  # its numbers again, in the theme's colours

    def show_results(self, results: Sequence[TriggerResult]) -> None:
        """The standing's results; the selected rule stays selected."""
        self._results = tuple(results)
        self.model.set_rows(trigger_rows(results, rules_of(self.session.desk)))
        keys = [r.key for r in results]
        self.select(keys.index(self._key) if self._key in keys else 0)

    def select(self, row: int) -> None:
        """Show rule `row`: its parameters (rebuilt only when the rule changed), its numbers."""
        if not 0 <= row < len(self._results):
            return
        result = self._results[row]
        rule = next(r for r in rules_of(self.session.desk) if r.key == result.key)
        if self.editor is None or self.editor.rule != rule:
            self._key = result.key
            if self.editor is not None:
                self.editor.deleteLater()
            self.editor = RuleEditor(rule, self)
            self.editor_box.addWidget(self.editor)
            show_error(self.apply_button, self.error, "")
        self.details.setHtml(result_html(result))

    def _propose(self, rules: tuple[TriggerRule, ...] | None, text: str) -> bool:
        if rules == report_rules():
            rules = None  # the shipped parameters: stored as "the report's"
        return self.session.propose([SetPart(Part.TRIGGERS, rules)], text)

    def apply(self) -> bool:
        """Store the selected rule's typed parameters (refused in place if one is bad)."""
        if self.editor is None:
            return False
        try:
            edited = self.editor.edited()
        except PlanError as exc:
            show_error(self.apply_button, self.error, f"{exc.field}: {exc.problem}")
            return False
        rules = tuple(edited if r.key == edited.key else r for r in rules_of(self.session.desk))
        return self._propose(rules, f"Edit the {edited.key} rule's parameters")

    def reset(self) -> bool:
        """Put the selected rule back to the report's parameters."""
        shipped = {r.key: r for r in report_rules()}
        rules = tuple(shipped.get(r.key, r) if r.key == self._key else r
                      for r in rules_of(self.session.desk))  # fmt: skip
        return self._propose(rules, f"Reset the {self._key} rule to the report's parameters")
