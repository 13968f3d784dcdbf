"""The Plan tab's "Edit levels": levels typed as well as dragged, new levels added to a new plan."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.plan import Plan
from kcdesk.model.plan_template import blank_plan
from kcdesk.model.prices import PriceSeries
from kcdesk.model.sample_prices import sample_frame
from kcdesk.ui.messages import Messages
from kcdesk.ui.session import Session
from kcdesk.ui.tabs.levels_editor import HIGH, LOW, LevelsEditor
from kcdesk.ui.tabs.plan_tab import LEVELS_PAGE, PlanTab
from tests.model.conftest import SHIPPED
from tests.ui.desk_fakes import FakeStore


def editor_for(qtbot: QtBot, plan: Plan) -> tuple[LevelsEditor, Session, FakeStore]:
    store = FakeStore()
    session = Session(Desk(plan), None, store, Messages())
    editor = LevelsEditor(session)
    qtbot.addWidget(editor)
    return editor, session, store


def row_of(editor: LevelsEditor, key: str) -> int:
    keys = [lv.key for lv in editor.model._levels]
    return keys.index(key)


def type_in(editor: LevelsEditor, key: str, col: int, text: str) -> Any:
    index = editor.model.index(row_of(editor, key), col)
    assert editor.model.setData(index, text)
    return index


def test_the_model_passes_qts_model_checks(qtbot: QtBot, qtmodeltester: Any, plan: Plan) -> None:
    editor, _, _ = editor_for(qtbot, plan)
    qtmodeltester.check(editor.model)


def test_a_typed_level_is_saved_and_undoable(qtbot: QtBot, plan: Plan) -> None:
    editor, session, store = editor_for(qtbot, plan)
    type_in(editor, "zone.accumulate", LOW, "$9.50")
    assert session.plan.zone("accumulate").price.low == 9.5  # was 10
    assert store.last[Part.PLAN] == session.plan  # one commit, the new plan
    assert session.undo_stack.undoText() == "Move Buy zone (accumulate) to $9.5–12"
    index = editor.model.index(row_of(editor, "zone.accumulate"), LOW)
    assert editor.model.data(index) == "$9.50"
    session.undo()
    assert session.plan.zone("accumulate").price.low == 10
    assert editor.model.data(editor.model.index(row_of(editor, "zone.accumulate"), LOW)) == "$10.00"


def test_a_refused_cell_keeps_its_text_and_says_why(qtbot: QtBot, plan: Plan) -> None:
    editor, session, store = editor_for(qtbot, plan)
    index = type_in(editor, "stop.example", HIGH, "11.5")  # above the $11 entry
    assert editor.model.data(index) == "11.5"
    tip = editor.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Refused: a stop must be below its entry")
    assert store.commits == [] and session.plan.level("stop.example").high == 9.5
    index = type_in(editor, "zone.accumulate", LOW, "12 dollars")
    assert "not a price" in editor.model.data(index, Qt.ItemDataRole.ToolTipRole)
    index = type_in(editor, "zone.accumulate", LOW, "13")  # above the zone's $12 top
    assert "low is above the high" in editor.model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_an_open_target_is_shown_open_and_an_entry_has_one_price(
    qtbot: QtBot, plan: Plan
) -> None:
    editor, session, _ = editor_for(qtbot, plan)
    index = editor.model.index(row_of(editor, "target.long_term"), HIGH)
    assert editor.model.data(index) == "open (…+)"  # "$25+"
    entry = editor.model.index(row_of(editor, "entry.example"), HIGH)
    assert not editor.model.flags(entry) & Qt.ItemFlag.ItemIsEditable
    type_in(editor, "entry.example", LOW, "11.5")
    assert session.plan.level("entry.example").low == 11.5


def test_a_new_plan_gets_its_levels_from_the_form(qtbot: QtBot) -> None:
    editor, session, store = editor_for(qtbot, blank_plan("MSFT"))
    assert editor.model.rowCount() == 0 and not editor.empty.isHidden()
    editor.kind.setCurrentText("zone")
    editor.name.setText("Buy zone")
    editor.low.setText("300")
    editor.high.setText("$320")
    assert editor.add_level()
    assert [lv.key for lv in session.plan.levels()] == ["zone.buy_zone"]
    assert editor.model.rowCount() == 1 and editor.empty.isHidden()
    assert editor.name.text() == ""  # cleared for the next one
    editor.kind.setCurrentText("stop")
    editor.name.setText("Stop")
    editor.low.setText("290")
    editor.high.setText("305")
    editor.entry.setText("300")  # the stop's top, $305, is above its entry
    assert not editor.add_level()
    assert "a stop must be below its entry" in editor.error.text()
    assert editor.low.text() == "290" and len(store.commits) == 1  # kept; nothing saved
    session.undo()
    assert session.plan.levels() == ()


def test_the_plan_tab_has_the_page(qtbot: QtBot, plan: Plan) -> None:
    session = Session(Desk(plan), None, FakeStore(), Messages())
    tab = PlanTab(session)
    qtbot.addWidget(tab)
    assert isinstance(tab.pages.page(LEVELS_PAGE), LevelsEditor)


def test_the_plan_tab_of_a_plan_without_levels_says_where_to_add_them(qtbot: QtBot) -> None:
    prices = PriceSeries("MSFT", sample_frame(), "test feed", None)
    session = Session(Desk(blank_plan("MSFT")), None, FakeStore(), Messages(), prices)
    tab = PlanTab(session)
    qtbot.addWidget(tab)
    text = tab.browser.toPlainText()
    assert "No levels in the plan yet" in text and "Move from close" not in text
    assert "No zones, stops or targets to measure the close against yet." in text


@pytest.fixture
def plan() -> Plan:
    """The shipped KC plan."""
    return plan_from_json(json.loads(SHIPPED.read_text(encoding="utf-8"))["plan"])


def test_the_selected_level_is_removed_in_one_undoable_edit(qtbot: QtBot, plan: Plan) -> None:
    editor, session, store = editor_for(qtbot, plan)
    keys = {lv.key for lv in session.plan.levels()}
    editor.table.setCurrentIndex(editor.model.index(row_of(editor, "stop.example"), LOW))
    assert editor.remove_selected()
    # the example's stop goes with its $11 entry: a stop without its entry means nothing
    assert {lv.key for lv in session.plan.levels()} == keys - {"stop.example", "entry.example"}
    assert store.last[Part.PLAN] == session.plan
    assert session.undo_stack.undoText() == "Remove Example ($11) stop"
    assert "stop.example" not in [lv.key for lv in editor.model._levels]  # the table follows
    session.undo()
    assert {lv.key for lv in session.plan.levels()} == keys


def test_nothing_selected_removes_nothing(qtbot: QtBot, plan: Plan) -> None:
    editor, session, store = editor_for(qtbot, plan)
    assert not editor.remove_selected()
    assert store.commits == [] and session.plan == plan
