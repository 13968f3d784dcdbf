"""Background work runs off the GUI thread and reports back on it; cancel is honoured."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from kcdesk.ui.tasks import CancelledError, Progress, TaskRunner


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
    seen: list[bool] = []
    asked = threading.Event()

    def op(progress: Progress) -> None:
        asked.wait(10)
        seen.append(progress.cancelled)

    progress = runner.start(op, lambda v: None, lambda exc: None)
    progress.cancel()
    asked.set()
    assert runner.wait(10_000)
    assert seen == [True]


def test_cancel_gives_up_a_hanging_job_at_once_and_drops_its_late_answer(qtbot: QtBot) -> None:
    runner = TaskRunner()
    release = threading.Event()  # a network that never answers, until the test says so
    results: list[str] = []
    errors: list[Exception] = []
    busy: list[bool] = []
    runner.busy_changed.connect(busy.append)

    def op(progress: Progress) -> str:
        release.wait()
        return "late"

    progress = runner.start(op, results.append, errors.append)
    assert runner.busy
    progress.cancel()  # no waiting, no event loop: the failure is delivered before it returns
    assert [type(e) for e in errors] == [CancelledError] and not runner.busy
    assert busy == [True, False]
    progress.cancel()  # a second press changes nothing
    assert len(errors) == 1
    release.set()
    assert runner.wait(10_000)
    QCoreApplication.processEvents()  # deliver the worker's queued answer, if it sent one
    assert results == [] and len(errors) == 1 and busy == [True, False]


EXIT_WITH_A_HANGING_JOB = """
import threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kcdesk.ui.tasks import TaskRunner

app = QApplication([])
runner = TaskRunner()
runner.start(lambda progress: threading.Event().wait(), print, print)  # hangs for ever
QTimer.singleShot(0, app.quit)
app.exec()
print("window closed", flush=True)
"""


def test_the_process_exits_with_a_job_still_hanging() -> None:
    # A QThreadPool waits for its jobs when destroyed: this child never exited before.
    repo = Path(__file__).resolve().parents[2]  # the child imports this checkout's kcdesk
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", EXIT_WITH_A_HANGING_JOB], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (0, "window closed\n"), done.stderr
