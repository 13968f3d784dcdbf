"""The Journal tab's trade form: the typed fields, each with its own red line for what is wrong.

The form only holds text: the tab reads it through `read_trade` and shows the problems back
here, under the field each belongs to. A refused trade leaves every typed character in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model import fmt
from kcdesk.model.journal import Trade
from kcdesk.model.trade_input import TradeText
from kcdesk.ui import theme
from kcdesk.ui.refusals import error_label


class _Field(QWidget):
    """An input with the line under it that says why its text was refused."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error = error_label(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        layout.addWidget(self.error)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.editor.setToolTip(text)
        theme.set_style(self.editor, "border: 1px solid $error;" if text else "")


class TradeForm(QWidget):
    """Side, date, shares, price, fees, stop, tranche and note of one trade, as typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = QComboBox(self)
        self.side.addItem("Buy", "buy")
        self.side.addItem("Sell", "sell")
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.shares = QLineEdit(self)
        self.shares.setPlaceholderText("whole shares, e.g. 100")
        self.price = QLineEdit(self)
        self.price.setPlaceholderText("per share, e.g. 10.50")
        self.fees = QLineEdit(self)
        self.fees.setPlaceholderText("0.00")
        self.stop = QLineEdit(self)
        self.tranche = QComboBox(self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("why, in one line")
        self.fields: dict[str, _Field] = {}
        self._stop_pct: Decimal | None = None
        # two fields a row, so the trades keep most of a narrow tab
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setColumnStretch(1, 1)
        layout.setColumnStretch(3, 1)
        for i, (name, label, editor) in enumerate((
            ("side", "Side", self.side), ("date", "Date", self.date),
            ("shares", "Shares", self.shares), ("price", "Price", self.price),
            ("fees", "Fees", self.fees), ("stop", "Initial stop", self.stop),
            ("tranche", "Tranche", self.tranche), ("note", "Note", self.note),
        )):
            self.fields[name] = _Field(editor, self)
            row, col = divmod(i, 2)
            layout.addWidget(QLabel(label, self), row, 2 * col, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(self.fields[name], row, 2 * col + 1)
        self.side.currentIndexChanged.connect(self._side_changed)
        self.set_stop_rule(None)

    def set_tranches(self, labels: Mapping[str, str]) -> None:
        """The plan's entries to choose from (keeps the choice if it is still there)."""
        current = self.tranche.currentData()
        self.tranche.clear()
        self.tranche.addItem("— none —", "")
        for key, label in labels.items():
            self.tranche.addItem(label, key)
        index = self.tranche.findData(current)
        self.tranche.setCurrentIndex(max(index, 0))

    def set_stop_rule(self, pct: Decimal | None) -> None:
        """What a blank stop means: the plan rule's % below the price."""
        self._stop_pct = pct
        self._side_changed()

    def _side_changed(self) -> None:
        buy = self.side.currentData() == "buy"
        self.stop.setEnabled(buy)
        pct = self._stop_pct
        rule = "" if pct is None else f"blank: the plan rule, {fmt.pct(float(pct), 0)} below"
        self.stop.setPlaceholderText(rule if buy else "a sell has no stop")

    def text(self) -> TradeText:
        """What is typed now."""
        return TradeText(
            side=str(self.side.currentData()),
            date=self.date.text(),
            shares=self.shares.text(),
            price=self.price.text(),
            fees=self.fees.text(),
            stop=self.stop.text() if self.stop.isEnabled() else "",
            tranche=str(self.tranche.currentData() or ""),
            note=self.note.text(),
        )

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Each problem under its field; fields with none are cleared."""
        for name, f in self.fields.items():
            f.show_error(problems.get(name, ""))

    def problem(self, name: str) -> str:
        return self.fields[name].error.text()

    def load(self, t: Trade) -> None:
        """Fill the form with a trade to edit it."""
        self.side.setCurrentIndex(self.side.findData(t.side))
        self.date.setText(t.date.isoformat())
        self.shares.setText(str(t.shares))
        self.price.setText(fmt.money_exact(t.price))
        self.fees.setText(fmt.money_exact(t.fees))
        self.stop.setText("" if t.initial_stop is None else fmt.money_exact(t.initial_stop))
        self.tranche.setCurrentIndex(max(self.tranche.findData(t.tranche or ""), 0))
        self.note.setText(t.note)
        self.show_problems({})

    def clear(self, today: dt.date) -> None:
        """Ready for the next trade: today's date, the side and tranche kept, the rest empty."""
        self.date.setText(today.isoformat())
        for editor in (self.shares, self.price, self.fees, self.stop, self.note):
            editor.clear()
        self.show_problems({})
