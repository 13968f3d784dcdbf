"""Each desk part round-trips through the store exactly; one action's parts share a transaction."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

from kcdesk.data.documents import load_desk, load_shipped_document
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.model.checklists import report_checklists
from kcdesk.model.desk.desk import Part
from kcdesk.model.journal import Journal, Trade
from kcdesk.model.metric_log import report_log


def test_journal_money_is_stored_as_decimal_text_and_reads_back_to_the_cent(
    data_dir: Path,
) -> None:
    journal = Journal(()).add(
        Trade(1, date(2025, 3, 3), "buy", 333, Decimal("11.07"), Decimal("0.35"))
    ).add(Trade(2, date(2025, 6, 2), "sell", 100, Decimal("14.33"), Decimal("1.99")))
    with Store.open(app_paths(data_dir)) as store:
        store.commit("KC", {Part.JOURNAL: journal}, "record trades")
    with Store.open(app_paths(data_dir)) as store:
        back = store.read_parts("KC")[Part.JOURNAL]
    assert back == journal
    assert [t.price for t in back.trades] == [Decimal("11.07"), Decimal("14.33")]
    raw = sqlite3.connect(app_paths(data_dir).store_file)
    (text,) = raw.execute("SELECT value_json FROM desk_parts WHERE part = 'journal'").fetchone()
    raw.close()
    assert '"11.07"' in text and '"0.35"' in text  # decimal text, never a float


def test_a_metrics_import_and_a_checklist_tick_are_one_transaction_and_load_into_the_desk(
    data_dir: Path,
) -> None:
    research = load_shipped_document("KC").research
    assert research is not None
    log = report_log(research, logged_on=date(2025, 11, 26))
    lists = report_checklists(research)
    with Store.open(app_paths(data_dir)) as store:
        conn = store._conn
        assert conn is not None
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        store.commit("KC", {Part.METRIC_LOG: log, Part.CHECKLISTS: lists}, "import metrics")
        conn.set_trace_callback(None)
        assert [s for s in statements if s in ("BEGIN IMMEDIATE", "COMMIT")] == [
            "BEGIN IMMEDIATE", "COMMIT"]
    with Store.open(app_paths(data_dir)) as store:
        desk, _ = load_desk(store, "KC")
    assert desk.metric_log == log and len(desk.metric_log.entries) == 15
    assert desk.checklists == lists


def test_edited_trigger_rules_and_an_emptied_log_read_back_as_stored(data_dir: Path) -> None:
    from dataclasses import replace

    from kcdesk.model.metric_log import MetricLog
    from kcdesk.model.triggers import report_rules

    # "several" = 4 quarters instead of the shipped 3
    rules = tuple(replace(r, clauses=(replace(r.clauses[0], quarters=4), *r.clauses[1:]))
                  for r in report_rules())
    with Store.open(app_paths(data_dir)) as store:
        desk, _ = load_desk(store, "KC")
        assert desk.triggers is None and desk.metric_log is None  # never edited, never logged
        store.commit("KC", {Part.TRIGGERS: rules, Part.METRIC_LOG: MetricLog()}, "edit rules")
    with Store.open(app_paths(data_dir)) as store:
        desk, _ = load_desk(store, "KC")
    assert desk.triggers == rules and desk.triggers[0].clauses[0].quarters == 4
    assert desk.metric_log == MetricLog()  # emptied on purpose: not the report's quarters again
