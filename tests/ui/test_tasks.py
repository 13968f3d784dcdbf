"""Background work runs off the GUI thread and reports back on it; cancel is honoured."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from kcdesk.ui.tasks import Progress, TaskRunner


def test_op_runs_on_a_worker_and_success_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gui = threading.get_ident()
    seen: dict[str, int] = {}
    results: list[int] = []

    def op(progress: Progress) -> int:
        seen["op"] = threading.get_ident()
        progress.report(50, "half")
        return 42

    def success(value: int) -> None:
        seen["success"] = threading.get_ident()
        results.append(value)

    runner.start(op, success, lambda exc: None)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert seen["op"] != gui
    assert seen["success"] == gui
    assert not runner.busy


def test_failures_come_back_as_exceptions(qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[Exception] = []

    def op(progress: Progress) -> None:
        raise ConnectionError("no network")

    runner.start(op, lambda v: None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], ConnectionError)


def test_cancel_is_seen_by_the_worker(qtbot: QtBot) -> None:
    runner = TaskRunner()
    results: list[str] = []

    def op(progress: Progress) -> str:
        for _ in range(500):
            if progress.cancelled:
                return "cancelled"
            time.sleep(0.01)
        return "finished"

    progress = runner.start(op, results.append, lambda exc: None)
    progress.cancel()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == ["cancelled"]
