"""The small dialogs of plans for any ticker: File ▸ New plan… and the Ctrl+K quick open."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.ui.refusals import error_label

# create(ticker, name, from_kc) -> the problem to show under the fields, or "" when created
Create = Callable[[str, str, bool], str]


class NewPlanDialog(QDialog):
    """A ticker and a name, then a blank plan or KC's structure with its levels cleared.

    OK asks `create`; a refusal (a bad ticker, one that has a plan) is shown under the fields
    and the dialog stays open with the typed text.
    """

    def __init__(self, create: Create, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New plan")
        self._create = create
        self.ticker = QLineEdit(self)
        self.ticker.setPlaceholderText("e.g. MSFT")
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("default: the ticker")
        self.blank = QRadioButton("Blank plan (no levels; starting rules)", self)
        self.from_kc = QRadioButton("KC's plan structure, its levels cleared (KC's rules)", self)
        self.blank.setChecked(True)
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow("&Ticker", self.ticker)
        form.addRow("&Name", self.name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.blank)
        layout.addWidget(self.from_kc)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:  # Qt override: OK creates, or shows why not
        problem = self._create(self.ticker.text(), self.name.text(), self.from_kc.isChecked())
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()


class QuickOpenDialog(QDialog):
    """A filterable list of tickers (Ctrl+K): type to narrow it, Enter opens the one selected."""

    def __init__(self, tickers: Sequence[str], current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open a plan")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Type a ticker…")
        self.list = QListWidget(self)
        self.list.addItems(list(tickers))
        matches = self.list.findItems(current, Qt.MatchFlag.MatchExactly)
        self.list.setCurrentRow(self.list.row(matches[0]) if matches else 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._narrow)
        self.filter.returnPressed.connect(self.accept)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.resize(260, 320)

    def _narrow(self, text: str) -> None:
        wanted = text.strip().upper()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = wanted not in item.text()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is None:
            self.list.setCurrentRow(-1)
        else:
            self.list.setCurrentItem(first)

    def chosen(self) -> str | None:
        """The ticker selected (None when the filter matches nothing)."""
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else item.text()
