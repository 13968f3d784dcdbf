"""Start-up with a damaged, newer or busy profile: the user is told, and offered the backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kcdesk.app import _open_store
from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.store import Store


class FakeDialogs:
    """Answers the start-up questions like a user would, and remembers what was shown."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.shown: list[tuple[str, str]] = []

    def critical(self, title: str, text: str) -> None:
        self.shown.append((title, text))

    def question(self, title: str, text: str) -> bool:
        self.shown.append((title, text))
        return self.answer


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir).ensure()


def saved_then_damaged(paths: AppPaths) -> bytes:
    with Store.open(paths) as store:
        store.save_plan("KC", {"ticker": "KC", "marker": 1}, "edit")
    paths.store_file.write_bytes(b"this is not a database" * 100)
    return paths.store_file.read_bytes()


def test_a_damaged_store_offers_the_latest_backup_and_restores_it(paths: AppPaths) -> None:
    saved_then_damaged(paths)
    dialogs = FakeDialogs(answer=True)
    store = _open_store(paths, dialogs)
    assert store is not None
    try:
        assert store.get_plan("KC") == {"ticker": "KC", "marker": 1}
    finally:
        store.close()
    assert "damaged" in dialogs.shown[0][0]
    assert any(
        p.name.startswith(paths.store_file.name + ".corrupt") for p in paths.data_dir.iterdir()
    )


def test_declining_the_backup_leaves_the_damaged_file_alone(paths: AppPaths) -> None:
    damaged = saved_then_damaged(paths)
    assert _open_store(paths, FakeDialogs(answer=False)) is None
    assert paths.store_file.read_bytes() == damaged


def test_a_store_from_a_newer_version_is_refused_untouched(paths: AppPaths) -> None:
    with Store.open(paths):
        pass
    con = sqlite3.connect(paths.store_file)
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = paths.store_file.read_bytes()
    dialogs = FakeDialogs(answer=True)
    assert _open_store(paths, dialogs) is None
    assert "newer" in dialogs.shown[0][1]
    assert paths.store_file.read_bytes() == before


def test_a_second_instance_is_told_the_first_is_running(paths: AppPaths) -> None:
    with Store.open(paths):
        dialogs = FakeDialogs(answer=True)
        assert _open_store(paths, dialogs) is None
        assert "already running" in dialogs.shown[0][1]


def test_a_ticker_without_a_plan_is_told_not_a_traceback(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kcdesk.app as app_mod

    dialogs = FakeDialogs(answer=True)
    monkeypatch.setattr(app_mod, "_Dialogs", lambda: dialogs)
    assert app_mod.open_window(paths.data_dir, "NOPE") is None
    assert "NOPE" in dialogs.shown[0][1]
    with Store.open(paths):  # the store was closed again: the profile is free
        pass
