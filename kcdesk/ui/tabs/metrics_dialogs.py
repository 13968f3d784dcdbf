"""Small dialogs of the Metrics tab: edit one logged row, add a metric of the user's own.

Each checks what was typed and refuses it in place (the text kept); the tab proposes the result.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from kcdesk.model.metric_log import CURRENCIES, METRIC_KINDS, METRIC_UNITS, MetricDef, MetricEntry
from kcdesk.model.metric_values import VALUE_HINT, format_value, parse_value
from kcdesk.model.values import PlanError
from kcdesk.ui.refusals import error_label
from kcdesk.ui.tabs.metrics_form import show_error, to_date, to_qdate


class _Checked(QDialog):
    """A form dialog whose OK keeps it open while what was typed is refused."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.form.addRow("", self.error)
        self.form.addRow(self.buttons)

    def accept(self) -> None:  # Qt override: only a good form closes
        if self.check():
            super().accept()

    def check(self) -> bool:
        raise NotImplementedError


class EntryDialog(_Checked):
    """Edit one logged row (a typo): value, currency, kind, source, logged on."""

    def __init__(self, entry: MetricEntry, label: str, parent: QWidget | None = None) -> None:
        super().__init__(f"Edit {entry.quarter} · {label}", parent)
        self.entry = entry
        self.result_entry: MetricEntry | None = None
        self.value = QLineEdit(format_value(entry.low, entry.high), self)
        self.value.setProperty("hint", VALUE_HINT)
        self.value.setToolTip(VALUE_HINT)
        self.form.addRow(f"Value ({entry.unit})", self.value)
        self.currency = QComboBox(self)
        self.currency.addItems([c.upper() for c in CURRENCIES])
        if entry.currency:
            self.currency.setCurrentText(entry.currency.upper())
        self.currency.setEnabled(entry.unit == "money")
        self.form.addRow("Currency", self.currency)
        self.kind = QComboBox(self)
        self.kind.addItems(list(METRIC_KINDS))
        self.kind.setCurrentText(entry.kind)
        self.form.addRow("Kind", self.kind)
        self.source = QLineEdit(entry.source, self)
        self.form.addRow("Source", self.source)
        self.logged_on = QDateEdit(to_qdate(entry.logged_on), self)
        self.logged_on.setDisplayFormat("yyyy-MM-dd")
        self.form.addRow("Logged on", self.logged_on)
        self.form.addRow(QLabel("A restated value is better logged as a new row "
                                "(the form), so the old one is kept.", self))
        self.finish_layout()

    def check(self) -> bool:
        try:
            low, high = parse_value(self.value.text())
            self.result_entry = dataclasses.replace(
                self.entry, low=low, high=high,
                currency=self.currency.currentText().lower()  # type: ignore[arg-type]
                if self.entry.unit == "money" else None,  # MetricEntry checks both
                kind=self.kind.currentText(),  # type: ignore[arg-type]
                source=self.source.text().strip(),
                logged_on=to_date(self.logged_on.date()))  # fmt: skip
        except (ValueError, PlanError) as exc:
            problem = exc.problem if isinstance(exc, PlanError) else str(exc)
            show_error(self.value, self.error, f"{problem}. {VALUE_HINT}")
            return False
        show_error(self.value, self.error, "")
        return True


class MetricDialog(_Checked):
    """A metric of the user's own: key (lowercase_with_underscores), label, unit."""

    def __init__(self, known: set[str], parent: QWidget | None = None) -> None:
        super().__init__("Add a metric", parent)
        self.known = known
        self.result_metric: MetricDef | None = None
        self.key = QLineEdit(self)
        self.key.setPlaceholderText("e.g. ai_revenue_share_pct")
        self.form.addRow("Key (used in CSV files)", self.key)
        self.label = QLineEdit(self)
        self.form.addRow("Label", self.label)
        self.unit = QComboBox(self)
        self.unit.addItems(list(METRIC_UNITS))
        self.form.addRow("Unit", self.unit)
        self.finish_layout()

    def check(self) -> bool:
        key = self.key.text().strip()
        try:
            if key in self.known:
                raise PlanError("metric.key", key, "that metric key exists")
            self.result_metric = MetricDef(key, self.label.text().strip(),
                                           self.unit.currentText())  # type: ignore[arg-type]
        except PlanError as exc:
            field = self.label if exc.field.endswith("label") else self.key
            show_error(field, self.error, exc.problem)
            return False
        show_error(self.key, self.error, "")
        return True
