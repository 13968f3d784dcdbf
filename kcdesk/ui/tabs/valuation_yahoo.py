"""Fill from Yahoo Finance: fetch off the GUI thread, show the dated proposals, accept or decline.

Nothing is written until the user accepts (all, or the rows ticked); declining drops them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from kcdesk.model import fmt
from kcdesk.model.valuation.edits import InputValue, SetValuationInputs
from kcdesk.model.valuation.inputs import LABELS
from kcdesk.ui import theme
from kcdesk.ui.services import Services
from kcdesk.ui.session import Session
from kcdesk.ui.tabs.fitted import note

REFUSED = "error"  # theme role


class YahooFill(QWidget):
    """The "Fill from Yahoo Finance" button and, after a fetch, the proposals to accept."""

    def __init__(self, session: Session, services: Services, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self._session, self._services = session, services
        self.proposals: Any = None  # the last fetch's proposals, until accepted or declined
        self.button = QPushButton("Fill from Yahoo Finance", self)
        self.button.setToolTip("Propose ADRs outstanding and net debt from Yahoo Finance's "
                               "shares outstanding, total debt and total cash (you accept them)")
        self.status = note("", self)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Input", "Proposed", "From"])
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.accept_all = QPushButton("Accept all", self)
        self.accept_ticked = QPushButton("Accept ticked", self)
        self.decline = QPushButton("Decline", self)
        buttons = QHBoxLayout()
        for b in (self.accept_all, self.accept_ticked, self.decline):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.review = QWidget(self)
        inner = QVBoxLayout(self.review)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.table)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.button)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.review)
        self.review.hide()
        if services.fetch_valuation_facts is None:
            self.button.setEnabled(False)
            self.button.setToolTip("Fetching from Yahoo Finance is not available here")
        self.button.clicked.connect(self.fetch)
        self.accept_all.clicked.connect(lambda: self.accept(None))
        self.accept_ticked.clicked.connect(lambda: self.accept(self.ticked()))
        self.decline.clicked.connect(self.on_decline)

    def fetch(self) -> None:
        """Ask Yahoo on the runner; the answer comes back to `on_fetched` / `on_failed`."""
        fetch = self._services.fetch_valuation_facts
        if fetch is None:
            return
        s, today = self._session, self._services.today()
        inputs = s.standing.valuation.inputs if s.standing.valuation else None
        ticker = s.desk.ticker
        self.button.setEnabled(False)
        self._say(f"Asking Yahoo Finance for {ticker}'s shares, debt and cash…")
        self._services.runner.start(lambda _progress: fetch(ticker, inputs, today),
                                    self.on_fetched, self.on_failed)

    def on_fetched(self, proposals: Any) -> None:
        self.button.setEnabled(True)
        self.proposals = proposals
        self.model.removeRows(0, self.model.rowCount())
        for p in proposals.proposals:
            name = QStandardItem(LABELS.get(p.name, p.name))
            name.setCheckable(True)
            name.setCheckState(Qt.CheckState.Checked)
            name.setData(p.name, Qt.ItemDataRole.UserRole)
            name.setEditable(False)
            value = QStandardItem(fmt.number(p.value))
            value.setEditable(False)
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            how = QStandardItem(p.note)
            how.setToolTip(p.note)
            how.setEditable(False)
            self.model.appendRow([name, value, how])
        self.table.resizeColumnsToContents()
        when = f"{proposals.fetched_on:%Y-%m-%d}"
        notes = "".join(f" {n}." for n in proposals.notes)
        if proposals.proposals:
            self._say(f"Yahoo Finance, fetched {when}: accept what you want to use.{notes}")
        else:
            self._say(f"Yahoo Finance, fetched {when}, proposes nothing.{notes}", REFUSED)
        self.review.setVisible(bool(proposals.proposals))

    def on_failed(self, exc: Exception) -> None:
        self.button.setEnabled(True)
        plain = getattr(exc, "plain", "") or str(exc) or type(exc).__name__
        self._say(f"{plain} Nothing was changed; check the connection and the ticker, or type "
                  "the figures yourself.", REFUSED)

    def ticked(self) -> list[str]:
        return [str(self.model.item(r, 0).data(Qt.ItemDataRole.UserRole))
                for r in range(self.model.rowCount())
                if self.model.item(r, 0).checkState() == Qt.CheckState.Checked]

    def accept(self, names: list[str] | None) -> bool:
        """Write the proposals taken (all with None) as one undoable edit, marked as Yahoo's."""
        p = self.proposals
        if p is None:
            return False
        taken = [x for x in p.proposals if names is None or x.name in names]
        if not taken:
            self._say("Nothing ticked: nothing was changed.")
            return False
        values = tuple(InputValue(x.name, x.value, "yahoo", p.fetched_on) for x in taken)
        s = self._session
        what = ", ".join(LABELS.get(x.name, x.name) for x in taken)
        ok = s.propose([SetValuationInputs(s.research, values)],
                       f"Accept from Yahoo Finance ({p.fetched_on:%Y-%m-%d}): {what}")
        if ok:
            self._close_review(f"Accepted from Yahoo Finance: {what}.")
        return ok

    def on_decline(self) -> None:
        self._close_review("Declined: nothing was changed.")

    def _close_review(self, text: str) -> None:
        self.proposals = None
        self.model.removeRows(0, self.model.rowCount())
        self.review.hide()
        self._say(text)

    def _say(self, text: str, colour: str = "") -> None:
        self.status.setText(text)
        theme.set_style(self.status, f"color: ${colour};" if colour else "")
