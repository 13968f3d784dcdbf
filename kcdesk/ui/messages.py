"""User messages: one object every part of the window posts to, and the status bar shows.

Not another object's signal: the session, the price actions and the tabs each hold this object
and call `info`, `warning` or `error`; the main window connects `posted` to the status bar.

Signals:
    posted(Message): a message to show now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QObject, Signal

Level = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Message:
    """One thing to tell the user, and how loudly."""

    text: str
    level: Level = "info"


class Messages(QObject):
    """Where messages to the user go; keeps the last one for views built later."""

    posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last: Message | None = None

    def post(self, text: str, level: Level = "info") -> None:
        self.last = Message(text, level)
        self.posted.emit(self.last)

    def info(self, text: str) -> None:
        self.post(text, "info")

    def warning(self, text: str) -> None:
        self.post(text, "warning")

    def error(self, text: str) -> None:
        self.post(text, "error")
