"""Opening a store file: check it whole without writing, connect (WAL, FULL sync), lock the profile.

Kept apart from the per-part writers (parts.py) and the Store's lifetime (store.py): nothing
here knows what the tables hold.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kcdesk.data import backups
from kcdesk.data.disk_errors import disk_nearly_full
from kcdesk.data.instance_lock import InstanceLock, LockHeldError
from kcdesk.data.paths import AppPaths
from kcdesk.data.store.records import (
    AlreadyRunningError,
    CorruptStoreError,
    NewerStoreError,
    StoreError,
    failed,
)
from kcdesk.data.store.schema import current_version, read_version

Clock = Callable[[], datetime]

LOCK_FILE_NAME = "kcdesk.lock"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def utc_now() -> datetime:
    return datetime.now(UTC)


def probe(path: Path, backup_files: Callable[[], list[Path]]) -> int:
    """The file's schema version, after checking it is whole; never writes a byte to it
    (except SQLite's own crash recovery, see below).

    Read-only (`mode=ro`): a file from a newer KC Desk, or a damaged one, must stay exactly as
    it is, and a read-write connection may checkpoint a WAL into it on close.
    """
    if not path.exists():
        return 0
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise failed(f"read {path}", exc, path) from exc
    if not header:
        # SQLite would take an empty file for a new database and write a schema into it; but
        # where a store is expected, an empty file is a store that lost its content.
        raise CorruptStoreError(path, "the file is empty (0 bytes)", backup_files())
    if header != _SQLITE_MAGIC:
        raise CorruptStoreError(path, "not an SQLite database", backup_files())
    try:
        try:
            version, problems = _read_only_check(path)
        except sqlite3.OperationalError as exc:
            # A crash mid-transaction left a hot journal (or a WAL to recover) that a read-only
            # connection may not replay. Any reader must replay it before reading, so let
            # SQLite do just that, then look again.
            if not getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
                raise
            _recover(path)
            version, problems = _read_only_check(path)
    except sqlite3.OperationalError as exc:  # cannot open or read: not evidence of damage
        raise failed(f"read {path}", exc, path) from exc
    except sqlite3.DatabaseError as exc:
        raise CorruptStoreError(path, str(exc), backup_files()) from exc
    if problems != ["ok"]:
        raise CorruptStoreError(path, "; ".join(problems[:3]), backup_files())
    return version


def read_only_connection(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot write to `path`. `immutable`: for a folder we may not write
    in, where SQLite cannot even create the WAL's shared-memory file to read a WAL database."""
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True, isolation_level=None)


def snapshot(path: Path, backup_files: Callable[[], list[Path]]) -> sqlite3.Connection:
    """The store's committed content copied into memory, checked, never written to the file.

    For commands that only read: they work while the window runs, on a read-only profile
    folder, and on a file from an older schema (the copy is migrated, the file is not).
    """
    try:
        probe(path, backup_files)
        source = read_only_connection(path)
        try:
            return _copy_to_memory(source)
        finally:
            source.close()
    except StoreError as exc:
        if isinstance(exc, CorruptStoreError | NewerStoreError) or (
            os.access(path.parent, os.W_OK) and not disk_nearly_full(path)
        ):
            raise
    # A folder we may not write in, or a full disk: SQLite cannot make the WAL's shared memory;
    # read the file as it is (nobody can be writing to it either).
    try:
        source = read_only_connection(path, immutable=True)
        try:
            version = read_version(source)
            if version > current_version():
                raise NewerStoreError(path, version, current_version())
            problems = [str(row[0]) for row in source.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise CorruptStoreError(path, "; ".join(problems[:3]), backup_files())
            return _copy_to_memory(source)
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise failed(f"read {path}", exc, path) from exc


def _copy_to_memory(source: sqlite3.Connection) -> sqlite3.Connection:
    memory = sqlite3.connect(":memory:", isolation_level=None)
    source.backup(memory)
    return memory


def _read_only_check(path: Path) -> tuple[int, list[str]]:
    """(user_version, integrity_check rows); NewerStoreError before checking a newer file."""
    conn = read_only_connection(path)
    try:
        version = read_version(conn)
        if version > current_version():
            raise NewerStoreError(path, version, current_version())
        return version, [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def _recover(path: Path) -> None:
    # A read through a read-write connection rolls back a hot journal / recovers the WAL.
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        read_version(conn)
    finally:
        conn.close()


def create_new(path: Path, migrate: Callable[[sqlite3.Connection], object]) -> None:
    """Make a new store file with the schema, under another name, then rename it into place:
    a kill midway leaves no empty store file (which opening would rightly call damaged)."""
    staging = path.with_name(f"{path.name}.creating")
    for suffix in ("", "-wal", "-shm", "-journal"):  # litter of an earlier killed attempt
        Path(f"{staging}{suffix}").unlink(missing_ok=True)
    try:
        conn = connect(staging)
        try:
            migrate(conn)
        finally:
            conn.close()  # checkpoints the WAL into the file and removes it
        with open(staging, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(staging, path)
        backups.fsync_dir(path.parent)
    except (OSError, sqlite3.Error) as exc:
        raise failed(f"create {path}", exc, path) from exc
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{staging}{suffix}").unlink(missing_ok=True)


def connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: the store issues BEGIN/COMMIT itself, never the sqlite3 module.
    conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: the file system refused WAL mode (got {mode!r})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def ensure_dir(paths: AppPaths) -> None:
    try:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise failed(f"create the profile folder {paths.data_dir}", exc, paths.data_dir) from exc


def lock_profile(paths: AppPaths) -> InstanceLock:
    try:
        return InstanceLock.acquire(paths.data_dir / LOCK_FILE_NAME)
    except LockHeldError as exc:
        raise AlreadyRunningError(exc.pid) from None
    except OSError as exc:
        raise failed(f"lock the profile {paths.data_dir}", exc, paths.data_dir) from exc


def stamp(now: Clock) -> datetime:
    moment = now()
    if moment.tzinfo is None:
        raise ValueError(f"the store's clock must give aware datetimes (got {moment!r})")
    return moment.astimezone(UTC)


def set_aside(target: Path, moment: datetime) -> Path | None:
    """Rename the store file and its -wal/-shm to `<name>.corrupt-<time>`; never delete."""
    stamp_text = moment.strftime("%Y%m%dT%H%M%SZ")
    aside = target.with_name(f"{target.name}.corrupt-{stamp_text}")
    n = 1
    while aside.exists():
        n += 1
        aside = target.with_name(f"{target.name}.corrupt-{stamp_text}-{n}")
    existed = target.exists()
    # The -wal goes too: replayed onto the restored file it would damage it. Kept with the
    # same suffixes, the set-aside trio can still be opened together by SQLite tools.
    for suffix in ("", "-wal", "-shm", "-journal"):
        old = Path(f"{target}{suffix}")
        if old.exists():
            old.rename(f"{aside}{suffix}")
    backups.fsync_dir(target.parent)
    return aside if existed else None
