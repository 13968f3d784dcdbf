"""Run slow work off the GUI thread: `op` on a worker, `success`/`failure` back on the GUI thread.

Like Anki's QueryOp: the worker gets a `Progress` to report and poll for cancel, and never
touches a QObject itself.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Progress:
    """What a worker may use: report progress and ask whether the user cancelled."""

    def __init__(self, report: Callable[[int, str], None]) -> None:
        self._report = report
        self._cancel = threading.Event()

    def report(self, percent: int, text: str) -> None:
        self._report(int(percent), text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Relay(QObject):
    """Lives on the GUI thread; its signals carry results back from the worker (queued)."""

    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, op: Callable[[Progress], Any], relay: _Relay, progress: Progress) -> None:
        super().__init__()
        self._op, self._relay, self._progress = op, relay, progress

    def run(self) -> None:
        try:
            result = self._op(self._progress)
        except Exception as exc:  # every failure goes back to the GUI as a message
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class TaskRunner(QObject):
    """Starts background jobs and keeps their relays alive until they report.

    Signals:
        busy_changed(bool): True while at least one job runs.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._live: set[_Relay] = set()

    def start(
        self,
        op: Callable[[Progress], Any],
        success: Callable[[Any], None],
        failure: Callable[[Exception], None],
        on_progress: Callable[[int, str], None] | None = None,
    ) -> Progress:
        """Run `op(progress)` on a worker; returns the Progress so the caller can cancel."""
        relay = _Relay()
        self._live.add(relay)
        progress = Progress(relay.progressed.emit)
        if on_progress is not None:
            relay.progressed.connect(on_progress)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._live.discard(relay)
            if not self._live:
                self.busy_changed.emit(False)
            callback(value)

        relay.succeeded.connect(lambda value: finish(success, value))
        relay.failed.connect(lambda exc: finish(failure, exc))
        if len(self._live) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(op, relay, progress))
        return progress

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until workers finish (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)
