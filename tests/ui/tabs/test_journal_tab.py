"""The Journal tab: a recorded trade updates the journal and P&L and survives a restart; bad
input (a sell beyond the position, a future date, negative fees) refused in place, text kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcdesk.data.documents import load_desk, load_shipped_document
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.model.desk.desk import Desk
from kcdesk.model.prices import PriceSeries
from kcdesk.ui.messages import Messages
from kcdesk.ui.session import Session
from kcdesk.ui.tabs.journal_tab import JournalTab
from tests.ui.desk_fakes import FakeStore

NOW = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.UTC)


def prices(last_close: float = 12.0) -> PriceSeries:
    idx = pd.bdate_range("2025-01-01", periods=100, name="date")
    c = np.full(100, last_close)
    frame = pd.DataFrame({"open": c, "high": c, "low": c, "close": c, "volume": 1e6}, index=idx)
    return PriceSeries("KC", frame, "test feed", dt.datetime(2025, 6, 1))


def make_tab(qtbot: QtBot, session: Session) -> JournalTab:
    tab = JournalTab(session, clock=lambda: NOW)
    qtbot.addWidget(tab)
    return tab


def type_trade(tab: JournalTab, side: str, day: str, shares: str, price: str, fees: str = "",
               stop: str = "", tranche: str = "") -> None:
    f = tab.form
    f.side.setCurrentIndex(f.side.findData(side))
    f.date.setText(day)
    f.shares.setText(shares)
    f.price.setText(price)
    f.fees.setText(fees)
    f.stop.setText(stop)
    f.tranche.setCurrentIndex(max(f.tranche.findData(tranche), 0))


def column(tab: JournalTab, header: str) -> list[str]:
    m = tab.trades_model
    c = m.headers.index(header)
    return [m.cell_at(r, c).text for r in range(m.rowCount())]


@pytest.fixture
def session() -> Session:
    return Session(Desk(load_shipped_document("KC").plan), None, FakeStore(), Messages(), prices())


def open_session(data_dir: Path) -> tuple[Session, Store]:
    store = Store.open(app_paths(data_dir))
    desk, research = load_desk(store, "KC")
    return Session(desk, research, store, Messages(), prices()), store


def test_a_recorded_trade_updates_the_journal_and_pnl_and_survives_a_restart(
    qtbot: QtBot, data_dir: Path
) -> None:
    session, store = open_session(data_dir)
    try:
        tab = make_tab(qtbot, session)
        type_trade(tab, "buy", "2025-03-03", "100", "10.50", "1.00", tranche="accumulate")
        qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
        type_trade(tab, "sell", "2025-04-01", "40", "12.25", "1.00")
        qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
        # basis 100 × 10.50 + 1 = 1051 (10.51 a share); the sell: 490 − 1 − 420.40 = 68.60;
        # unrealised at $12.00: 60 × 12 − 630.60 = 89.40; the buy's stop 20 % below: $8.40
        assert column(tab, "Realised P&L") == ["", "$68.60"]
        assert column(tab, "Stop") == ["$8.40", ""]
        assert column(tab, "Planned R") == ["1.67R", ""]  # (14 − 10.50) / (10.50 − 8.40)
        assert column(tab, "Plan v.") == ["v1", "v1"]
        text = tab.position_label.text()
        assert "<b>60</b> shares" in text and "$10.51" in text
        assert "$68.60" in text and "$89.40" in text
        assert tab.form.shares.text() == "" and tab.form.date.text() == "2025-06-02"
        assert "Small sample: 1 closed trade (under 20)" in tab.sample_label.text()
        assert session.undo() and column(tab, "Side") == ["buy"]  # undone, and saved so
        assert session.redo() and column(tab, "Side") == ["buy", "sell"]
    finally:
        store.close()

    session, store = open_session(data_dir)  # a restart: a new process would read this
    try:
        tab = make_tab(qtbot, session)
        assert column(tab, "Realised P&L") == ["", "$68.60"]
        assert "<b>60</b> shares" in tab.position_label.text()
        assert [v.id for v in session.desk.versions] == [1]  # saved with the first trade
    finally:
        store.close()


def test_a_sell_beyond_the_position_is_refused_in_place(qtbot: QtBot, session: Session) -> None:
    tab = make_tab(qtbot, session)
    type_trade(tab, "buy", "2025-03-03", "30", "10")
    assert tab.submit()
    commits = len(session._store.commits)  # type: ignore[attr-defined]
    type_trade(tab, "sell", "2025-04-01", "31", "12.5", "0.5")
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    assert "sells 31 shares but only 30 are held" in tab.form.problem("shares")
    assert tab.form.fields["shares"].error.isVisibleTo(tab)
    assert tab.form.problem("price") == ""
    # the typed text is kept, nothing else changed
    assert (tab.form.shares.text(), tab.form.price.text(), tab.form.fees.text()) == (
        "31", "12.5", "0.5")
    assert len(session._store.commits) == commits  # type: ignore[attr-defined]
    assert len(session.desk.journal.trades) == 1
    assert session.messages.last is not None and session.messages.last.level == "error"


def test_bad_fields_are_each_refused_under_their_field(qtbot: QtBot, session: Session) -> None:
    tab = make_tab(qtbot, session)
    type_trade(tab, "buy", "2025-06-03", "0", "-1", "-0.01")
    assert not tab.submit()
    assert "in the future (today is 2025-06-02)" in tab.form.problem("date")
    assert "above zero" in tab.form.problem("shares")
    assert "above zero" in tab.form.problem("price")
    assert "cannot be negative" in tab.form.problem("fees")
    assert session.desk.journal.trades == ()
    type_trade(tab, "buy", "3 March", "10", "10")
    assert not tab.submit()
    assert "not a date" in tab.form.problem("date") and tab.form.problem("shares") == ""
    assert tab.form.date.text() == "3 March"


def test_edit_and_delete_a_trade_each_one_undoable_step(qtbot: QtBot, session: Session) -> None:
    tab = make_tab(qtbot, session)
    type_trade(tab, "buy", "2025-03-03", "30", "10")
    assert tab.submit()
    type_trade(tab, "sell", "2025-04-01", "30", "12")
    assert tab.submit()
    tab.trades.selectRow(0)
    tab.edit_selected()
    assert tab.form.shares.text() == "30" and tab.record_button.text() == "Save changes"
    tab.form.shares.setText("20")  # the later sell of 30 would not fit
    assert not tab.submit()
    assert "only 20 are held" in tab.form.problem("shares")
    tab.form.shares.setText("50")
    tab.form.price.setText("11")
    assert tab.submit()
    assert column(tab, "Shares") == ["50", "30"] and column(tab, "Held after") == ["50", "20"]
    tab.trades.selectRow(0)
    assert not tab.delete_selected()  # the sell would then exceed the holding
    assert "Not deleted" in tab.table_error.text()
    tab.trades.selectRow(1)
    assert tab.delete_selected()
    assert column(tab, "Side") == ["buy"]
    assert session.undo() and column(tab, "Side") == ["buy", "sell"]
    assert session.undo() and column(tab, "Shares") == ["30", "30"]  # the edit, undone


def test_an_off_plan_buy_is_flagged(qtbot: QtBot, session: Session) -> None:
    tab = make_tab(qtbot, session)
    type_trade(tab, "buy", "2025-03-03", "10", "13")
    assert tab.submit()
    type_trade(tab, "buy", "2025-03-04", "10", "11.5", tranche="add_on_dip")
    assert tab.submit()
    assert column(tab, "Plan check") == ["⚑ outside every zone", "⚑ outside its tranche"]


def test_the_models_pass_the_model_tester(qtbot: QtBot, qtmodeltester: object,
                                          session: Session) -> None:
    tab = make_tab(qtbot, session)
    type_trade(tab, "buy", "2025-03-03", "30", "10")
    tab.submit()
    type_trade(tab, "sell", "2025-04-01", "10", "12")
    tab.submit()
    qtmodeltester.check(tab.trades_model)  # type: ignore[attr-defined]
    qtmodeltester.check(tab.stats_model)  # type: ignore[attr-defined]
