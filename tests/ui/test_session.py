"""The session: edits as values, one transaction and one undo command per action, undo and redo
by the same path (never a plan version), refused edits that change nothing, standing once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pytestqt.qtbot import QtBot

from kcdesk.data.documents import load_desk, load_shipped_document
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.model.desk.desk import PRICES, Desk, Part
from kcdesk.model.desk.edits import AddNote, MoveLevel, SaveVersion, SetPart
from kcdesk.model.desk.standing import StandingCalculator
from kcdesk.model.plan import Plan
from kcdesk.model.prices import PriceSeries
from kcdesk.ui.messages import Messages
from kcdesk.ui.session import DeskChange, Session
from tests.ui.desk_fakes import FakeStore

NOW = datetime(2025, 11, 26, 21, 0, tzinfo=UTC)


@pytest.fixture
def kc_plan() -> Plan:
    return load_shipped_document("KC").plan


def prices_of(closes: list[float]) -> PriceSeries:
    idx = pd.bdate_range("2025-01-01", periods=len(closes), name="date")
    c = np.array(closes, dtype=float)
    frame = pd.DataFrame(
        {"open": c, "high": c * 1.01, "low": c * 0.99, "close": c, "volume": 1e6}, index=idx
    )
    return PriceSeries("KC", frame, "test feed", datetime(2025, 6, 1))


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def session(kc_plan: Plan, store: FakeStore) -> Session:
    return Session(Desk(kc_plan), None, store, Messages(), prices_of([12.0] * 300))


@pytest.fixture
def real(data_dir: Path) -> Iterator[tuple[Session, Store]]:
    with Store.open(app_paths(data_dir)) as opened:
        desk, research = load_desk(opened, "KC")
        yield Session(desk, research, opened, Messages(), prices_of([12.0] * 300)), opened


TWO_EDITS = [MoveLevel("stop.example", 8.8, 9.3), AddNote(date(2025, 11, 26), "tightened")]


def _statements(store: Store) -> list[str]:
    statements: list[str] = []
    conn = store._conn
    assert conn is not None
    conn.set_trace_callback(statements.append)
    return statements


def test_two_edits_as_one_action_are_one_transaction_and_one_undo_command(
    real: tuple[Session, Store], qtbot: QtBot
) -> None:
    session, store = real
    statements = _statements(store)
    with qtbot.waitSignal(session.changed) as sig:
        assert session.propose(TWO_EDITS, "Tighten the stop and note why")
    bounds = [s for s in statements if s in ("BEGIN IMMEDIATE", "COMMIT")]
    assert bounds == ["BEGIN IMMEDIATE", "COMMIT"]
    assert sig.args[0].parts == {Part.PLAN, Part.NOTES}
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Tighten the stop and note why"
    stored = store.read_parts("KC")
    assert stored[Part.PLAN].level("stop.example").high == 9.3
    assert [n.text for n in stored[Part.NOTES]] == ["tightened"]


def test_undo_and_redo_restore_both_parts_and_make_no_plan_version(
    real: tuple[Session, Store], kc_plan: Plan
) -> None:
    session, store = real
    session.propose(TWO_EDITS, "Tighten the stop and note why")
    edited = session.desk
    statements = _statements(store)
    assert session.undo()
    assert session.desk.plan == kc_plan and session.desk.notes == ()
    assert store.read_parts("KC")[Part.PLAN] == kc_plan
    assert session.redo()
    assert session.desk == edited and store.read_parts("KC")[Part.NOTES] == edited.notes
    # undo and redo went through commit(): one transaction each
    assert [s for s in statements if s in ("BEGIN IMMEDIATE", "COMMIT")] == [
        "BEGIN IMMEDIATE", "COMMIT"] * 2
    conn = store._conn
    assert conn is not None
    assert conn.execute("SELECT count(*) FROM plan_versions").fetchone() == (0,)
    assert Part.VERSIONS not in store.read_parts("KC")


def test_a_version_is_made_only_by_the_save_version_edit(real: tuple[Session, Store]) -> None:
    session, store = real
    session.propose_level_edit("zone.accumulate", 10.5, 12.0)
    session.undo()
    session.redo()
    assert session.desk.versions == ()
    assert session.propose([SaveVersion("after Q3: tighter buy zone", NOW)], "Save version")
    (version,) = store.read_parts("KC")[Part.VERSIONS]
    assert (version.id, version.note, version.saved_at) == (1, "after Q3: tighter buy zone", NOW)
    assert version.plan.zone("accumulate").price.low == 10.5  # type: ignore[union-attr]
    session.undo()  # undoing the save removes that version, and only it
    assert Part.VERSIONS not in store.read_parts("KC")


def test_a_refused_edit_among_several_changes_nothing_and_names_the_field(
    session: Session, store: FakeStore, kc_plan: Plan, qtbot: QtBot
) -> None:
    before = session.desk
    edits = [AddNote(date(2025, 11, 26), "fine"), MoveLevel("stop.example", 9.0, 11.5)]
    with qtbot.waitSignal(session.changed) as sig:  # told to show the unchanged desk
        assert not session.propose(edits, "two edits, one bad")
    assert sig.args[0].parts == frozenset() and sig.args[0].desk == before
    assert session.desk == before and store.commits == []
    assert not session.undo_stack.canUndo()
    last = session.messages.last
    assert last is not None and last.level == "error"
    assert "stops.example.stop: a stop must be below its entry ($11.00) (got 11.5)" in last.text


def test_a_failed_save_keeps_the_desk_and_pushes_no_undo(
    session: Session, store: FakeStore, kc_plan: Plan
) -> None:
    store.fail = True
    assert not session.propose_level_edit("target.12m", 16.5, 19.0)
    assert session.desk.plan == kc_plan
    assert session.messages.last is not None and "No space left" in session.messages.last.text
    assert not session.undo_stack.canUndo()


def test_a_failed_undo_keeps_the_edit_undoable(session: Session, store: FakeStore) -> None:
    session.propose_level_edit("target.12m", 16.5, 19.0)
    edited = session.desk
    store.fail = True
    assert not session.undo()
    assert session.desk == edited  # the edit is still in effect …
    assert session.undo_stack.canUndo()  # … and can still be undone
    assert session.undo_stack.undoText().startswith("Move ")
    store.fail = False
    assert session.undo() and session.desk.plan != edited.plan


def test_each_derived_result_is_computed_once_per_change(kc_plan: Plan) -> None:
    calc = StandingCalculator()
    session = Session(Desk(kc_plan), None, FakeStore(), Messages(), prices_of([12.0] * 300),
                      calculator=calc)
    assert calc.counts == {"status": 1, "technicals": 1, "events": 1, "analyst_band": 1,
                           "position": 1, "since_review": 1, "valuation": 1,
                           "journal": 1, "triggers": 1}
    calc.counts.clear()
    session.propose_level_edit("zone.accumulate", 10.5, 12.0)
    # the plan changed: status, events, the sizing and the journal's plan checks again; the
    # averages and research did not
    assert calc.counts == {"status": 1, "events": 1, "position": 1, "journal": 1}
    calc.counts.clear()
    inputs = session.standing.position.inputs if session.standing.position else None
    session.propose([SetPart(Part.POSITION, inputs)], "Store the sizer's inputs")
    assert calc.counts == {"position": 1}  # the sizer's inputs move the sizing only
    calc.counts.clear()
    session.propose([AddNote(date(2025, 11, 26), "nothing to recompute")], "Note")
    assert calc.counts == {}
    calc.counts.clear()
    session.set_prices(prices_of([12.0] * 299 + [9.0]))
    # new bars are logged in the same change: the review list follows the log; the valuation
    # follows too: its reverse DCF and upsides are against the last close
    assert calc.counts == {"status": 1, "technicals": 1, "events": 1, "since_review": 1,
                           "valuation": 1, "journal": 1}
    assert session.standing.status is not None and session.standing.status.close == 9.0


def test_every_view_reads_the_one_standing(session: Session, qtbot: QtBot) -> None:
    seen: list[DeskChange] = []
    session.changed.connect(seen.append)
    session.set_prices(prices_of([12.0] * 299 + [11.0]))
    (change,) = seen
    assert change.parts == {PRICES, Part.EVENT_LOG} and change.standing is session.standing
    assert "In Buy zone (accumulate)" in change.standing.summary


def test_an_unknown_level_is_refused(session: Session, kc_plan: Plan) -> None:
    assert not session.propose_level_edit("target.moon", 100.0, None)
    assert session.desk.plan == kc_plan
    assert session.messages.last is not None and "level: no such level" in (
        session.messages.last.text)


def test_a_store_error_is_reported_not_raised(kc_plan: Plan) -> None:
    class Broken(FakeStore):
        def commit(self, *a: object, **k: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

    session = Session(Desk(kc_plan), None, Broken(), Messages())
    assert not session.propose_level_edit("zone.accumulate", 10.5, 12.0)
    assert session.desk.plan == kc_plan
