"""Plan versions in the window: save with a rationale (blank refused in place), the list, a diff
of two versions or one against the current plan, and restore as one undoable edit."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.data.documents import load_shipped_document
from kcdesk.model.desk.desk import Desk
from kcdesk.ui.messages import Messages
from kcdesk.ui.session import Session
from kcdesk.ui.versions_panel import SaveVersionDialog, VersionsPanel
from tests.ui.desk_fakes import FakeStore

NOW = dt.datetime(2025, 11, 26, 21, 0, tzinfo=dt.UTC)


@pytest.fixture
def session() -> Session:
    return Session(Desk(load_shipped_document("KC").plan), None, FakeStore(), Messages())


def save(qtbot: QtBot, session: Session, note: str) -> SaveVersionDialog:
    dialog = SaveVersionDialog(session, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.note.setText(note)
    dialog.save()
    return dialog


def rows(model: object) -> list[list[str]]:
    m = model
    return [[m.cell_at(r, c).text for c in range(m.columnCount())]  # type: ignore[attr-defined]
            for r in range(m.rowCount())]  # type: ignore[attr-defined]


def test_a_blank_rationale_is_refused_in_place(qtbot: QtBot, session: Session) -> None:
    dialog = save(qtbot, session, "   ")
    assert "one-line rationale" in dialog.error.text()
    assert session.desk.versions == ()


def test_save_diff_and_restore_a_version(qtbot: QtBot, qtmodeltester: object,
                                         session: Session) -> None:
    save(qtbot, session, "As the report wrote it")
    assert session.propose_level_edit("stop.example", 8.5, 9.0)  # $9–9.5 -> $8.5–9
    save(qtbot, session, "Stop tightened after Q3")
    assert session.propose_level_edit("zone.accumulate", 10.5, 12.0)  # not saved yet
    panel = VersionsPanel(session)
    qtbot.addWidget(panel)
    assert rows(panel.versions_model) == [
        ["2", "2025-11-26 21:00 UTC", "Stop tightened after Q3"],
        ["1", "2025-11-26 21:00 UTC", "As the report wrote it"],
    ]
    # by default: the latest version against the current plan (what is not saved)
    assert rows(panel.diff_model) == [["Buy zone (accumulate) price", "~$10–12", "~$10.5–12"]]
    panel.choose(1, 2)
    assert rows(panel.diff_model) == [["Example ($11) stop", "~$9–9.5", "~$8.5–9"]]
    assert panel.summary.text() == "1 level or rule differ."
    qtmodeltester.check(panel.versions_model)  # type: ignore[attr-defined]
    qtmodeltester.check(panel.diff_model)  # type: ignore[attr-defined]

    panel.choose(1, None)
    assert len(rows(panel.diff_model)) == 2
    assert panel.restore()
    assert session.desk.plan == session.desk.version(1).plan
    assert len(session.desk.versions) == 2  # restoring makes no version
    assert rows(panel.diff_model) == []  # v1 against the current plan: now the same
    assert session.undo()  # one edit: back to the unsaved plan
    assert session.desk.plan.zone("accumulate").price.low == 10.5
    assert session.desk.plan != session.desk.version(2).plan


def test_the_window_has_the_plan_menu_and_builds_the_journal_tab_lazily(
    qtbot: QtBot, data_dir: object
) -> None:
    from kcdesk.app import build_main_window
    from kcdesk.data.paths import app_paths
    from kcdesk.data.store import Store
    from kcdesk.ui.tabs.journal_tab import JournalTab

    paths = app_paths(data_dir).ensure()  # type: ignore[arg-type]
    with Store.open(paths) as store:
        window = build_main_window(paths, "KC", store)
        qtbot.addWidget(window)
        menus = {a.text(): a.menu() for a in window.menuBar().actions()}
        assert [a.text() for a in menus["P&lan"].actions()] == ["&Save version…", "&Versions…"]
        assert "Journal" not in window.tabs.built  # not built until shown
        assert isinstance(window.tabs.page("Journal"), JournalTab)
        assert window.plan_versions.panel is None  # built when first asked for
        panel = VersionsPanel(window.session)
        qtbot.addWidget(panel)
        assert rows(panel.versions_model) == [] and not panel.restore_button.isEnabled()
