"""Fill from Yahoo Finance: proposed rows beside what is logged, accepted one row at a time.

The fetch is `services.fetch_statements` on `services.runner` (off the GUI thread, cancellable).
Nothing is written until the user accepts a row; each accepted row is one undoable action.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kcdesk.model.desk.desk import Part
from kcdesk.model.desk.edits import SetPart
from kcdesk.model.desk.metrics import accept_row, shown_log
from kcdesk.ui.services import Services
from kcdesk.ui.session import Session
from kcdesk.ui.tables import CopyableTable, RowsModel
from kcdesk.ui.tabs.metrics_models import PROPOSAL_HEADERS, proposal_rows
from kcdesk.ui.tasks import CancelledError, Progress


class YahooPanel(QWidget):
    """The Fill button, Cancel, and the proposals table with Accept row / Decline row."""

    def __init__(self, session: Session, services: Services, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.session, self.services = session, services
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.fill_button = QPushButton("Fill from Yahoo Finance", self)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setEnabled(False)
        buttons.addWidget(self.fill_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.model = RowsModel(PROPOSAL_HEADERS, (), self)
        self.table = CopyableTable(self.model, self, sortable=False)
        layout.addWidget(self.table, 1)
        row_buttons = QHBoxLayout()
        self.accept_button = QPushButton("Accept row", self)
        self.decline_button = QPushButton("Decline row", self)
        row_buttons.addWidget(self.accept_button)
        row_buttons.addWidget(self.decline_button)
        row_buttons.addStretch(1)
        layout.addLayout(row_buttons)
        self.proposal: Any = None
        self.rows: list[Any] = []
        self._progress: Progress | None = None
        if services.fetch_statements is None:
            self.fill_button.setEnabled(False)
            self.status.setText("Fill from Yahoo Finance is not available here.")
        self.fill_button.clicked.connect(self.fill)
        self.cancel_button.clicked.connect(self.cancel)
        self.accept_button.clicked.connect(lambda: self.accept(self.table.currentIndex().row()))
        self.decline_button.clicked.connect(lambda: self.decline(self.table.currentIndex().row()))
        self._show_rows()

    def fill(self) -> None:
        """Fetch the latest quarters' statements off the GUI thread."""
        fetch = self.services.fetch_statements
        if fetch is None or self._progress is not None:
            return
        ticker = self.session.desk.ticker
        log = shown_log(self.session.desk, self.session.research)
        today = self.services.today()
        self.status.setText(f"Fetching {ticker}'s quarterly statements from Yahoo Finance…")
        self.fill_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._progress = self.services.runner.start(
            lambda progress: fetch(ticker, log, today, progress), self._fetched, self._failed)

    def cancel(self) -> None:
        if self._progress is not None:
            self._progress.cancel()

    def _done(self) -> None:
        self._progress = None
        self.fill_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _fetched(self, proposal: Any) -> None:
        self._done()
        self.proposal, self.rows = proposal, list(proposal.rows)
        self.status.setText(f"{len(self.rows)} rows proposed: accept those you want, one by one. "
                            "Nothing is logged until you do.")
        self._show_rows()

    def _failed(self, exc: Exception) -> None:
        self._done()
        text = "Cancelled: nothing was fetched." if isinstance(exc, CancelledError) else str(exc)
        self.status.setText(text)
        if not isinstance(exc, CancelledError):
            self.session.messages.warning(text)

    def _show_rows(self) -> None:
        if self.rows or self.model.rowCount():
            log = shown_log(self.session.desk, self.session.research)
            self.model.set_rows(proposal_rows(self.rows, log))
        has = bool(self.rows)
        self.accept_button.setEnabled(has)
        self.decline_button.setEnabled(has)

    def accept(self, row: int) -> bool:
        """Log proposed row `row` (one undoable action) and take it off the list."""
        if not 0 <= row < len(self.rows):
            return False
        entry = self.rows[row].entry
        log = shown_log(self.session.desk, self.session.research)
        new = accept_row(log, entry, getattr(self.proposal, "new_metrics", ()))
        text = f"Accept Yahoo's {entry.quarter} {entry.metric}"
        if not self.session.propose([SetPart(Part.METRIC_LOG, new)], text):
            return False
        del self.rows[row]
        self._show_rows()
        return True

    def decline(self, row: int) -> None:
        """Take proposed row `row` off the list without logging it."""
        if 0 <= row < len(self.rows):
            del self.rows[row]
            self._show_rows()

    def refresh(self) -> None:
        """The log changed: the "Logged now" column follows."""
        self._show_rows()
