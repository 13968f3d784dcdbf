"""Run slow work off the GUI thread: `op` on a worker, `success`/`failure` back on the GUI thread.

Like Anki's QueryOp: the worker gets a `Progress` to report and poll for cancel, and never
touches a QObject itself. Workers are daemon threads, not a QThreadPool: a fetch that hangs
(yfinance on a dead network, ~130 s) must neither keep Cancel waiting nor keep the process
alive after the window closes, and a pool waits for its jobs when it is destroyed.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class CancelledError(Exception):
    """The user cancelled the job: it is given up at once, and whatever it returns is dropped."""


class Progress:
    """What a worker may use: report progress and ask whether the user cancelled."""

    def __init__(self, report: Callable[[int, str], None],
                 on_cancel: Callable[[], None] = lambda: None) -> None:
        self._report = report
        self._on_cancel = on_cancel
        self._cancel = threading.Event()

    def report(self, percent: int, text: str) -> None:
        if not self._cancel.is_set():
            self._report(int(percent), text)

    def cancel(self) -> None:
        """Stop waiting for the job (its failure callback gets CancelledError now)."""
        if not self._cancel.is_set():
            self._cancel.set()
            self._on_cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Relay(QObject):
    """Lives on the GUI thread; its signals carry results back from the worker (queued)."""

    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(object)


def _run(op: Callable[[Progress], Any], relay: _Relay, progress: Progress) -> None:
    try:
        result = op(progress)
    except Exception as exc:  # every failure goes back to the GUI as a message
        exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
        signal, value = relay.failed, exc
    else:
        signal, value = relay.succeeded, result
    # RuntimeError: the app closed while this job hung, and there is no one left to tell
    with contextlib.suppress(RuntimeError):
        signal.emit(value)


class TaskRunner(QObject):
    """Starts background jobs and keeps their relays alive until they report or are cancelled.

    Signals:
        busy_changed(bool): True while at least one job runs (a cancelled job no longer does).
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._live: set[_Relay] = set()
        self._threads: list[threading.Thread] = []

    def start(
        self,
        op: Callable[[Progress], Any],
        success: Callable[[Any], None],
        failure: Callable[[Exception], None],
        on_progress: Callable[[int, str], None] | None = None,
    ) -> Progress:
        """Run `op(progress)` on a worker; returns the Progress so the caller can cancel.

        Exactly one of `success`/`failure` is called, on the GUI thread: `failure` with
        CancelledError as soon as the job is cancelled, whatever the worker is still waiting for.
        """
        relay = _Relay()
        self._live.add(relay)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            if relay not in self._live:
                return  # cancelled already: a late answer is dropped
            self._live.discard(relay)
            if not self._live:
                self.busy_changed.emit(False)
            callback(value)

        progress = Progress(relay.progressed.emit,
                            lambda: relay.failed.emit(CancelledError()))
        if on_progress is not None:
            relay.progressed.connect(on_progress)
        relay.succeeded.connect(lambda value: finish(success, value))
        relay.failed.connect(lambda exc: finish(failure, exc))
        if len(self._live) == 1:
            self.busy_changed.emit(True)
        worker = threading.Thread(target=_run, args=(op, relay, progress),
                                  name="kcdesk-task", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [worker]
        worker.start()
        return progress

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the workers finish or `msecs` pass (for tests); True if they finished."""
        deadline = time.monotonic() + msecs / 1000
        for worker in self._threads:
            worker.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self._threads)
