"""Log a quarter: the quarter, a value per metric, currency, kind, source and the day it was logged.

Bad input is refused where it was typed (a red line under the field, the text kept); a good
form is one `session.propose`: one saved, undoable action.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model.desk.desk import Part
from kcdesk.model.desk.edits import SetPart
from kcdesk.model.desk.metrics import shown_log
from kcdesk.model.metric_log import CURRENCIES, METRIC_KINDS, MetricDef, MetricEntry, MetricLog
from kcdesk.model.metric_values import VALUE_HINT, parse_value
from kcdesk.model.quarters import QUARTER_HINT, parse_quarter
from kcdesk.model.values import PlanError
from kcdesk.ui import theme
from kcdesk.ui.refusals import error_label
from kcdesk.ui.session import Session

_BAD_FIELD = "border: 1px solid $error;"
UNIT_TEXT = {"pct": "%", "x": "x", "count": "count"}



def show_error(field: QWidget, label: QLabel, text: str) -> None:
    """Show `text` under `field` (or clear it with ""); the field's own text is never touched."""
    label.setText(text)
    label.setVisible(bool(text))
    theme.set_style(field, _BAD_FIELD if text else "")
    field.setToolTip(text or field.property("hint") or "")


def to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class LogQuarterForm(QWidget):
    """A quarter's values for every metric; empty fields are not logged."""

    def __init__(self, session: Session, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.today = session, today
        layout = QVBoxLayout(self)
        head = QFormLayout()
        self.quarter = QLineEdit(self)
        self.quarter.setPlaceholderText("2025Q4, Q4 2025, 4Q25 …")
        self.quarter.setProperty("hint", QUARTER_HINT)
        self.quarter.setToolTip(QUARTER_HINT)
        self.quarter_error = error_label(self)
        head.addRow("Quarter", self.quarter)
        head.addRow("", self.quarter_error)
        self.currency = QComboBox(self)
        self.currency.addItems([c.upper() for c in CURRENCIES])
        head.addRow("Currency (money in millions)", self.currency)
        self.kind = QComboBox(self)
        self.kind.addItems(list(METRIC_KINDS))
        head.addRow("Kind", self.kind)
        self.source = QLineEdit(self)
        self.source.setPlaceholderText("e.g. Q4 2025 earnings release")
        head.addRow("Source", self.source)
        self.logged_on = QDateEdit(to_qdate(today()), self)
        self.logged_on.setCalendarPopup(True)
        self.logged_on.setDisplayFormat("yyyy-MM-dd")
        head.addRow("Logged on", self.logged_on)
        layout.addLayout(head)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.values: dict[str, QLineEdit] = {}
        self.value_errors: dict[str, QLabel] = {}
        self.form_error = error_label(self)
        layout.addWidget(self.form_error)
        self.submit_button = QPushButton("Log quarter", self)
        self.submit_button.clicked.connect(self.submit)
        layout.addWidget(self.submit_button)
        layout.addStretch(1)
        self.quarter.returnPressed.connect(self.submit)

    def set_metrics(self, metrics: tuple[MetricDef, ...]) -> None:
        """A field per metric; fields already shown keep their typed text."""
        if tuple(self.values) == tuple(d.key for d in metrics):
            return
        for i, d in enumerate(metrics):
            if d.key in self.values:
                continue
            edit = QLineEdit(self)
            edit.setProperty("hint", VALUE_HINT)
            edit.setToolTip(VALUE_HINT)
            edit.returnPressed.connect(self.submit)
            unit = "M" if d.unit == "money" else UNIT_TEXT[d.unit]
            err = error_label(self)
            self.grid.addWidget(QLabel(d.label, self), 2 * i, 0)
            self.grid.addWidget(edit, 2 * i, 1)
            self.grid.addWidget(QLabel(unit, self), 2 * i, 2)
            self.grid.addWidget(err, 2 * i + 1, 1, 1, 2)
            self.values[d.key], self.value_errors[d.key] = edit, err

    def _entries(self, log: MetricLog) -> tuple[MetricEntry, ...] | None:
        """The form's rows, or None after showing each problem under its field."""
        ok = True
        try:
            quarter = parse_quarter(self.quarter.text())
            show_error(self.quarter, self.quarter_error, "")
        except PlanError as exc:
            show_error(self.quarter, self.quarter_error, exc.problem)
            quarter, ok = "", False
        currency = self.currency.currentText().lower()
        rows: list[MetricEntry] = []
        first_id = int(log.new_id()[1:])  # once: it scans the whole log
        for key, edit in self.values.items():
            err = self.value_errors[key]
            text = edit.text().strip()
            show_error(edit, err, "")
            if not text:
                continue
            try:
                low, high = parse_value(text)
                if quarter:
                    unit = log.metric(key).unit
                    rows.append(MetricEntry(
                        f"m{first_id + len(rows)}", quarter, key, low, high, unit,
                        currency if unit == "money" else None,  # type: ignore[arg-type]
                        self.kind.currentText(), self.source.text().strip(),  # type: ignore[arg-type]
                        to_date(self.logged_on.date())))  # fmt: skip
            except (ValueError, PlanError) as exc:
                problem = exc.problem if isinstance(exc, PlanError) else str(exc)
                show_error(edit, err, f"{problem}. {VALUE_HINT}")
                ok = False
        if ok and not rows:
            show_error(self.submit_button, self.form_error, "Type at least one value to log.")
            return None
        show_error(self.submit_button, self.form_error, "")
        return tuple(rows) if ok else None

    def submit(self) -> bool:
        """Log the form's quarter as one action; on success the values are cleared."""
        log = shown_log(self.session.desk, self.session.research)
        rows = self._entries(log)
        if rows is None:
            return False
        quarter = rows[0].quarter
        text = f"Log {quarter}: {len(rows)} value{'s' if len(rows) > 1 else ''}"
        if not self.session.propose([SetPart(Part.METRIC_LOG, log.add(*rows))], text):
            return False
        for edit in self.values.values():
            edit.clear()
        return True
