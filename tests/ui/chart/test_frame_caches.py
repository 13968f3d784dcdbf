"""The per-frame caches (axis draw specs and labels, level label placements) follow the view."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kcdesk.ui.chart.chart_view import ChartView
from kcdesk.ui.chart.level_labels import LabelSpec


def _frame(view: ChartView) -> None:
    QApplication.processEvents()
    view.grab()


def test_axis_specs_are_kept_until_the_range_changes(view: ChartView) -> None:
    _frame(view)
    axis = view.date_axis
    builds = axis.spec_builds
    view.grab()  # the same view painted again: the specs are reused
    assert axis.spec_builds == builds
    x0, x1 = view.price_vb.viewRange()[0]
    view.price_vb.setXRange(x0 - 40, x1, padding=0)  # a zoom out: other ticks
    _frame(view)
    assert axis.spec_builds == builds + 1
    strings = [text for _, _, text in axis._specs[2]]  # type: ignore[index]
    want = {label for _, label in axis.ticks(x0 - 40, x1, view.price_vb.width())}
    assert strings and set(strings) <= want


def test_axis_labels_follow_the_scale(view: ChartView) -> None:
    view.set_log_scale(False)
    _frame(view)
    linear = [text for _, _, text in view.price_axis._specs[2]]  # type: ignore[index]
    view.set_range("Max")
    _frame(view)
    wider = [text for _, _, text in view.price_axis._specs[2]]  # type: ignore[index]
    assert linear and wider and linear != wider
    assert all(text.startswith("$") for text in linear + wider)
    # each string was measured once, whatever the number of frames
    assert set(linear + wider) <= set(view.price_axis.label_sizes())


def test_label_placements_are_kept_while_the_y_range_holds(view: ChartView) -> None:
    _frame(view)
    labels = view.labels
    first = labels.placements()
    builds = labels.placement_builds
    view.grab()
    assert labels.placement_builds == builds
    assert [b for _, _, b in labels.placements()] == [b for _, _, b in first]
    y0, y1 = view.price_vb.viewRange()[1]
    view.price_vb.setYRange(y0, y1 + (y1 - y0), padding=0)  # the levels move on screen
    moved = labels.placements()
    assert labels.placement_builds == builds + 1
    assert [b for _, _, b in moved] != [b for _, _, b in first]


def test_new_labels_are_placed_again(view: ChartView) -> None:
    view.labels.placements()
    y0, y1 = view.price_vb.viewRange()[1]
    view.labels.set_labels([LabelSpec((y0 + y1) / 2, "only one", "#000000")])
    assert [s.text for s, _, _ in view.labels.placements()] == ["only one"]


def test_a_narrower_inset_moves_the_labels(view: ChartView) -> None:
    before = view.labels.placements()
    view.labels.right_inset += 30
    after = view.labels.placements()
    assert [b.right() for _, _, b in after] == [b.right() - 30 for _, _, b in before]


def test_grid_lines_follow_the_view(view: ChartView) -> None:
    _frame(view)
    grid = view.price_grid
    before = grid.lines()
    w = view.price_vb.width()
    h = view.price_vb.height()
    assert before and all(0 <= ln.x1() <= w and 0 <= ln.y1() <= h for ln in before)
    y0, y1 = view.price_vb.viewRange()[1]
    view.price_vb.setYRange(y0, y1 + (y1 - y0), padding=0)
    _frame(view)
    after = grid.lines()
    assert after != before
    # one horizontal line per price tick, one vertical line per date tick
    x0, x1 = view.price_vb.viewRange()[0]
    ys = view.price_axis.ticks(*view.price_vb.viewRange()[1], h)
    assert len(after) == len(view.date_axis.ticks(x0, x1, w)) + len(ys)


def test_hairlines_rebuilt_on_a_new_scale_cover_the_view(view: ChartView) -> None:
    _frame(view)
    x0, x1 = view.price_vb.viewRange()[0]
    view.price_vb.setXRange(x0 + 20, x1, padding=0)  # a zoom in: another scale
    _frame(view)
    cached = view.candles._hairlines
    assert cached is not None
    _, lo, hi, _ = cached
    x0, x1 = view.price_vb.viewRange()[0]
    assert lo <= x0 and x1 <= hi
