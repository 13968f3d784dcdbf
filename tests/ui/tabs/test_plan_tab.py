"""The Plan tab tells where the last close stands against the plan, and shows the plan itself."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pytestqt.qtbot import QtBot

from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.desk.desk import Desk
from kcdesk.model.plan import Plan
from kcdesk.model.prices import PriceSeries
from kcdesk.ui.messages import Messages
from kcdesk.ui.session import Session
from kcdesk.ui.tabs.plan_tab import PlanTab
from tests.ui.desk_fakes import FakeStore

PLAN_FILE = Path(__file__).parents[3] / "data" / "kc_plan.json"


@pytest.fixture
def plan() -> Plan:
    return plan_from_json(json.loads(PLAN_FILE.read_text(encoding="utf-8"))["plan"])


def series_ending_at(closes: list[float], sample: bool = False) -> PriceSeries:
    idx = pd.bdate_range("2025-01-01", periods=len(closes), name="date")
    c = np.array(closes, dtype=float)
    frame = pd.DataFrame(
        {"open": c, "high": c * 1.01, "low": c * 0.99, "close": c, "volume": 1e6}, index=idx
    )
    return PriceSeries("KC", frame, "test feed", datetime(2025, 6, 1), is_sample=sample)


@pytest.fixture
def session(plan: Plan) -> Session:
    return Session(Desk(plan), None, FakeStore(), Messages())


@pytest.fixture
def tab(qtbot: QtBot, session: Session) -> PlanTab:
    widget = PlanTab(session)
    qtbot.addWidget(widget)
    return widget


def test_the_plan_is_listed_with_its_report_sections(tab: PlanTab) -> None:
    text = tab.browser.toPlainText()
    for expected in (
        "~$10–12",
        "~$8–9",
        "above $15–16 on volume >40% above average",
        "10–20% below entry",
        "entry $11.00 → stop ~$9–9.5",
        "$17–19 from $12–13",
        "$25+",
        "1–3% of the portfolio",
        "3–5 years minimum",
        "11C. Comprehensive Strategy — Entry Strategy",
    ):
        assert expected in text
    assert "No prices yet" in text


def row(text: str, label: str) -> tuple[str, str]:
    """The Plan and Move-from-close cells of the first table row labelled `label`."""
    lines = text.splitlines()
    i = lines.index(label)
    return lines[i + 1], lines[i + 2]


def test_a_close_inside_the_buy_zone_is_said_and_measured(tab: PlanTab, session: Session) -> None:
    # 41 business days from 2025-01-01 (23 in January, 18 in February) end on 2025-02-26
    session.set_prices(series_ending_at([13.0] * 40 + [11.6]))
    text = tab.browser.toPlainText()
    assert "Last close $11.60 on 2025-02-26 — In Buy zone (accumulate) $10–12" in text.splitlines()
    assert row(text, "Buy zone (accumulate)") == ("$10–12", "inside")
    assert row(text, "Breakout") == ("$15–16", "+29.3%")  # (15 − 11.60)/11.60 = +29.3 %
    assert row(text, "Example ($11) stop") == ("$9–9.5", "-18.1%")  # (9.5 − 11.60)/11.60
    assert row(text, "Swing entry (pullback)") == ("$10–11", "-5.2%")  # (11 − 11.60)/11.60
    # the drop from $13 into the zone on the last bar is the one event of the last 30 days
    events = text.split("Events, last 30 days\n")[1].split("\n\n")[0]
    assert events == "2025-02-26\nEntered Buy zone (accumulate) $10–12 at $11.60"


def test_sample_prices_are_called_out(tab: PlanTab, session: Session) -> None:
    session.set_prices(series_ending_at([12.0] * 30, sample=True))
    assert "Sample prices — not market data" in tab.browser.toPlainText()
    session.set_prices(series_ending_at([12.0] * 30, sample=False))
    assert "not market data" not in tab.browser.toPlainText()


def test_events_from_the_recent_history_equal_those_from_all_of_it(plan: Plan) -> None:
    from datetime import timedelta

    from kcdesk.model.desk.standing import EVENT_DAYS, recent_events
    from kcdesk.model.plan_status import events_since

    rng = np.random.default_rng(3)
    closes = list(12 * np.exp(np.cumsum(rng.normal(0, 0.03, 3000))))
    frame = series_ending_at(closes).frame
    last = frame.index[-1].date()
    since = last - timedelta(days=EVENT_DAYS)
    full = events_since(frame, plan, since)  # scanning all 3,000 bars
    assert full  # a volatile walk crosses zones and averages
    assert recent_events(frame, Desk(plan), last) == (since, full)
