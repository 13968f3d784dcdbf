"""One end-to-end test per edit path on the whole window: the mouse drags a level on the chart
(mouse events on the real view, not the edit signal), the real store saves it, the chart shows
it, and Edit ▸ Undo puts both back."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.store import Store
from tests.ui.chart.conftest import drag
from tests.ui.test_main_window import FakeSource, bars, open_window

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen warns on show()


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir).ensure()


def _stored(store: Store, path: tuple[str | int, ...]) -> object:
    node: object = store.get_plan("KC")
    for step in path:
        node = node[step]  # type: ignore[index]
    return node


# (level key, the plan JSON path of what moves, from $, to $, the shape's end that moves)
PATHS = [
    ("zone.accumulate", ("zones", 0, "price", "high"), 12.0, 12.5, "high"),
    ("stop.example", ("stops", 0, "stop", "low"), 9.0, 8.7, "low"),
    ("entry.example", ("stops", 0, "entry"), 11.0, 11.4, "low"),
    ("target.short_term", ("profit_targets", 0, "price", "low"), 14.0, 13.6, "low"),
    ("breakout", ("breakout", "level", "high"), 16.0, 16.5, "high"),
]


@pytest.mark.parametrize(("key", "path", "start", "end", "edge"), PATHS,
                         ids=[p[0] for p in PATHS])
def test_a_level_dragged_with_the_mouse_is_saved_shown_and_undone(
    qtbot: QtBot, paths: AppPaths, key: str, path: tuple[str | int, ...], start: float,
    end: float, edge: str
) -> None:
    with Store.open(paths) as store:
        window = open_window(qtbot, paths, store, FakeSource(bars("2024-01-01", 300, 12.0)))
        window.resize(1500, 900)
        window.show()
        qtbot.waitExposed(window)
        chart = window.chart
        chart.set_layer_visible("Analyst band", False)  # nothing on top of the levels
        s = chart.visible_bars()
        x = s.start + (s.stop - s.start) * 0.3  # zones, stops, entries span the whole chart
        shape = chart.plan_layers.shape(key)
        if shape.lane is not None:  # a target is drawn in its lane at the right edge
            left, right = chart.plan_layers.bands._x_span(shape)
            x = (left + right) / 2
        drag(chart, (x, start), (x, end))

        moved = getattr(chart.plan_layers.shape(key), edge)
        assert moved == pytest.approx(end, abs=0.05)  # what the chart shows
        saved = _stored(store, path)
        assert saved == pytest.approx(end, abs=0.05) and saved == moved  # what was saved
        assert window.undo_action.isEnabled() and "Move" in window.undo_action.text()

        window.undo_action.trigger()
        assert getattr(chart.plan_layers.shape(key), edge) == start
        assert _stored(store, path) == start
