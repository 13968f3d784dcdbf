"""The Journal tab: record, edit and delete trades; the position, P&L, R and stats they make.

Everything shown is read off the standing's JournalView (recomputed when the journal, the plan
or the prices change); every change is one `session.propose`, so it is saved and undoable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model import fmt
from kcdesk.model.desk.desk import PRICES, Part
from kcdesk.model.desk.edits import Edit
from kcdesk.model.desk.journal_edits import DeleteTrade, EditTrade, RecordTrade
from kcdesk.model.journal import Trade
from kcdesk.model.journal_view import JournalView
from kcdesk.model.trade_input import TradeInputError, read_trade
from kcdesk.ui import theme
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tables import CopyableTable, RowsModel
from kcdesk.ui.tabs.journal_form import TradeForm
from kcdesk.ui.tabs.journal_rows import (
    STATS_HEADERS,
    TRADE_HEADERS,
    position_html,
    sample_note,
    stats_rows,
    trade_rows,
)

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _label(parent: QWidget, *, red: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    if red:
        theme.set_style(label, "color: $error;")
    return label


class JournalTab(QWidget):
    """Your actual trades against the plan; follows the session (subscribes itself)."""

    def __init__(self, session: Session, parent: QWidget | None = None, *,
                 clock: Clock = _utc_now) -> None:
        super().__init__(parent)
        self._session, self._clock = session, clock
        self._editing: Trade | None = None

        self.form = TradeForm(self)
        self.record_button = QPushButton("Record trade", self)
        self.cancel_button = QPushButton("Cancel edit", self)
        self.cancel_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        self.form_box = QGroupBox("Record a trade", self)
        box = QVBoxLayout(self.form_box)
        box.addWidget(self.form)
        box.addLayout(buttons)

        self.position_label = _label(self)
        self.position_label.setTextFormat(Qt.TextFormat.RichText)
        self.trades_model = RowsModel(TRADE_HEADERS, parent=self)
        self.trades = CopyableTable(self.trades_model, self)
        self.trades.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.trades.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.edit_button = QPushButton("Edit selected", self)
        self.delete_button = QPushButton("Delete selected", self)
        self.table_error = _label(self, red=True)
        self.stats_model = RowsModel(STATS_HEADERS, parent=self)
        self.stats = CopyableTable(self.stats_model, self)
        self.stats.setMinimumHeight(140)  # overall and a few tranches without scrolling
        self.sample_label = _label(self, red=True)

        lower = QWidget(self)
        low = QVBoxLayout(lower)
        low.setContentsMargins(0, 0, 0, 0)
        low.addWidget(self.position_label)
        low.addWidget(self.trades, 3)
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        row.addWidget(self.table_error, 1)
        low.addLayout(row)
        low.addWidget(QLabel("<b>Outcomes of the closed trades (sells)</b>", self))
        low.addWidget(self.stats, 1)
        low.addWidget(self.sample_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.form_box)  # its natural height: it grows to show a refusal
        layout.addWidget(lower, 1)

        self.record_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        session.changed.connect(self.on_changed)
        theme.notifier().changed.connect(self._on_theme_changed)
        self.form.clear(self._today())
        self._render(plan_changed=True)

    # --- reading the session ---------------------------------------------------------------
    def _today(self) -> dt.date:
        return self._clock().astimezone().date()

    @property
    def view(self) -> JournalView:
        view = self._session.standing.journal
        assert view is not None  # the session computes the whole standing when it starts
        return view

    def on_changed(self, change: DeskChange) -> None:
        if change.touches(Part.JOURNAL, Part.PLAN, PRICES):
            self._render(plan_changed=change.touches(Part.PLAN))

    def _on_theme_changed(self) -> None:
        self._render(plan_changed=False)

    def _render(self, *, plan_changed: bool) -> None:
        view = self.view
        if plan_changed:
            self.form.set_tranches(view.labels)
            self.form.set_stop_rule(view.stop_pct)
        prices = self._session.prices
        self.position_label.setText(position_html(view, prices is not None and prices.is_sample))
        self.trades_model.set_rows(trade_rows(view))
        self.stats_model.set_rows(stats_rows(view))
        self.sample_label.setText(sample_note(view.stats))
        self.sample_label.setVisible(bool(self.sample_label.text()))
        if self._editing is not None and self._editing not in self._session.desk.journal.trades:
            self.cancel_edit()  # undone or deleted under the form

    # --- actions ---------------------------------------------------------------------------
    def submit(self) -> bool:
        """Record (or save the edit of) the typed trade; refused in place, nothing changes."""
        view, editing = self.view, self._editing
        try:
            trade = read_trade(self.form.text(), today=self._today(),
                               journal=self._session.desk.journal, tranches=view.labels,
                               stop_pct=view.stop_pct, editing=editing)
        except TradeInputError as exc:
            self.form.show_problems(exc.problems)
            self._session.messages.error(f"Trade not recorded — {exc}")
            return False
        self.form.show_problems({})
        what = f"{trade.side} of {trade.shares:,} at {fmt.money(trade.price)} on {trade.date}"
        edit: Edit = EditTrade(trade) if editing else RecordTrade(trade, self._clock())
        if not self._session.propose([edit], f"{'Edit' if editing else 'Record'} {what}"):
            return False
        self._editing = None
        self._show_mode()
        self.form.clear(self._today())
        return True

    def selected_trade(self) -> Trade | None:
        rows = self.trades.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0] if self.trades.proxy is None else self.trades.proxy.mapToSource(rows[0])
        return self.view.rows[index.row()].trade

    def edit_selected(self) -> None:
        trade = self.selected_trade()
        self.table_error.setText("" if trade else "Select a trade to edit.")
        if trade is not None:
            self._editing = trade
            self.form.load(trade)
            self._show_mode()

    def cancel_edit(self) -> None:
        self._editing = None
        self._show_mode()
        self.form.clear(self._today())

    def delete_selected(self) -> bool:
        trade = self.selected_trade()
        if trade is None:
            self.table_error.setText("Select a trade to delete.")
            return False
        try:
            self._session.desk.journal.delete(trade.id)
        except ValueError as exc:  # a later sell would exceed what is left
            self.table_error.setText(f"Not deleted: {exc}")
            self._session.messages.error(f"Trade not deleted — {exc}")
            return False
        self.table_error.setText("")
        what = f"{trade.side} of {trade.shares:,} on {trade.date}"
        return self._session.propose([DeleteTrade(trade.id)], f"Delete {what}")

    def _show_mode(self) -> None:
        editing = self._editing
        self.form_box.setTitle("Record a trade" if editing is None else f"Edit trade {editing.id}")
        self.record_button.setText("Record trade" if editing is None else "Save changes")
        self.cancel_button.setVisible(editing is not None)
