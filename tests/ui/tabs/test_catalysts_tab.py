"""The Catalysts & Risks tab: the report's catalysts and risks as written, statuses with their
history saved and undoable, the news items the trigger rules read, refusals shown in place.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from kcdesk.data import documents
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.metric_log import report_log
from kcdesk.model.research import Research
from kcdesk.model.triggers import evaluate, report_rules
from kcdesk.ui.messages import Messages
from kcdesk.ui.session import Session
from kcdesk.ui.tabs.catalysts_tab import CatalystsTab
from kcdesk.ui.tabs.checklist_model import ChecklistModel
from tests.ui.desk_fakes import FakeStore

TODAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def research() -> Research:
    found = documents.load_shipped_document("KC").research
    assert found is not None
    return found


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def session(research: Research, store: FakeStore) -> Session:
    return Session(Desk(documents.load_shipped_document("KC").plan), research, store, Messages())


def make_tab(qtbot: QtBot, session: Session) -> CatalystsTab:
    tab = CatalystsTab(session, today=lambda: TODAY)
    qtbot.addWidget(tab)
    return tab


@pytest.fixture
def tab(qtbot: QtBot, session: Session) -> CatalystsTab:
    return make_tab(qtbot, session)


def column(model: Any, col: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> list:
    return [model.index(r, col).data(role) for r in range(model.rowCount())]


def texts(tab: CatalystsTab, group: str) -> list[str]:
    return column(tab.models[group], 0)  # type: ignore[index]


def change_status(tab: CatalystsTab, key: str, status: str, on: str, note: str = "") -> None:
    tab.select(key)
    editor = tab.news_editor if tab.models["news"].row_of(key) is not None else tab.editor
    editor.status_combo.setCurrentIndex(editor.status_combo.findData(status))
    editor.on_edit.setText(on)
    editor.change_note_edit.setText(note)
    editor.status_button.click()


def row(tab: CatalystsTab, group: str, key: str) -> list[str]:
    model = tab.models[group]  # type: ignore[index]
    r = model.row_of(key)
    return [model.index(r, c).data() for c in range(4)]


def test_the_reports_eight_catalysts_six_risks_and_the_news_items_appear_as_written(
    tab: CatalystsTab,
) -> None:
    assert texts(tab, "positive") == [
        "Continued AI revenue beats and higher-than-expected AI gross billings",
        "Sustained improvement in non-GAAP operating margin and movement toward GAAP "
        "profitability",
        "Additional strategic partnerships or investments from Kingsoft, Xiaomi, or other large "
        "ecosystem players",
        "Signs of easing regulatory and geopolitical tensions",
    ]
    assert texts(tab, "negative") == [
        "New US export restrictions on AI chips used in China, directly affecting KC's AI "
        "infrastructure plans",
        "Signs of price wars or big customers shifting workloads to competitors",
        "Further large equity or convertible issuances beyond current expectations",
        "Major data-security incidents or regulatory penalties",
    ]
    assert set(column(tab.models["positive"], 1)) == {"watching"}
    risks = tab.risks.model
    assert column(risks, 0) == [
        "Business & Operational", "Competitive", "Regulatory & Legal", "Macroeconomic & FX",
        "ESG & Reputational", "Financial & Capital Structure",
    ]  # fmt: skip
    assert column(risks, 1) == ["High", "High", "High", "Medium–High", "Medium", "Medium–High"]
    assert column(risks, 3)[4] == (
        "Energy-intensive data centers and AI computing; VIE structure, concentrated control, "
        "and history of losses create governance concerns."
    )
    assert set(column(risks, 2)) == {""}  # no rating of the user's own yet
    # The news items say which rules read them, and in the tooltip in the rules' words.
    news = tab.models["news"]
    assert column(news, 4) == ["trim", "trim, downgrade", "downgrade"]
    assert column(news, 4, Qt.ItemDataRole.ToolTipRole)[1] == (
        "trim: regulatory clamp-downs\ndowngrade: regulatory shocks"
    )


def test_the_models_pass_the_qt_model_tester(tab: CatalystsTab, qtmodeltester: Any) -> None:
    for model in (*tab.models.values(), tab.risks.model):
        qtmodeltester.check(model)
    qtmodeltester.check(ChecklistModel("positive"))  # empty


def open_session(store: Store) -> Session:
    desk, research = documents.load_desk(store, "KC")
    return Session(desk, research, store, Messages())


def test_a_status_change_is_in_the_history_undoable_and_survives_a_restart(
    qtbot: QtBot, data_dir: Path
) -> None:
    paths = app_paths(data_dir).ensure()
    with Store.open(paths) as store:
        session = open_session(store)
        tab = make_tab(qtbot, session)
        change_status(tab, "price_wars", "happened", "2026-03-01", "Alibaba cut prices")
        assert row(tab, "negative", "price_wars")[1:3] == ["happened", "2026-03-01"]
        model = tab.models["negative"]
        tip = model.index(model.row_of("price_wars"), 1).data(Qt.ItemDataRole.ToolTipRole)
        assert tip == "2026-03-01 → happened — Alibaba cut prices"
        assert tab.editor.history_label.text() == tip
        assert session.undo_stack.count() == 1  # one action, one undo step
        session.undo()
        assert row(tab, "negative", "price_wars")[1:3] == ["watching", ""]
        # undone to untouched: the store holds no checklists of the user's, the report's show
        assert store.read_parts("KC").get(Part.CHECKLISTS) is None
        session.redo()
        change_status(tab, "price_wars", "no_longer_relevant", "2026-03-09", "over")
        tab.close()
    with Store.open(paths) as store:
        tab = make_tab(qtbot, open_session(store))
        assert row(tab, "negative", "price_wars")[1:3] == ["no longer relevant", "2026-03-09"]
        tab.select("price_wars")
        assert tab.editor.history_label.text() == (
            "2026-03-01 → happened — Alibaba cut prices\n2026-03-09 → no longer relevant — over"
        )


def test_add_move_edit_and_remove_an_item_each_one_undo_step(
    tab: CatalystsTab, session: Session, store: FakeStore
) -> None:
    tab.new_text.setText("Xiaomi raises its stake")
    tab.new_group.setCurrentIndex(tab.new_group.findData("positive"))
    tab.add_button.click()
    assert texts(tab, "positive")[-1] == "Xiaomi raises its stake"
    assert tab.new_text.text() == "" and tab.editor.key == "user_1"  # the new item is selected
    tab.editor.up_button.click()
    # five positives; the new one moved from 5th to 4th, above "Signs of easing…"
    assert texts(tab, "positive")[3:] == [
        "Xiaomi raises its stake", "Signs of easing regulatory and geopolitical tensions",
    ]  # fmt: skip
    tab.editor.text_edit.setText("Xiaomi doubles its stake")
    tab.editor.note_edit.setText("per its 6-K")
    tab.editor.save_button.click()
    assert row(tab, "positive", "user_1")[0::3] == ["Xiaomi doubles its stake", "per its 6-K"]
    tab.editor.remove_button.click()
    assert len(texts(tab, "positive")) == 4 and tab.editor.key is None
    assert session.undo_stack.count() == 4 and len(store.commits) == 4
    assert [c[2] for c in store.commits] == [
        "Add positive catalyst “Xiaomi raises its stake”",
        "Move “Xiaomi raises its stake” up",
        "Edit checklist item “Xiaomi doubles its stake”",
        "Remove “Xiaomi doubles its stake”",
    ]
    session.undo()  # the removal undone: the item is back where it was, edited
    assert texts(tab, "positive")[3] == "Xiaomi doubles its stake"


def test_bad_input_is_refused_in_place_and_what_was_typed_stays(
    tab: CatalystsTab, store: FakeStore
) -> None:
    tab.add_button.click()
    assert tab.add_error.isVisibleTo(tab) and "needs its text" in tab.add_error.text()
    tab.select("ai_beats")
    editor = tab.editor
    editor.text_edit.setText("   ")
    editor.save_button.click()
    assert "needs its text" in editor.error.text()
    change_status(tab, "ai_beats", "happened", "2026-13-01", "Q4 beat")
    assert "not a date" in editor.error.text()
    assert (editor.on_edit.text(), editor.change_note_edit.text()) == ("2026-13-01", "Q4 beat")
    change_status(tab, "ai_beats", "happened", "2026-03-11", "Q4 beat")  # TODAY is 2026-03-10
    assert "in the future" in editor.error.text()
    assert store.commits == []  # nothing was saved
    change_status(tab, "ai_beats", "happened", "2026-03-01")
    assert not editor.error.isVisibleTo(tab)
    change_status(tab, "ai_beats", "no_longer_relevant", "2026-02-01", "dated before")
    assert "back in time" in editor.error.text()
    assert editor.change_note_edit.text() == "dated before" and len(store.commits) == 1
    change_status(tab, "ai_beats", "happened", "2026-03-05")  # the status it already has
    assert "already has that status" in editor.error.text()


def test_unsaved_typing_survives_a_change_elsewhere(tab: CatalystsTab, session: Session) -> None:
    tab.select("ai_beats")
    tab.editor.note_edit.setText("half typed")  # not saved
    tab.tick("major_competitive_loss", True)  # a saved change elsewhere redraws the tables
    assert session.desk.checklists is not None
    assert tab.editor.key == "ai_beats" and tab.editor.note_edit.text() == "half typed"
    assert tab.editor.text_edit.text().startswith("Continued AI revenue beats")


def test_a_ticked_news_item_is_what_the_trim_rule_reads(
    tab: CatalystsTab, research: Research
) -> None:
    trim = next(r for r in report_rules() if r.key == "trim")
    log = report_log(research, logged_on=date(2025, 11, 20))

    def state() -> str:
        (result,) = evaluate([trim], log, ev_revenue=3.5, checklist=tab.checklists.checklist)
        return result.state

    assert state() == "not met"  # EV/Revenue 3.5x is not above 5x and nothing is ticked
    news = tab.models["news"]
    index = news.index(news.row_of("heavier_dilution"), 1)
    assert news.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    news.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert row(tab, "news", "heavier_dilution")[1:3] == ["happened", "2026-03-10"]
    assert state() == "met"
    news.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert state() == "not met"
    assert not tab.news_editor.remove_button.isVisibleTo(tab)  # the rules read it: it stays


def test_the_users_risk_rating_sits_beside_the_reports_with_its_history(
    tab: CatalystsTab, session: Session
) -> None:
    panel = tab.risks
    panel.select("competitive")
    panel.rating_combo.setCurrentIndex(panel.rating_combo.findData("Medium"))
    panel.note_edit.setText("price war cooled")
    panel.save_button.click()
    model = panel.model
    assert [model.index(1, c).data() for c in (1, 2)] == ["High", "Medium"]
    assert model.index(1, 3).data().endswith(
        "ecosystems.\nYours since 2026-03-10: price war cooled"
    )
    panel.save_button.click()  # the same again: said in place, nothing saved
    assert "already" in panel.error.text() and session.undo_stack.count() == 1
    panel.rating_combo.setCurrentIndex(panel.rating_combo.findData("High"))
    panel.save_button.click()
    history = "2026-03-10 → Medium — price war cooled\n2026-03-10 → High — price war cooled"
    assert model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole) == history
    assert panel.history_label.text() == history
    session.undo()
    assert model.index(1, 2).data() == "Medium"


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()
def test_clicking_a_news_check_box_ticks_it_and_the_catalyst_tables_share_one_form(
    qtbot: QtBot, tab: CatalystsTab, session: Session
) -> None:
    tab.resize(900, 700)
    tab.show()
    tab.pages.setCurrentIndex(1)
    table, news = tab.tables["news"], tab.models["news"]
    rect = table.visualRect(news.index(news.row_of("major_competitive_loss"), 1))
    # The check box sits at the left of the status cell.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.topLeft() + QPoint(10, rect.height() // 2))
    assert row(tab, "news", "major_competitive_loss")[1:3] == ["happened", "2026-03-10"]
    assert session.undo_stack.undoText() == "Mark “A major competitive loss” happened"
    tab.pages.setCurrentIndex(0)
    positive, negative = tab.tables["positive"], tab.tables["negative"]
    # ai_beats is the first positive, price_wars the second negative
    for table, r, key in ((positive, 0, "ai_beats"), (negative, 1, "price_wars"),
                          (positive, 0, "ai_beats")):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(table.model().index(r, 0)).center())
        assert tab.editor.key == key


def test_the_tab_is_built_only_when_first_shown(qtbot: QtBot, data_dir: Path) -> None:
    from kcdesk.app import build_main_window
    from tests.ui.test_main_window import FakeSource, bars, service_with

    paths = app_paths(data_dir).ensure()
    with Store.open(paths) as store:
        window = build_main_window(paths, "KC", store,
                                   service_with(FakeSource(bars("2024-01-01", 60))))
        qtbot.addWidget(window)
        assert "Catalysts && Risks" not in window.tabs.built
        assert isinstance(window.tabs.page("Catalysts && Risks"), CatalystsTab)
        window.close()
