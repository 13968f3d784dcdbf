"""The chart wired to the real session: drag, save, undo, redo, and a refused drag."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.plan import Plan
from kcdesk.ui.chart.chart_view import ChartView
from kcdesk.ui.chart.desk_on_chart import show_on_chart
from kcdesk.ui.messages import Messages
from kcdesk.ui.session import Session
from tests.ui.chart.conftest import drag
from tests.ui.desk_fakes import FakeStore


@pytest.fixture
def wired(view: ChartView, kc_plan: Plan) -> tuple[ChartView, Session, FakeStore]:
    store = FakeStore()
    session = Session(Desk(kc_plan), None, store, Messages())
    view.level_edit_proposed.connect(session.propose_level_edit)
    session.changed.connect(
        lambda change: show_on_chart(view, change.desk, change.standing, None, change.parts)
    )
    return view, session, store


def _x(view: ChartView) -> float:
    s = view.visible_bars()
    return (s.start + s.stop) / 2


def test_drag_a_stop_then_undo_and_redo(wired: tuple[ChartView, Session, FakeStore],
                                        kc_plan: Plan, qtbot: QtBot) -> None:
    view, session, store = wired
    drag(view, (_x(view), 9.0), (_x(view), 8.7))
    low = session.plan.level("stop.example").low
    assert low == pytest.approx(8.7, abs=0.03)
    assert store.last[Part.PLAN].level("stop.example").low == low
    assert view.plan_layers.shape("stop.example").low == low
    assert session.undo()
    assert session.plan == kc_plan
    assert view.plan_layers.shape("stop.example").low == 9.0
    assert session.redo()
    assert view.plan_layers.shape("stop.example").low == low


def test_a_stop_dragged_above_its_entry_is_refused(wired: tuple[ChartView, Session, FakeStore],
                                                   kc_plan: Plan) -> None:
    view, session, store = wired
    drag(view, (_x(view), 9.5), (_x(view), 11.6))
    assert session.plan == kc_plan and store.commits == []
    assert session.messages.last is not None
    assert "stop must be below its entry" in session.messages.last.text
    stop = view.plan_layers.shape("stop.example")
    assert (stop.low, stop.high) == (9.0, 9.5)
