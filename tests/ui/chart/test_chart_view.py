"""ChartView: layers, plan shown without edits, drags proposing edits, ranges, log, labels."""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcdesk.model.plan import Plan
from kcdesk.model.prices import PriceSeries
from kcdesk.model.values import PlanError
from kcdesk.ui.chart.chart_view import LAYERS, ChartView
from tests.ui.chart.conftest import drag


def test_every_layer_is_listed_and_toggles(view: ChartView) -> None:
    assert view.layers() == list(LAYERS)
    for layer in ("Zones", "Breakout", "Entries", "Stops", "Stop band", "Targets"):
        assert view.plan_layers.shapes(layer), layer
        view.set_layer_visible(layer, False)
        assert view.plan_layers.shapes(layer) == []
        assert not view.layer_visible(layer)
        view.set_layer_visible(layer, True)
        assert view.plan_layers.shapes(layer)
    view.set_layer_visible("Volume", False)
    assert not view.volume.isVisible() and not view.avg_volume.isVisible()
    view.set_layer_visible("SMA 200", False)
    assert not view.sma_slow.isVisible()
    with pytest.raises(ValueError):
        view.set_layer_visible("No such layer", True)


def test_hidden_layers_lose_their_labels(view: ChartView) -> None:
    assert any(t.startswith("Example ($11) stop") for t in view.labels.texts())
    view.set_layer_visible("Stops", False)
    assert not any(t.startswith("Example ($11) stop") for t in view.labels.texts())


def test_the_layers_menu_drives_the_same_toggle(view: ChartView) -> None:
    view.chart_actions.layers["Targets"].setChecked(False)
    assert view.plan_layers.shapes("Targets") == []


def test_showing_a_plan_is_not_an_edit(view: ChartView, kc_plan: Plan, qtbot: QtBot) -> None:
    moved = kc_plan.edit_level("stop.example", 8.5, 9.25).edit_level("zone.accumulate", 10.5, 12.5)
    with qtbot.assertNotEmitted(view.level_edit_proposed):
        view.set_plan(moved)
        view.set_plan(kc_plan)
        view.set_plan(moved)
        view.set_log_scale(True)
        view.set_log_scale(False)
    stop = view.plan_layers.shape("stop.example")
    assert (stop.low, stop.high) == pytest.approx((8.5, 9.25))
    zone = view.plan_layers.shape("zone.accumulate")
    assert (zone.low, zone.high) == pytest.approx((10.5, 12.5))


def _mid_bar(view: ChartView) -> float:
    s = view.visible_bars()
    return (s.start + s.stop) / 2


def test_dragging_a_stop_edge_proposes_the_edit_in_cents(view: ChartView, qtbot: QtBot) -> None:
    x = _mid_bar(view)
    with qtbot.waitSignal(view.level_edit_proposed) as sig:
        drag(view, (x, 9.5), (x, 9.25))  # the stop's top edge, $9.50 -> $9.25
    key, low, high = sig.args
    assert key == "stop.example" and low == 9.0
    assert high == pytest.approx(9.25, abs=0.03) and round(high, 2) == high


def test_dragging_the_entry_line_proposes_a_point(view: ChartView, qtbot: QtBot) -> None:
    x = _mid_bar(view)
    with qtbot.waitSignal(view.level_edit_proposed) as sig:
        drag(view, (x, 11.0), (x, 11.5))
    key, low, high = sig.args
    assert key == "entry.example" and low == pytest.approx(11.5, abs=0.03) and high == low


def test_an_open_ended_target_stays_open(view: ChartView, qtbot: QtBot) -> None:
    with qtbot.waitSignal(view.level_edit_proposed) as sig:
        view.plan_layers.bands.drag_finished.emit("target.long_term", 27.004, None)
    assert sig.args == ["target.long_term", 27.0, None]


def test_a_drag_on_a_log_scale_proposes_prices(view: ChartView, qtbot: QtBot) -> None:
    view.set_log_scale(True)
    assert view.plan_layers.shape("entry.example").low == pytest.approx(math.log10(11.0))
    x = _mid_bar(view)
    with qtbot.waitSignal(view.level_edit_proposed) as sig:
        drag(view, (x, math.log10(11.0)), (x, math.log10(12.0)))
    assert sig.args[0] == "entry.example"
    assert sig.args[1] == pytest.approx(12.0, abs=0.05)


def test_a_drag_away_from_levels_pans(view: ChartView, qtbot: QtBot) -> None:
    before = view.price_vb.viewRange()[0]
    s = view.visible_bars()
    with qtbot.assertNotEmitted(view.level_edit_proposed):
        drag(view, (s.start + 150, 13.0), (s.start + 100, 13.0))
    after = view.price_vb.viewRange()[0]
    assert after[0] == pytest.approx(before[0] + 50, abs=3)


def test_a_refused_edit_snaps_back(view: ChartView, kc_plan: Plan) -> None:
    """The owner answers a refused edit with the old plan; the band must return to it."""
    answers: list[str] = []

    def owner(key: str, low: float, high: float | None) -> None:
        try:
            view.set_plan(kc_plan.edit_level(key, low, high))
            answers.append("accepted")
        except PlanError:
            view.set_plan(kc_plan)  # inside the drag's own signal: must not re-emit
            answers.append("refused")

    view.level_edit_proposed.connect(owner)
    x = _mid_bar(view)
    drag(view, (x, 9.5), (x, 11.6))  # the stop's top above its $11 entry
    assert answers == ["refused"]
    stop = view.plan_layers.shape("stop.example")
    assert (stop.low, stop.high) == (9.0, 9.5)
    drag(view, (x, 9.0), (x, 8.8))
    assert answers == ["refused", "accepted"]
    assert view.plan_layers.shape("stop.example").low == pytest.approx(8.8, abs=0.03)


@pytest.mark.parametrize(("name", "bars"), [("6M", 126), ("1Y", 252), ("3Y", 756)])
def test_range_buttons_show_that_many_bars(view: ChartView, qtbot: QtBot, name: str,
                                           bars: int) -> None:
    qtbot.mouseClick(view.toolbar.range_buttons[name], Qt.MouseButton.LeftButton)
    shown = view.visible_bars()
    assert shown.stop == view.series.n  # the last bar is in view
    assert shown.stop - shown.start == pytest.approx(bars, abs=1)
    assert view.toolbar.range_buttons[name].isChecked()


def test_max_shows_every_bar_and_y_follows_them(view: ChartView) -> None:
    view.set_range("Max")
    assert view.visible_bars() == slice(0, view.series.n)
    y0, y1 = view.price_vb.viewRange()[1]
    assert y0 < view.series.low.min() and y1 > view.series.high.max()
    assert y1 - y0 < 1.3 * (view.series.high.max() - view.series.low.min())
    with pytest.raises(ValueError):
        view.set_range("2W")


def test_log_scale_toggles(view: ChartView) -> None:
    view.set_range("Max")
    linear = view.price_vb.viewRange()[1]
    view.set_log_scale(True)
    assert view.log_scale and view.price_axis.log and view.toolbar.log_button.isChecked()
    y0, y1 = view.price_vb.viewRange()[1]
    assert y0 < math.log10(view.series.low.min()) < math.log10(view.series.high.max()) < y1
    zone = view.plan_layers.shape("zone.accumulate")
    assert (zone.low, zone.high) == pytest.approx((1.0, math.log10(12.0)))
    view.set_log_scale(False)
    assert view.price_vb.viewRange()[1] == pytest.approx(linear)


def test_candles_or_line(view: ChartView) -> None:
    view.set_candles(False)
    assert not view.candles.candles and not view.toolbar.candles_button.isChecked()
    view.set_candles(True)
    assert view.candles.candles


def test_sample_label_only_for_sample_prices(view: ChartView, sample: PriceSeries) -> None:
    assert not view.sample_label.isHidden()
    real = PriceSeries("KC", sample.frame, "CSV import: test.csv", None, is_sample=False)
    view.set_prices(real)
    assert view.sample_label.isHidden()


def test_status_text_in_the_corner(view: ChartView) -> None:
    view.set_status_text("In the buy zone ($10–12)")
    assert view.status_label.text() == "In the buy zone ($10–12)"
    assert not view.status_label.isHidden()
    view.set_status_text("")
    assert view.status_label.isHidden()


def test_analyst_band_is_optional(view: ChartView) -> None:
    assert view.plan_layers.shapes("Analyst band") == []
    view.set_analyst_band(15.0, 21.0)
    (band,) = view.plan_layers.shapes("Analyst band")
    assert (band.low, band.high) == (15.0, 21.0) and not band.editable
    assert any(t.startswith("Analyst targets") for t in view.labels.texts())
    view.set_analyst_band(None, None)
    assert view.plan_layers.shapes("Analyst band") == []


def test_labels_do_not_overlap(view: ChartView) -> None:
    for name in ("1Y", "Max"):
        view.set_range(name)
        boxes = sorted((box for _, _, box in view.labels.placements()), key=lambda b: b.top())
        assert len(boxes) >= 12
        for upper, lower in itertools.pairwise(boxes):
            assert upper.bottom() <= lower.top() + 1e-6


def test_breakout_marks_on_confirmed_bars(view: ChartView) -> None:
    xs, _ = view.breakout_marks.getData()
    assert len(xs) > 0
    s = view.series
    for i in xs.astype(int):
        assert s.close[i] > 16.0  # above the whole $15–16 range



def test_a_named_range_survives_resizes(view: ChartView, qtbot: QtBot) -> None:
    view.resize(700, 500)
    qtbot.wait(20)
    view.set_range("1Y")
    view.resize(1600, 900)
    qtbot.wait(20)  # let the resize reach the view boxes
    shown = view.visible_bars()
    assert shown.stop == view.series.n
    assert shown.stop - shown.start == pytest.approx(252, abs=1)
    # the right margin kept for the level labels is the one this width needs
    after_resize = view.price_vb.viewRange()[0]
    view.set_range("1Y")
    assert view.price_vb.viewRange()[0] == pytest.approx(after_resize, abs=0.5)
