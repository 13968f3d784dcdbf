"""SIGKILL a process while it saves: the store stays whole and no acknowledged save is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.model.desk.desk import Part
from tests.data._store_writer import TICKED, writer_env

WRITER = Path(__file__).with_name("_store_writer.py")
SAVE_ROUNDS = 60  # killed while saving, 5–80 ms after the writer started writing
OPEN_ROUNDS = 15  # killed while opening: integrity check, backup, pruning
SEQ_STRIDE = 1_000_000  # each round numbers its saves from round * stride: no two alike


def _spawn(data_dir: Path, start: int, case: str = "plan") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), "--start", str(start), "--max-seconds", "20",
         "--case", case],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=writer_env(),
    )


def _expect_line(proc: subprocess.Popen[str], expected: str) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line != f"{expected}\n":
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"writer said {line!r} instead of {expected!r}; stderr:\n{err}")


def _kill(proc: subprocess.Popen[str]) -> set[int]:
    """SIGKILL the writer; returns the sequence numbers it acknowledged."""
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, f"writer was not killed but ended: {err}"
    # Each acknowledgement is one short write(); a kill cannot leave half of one, but a line
    # without its newline would not be a finished promise, so only whole lines count.
    lines = [line[:-1] for line in out.splitlines(keepends=True) if line.endswith("\n")]
    return {int(line) for line in lines if line.isdigit()}


def _check_ticks(parts: dict[Part, Any], acknowledged: set[int], context: str) -> None:
    """The last acknowledged tick of a checklist item is stored, whole."""
    if not acknowledged:
        return
    checklists = parts[Part.CHECKLISTS]
    last = checklists.checklist.item(TICKED).history[-1]
    assert last.status == "happened", context
    assert int(last.note.split()[1]) >= max(acknowledged), f"{context}: the last tick lost"


def _check(data_dir: Path, acknowledged: set[int], context: str) -> None:
    with Store.open(app_paths(data_dir)) as store:  # the dead writer's lock must not block
        conn = store._conn
        assert conn is not None
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
        saved = {
            int(key.split()[1])
            for (key,) in conn.execute("SELECT key FROM settings WHERE key LIKE 'seq %'")
        }
        lost = acknowledged - saved
        assert not lost, f"{context}: acknowledged saves lost: {sorted(lost)[:10]}"
        parts = store.read_parts("KC")  # both parts read back whole and valid
        if acknowledged:
            assert Part.PLAN in parts, context
        if Part.PLAN in parts:
            plan_seq = int(parts[Part.PLAN].name.split()[1])
            note_seq = int(parts[Part.NOTES][0].text.split()[1])
            # One transaction per action: the plan and the note of a step land together.
            assert plan_seq == note_seq, context
            assert plan_seq >= max(acknowledged, default=-1), f"{context}: the last save lost"
        _check_ticks(parts, acknowledged, context)


@pytest.mark.slow
def test_sigkill_during_saves_keeps_every_acknowledged_save(data_dir: Path) -> None:
    seed = int(os.environ.get("KCDESK_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    acknowledged: set[int] = set()
    kills = 0
    started = time.monotonic()
    rounds = ["save"] * SAVE_ROUNDS + ["open"] * (OPEN_ROUNDS - 1)
    rng.shuffle(rounds)
    rounds.insert(0, "open")  # a kill while the very first open creates the file
    for n, kind in enumerate(rounds):
        proc = _spawn(data_dir, n * SEQ_STRIDE)
        _expect_line(proc, "opening")
        if kind == "save":
            _expect_line(proc, "open")
            time.sleep(rng.uniform(0.005, 0.080))
        else:
            time.sleep(rng.uniform(0.0, 0.020))
        acknowledged |= _kill(proc)
        kills += 1
        _check(data_dir, acknowledged, f"seed {seed}, round {n} ({kind})")
    elapsed = time.monotonic() - started
    print(f"{kills} kills, {len(acknowledged)} acknowledged saves, {elapsed:.1f} s, seed {seed}")
    assert kills >= 50
    assert len(acknowledged) >= SAVE_ROUNDS, "the writer barely wrote: the kills tested little"


METRIC_ROUNDS = 25  # killed while logging quarters, 5–80 ms after the writer opened the store


@pytest.mark.slow
def test_sigkill_while_logging_quarters_keeps_every_acknowledged_quarter(data_dir: Path) -> None:
    seed = int(os.environ.get("KCDESK_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    acknowledged: set[int] = set()
    for n in range(METRIC_ROUNDS):
        proc = _spawn(data_dir, n * SEQ_STRIDE, "metrics")
        _expect_line(proc, "opening")
        _expect_line(proc, "open")
        time.sleep(rng.uniform(0.005, 0.080))
        acknowledged |= _kill(proc)
        context = f"seed {seed}, round {n}"
        with Store.open(app_paths(data_dir)) as store:
            log = store.read_parts("KC").get(Part.METRIC_LOG)  # reads back whole and valid
        logged = set() if log is None else {int(e.source.split()[1]) for e in log.entries}
        lost = acknowledged - logged
        assert not lost, f"{context}: acknowledged quarters lost: {sorted(lost)[:10]}"
    assert len(acknowledged) >= METRIC_ROUNDS, "the writer barely logged: the kills tested little"
