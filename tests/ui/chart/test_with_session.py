"""The chart wired to the real session: drag, save, undo, redo, and a refused drag."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.model.plan import Plan
from kcdesk.ui.chart.chart_view import ChartView
from kcdesk.ui.session import Session
from tests.ui.chart.conftest import drag


class _Store:
    def __init__(self) -> None:
        self.saved: list[dict[str, Any]] = []

    def save_plan(self, ticker: str, plan_json: dict[str, Any], note: str) -> int:
        self.saved.append(plan_json)
        return len(self.saved)


@pytest.fixture
def wired(view: ChartView, kc_plan: Plan) -> tuple[ChartView, Session, _Store]:
    store = _Store()
    session = Session(kc_plan, store)
    view.level_edit_proposed.connect(session.propose_level_edit)
    session.plan_changed.connect(view.set_plan)
    return view, session, store


def _x(view: ChartView) -> float:
    s = view.visible_bars()
    return (s.start + s.stop) / 2


def test_drag_a_stop_then_undo_and_redo(wired: tuple[ChartView, Session, _Store],
                                        kc_plan: Plan, qtbot: QtBot) -> None:
    view, session, store = wired
    drag(view, (_x(view), 9.0), (_x(view), 8.7))
    low = session.plan.level("stop.example").low
    assert low == pytest.approx(8.7, abs=0.03)
    assert store.saved[-1]["stops"][0]["stop"]["low"] == low
    assert view.plan_layers.shape("stop.example").low == low
    session.undo_stack.undo()
    assert session.plan == kc_plan
    assert view.plan_layers.shape("stop.example").low == 9.0
    session.undo_stack.redo()
    assert view.plan_layers.shape("stop.example").low == low


def test_a_stop_dragged_above_its_entry_is_refused(wired: tuple[ChartView, Session, _Store],
                                                   kc_plan: Plan) -> None:
    view, session, store = wired
    messages: list[str] = []
    session.message.connect(lambda text, level: messages.append(text))
    drag(view, (_x(view), 9.5), (_x(view), 11.6))
    assert session.plan == kc_plan and store.saved == []
    assert "stop must be below its entry" in messages[-1]
    stop = view.plan_layers.shape("stop.example")
    assert (stop.low, stop.high) == (9.0, 9.5)
