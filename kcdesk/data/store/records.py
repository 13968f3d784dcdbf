"""The user store's records, errors and input checks (a refused value raises before any write)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kcdesk.data.disk_errors import plain_cause
from kcdesk.model.values import PlanError


class StoreError(Exception):
    """The store could not do what was asked; the message is meant for the user."""


def failed(doing: str, error: BaseException, where: Path, tail: str = "") -> StoreError:
    """StoreError "could not <doing>: <the plain cause> (<the error>)<tail>" for the user."""
    cause = plain_cause(error, where)
    detail = "" if str(error) in cause else f" ({error})"
    return StoreError(f"could not {doing}: {cause}{detail}{tail}")


class NewerStoreError(StoreError):
    """The file was written by a newer KC Desk; it was refused and left untouched."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path, self.found, self.supported = path, found, supported
        super().__init__(
            f"{path}: this data was written by a newer KC Desk (schema {found}; this version "
            f"reads up to {supported}) — nothing was changed"
        )


class CorruptStoreError(StoreError):
    """The file is damaged; it was not written to. `backups` lists the backups, newest first."""

    def __init__(self, path: Path, reason: str, backup_files: list[Path]) -> None:
        self.path, self.reason, self.backups = path, reason, backup_files
        offer = (
            f"the latest backup is {backup_files[0].name} ({len(backup_files)} in all)"
            if backup_files
            else "there is no backup"
        )
        super().__init__(f"{path} is damaged ({reason}); it was left as it is, and {offer}")


class DamagedPartError(StoreError):
    """One stored part of a ticker's desk no longer reads (bad JSON, or not a valid value).

    The rest of the store is fine: the user can restore a backup, or start that part afresh
    with the damaged row kept aside (`Store.set_aside_part`).
    """

    def __init__(self, ticker: str, part: str, reason: str) -> None:
        self.ticker, self.part, self.reason = ticker, part, reason
        name = part.replace("_", " ")
        super().__init__(f"your stored {name} for {ticker} cannot be read: {reason}")


class AlreadyRunningError(StoreError):
    """Another live KC Desk process holds this profile."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        super().__init__(
            f"KC Desk is already running with this profile (pid {pid if pid else 'unknown'})"
        )


# ---- input checks: a refused value raises PlanError (a ValueError) before anything is written


_QUARTER = re.compile(r"^\d{4}Q[1-4]$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid_text(field: str, value: object, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise PlanError(field, value, "must be text")
    if required and not value.strip():
        raise PlanError(field, value, "cannot be empty")
    return value.strip() if required else value


def json_text(field: str, value: object, *, must_be_object: bool = False) -> str:
    if must_be_object and not isinstance(value, dict):
        raise PlanError(field, type(value).__name__, "must be a JSON object (a dict)")
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise PlanError(field, value, f"cannot be stored as JSON ({exc})") from None
