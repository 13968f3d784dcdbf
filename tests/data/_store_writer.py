"""Child process for the store's kill tests: saves in a loop, acknowledging each save on stdout.

Prints `opening` before opening the store, `open` once it is open, then the sequence number of
every step after its last action has returned (its COMMIT is done): a number on stdout is a promise
the parent checks after killing this process. `--hold` only opens the store and waits;
`--case metrics` logs a quarter per step instead (the log read back first, as the window does).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from datetime import date

from kcdesk.data.documents import load_shipped_document
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.model.checklists import Checklists, report_checklists
from kcdesk.model.desk.desk import Note, Part
from kcdesk.model.metric_log import MetricEntry, MetricLog
from kcdesk.model.quarters import quarter_at
from kcdesk.model.research import Research

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TICKED = "heavier_dilution"  # the news item each step ticks, its note naming the step


def writer_env() -> dict[str, str]:
    """The environment to start this writer in: it imports this checkout's kcdesk, not the
    installed one (another checkout's, with another schema, would refuse the store)."""
    return {**os.environ, "PYTHONPATH": ROOT}


def tick_checklist(store: Store, report: Checklists, seq: int) -> None:
    """One user action: tick a checklist item (a CHECKLISTS part of its own transaction)."""
    ticked = report.checklist.set_status(TICKED, "happened", date(2025, 1, 2), f"seq {seq}")
    store.commit("KC", {Part.CHECKLISTS: Checklists(ticked, report.risks)}, f"tick {seq}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--start", type=int, default=0, help="first sequence number")
    parser.add_argument("--hold", action="store_true", help="open the store and wait")
    parser.add_argument("--case", choices=("plan", "metrics"), default="plan")
    # A parent that dies without killing us must not leave a writer running for ever.
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.max_seconds

    document = load_shipped_document("KC")
    plan = document.plan
    assert isinstance(document.research, Research)
    report = report_checklists(document.research)
    print("opening", flush=True)
    store = Store.open(app_paths(args.data_dir))
    print("open", flush=True)
    if args.hold:
        while time.monotonic() < deadline:
            time.sleep(0.05)
        return 0
    if args.case == "metrics":
        log_quarters(store, args.start, deadline)
        store.close()
        return 0
    seq = args.start
    while time.monotonic() < deadline:
        note = f"seq {seq}"
        # Two user actions per step, so kills land in each kind of transaction: a row of its
        # own per save (every acknowledged one must survive), and one action writing two desk
        # parts, the plan and a note whose varying size makes some span several WAL pages.
        store.set_setting(f"seq {seq}", seq)
        padded = f"{note} " + "x" * (seq * 37 % 9000)
        store.commit(
            "KC",
            {Part.PLAN: replace(plan, name=note), Part.NOTES: (Note(1, date(2025, 1, 2), padded),)},
            note,
        )
        tick_checklist(store, report, seq)
        sys.stdout.write(f"{seq}\n")
        sys.stdout.flush()
        seq += 1
    store.close()
    return 0


def log_quarters(store: Store, seq: int, deadline: float) -> None:
    """Log a quarter per step: the whole stored log plus one row, in one transaction.

    Each row's source names its step ("seq N"): the parent finds every acknowledged one.
    """
    log = store.read_parts("KC").get(Part.METRIC_LOG) or MetricLog()
    while time.monotonic() < deadline:
        entry = MetricEntry(log.new_id(), quarter_at(8000 + seq % 800), "revenue_yoy_pct",
                            float(seq % 97), None, "pct", None, "reported", f"seq {seq}",
                            date(2025, 1, 2))  # fmt: skip
        log = log.add(entry)
        store.commit("KC", {Part.METRIC_LOG: log}, f"log seq {seq}")
        sys.stdout.write(f"{seq}\n")
        sys.stdout.flush()
        seq += 1


if __name__ == "__main__":
    sys.exit(main())
