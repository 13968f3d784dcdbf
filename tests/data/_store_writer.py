"""Child process for the store's kill tests: saves in a loop, acknowledging each save on stdout.

Prints `opening` before opening the store, `open` once it is open, then the sequence number of
every step after its last action has returned (its COMMIT is done): a number on stdout is a promise
the parent checks after killing this process. `--hold` only opens the store and waits.
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


if __name__ == "__main__":
    sys.exit(main())
