"""The session validates proposed plan edits, saves them, and undoes/redoes them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.plan import Plan
from kcdesk.ui.session import Session

PLAN_FILE = Path(__file__).parents[2] / "data" / "kc_plan.json"


class FakeStore:
    """Records saves; can be told to fail like a full disk."""

    def __init__(self) -> None:
        self.saved: list[tuple[str, dict[str, Any], str]] = []
        self.fail = False

    def save_plan(self, ticker: str, plan_json: dict[str, Any], note: str) -> int:
        if self.fail:
            raise OSError(28, "No space left on device")
        self.saved.append((ticker, plan_json, note))
        return len(self.saved)


@pytest.fixture
def kc_plan() -> Plan:
    return plan_from_json(json.loads(PLAN_FILE.read_text(encoding="utf-8"))["plan"])


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def session(kc_plan: Plan, store: FakeStore) -> Session:
    return Session(kc_plan, store)


def test_a_valid_drag_is_saved_and_broadcast(
    session: Session, store: FakeStore, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(session.plan_changed) as sig:
        assert session.propose_level_edit("stop.example", 8.8, 9.3)
    assert sig.args[0].level("stop.example").high == 9.3
    assert session.plan.level("stop.example").low == 8.8
    assert store.saved[-1][1]["stops"][0]["stop"]["high"] == 9.3
    assert "Example ($11) stop" in store.saved[-1][2]


def test_a_stop_above_its_entry_is_refused_and_snaps_back(
    session: Session, kc_plan: Plan, store: FakeStore, qtbot: QtBot
) -> None:
    messages: list[tuple[str, str]] = []
    session.message.connect(lambda text, level: messages.append((text, level)))
    with qtbot.waitSignal(session.plan_changed) as sig:
        assert not session.propose_level_edit("stop.example", 9.0, 11.5)
    assert sig.args[0] == kc_plan  # the view is told to show the unchanged plan
    assert session.plan == kc_plan
    assert store.saved == []
    assert messages and messages[-1][1] == "error"
    assert "stop must be below its entry" in messages[-1][0]
    assert not session.undo_stack.canUndo()


def test_undo_and_redo_restore_and_save(session: Session, kc_plan: Plan, store: FakeStore) -> None:
    session.propose_level_edit("zone.accumulate", 10.5, 12.0)
    edited = session.plan
    assert edited.zone("accumulate").price.low == 10.5
    session.undo_stack.undo()
    assert session.plan == kc_plan
    assert store.saved[-1][1]["zones"][0]["price"]["low"] == 10
    session.undo_stack.redo()
    assert session.plan == edited
    assert store.saved[-1][1]["zones"][0]["price"]["low"] == 10.5
    assert len(store.saved) == 3


def test_a_failed_save_keeps_the_last_saved_plan(
    session: Session, kc_plan: Plan, store: FakeStore
) -> None:
    messages: list[str] = []
    session.message.connect(lambda text, level: messages.append(text))
    store.fail = True
    assert not session.propose_level_edit("target.12m", 16.5, 19.0)
    assert session.plan == kc_plan
    assert "No space left" in messages[-1]
    assert not session.undo_stack.canUndo()


def test_an_unknown_level_is_refused(session: Session, kc_plan: Plan) -> None:
    assert not session.propose_level_edit("target.moon", 100.0, None)
    assert session.plan == kc_plan
