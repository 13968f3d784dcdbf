"""File ▸ Import metrics…: a preview of what is added and overwritten, then one undoable action."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from kcdesk.data.documents import load_desk
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.model.desk.desk import Part
from kcdesk.ui.messages import Messages
from kcdesk.ui.metrics_import import ImportPreviewDialog, commit_preview, read_preview
from kcdesk.ui.session import Session

TODAY = date(2026, 1, 15)


def test_the_preview_shows_added_and_overwritten_and_import_is_one_undo_step(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    f = tmp_path / "q4.csv"
    f.write_text("quarter,metric,value,currency,source\n"
                 "2025Q4,revenue,2600..2700,rmb,guidance\n"
                 "2025Q3,revenue,2490,rmb,restated\n", encoding="utf-8")  # fmt: skip
    with Store.open(app_paths(data_dir)) as store:
        desk, research = load_desk(store, "KC")
        session = Session(desk, research, store, Messages())
        preview = read_preview(session, f, TODAY)
        assert preview is not None
        dialog = ImportPreviewDialog(f.name, preview)
        qtbot.addWidget(dialog)
        text = dialog.text.toPlainText()
        assert text.startswith("Adds 1, overwrites 1;")
        assert "+ 2025Q4  revenue  RMB 2,600–2,700M" in text
        assert "~ 2025Q3  revenue  RMB 2,480M" in text and "→ 2025Q3  revenue  RMB 2,490M" in text
        assert session.desk.metric_log is None  # the preview wrote nothing
        assert commit_preview(session, f, preview)
        assert store.read_parts("KC")[Part.METRIC_LOG] == preview.log
        assert session.undo_stack.count() == 1
        assert session.undo()
        assert store.read_parts("KC")[Part.METRIC_LOG] is None  # back to the report's quarters


def test_a_bad_file_is_refused_with_its_line_and_nothing_changes(
    data_dir: Path, tmp_path: Path
) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("quarter,metric,value\n2025Q3,revenue_yoy_pct,31\n2025Q5,revenue_yoy_pct,3\n",
                 encoding="utf-8")
    with Store.open(app_paths(data_dir)) as store:
        desk, research = load_desk(store, "KC")
        session = Session(desk, research, store, Messages())
        assert read_preview(session, f, TODAY) is None
        assert session.messages.last is not None
        assert "line 3" in session.messages.last.text and "nothing imported" in (
            session.messages.last.text)
        assert Part.METRIC_LOG not in store.read_parts("KC")


def test_the_window_builds_the_metrics_tab_when_first_shown(qtbot: QtBot, data_dir: Path) -> None:
    from kcdesk.app import build_main_window
    from kcdesk.ui.tabs.metrics_tab import MetricsTab

    paths = app_paths(data_dir).ensure()
    with Store.open(paths) as store:
        window = build_main_window(paths, "KC", store)
        qtbot.addWidget(window)
        assert "Metrics" not in window.tabs.built  # nothing built with the window
        assert isinstance(window.tabs.page("Metrics"), MetricsTab)
        assert window.import_metrics_action.text() == "Import &metrics…"
