"""Help ▸ Keyboard shortcuts lists every shortcut of every action in the window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from kcdesk import app as app_mod
from kcdesk.ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path) -> Iterator[Any]:
    started = app_mod.open_window(data_dir, "KC")
    assert started is not None
    _, store, window = started
    qtbot.addWidget(window)
    yield window
    window.close()
    store.close()


def _listed(dialog: ShortcutsDialog) -> set[tuple[str, str]]:
    m = dialog.model
    return {(m.cell_at(r, 0).text, m.cell_at(r, 1).text) for r in range(m.rowCount())}


def _native(keys: list[QKeySequence]) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()
def test_every_action_with_a_shortcut_is_listed(qtbot: QtBot, window: Any) -> None:
    dialog = window.show_shortcuts()
    qtbot.addWidget(dialog)
    listed = _listed(dialog)
    shortcuts = {_native(a.shortcuts()) for a in window.findChildren(QAction) if a.shortcuts()}
    assert shortcuts <= {keys for _, keys in listed}
    # the ones a user looks for, named as in the menus (no mnemonic ampersand)
    for row in (("Undo", "Ctrl+Z"), ("Redo", "Ctrl+Shift+Z, Ctrl+Y"),
                ("Refresh from Yahoo Finance", "F5"), ("Import prices", "Ctrl+I"),
                ("Keyboard shortcuts", "Ctrl+/")):
        assert row in listed


def test_an_action_added_later_is_listed_without_more_code(qtbot: QtBot, window: Any) -> None:
    action = QAction("&Quick open…", window)
    action.setShortcut(QKeySequence("Ctrl+K"))
    window.addAction(action)
    assert ("Quick open", "Ctrl+K") in shortcut_rows(window)
    assert all(keys for _, keys in shortcut_rows(window))  # no action without a shortcut
