"""Fixtures for the chart tests: the shipped KC plan, the sample prices, a shown ChartView."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.plan import Plan
from kcdesk.model.prices import PriceSeries
from kcdesk.model.sample_prices import sample_frame
from kcdesk.ui.chart.chart_view import ChartView

PLAN_FILE = Path(__file__).parents[3] / "data" / "kc_plan.json"

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform warns on every show(); it says nothing about our code.
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


@pytest.fixture
def kc_plan() -> Plan:
    return plan_from_json(json.loads(PLAN_FILE.read_text(encoding="utf-8"))["plan"])


@pytest.fixture(scope="session")
def sample() -> PriceSeries:
    return PriceSeries("KC", sample_frame(), "sample prices — not market data", None,
                       is_sample=True)


@pytest.fixture
def view(qtbot: QtBot, kc_plan: Plan, sample: PriceSeries) -> ChartView:
    """A ChartView laid out at 1200x700 with the sample prices and the KC plan."""
    chart = ChartView()
    qtbot.addWidget(chart)  # keeps a reference and closes it after the test
    chart.resize(1200, 700)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_prices(sample)
    chart.set_plan(kc_plan)
    return chart


def drag(view: ChartView, start: tuple[float, float], end: tuple[float, float],
         steps: int = 6) -> None:
    """Drag with the left button in the price pane, from and to view coordinates (bar, y)."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    viewport = view.plot.viewport()

    def at(point: tuple[float, float]) -> QPointF:
        scene = view.price_vb.mapViewToScene(QPointF(*point))
        return QPointF(view.plot.mapFromScene(scene))

    a, b = at(start), at(end)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.NoModifier

    def send(kind: QEvent.Type, pos: QPointF, button: Qt.MouseButton,
             buttons: Qt.MouseButton) -> None:
        event = QMouseEvent(kind, pos, viewport.mapToGlobal(pos), button, buttons, mods)
        QApplication.sendEvent(viewport, event)

    def pause() -> None:
        # pyqtgraph drops mouse moves closer than its rate limit (100 Hz) to the last one
        time.sleep(0.012)

    send(QEvent.Type.MouseMove, a, none, none)  # hover first, as a hand would
    pause()
    send(QEvent.Type.MouseButtonPress, a, left, left)
    for i in range(1, steps + 1):
        pause()
        send(QEvent.Type.MouseMove, a + (b - a) * (i / steps), none, left)
    pause()
    send(QEvent.Type.MouseButtonRelease, b, left, none)
