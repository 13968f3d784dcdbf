"""Start-up with a damaged, empty, newer or busy profile: the user is told, offered the good
backups (newest first) or a fresh start, and nothing of theirs is deleted."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.store import Store
from kcdesk.startup import load_or_recover, open_store


class FakeDialogs:
    """Answers the start-up questions like a user would (`pick(options)` → index or None)."""

    def __init__(self, pick: object = 0) -> None:
        self.pick = pick
        self.shown: list[tuple[str, str]] = []
        self.offered: list[list[str]] = []

    def critical(self, title: str, text: str) -> None:
        self.shown.append((title, text))

    def choose(self, title: str, text: str, options: Sequence[str]) -> int | None:
        self.shown.append((title, text))
        self.offered.append(list(options))
        return self.pick(options) if callable(self.pick) else self.pick  # type: ignore[return-value]


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir).ensure()


def _backups_with_markers(paths: AppPaths, markers: Sequence[int]) -> list[Path]:
    """One backup per marker (each session saves a plan with that marker): newest first."""
    from datetime import UTC, datetime, timedelta

    for n, marker in enumerate(markers):
        moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=n)
        with Store.open(paths, now=lambda m=moment: m) as store:
            store.save_plan("KC", {"ticker": "KC", "marker": marker}, "edit")
    return Store.backups(paths)


def saved_then_damaged(paths: AppPaths) -> bytes:
    _backups_with_markers(paths, [1])
    paths.store_file.write_bytes(b"this is not a database" * 100)
    return paths.store_file.read_bytes()


def _aside(paths: AppPaths) -> list[Path]:
    return [p for p in paths.data_dir.iterdir() if p.name.startswith(paths.store_file.name
                                                                     + ".corrupt")]


def test_a_damaged_store_offers_the_latest_backup_and_restores_it(paths: AppPaths) -> None:
    saved_then_damaged(paths)
    dialogs = FakeDialogs(pick=0)
    store = open_store(paths, dialogs)
    assert store is not None
    try:
        assert store.get_plan("KC") == {"ticker": "KC", "marker": 1}
    finally:
        store.close()
    assert "damaged" in dialogs.shown[0][0]
    assert dialogs.offered[0][0].startswith("Restore the backup")
    assert len(_aside(paths)) == 1  # the damaged file is kept, renamed


def test_quitting_leaves_the_damaged_file_alone(paths: AppPaths) -> None:
    damaged = saved_then_damaged(paths)
    assert open_store(paths, FakeDialogs(pick=None)) is None
    assert paths.store_file.read_bytes() == damaged


def test_an_empty_store_file_is_damaged_not_a_new_profile(paths: AppPaths) -> None:
    _backups_with_markers(paths, [7])
    backups_before = Store.backups(paths)
    paths.store_file.write_bytes(b"")
    for sidecar in ("-wal", "-shm"):
        Path(f"{paths.store_file}{sidecar}").unlink(missing_ok=True)
    dialogs = FakeDialogs(pick=None)
    assert open_store(paths, dialogs) is None
    assert "empty (0 bytes)" in dialogs.shown[0][1]
    assert paths.store_file.read_bytes() == b""  # nothing written into it
    assert Store.backups(paths) == backups_before  # no backup of the empty file thinned them
    # and the command line does not write a schema into it either
    from kcdesk.cli import main

    assert main(["--data-dir", str(paths.data_dir), "export-plan"]) == 2
    assert paths.store_file.read_bytes() == b""


def test_a_damaged_store_without_backups_can_start_a_new_profile(paths: AppPaths) -> None:
    paths.store_file.write_bytes(b"junk" * 50)
    dialogs = FakeDialogs(pick=0)  # the only option: a new profile
    store = open_store(paths, dialogs)
    assert store is not None
    store.close()
    assert dialogs.offered[0] == [
        "Start a new, empty profile (the damaged file is kept, renamed)"
    ]
    assert "No good backup" in dialogs.shown[0][1]
    assert [p.read_bytes() for p in _aside(paths)] == [b"junk" * 50]


def test_when_the_newest_backup_is_damaged_too_the_older_good_one_is_offered(
    paths: AppPaths,
) -> None:
    # each session backs up after opening and on closing: newest first, the close after
    # marker 2 was saved, then the open that still held marker 1
    newer, older, *_ = _backups_with_markers(paths, [1, 2])
    newer.write_bytes(b"not a database either" * 10)
    paths.store_file.write_bytes(b"garbage" * 10)
    dialogs = FakeDialogs(pick=0)
    store = open_store(paths, dialogs)
    assert store is not None
    try:
        assert store.get_plan("KC") == {"ticker": "KC", "marker": 1}  # the older, good one
    finally:
        store.close()
    assert dialogs.offered[0][0] == f"Restore the backup {older.name}"
    assert all(newer.name not in option for option in dialogs.offered[0])


def test_a_store_from_a_newer_version_is_refused_untouched(paths: AppPaths) -> None:
    with Store.open(paths):
        pass
    con = sqlite3.connect(paths.store_file)
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = paths.store_file.read_bytes()
    dialogs = FakeDialogs(pick=0)
    assert open_store(paths, dialogs) is None
    assert "newer" in dialogs.shown[0][1]
    assert paths.store_file.read_bytes() == before


def test_a_second_instance_is_told_the_first_is_running(paths: AppPaths) -> None:
    with Store.open(paths):
        dialogs = FakeDialogs(pick=0)
        assert open_store(paths, dialogs) is None
        assert "already running" in dialogs.shown[0][1]


def _damage_plan_row(paths: AppPaths, text: str) -> None:
    with Store.open(paths) as store:
        store.save_plan("KC", {"ticker": "KC"}, "edit")
    con = sqlite3.connect(paths.store_file)
    con.execute("UPDATE plans SET plan_json = ?", (text,))
    con.commit()
    con.close()


def _load_plan(store: Store) -> str:
    from kcdesk.data.documents import load_desk

    return load_desk(store, "KC")[0].plan.name


@pytest.mark.parametrize("row", ["{not json", '{"ticker": "KC", "zones": 5}'])
def test_a_damaged_plan_row_can_be_started_afresh_and_is_kept_aside(
    paths: AppPaths, row: str
) -> None:
    _damage_plan_row(paths, row)
    store = open_store(paths, FakeDialogs())
    assert store is not None
    dialogs = FakeDialogs(pick=lambda options: len(options) - 1)  # "start afresh"
    loaded = load_or_recover(paths, store, "KC", _load_plan, dialogs)
    assert loaded is not None
    store, name = loaded
    try:
        assert name.startswith("Kingsoft Cloud")  # the shipped plan
        assert "your stored plan for KC cannot be read" in dialogs.shown[0][1]
        kept = store._live().execute("SELECT part, content FROM set_aside").fetchall()
        assert kept == [("plan", row)]
    finally:
        store.close()


def test_a_damaged_plan_row_can_be_restored_from_a_backup(paths: AppPaths) -> None:
    from kcdesk.data.documents import load_shipped_document
    from kcdesk.data.plan_json import plan_to_json

    good = plan_to_json(load_shipped_document("KC").plan)
    good["name"] = "My edited KC plan"
    with Store.open(paths) as store:
        store.save_plan("KC", good, "edit")
    con = sqlite3.connect(paths.store_file)
    con.execute("UPDATE plans SET plan_json = '[1, 2'")
    con.commit()
    con.close()
    store = open_store(paths, FakeDialogs())
    assert store is not None
    loaded = load_or_recover(paths, store, "KC", _load_plan, FakeDialogs(pick=0))
    assert loaded is not None
    store, name = loaded
    store.close()
    assert name == "My edited KC plan"


def test_quitting_at_a_damaged_plan_changes_nothing(paths: AppPaths) -> None:
    _damage_plan_row(paths, "{not json")
    store = open_store(paths, FakeDialogs())
    assert load_or_recover(paths, store, "KC", _load_plan, FakeDialogs(pick=None)) is None
    con = sqlite3.connect(paths.store_file)
    assert con.execute("SELECT plan_json FROM plans").fetchall() == [("{not json",)]
    con.close()
    Store.open(paths).close()  # the store was closed: the profile is free


def test_the_command_line_names_a_damaged_plan_and_the_way_out(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    from kcdesk.cli import main

    _damage_plan_row(paths, "{not json")
    assert main(["--data-dir", str(paths.data_dir), "export-plan"]) == 2
    err = capsys.readouterr().err
    assert "your stored plan for KC cannot be read: not valid JSON" in err
    assert "restore a backup" in err


def test_a_ticker_without_a_plan_is_told_not_a_traceback(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kcdesk.app as app_mod

    dialogs = FakeDialogs(pick=0)
    monkeypatch.setattr(app_mod, "_Dialogs", lambda: dialogs)
    assert app_mod.open_window(paths.data_dir, "NOPE") is None
    assert "NOPE" in dialogs.shown[0][1]
    with Store.open(paths):  # the store was closed again: the profile is free
        pass


def test_a_data_dir_that_is_a_file_is_told_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kcdesk.app as app_mod

    a_file = tmp_path / "profile"
    a_file.write_text("I am a file")
    dialogs = FakeDialogs(pick=0)
    monkeypatch.setattr(app_mod, "_Dialogs", lambda: dialogs)
    assert app_mod.open_window(a_file, "KC") is None
    assert dialogs.shown[0][0] == "KC Desk cannot use this profile folder"
    assert a_file.read_text() == "I am a file"
