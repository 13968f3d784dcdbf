"""One running KC Desk per profile: an OS file lock held for the life of the store."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


class LockHeldError(Exception):
    """Another live process holds the lock; `pid` is what it wrote in the file, if readable."""

    def __init__(self, path: Path, pid: int | None) -> None:
        self.path = path
        self.pid = pid
        super().__init__(f"{path} is locked by pid {pid if pid is not None else 'unknown'}")


# The OS drops the lock when its holder dies, however it dies (SIGKILL, power cut): a lock file
# left behind by a dead process is just a file and never blocks. That is why the pid in the file
# is only informative and the lock file is never deleted (deleting it would let two processes
# lock two different inodes under the same name).
if sys.platform == "win32":
    import msvcrt

    # Windows locks byte ranges and refuses reads of locked bytes: lock a byte past the pid.
    _LOCK_OFFSET = 4096

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 64).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None


class InstanceLock:
    """An exclusive, non-blocking lock on a file, with this process's pid written in it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, path: Path) -> InstanceLock:
        """Take the lock or raise LockHeldError naming the holder's pid."""
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            pid = _read_pid(fd)
            os.close(fd)
            raise LockHeldError(path, pid)
        with contextlib.suppress(OSError):  # the pid is informative only; the lock is held
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        return cls(path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Drop the lock (idempotent). Closing the descriptor is what releases it."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)
