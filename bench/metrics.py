"""Metrics tab benchmark: 40 quarters × 20 metrics logged; open the tab, log one more quarter.

Measures (medians over --runs, in one process, offscreen 1600x900):
  open      MetricsTab built and shown on a session whose log holds 40 quarters × 20 metrics
            (16 built-in + 4 of the user's), a complete frame: processEvents() and grab()
  log       one quarter logged through the form (20 values) -> session.propose: the edit
            applied, the standing's triggers re-evaluated on the whole log, the history table,
            the plot and the triggers panel refreshed, a complete frame (processEvents, grab)
  evaluate  the triggers alone on that log (no Qt), for scale

Target: open and log < 100 ms each on a 2-core machine. Wall time is what the user waits;
"cpu" is this process's CPU time over the same span, which stays meaningful when other jobs
load the machine (the wall time then counts their turns too). The store is a FakeStore (the SQLite
commit is measured by the store's own tests); everything else is the real code.
Run: .venv/bin/python bench/metrics.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_MS = 100.0
QUARTERS, USER_METRICS = 40, 4


def big_log() -> object:
    """40 consecutive quarters of every metric (the 4 user metrics added first)."""
    from kcdesk.model.metric_log import BUILTIN_METRICS, MetricDef, MetricEntry, MetricLog
    from kcdesk.model.quarters import quarter_at, quarter_index

    log = MetricLog()
    for i in range(USER_METRICS):
        log = log.add_metric(MetricDef(f"user_metric_{i}", f"My metric {i}", "pct"))
    rows = []
    first = quarter_index("2016Q1")
    metrics = BUILTIN_METRICS + log.user_metrics
    for q in range(QUARTERS):
        for j, d in enumerate(metrics):
            x = 10.0 + (q * 7 + j * 3) % 25
            cur = "rmb" if d.unit == "money" else None
            value = x * 100 if d.unit == "money" else x
            high = value * 1.1 if (q + j) % 5 == 0 else value  # some ranges, as the report has
            rows.append(MetricEntry(f"m{len(rows) + 1}", quarter_at(first + q), d.key, value,
                                    high, d.unit, cur, "reported", "bench",  # type: ignore[arg-type]
                                    date(2025, 1, 1)))  # fmt: skip
    return log.add(*rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from kcdesk.data.documents import load_shipped_document
    from kcdesk.model.desk.desk import Desk
    from kcdesk.model.desk.metrics import rules_of, trigger_results
    from kcdesk.model.quarters import quarter_at, quarter_index
    from kcdesk.ui.messages import Messages
    from kcdesk.ui.services import Services
    from kcdesk.ui.session import Session
    from kcdesk.ui.tabs.metrics_tab import MetricsTab
    from kcdesk.ui.tasks import TaskRunner
    from tests.ui.desk_fakes import FakeStore

    app = QApplication.instance() or QApplication([])
    doc = load_shipped_document("KC")
    log = big_log()
    desk = Desk(doc.plan, metric_log=log)  # type: ignore[arg-type]
    opens, logs, evals, cpu_open, cpu_log = [], [], [], [], []
    for run in range(args.runs):
        session = Session(desk, doc.research, FakeStore(), Messages())
        services = Services(TaskRunner(), today=lambda: date(2026, 1, 15))
        t0, c0 = time.perf_counter(), time.process_time()
        tab = MetricsTab(session, services)
        tab.resize(1600, 900)
        tab.show()
        app.processEvents()
        tab.grab()
        opens.append(time.perf_counter() - t0)
        cpu_open.append(time.process_time() - c0)
        tab.pages.setCurrentWidget(tab.plot)  # the plot is on screen while logging
        app.processEvents()
        next_q = quarter_at(quarter_index("2016Q1") + QUARTERS + run)
        tab.form.quarter.setText(next_q)
        for key, edit in tab.form.values.items():
            edit.setText("33" if not key.endswith("revenue") else "2500..2700")
        t0, c0 = time.perf_counter(), time.process_time()
        assert tab.form.submit(), session.messages.last
        app.processEvents()
        tab.grab()
        logs.append(time.perf_counter() - t0)
        cpu_log.append(time.process_time() - c0)
        t0 = time.perf_counter()
        trigger_results(session.desk, doc.research)
        evals.append(time.perf_counter() - t0)
        assert len(rules_of(session.desk)) == 4
        tab.close()
        tab.deleteLater()
        app.processEvents()
    rows = [("open", opens), ("log", logs), ("open cpu", cpu_open), ("log cpu", cpu_log),
            ("evaluate", evals)]
    entries = len(log.entries)  # type: ignore[attr-defined]
    print(f"Metrics tab, {QUARTERS} quarters × {16 + USER_METRICS} metrics ({entries} rows), "
          f"{args.runs} runs, {os.cpu_count()} CPUs")
    for name, xs in rows:
        ms = statistics.median(xs) * 1000
        mark = "" if name == "evaluate" else ("  ok" if ms < TARGET_MS else "  OVER TARGET")
        print(f"  {name:<9} median {ms:7.1f} ms   min {min(xs) * 1000:7.1f}   "
              f"max {max(xs) * 1000:7.1f}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
