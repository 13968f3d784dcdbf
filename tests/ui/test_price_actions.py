"""Refresh from the window on a hanging network: Cancel answers at once, late answers drop."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from pytestqt.qtbot import QtBot

from kcdesk.data.paths import app_paths
from kcdesk.ui.messages import Messages
from kcdesk.ui.price_actions import PriceActions
from kcdesk.ui.tasks import TaskRunner


class FakeSession(QObject):
    """What PriceActions uses of the session: the plan's ticker, set_prices and messages."""

    def __init__(self) -> None:
        super().__init__()
        self.plan = SimpleNamespace(ticker="KC")
        self.shown: list[Any] = []
        self.posted: list[tuple[str, str]] = []
        self.messages = Messages()
        self.messages.posted.connect(lambda m: self.posted.append((m.text, m.level)))

    def set_prices(self, series: Any) -> None:
        self.shown.append(series)


class HangingService:
    """A price service whose refresh blocks like yfinance on a dead network, until released."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.entered = threading.Event()
        self.calls = 0

    def refresh(self, paths: Any, ticker: str, **kw: Any) -> Any:
        self.calls += 1
        self.entered.set()
        self.release.wait()
        return SimpleNamespace(ticker=ticker, note="a late answer")


def test_cancel_on_a_hanging_refresh_answers_at_once_and_drops_the_late_result(
        qtbot: QtBot, data_dir: Path) -> None:
    session, service, runner = FakeSession(), HangingService(), TaskRunner()
    actions = PriceActions(session, app_paths(data_dir), service, runner)  # type: ignore[arg-type]
    actions.refresh()
    qtbot.waitUntil(service.entered.is_set, timeout=10_000)
    assert actions.running
    actions.cancel()  # no event loop turn needed: the user is answered now
    assert session.posted[-1] == ("Cancelled — prices unchanged", "warning")
    assert not actions.running and not runner.busy
    actions.refresh()  # the app is usable: a new refresh starts while the old one hangs
    assert actions.running
    qtbot.waitUntil(lambda: service.calls == 2, timeout=10_000)
    actions.cancel()
    service.release.set()  # the network answers, too late for both
    assert runner.wait(10_000)
    QCoreApplication.processEvents()
    assert session.shown == [] and service.calls == 2
    assert [m for m in session.posted if "refreshed" in m[0]] == []
