"""The Metrics tab: log a quarter, the triggers follow, undo, refusals in place, Fill from Yahoo."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from kcdesk.data.documents import load_desk, load_shipped_document
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.data.yahoo_statements import propose
from kcdesk.model.desk.desk import Desk
from kcdesk.model.metric_log import MetricEntry, MetricLog
from kcdesk.model.plan import Plan
from kcdesk.ui.messages import Messages
from kcdesk.ui.services import Services
from kcdesk.ui.session import Session
from kcdesk.ui.tabs.metrics_dialogs import EntryDialog, MetricDialog
from kcdesk.ui.tabs.metrics_models import HistoryModel
from kcdesk.ui.tabs.metrics_tab import MetricsTab
from kcdesk.ui.tasks import Progress, TaskRunner
from tests.data.test_yahoo_statements import FakeTicker
from tests.ui.desk_fakes import FakeStore

TODAY = date(2026, 1, 15)
H = Qt.Orientation.Horizontal


@pytest.fixture
def plan() -> Plan:
    return load_shipped_document("KC").plan


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = Store.open(app_paths(data_dir))
    yield s
    s.close()


def services(fetch: Any = None) -> Services:
    return Services(TaskRunner(), fetch_statements=fetch, today=lambda: TODAY)


def open_tab(qtbot: QtBot, session: Session, fetch: Any = None) -> MetricsTab:
    tab = MetricsTab(session, services(fetch))
    qtbot.addWidget(tab)
    return tab


def stored_session(store: Store) -> Session:
    desk, research = load_desk(store, "KC")
    return Session(desk, research, store, Messages())


def pct(quarter: str, metric: str, x: float, i: int) -> MetricEntry:
    money = metric == "free_cash_flow"
    return MetricEntry(f"m{i}", quarter, metric, x, x, "money" if money else "pct",
                       "rmb" if money else None, "reported", "release", date(2025, 12, 1))


def fill(tab: MetricsTab, quarter: str, **values: str) -> None:
    tab.form.quarter.setText(quarter)
    for key, text in values.items():
        tab.form.values[key].setText(text)


def states(tab: MetricsTab) -> dict[str, tuple[str, str]]:
    """rule kind -> (state, streak) as the triggers table shows them."""
    m = tab.triggers.model
    return {m.cell_at(r, 0).text: (m.cell_at(r, 1).text, m.cell_at(r, 2).text)
            for r in range(m.rowCount())}


def test_a_fresh_desk_shows_the_reports_quarters_with_the_range_kept(
    qtbot: QtBot, store: Store
) -> None:
    tab = open_tab(qtbot, stored_session(store))
    h = tab.history
    quarters = [h.index(r, 0).data() for r in range(h.rowCount())]
    assert quarters == ["2024Q4", "2025Q1", "2025Q2", "2025Q3"]
    col = next(c for c in range(1, h.columnCount()) if h.headerData(c, H) == "Revenue")
    assert h.index(2, col).data() == "RMB 2,350–2,650M"  # Q2 2025: a range, never averaged
    assert "research report" in h.index(2, col).data(Qt.ItemDataRole.ToolTipRole)


def test_a_quarter_logged_through_the_form_is_there_after_a_restart(
    qtbot: QtBot, data_dir: Path, store: Store
) -> None:
    tab = open_tab(qtbot, stored_session(store))
    fill(tab, "Q4 2025", revenue="2600..2700", revenue_yoy_pct="35")
    tab.form.source.setText("Q4 2025 earnings release")
    assert tab.form.submit()
    assert tab.form.values["revenue"].text() == ""  # cleared once logged
    store.close()
    with Store.open(app_paths(data_dir)) as again:
        session = stored_session(again)
        log = session.desk.metric_log
        assert log is not None
        q4 = log.value("2025Q4", "revenue")
        assert q4 is not None and (q4.low, q4.high, q4.currency) == (2600.0, 2700.0, "rmb")
        assert q4.source == "Q4 2025 earnings release" and q4.logged_on == TODAY
        # the report's quarters were stored with the first edit, and are still there
        assert log.value("2025Q3", "revenue") is not None
        reopened = open_tab(qtbot, session)
        assert reopened.history.index(reopened.history.rowCount() - 1, 0).data() == "2025Q4"


def test_a_quarter_that_breaks_the_streak_changes_the_trigger_and_undo_restores_it(
    qtbot: QtBot, plan: Plan
) -> None:
    research = load_desk(None, "KC")[1]
    rows = [pct(q, m, x, i) for i, (q, m, x) in enumerate([
        ("2025Q2", "revenue_yoy_pct", 24), ("2025Q2", "non_gaap_operating_margin_pct", 8),
        ("2025Q2", "free_cash_flow", 100), ("2025Q3", "revenue_yoy_pct", 31.4),
        ("2025Q3", "non_gaap_operating_margin_pct", 9), ("2025Q3", "free_cash_flow", 120),
    ], start=1)]  # fmt: skip
    session = Session(Desk(plan, metric_log=MetricLog(tuple(rows))), research, FakeStore(),
                      Messages())
    tab = open_tab(qtbot, session)
    # upgrade: 2 consecutive quarters of >20% growth, >5–7% margin and FCF > 0: Q2 and Q3.
    assert states(tab)["upgrade"] == ("met", "2")
    fill(tab, "2025Q4", revenue_yoy_pct="12", non_gaap_operating_margin_pct="9",
         free_cash_flow="50")
    assert tab.form.submit()
    assert states(tab)["upgrade"] == ("not met", "0")  # 12% is not above 20%
    assert "12%" in tab.triggers.details.toPlainText()
    assert session.undo()
    assert states(tab)["upgrade"] == ("met", "2")


def test_a_bad_quarter_is_refused_in_place_and_the_typed_text_is_kept(
    qtbot: QtBot, plan: Plan
) -> None:
    store = FakeStore()
    tab = open_tab(qtbot, Session(Desk(plan), None, store, Messages()))
    assert "1Q99 is 2099" in tab.form.quarter.toolTip()
    for typed, words in (("2025Q5", "Q1 to Q4"), ("Q3", "not a quarter"),
                         ("2025-07", "not a quarter")):  # fmt: skip
        fill(tab, typed, revenue_yoy_pct="31.4")
        assert not tab.form.submit()
        assert not tab.form.quarter_error.isHidden()  # the red line under the field
        assert words in tab.form.quarter_error.text()
        assert tab.form.quarter.text() == typed and tab.form.values["revenue_yoy_pct"].text()
    fill(tab, "3Q25", revenue_yoy_pct="31.4..x")
    assert not tab.form.submit()
    assert "not a number" in tab.form.value_errors["revenue_yoy_pct"].text()
    assert tab.form.quarter_error.text() == ""  # 3Q25 itself was fine
    assert store.commits == []


def test_edit_and_delete_are_each_one_undoable_step(qtbot: QtBot, store: Store) -> None:
    session = stored_session(store)
    tab = open_tab(qtbot, session)
    log = tab.log
    q3 = log.value("2025Q3", "revenue")
    assert q3 is not None
    dialog = EntryDialog(q3, "Revenue")
    qtbot.addWidget(dialog)
    dialog.value.setText("2,481")
    assert not dialog.check() and dialog.value.text() == "2,481"  # refused in place, kept
    dialog.value.setText("2481")
    assert dialog.check() and dialog.result_entry is not None
    assert tab.replace_entry(dialog.result_entry)
    assert tab.log.value("2025Q3", "revenue").low == 2481.0  # type: ignore[union-attr]
    assert tab.delete_entry(q3.id)
    assert tab.log.value("2025Q3", "revenue") is None
    assert session.undo() and tab.log.value("2025Q3", "revenue").low == 2481.0  # type: ignore
    assert session.undo() and tab.log.value("2025Q3", "revenue").low == 2480.0  # type: ignore


def test_a_users_metric_gets_a_field_and_a_column(qtbot: QtBot, store: Store) -> None:
    tab = open_tab(qtbot, stored_session(store))
    dialog = MetricDialog({d.key for d in tab.log.metrics})
    qtbot.addWidget(dialog)
    dialog.key.setText("Churn %")
    assert not dialog.check() and "lowercase" in dialog.error.text()
    dialog.key.setText("churn_pct")
    dialog.label.setText("Customer churn")
    dialog.unit.setCurrentText("pct")
    assert dialog.check() and tab.add_metric(dialog)
    fill(tab, "2025Q4", churn_pct="3.5")
    assert tab.form.submit()
    h = tab.history
    assert "Customer churn" in [h.headerData(c, H) for c in range(h.columnCount())]
    assert "Revenue growth\n(YoY)" in [h.headerData(c, H) for c in range(h.columnCount())]


def test_a_rule_parameter_edited_beside_its_words_is_stored_and_judged(
    qtbot: QtBot, store: Store
) -> None:
    session = stored_session(store)
    tab = open_tab(qtbot, session)
    tab.triggers.select(0)  # add: "several quarters" = 3
    editor = tab.triggers.editor
    assert editor is not None and editor.quarters[0].value() == 3
    editor.quarters[0].setValue(2)
    assert tab.triggers.apply()
    assert session.desk.triggers is not None
    assert session.desk.triggers[0].clauses[0].quarters == 2
    assert "needs 2 quarters" in tab.triggers.details.toPlainText()
    low, high = tab.triggers.editor.bounds[0][1]  # type: ignore[union-attr,misc]
    low.setValue(9)
    high.setValue(8)
    assert not tab.triggers.apply()
    assert "low is above high" in tab.triggers.error.text()
    assert tab.triggers.reset() and session.desk.triggers is None  # the report's again


def test_the_models_pass_the_model_tester(qtmodeltester: Any, qtbot: QtBot, store: Store
                                          ) -> None:
    tab = open_tab(qtbot, stored_session(store))
    qtmodeltester.check(tab.history)
    qtmodeltester.check(tab.triggers.model)
    qtmodeltester.check(tab.yahoo.model)
    empty = HistoryModel()
    qtmodeltester.check(empty)


def _fake_fetch(calls: list[str]) -> Any:
    def fetch(ticker: str, log: MetricLog, today: date, progress: Progress) -> Any:
        calls.append(ticker)
        return propose(FakeTicker(), log, fetched_on=today)

    return fetch


def test_fill_from_yahoo_logs_only_the_row_accepted(qtbot: QtBot, store: Store) -> None:
    session = stored_session(store)
    calls: list[str] = []
    tab = open_tab(qtbot, session, _fake_fetch(calls))
    before = len(tab.log.entries)
    tab.yahoo.fill_button.click()
    qtbot.waitUntil(lambda: bool(tab.yahoo.rows), timeout=5000)
    assert calls == ["KC"]
    proposed = len(tab.yahoo.rows)
    # shown beside what is logged: Q3 2025 revenue is RMB 2,480M in the report
    m = tab.yahoo.model
    q3 = next(r for r in range(m.rowCount())
              if (m.cell_at(r, 0).text, m.cell_at(r, 1).text) == ("2025Q3", "revenue"))
    assert m.cell_at(q3, 3).text == "RMB 2,480M"
    assert session.desk.metric_log is None  # nothing written yet
    assert tab.yahoo.accept(q3)
    while tab.yahoo.rows:
        tab.yahoo.decline(0)
    log = tab.log
    assert len(log.entries) == before + 1 and proposed > 1
    (added,) = [e for e in log.entries if e.source.startswith("Yahoo Finance")]
    assert (added.quarter, added.metric, added.source) == (
        "2025Q3", "revenue", "Yahoo Finance, fetched 2026-01-15")
    assert session.undo_stack.count() == 1  # one accepted row, one action


def test_fill_from_yahoo_can_be_cancelled(qtbot: QtBot, store: Store) -> None:
    release = threading.Event()

    def hanging(ticker: str, log: MetricLog, today: date, progress: Progress) -> Any:
        release.wait(10)
        return None

    tab = open_tab(qtbot, stored_session(store), hanging)
    tab.yahoo.fill_button.click()
    assert tab.yahoo.cancel_button.isEnabled()
    tab.yahoo.cancel_button.click()
    qtbot.waitUntil(lambda: "Cancelled" in tab.yahoo.status.text(), timeout=3000)
    release.set()
    assert tab.yahoo.fill_button.isEnabled() and tab.yahoo.rows == []


def test_a_restated_value_shows_as_known_on_a_day_before_it_was_logged(
    qtbot: QtBot, store: Store
) -> None:
    tab = open_tab(qtbot, stored_session(store))
    fill(tab, "2025Q3", revenue="2490")
    tab.form.kind.setCurrentText("restated")
    assert tab.form.submit()  # logged 2026-01-15; the report's 2,480 was logged 2025-09-30
    h = tab.history
    col = next(c for c in range(1, h.columnCount()) if h.headerData(c, H) == "Revenue")
    row = [h.index(r, 0).data() for r in range(h.rowCount())].index("2025Q3")
    assert h.index(row, col).data() == "RMB 2,490M*"  # * : logged more than once
    assert "also logged: RMB 2,480M" in h.index(row, col).data(Qt.ItemDataRole.ToolTipRole)
    tab.set_known_on(QDate(2025, 12, 31))
    assert h.index(row, col).data() == "RMB 2,480M*"  # as it was known then
    assert tab.plot.chosen == "revenue"
    tab.set_known_on(None)
    assert h.index(row, col).data() == "RMB 2,490M*"


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()
def test_the_plot_draws_a_range_as_a_bar_and_points_as_points(qtbot: QtBot, store: Store) -> None:
    tab = open_tab(qtbot, stored_session(store))
    tab.show()
    assert tab.plot.plot is None  # not made until its page is seen
    tab.pages.setCurrentWidget(tab.plot)
    assert tab.plot.plot is not None and tab.plot.chosen == "revenue"
    _, ys = tab.plot.line.getData()
    assert list(ys) == [1970.0, 2480.0]  # Q1 and Q3 2025: points
    _, bar = tab.plot.ranges.getData()
    assert list(bar) == [2350.0, 2650.0]  # Q2 2025: the range from its low to its high
    assert "RMB M" in tab.plot.plot.getPlotItem().titleLabel.text


def test_as_known_on_a_past_day_the_triggers_are_judged_on_what_was_known_then(
    qtbot: QtBot, plan: Plan
) -> None:
    research = load_desk(None, "KC")[1]
    # Q2 and Q3 2025 logged on 2025-12-01 meet the upgrade rule (2 quarters of >20% growth,
    # margin above 5–7%, FCF > 0); Q4's 12% growth, logged on 2026-02-20, breaks it.
    q2q3 = [pct(q, m, x, i) for i, (q, m, x) in enumerate([
        ("2025Q2", "revenue_yoy_pct", 24), ("2025Q2", "non_gaap_operating_margin_pct", 8),
        ("2025Q2", "free_cash_flow", 100), ("2025Q3", "revenue_yoy_pct", 31.4),
        ("2025Q3", "non_gaap_operating_margin_pct", 9), ("2025Q3", "free_cash_flow", 120),
    ], start=1)]  # fmt: skip
    q4 = [MetricEntry(f"m{i}", "2025Q4", m, x, x, "money" if m == "free_cash_flow" else "pct",
                      "rmb" if m == "free_cash_flow" else None, "reported", "release",
                      date(2026, 2, 20))
          for i, (m, x) in enumerate([("revenue_yoy_pct", 12),
                                      ("non_gaap_operating_margin_pct", 9),
                                      ("free_cash_flow", 50)], start=10)]
    session = Session(Desk(plan, metric_log=MetricLog(tuple(q2q3 + q4))), research, FakeStore(),
                      Messages())
    tab = open_tab(qtbot, session)
    assert states(tab)["upgrade"] == ("not met", "0")  # now: Q4 broke the streak
    tab.set_known_on(QDate(2026, 1, 15))  # before Q4 was logged
    assert states(tab)["upgrade"] == ("met", "2")
    tab.set_known_on(None)
    assert states(tab)["upgrade"] == ("not met", "0")
