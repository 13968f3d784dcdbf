"""The user store's records, errors and input checks (a refused value raises before any write)."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kcdesk.model.values import PlanError


class StoreError(Exception):
    """The store could not do what was asked; the message is meant for the user."""


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


class AlreadyRunningError(StoreError):
    """Another live KC Desk process holds this profile."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        super().__init__(
            f"KC Desk is already running with this profile (pid {pid if pid else 'unknown'})"
        )


@dataclass(frozen=True)
class PlanVersion:
    """One saved state of a ticker's plan, for the history list."""

    id: int
    ticker: str
    saved_at: datetime
    note: str


@dataclass(frozen=True)
class ChecklistState:
    """The user's state of one checklist item (a catalyst, a metric to track…)."""

    item_key: str
    status: str
    date: str | None
    note: str
    updated_at: datetime


@dataclass(frozen=True)
class MetricEntry:
    """One logged quarterly figure with where it came from."""

    ticker: str
    quarter: str
    metric: str
    value: float
    source: str
    reported_on: str | None
    updated_at: datetime


@dataclass(frozen=True)
class Trade:
    """One actual trade in the journal."""

    id: int
    ticker: str
    traded_on: str
    side: str
    shares: float
    price: float
    fees: float
    note: str
    created_at: datetime


# ---- input checks: a refused value raises PlanError (a ValueError) before anything is written


_QUARTER = re.compile(r"^\d{4}Q[1-4]$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid_text(field: str, value: object, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise PlanError(field, value, "must be text")
    if required and not value.strip():
        raise PlanError(field, value, "cannot be empty")
    return value.strip() if required else value


def valid_date(field: str, value: object, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if isinstance(value, str) and _ISO_DATE.match(value):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value).isoformat()
    raise PlanError(field, value, "must be a date written YYYY-MM-DD")


def valid_quarter(value: object) -> str:
    if not isinstance(value, str) or not _QUARTER.match(value):
        raise PlanError("quarter", value, "must be written YYYYQn with n from 1 to 4, e.g. 2025Q3")
    return value


def json_text(field: str, value: object, *, must_be_object: bool = False) -> str:
    if must_be_object and not isinstance(value, dict):
        raise PlanError(field, type(value).__name__, "must be a JSON object (a dict)")
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise PlanError(field, value, f"cannot be stored as JSON ({exc})") from None
