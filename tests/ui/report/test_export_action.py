"""File ▸ Export report…: the window's desk and prices written where the dialog says, and told."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.store import Store
from tests.ui.test_main_window import open_window

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen warns on show()


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = Store.open(app_paths(data_dir).ensure())
    yield s
    s.close()


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path, store: Store) -> Any:
    paths: AppPaths = app_paths(data_dir)
    return open_window(qtbot, paths, store)


def file_action(window: Any, text: str) -> Any:
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    (action,) = [a for a in menu.actions() if a.text() == text]
    return action


def test_the_action_writes_the_report_the_dialog_names(
        window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked = str(tmp_path / "my report")  # no suffix typed: the chosen filter gives it
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (asked, "Web page, one file (*.html)"))
    file_action(window, "Export &report…").trigger()
    out = tmp_path / "my report.html"
    # what the window shows: a fresh profile's KC plan on the shipped sample, labelled
    assert window.session.prices.is_sample
    text = out.read_text(encoding="utf-8")
    assert "~$10–12" in text and "SAMPLE PRICES — NOT MARKET DATA" in text
    assert window.message_label.text() == f"Report written to {out}."


def test_a_cancelled_dialog_writes_nothing(
        window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    before = window.message_label.text()
    file_action(window, "Export &report…").trigger()
    assert list(tmp_path.glob("*.html")) == [] and window.message_label.text() == before


def test_a_report_that_cannot_be_written_is_told(window: Any, tmp_path: Path) -> None:
    from kcdesk.ui.report.export_action import export_session_report

    assert not export_session_report(window.session, tmp_path / "gone" / "kc.pdf")
    assert window.message_label.text().startswith("Report not written: ")
    assert "no such directory" in window.message_label.text()
