"""Test doubles for the session's store: records each commit (one per action), fails on demand."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kcdesk.model.desk.desk import Part


class FakeStore:
    """Each commit is one transaction; `fail` makes the next commits raise like a full disk."""

    def __init__(self) -> None:
        self.commits: list[tuple[str, dict[Part, Any], str]] = []
        self.fail = False

    def commit(self, ticker: str, changes: Mapping[Part, Any], action: str) -> None:
        if self.fail:
            raise OSError(28, "No space left on device")
        self.commits.append((ticker, dict(changes), action))

    @property
    def last(self) -> dict[Part, Any]:
        return self.commits[-1][1]
