"""Child process for the store's kill tests: saves in a loop, acknowledging each save on stdout.

Prints `opening` before opening the store, `open` once it is open, then the sequence number of
every save after `save_plan` has returned (its COMMIT is done): a number on stdout is a promise
the parent checks after killing this process. `--hold` only opens the store and waits.
"""

from __future__ import annotations

import argparse
import sys
import time

from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--start", type=int, default=0, help="first sequence number")
    parser.add_argument("--hold", action="store_true", help="open the store and wait")
    # A parent that dies without killing us must not leave a writer running for ever.
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.max_seconds

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
        # Three user actions per step, so kills land in each kind of transaction.
        store.add_trade("KC", "2025-01-02", "buy", 1 + seq % 7, 10.5, 0.0, note)
        store.put_metric("KC", "2025Q3", f"m{seq % 13}", float(seq), "writer", None)
        # A payload of varying size makes some saves span several pages of the WAL.
        store.save_plan("KC", {"seq": seq, "payload": "x" * (seq * 37 % 9000)}, note)
        sys.stdout.write(f"{seq}\n")
        sys.stdout.flush()
        seq += 1
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
