"""What a failed disk or SQLite operation means, in the words a user can act on."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

# sqlite error names, then errno, then the plain reason.
_CAUSES = (
    (("SQLITE_FULL",), (errno.ENOSPC, errno.EDQUOT),
     "the disk is full — free some space and try again"),
    (("SQLITE_READONLY",), (errno.EROFS,),
     "the disk or folder is read-only"),
    (("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"), (errno.EACCES, errno.EPERM),
     "permission denied — check who may read and write the file"),
    (("SQLITE_BUSY", "SQLITE_LOCKED"), (),
     "another program is using it — try again in a moment"),
)
FULL = _CAUSES[0][2]
# Below this much free space an I/O error is taken for a full disk: SQLite reports a full disk
# as "disk I/O error" when it cannot grow its shared-memory or journal file.
_NEARLY_FULL_BYTES = 1 << 20


def disk_nearly_full(where: Path | None) -> bool:
    """Whether the disk holding `where` has (almost) no free space left."""
    if where is None:
        return False
    folder = where if where.is_dir() else where.parent
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


def plain_cause(error: BaseException, where: Path | None = None) -> str:
    """The reason behind `error` as a user reads it ("the disk is full — …")."""
    name = getattr(error, "sqlite_errorname", None) or ""
    number = error.errno if isinstance(error, OSError) else None
    for names, numbers, text in _CAUSES:
        if name.startswith(names) or number in numbers:
            return text
    if (name.startswith("SQLITE_IOERR") or isinstance(error, OSError)) and disk_nearly_full(
        where
    ):
        return FULL
    if isinstance(error, OSError) and error.strerror:
        return f"the disk reported an error ({error.strerror})"
    return f"the disk reported an error ({error})"
