"""The review panel: what was logged since the last review, Mark reviewed (undoable) empties it
until new bars bring new events, the log survives a restart, the banner offscreen, and the
logged crosses marked on the chart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from kcdesk.data.documents import load_desk, load_shipped_document
from kcdesk.data.paths import app_paths
from kcdesk.data.store import Store
from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.plan_status import DEATH_CROSS, GOLDEN_CROSS
from kcdesk.model.prices import PriceSeries
from kcdesk.model.sample_prices import SAMPLE_SOURCE
from kcdesk.ui.chart.chart_view import ChartView
from kcdesk.ui.chart.desk_on_chart import show_on_chart
from kcdesk.ui.chart.event_marks import EVENTS_LAYER
from kcdesk.ui.messages import Messages
from kcdesk.ui.review_panel import ReviewPanel
from kcdesk.ui.session import Session
from tests.model.test_plan_status import frame_of
from tests.ui.desk_fakes import FakeStore

# golden cross on day 250, death cross on day 364 (worked in test_plan_status)
FRAME = frame_of([10.0] * 250 + [12.0] * 100 + [8.0] * 100)


def series(frame: pd.DataFrame, *, sample: bool = False) -> PriceSeries:
    return PriceSeries("KC", frame, SAMPLE_SOURCE if sample else "test feed",
                       datetime(2026, 1, 1), is_sample=sample)


def ticking() -> Callable[[], datetime]:
    """A clock an hour later at every call: each log and each review has its own time."""
    now = [datetime(2026, 1, 5, 9, 0, tzinfo=UTC)]

    def clock() -> datetime:
        now[0] += timedelta(hours=1)
        return now[0]

    return clock


def make_session(store: object = None) -> Session:
    return Session(Desk(load_shipped_document("KC").plan), None, store or FakeStore(),
                   Messages(), series(FRAME.iloc[:300]), clock=ticking())


def kinds(panel: ReviewPanel) -> list[str]:
    return [i.kind for i in panel.items]


def test_mark_reviewed_empties_the_panel_until_new_bars_bring_new_events(qtbot: QtBot) -> None:
    store = FakeStore()
    session = make_session(store)
    panel = ReviewPanel(session)
    qtbot.addWidget(panel)
    assert panel.model.rowCount() == 0  # the window does not log on opening
    session.set_prices(series(FRAME.iloc[:300]))  # a refresh: the whole history, first time
    assert GOLDEN_CROSS in kinds(panel) and panel.model.rowCount() == len(panel.items)
    assert store.last.keys() == {Part.EVENT_LOG} and not session.undo_stack.canUndo()
    assert "never reviewed" in panel.toggle.text()

    qtbot.mouseClick(panel.mark_button, Qt.MouseButton.LeftButton)
    assert panel.items == () and panel.model.rowCount() == 0
    assert not panel.mark_button.isEnabled()
    assert panel.note.text().startswith("Nothing new since your review.")
    session.set_prices(series(FRAME.iloc[:300]))  # no new bar: nothing new
    assert panel.items == ()

    session.set_prices(series(FRAME))  # 150 more bars
    new = panel.items
    assert new and all(i.on > FRAME.index[299].date() for i in new)  # only the new bars'
    assert DEATH_CROSS in kinds(panel) and GOLDEN_CROSS not in kinds(panel)
    # newest first in the table
    assert panel.model.cell_at(0, 0).text == f"{new[-1].on:%Y-%m-%d}"


def test_mark_reviewed_is_one_undoable_edit(qtbot: QtBot) -> None:
    session = make_session()
    panel = ReviewPanel(session)
    qtbot.addWidget(panel)
    session.set_prices(series(FRAME))
    before = len(panel.items)
    assert panel.mark_reviewed() and panel.items == ()
    assert session.undo_stack.undoText() == "Mark the plan reviewed"
    assert session.undo() and len(panel.items) == before
    assert session.desk.last_review is None


def test_the_log_survives_a_restart(qtbot: QtBot, data_dir: Path) -> None:
    with Store.open(app_paths(data_dir)) as store:
        desk, research = load_desk(store, "KC")
        session = Session(desk, research, store, Messages(), series(FRAME), clock=ticking())
        session.set_prices(series(FRAME))
        logged = session.desk.event_log
        assert session.propose_level_edit("zone.accumulate", 10.5, 12.0)  # a later edit
    assert logged.through == FRAME.index[-1].date()
    with Store.open(app_paths(data_dir)) as store:
        desk, research = load_desk(store, "KC")
        assert desk.event_log == logged
        panel = ReviewPanel(Session(desk, research, store, Messages(), series(FRAME)))
        qtbot.addWidget(panel)
        assert {GOLDEN_CROSS, DEATH_CROSS} <= set(kinds(panel))


def test_new_events_show_a_banner_where_there_is_no_tray(qtbot: QtBot) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # the tests run offscreen
    session = make_session()
    panel = ReviewPanel(session)
    qtbot.addWidget(panel)
    assert panel.banner.isHidden()
    session.set_prices(series(FRAME.iloc[:300]))
    assert not panel.banner.isHidden()
    n = len(session.desk.event_log.events)
    assert panel.banner_label.text().startswith(f"{n} new events for KC — latest ")
    panel.mark_reviewed()
    assert panel.banner.isHidden()
    session.set_prices(series(FRAME.iloc[:300]))  # nothing new: no banner
    assert panel.banner.isHidden()


def test_sample_prices_log_nothing_and_say_so(qtbot: QtBot) -> None:
    session = make_session()
    panel = ReviewPanel(session)
    qtbot.addWidget(panel)
    session.set_prices(series(FRAME, sample=True))
    assert session.desk.event_log.through is None and panel.banner.isHidden()
    assert "Sample prices — not market data" in panel.note.text()


def test_the_review_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: object) -> None:
    session = make_session()
    panel = ReviewPanel(session)
    qtbot.addWidget(panel)
    session.set_prices(series(FRAME))
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]


def test_the_logged_crosses_are_marked_on_the_chart_and_the_layer_hides_them(
    qtbot: QtBot,
) -> None:
    session = make_session()
    session.set_prices(series(FRAME))
    chart = ChartView()
    qtbot.addWidget(chart)
    show_on_chart(chart, session.desk, session.standing, session.prices)
    marked = [(bar, e.kind) for bar, e in chart.event_marks.marked()]
    # the zone and average events are listed, not marked; day 350 closes below the stop
    assert (250, GOLDEN_CROSS) in marked and (364, DEATH_CROSS) in marked
    assert (350, "closed_below_stop") in marked
    assert {k for _, k in marked} == {GOLDEN_CROSS, DEATH_CROSS, "closed_below_stop"}
    assert chart.event_marks.item.isVisible()
    chart.chart_actions.layers[EVENTS_LAYER].trigger()  # View ▸ Layers ▸ Events off
    assert not chart.event_marks.item.isVisible()



@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()
def test_bars_imported_while_the_window_was_closed_are_logged_after_it_opens(
    qtbot: QtBot, data_dir: Path
) -> None:
    """`kcdesk import-prices` writes only the price cache: the window logs their events once
    it is up, and the panel lists them."""
    from kcdesk.data.prices.cache import PriceCache
    from kcdesk.ui import main_window
    from tests.ui.test_main_window import FakeSource, open_window

    paths = app_paths(data_dir).ensure()
    PriceCache(paths.price_cache_file).write("KC", FRAME, "CSV import")
    with Store.open(paths) as store:
        window = open_window(qtbot, paths, store, FakeSource(FRAME))
        assert window.session.desk.event_log.events == ()  # nothing before the first frame
        window.show()
        qtbot.waitUntil(lambda: window.session.desk.event_log.through is not None,
                        timeout=main_window.CATCH_UP_AFTER_MS + 5000)
        assert {GOLDEN_CROSS, DEATH_CROSS} <= set(kinds(window.review))
    with Store.open(paths) as store:  # and it was saved
        assert load_desk(store, "KC")[0].event_log.through == FRAME.index[-1].date()
