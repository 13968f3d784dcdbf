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


def test_every_layer_is_listed_and_toggles(view: ChartView) -> None:
    assert view.layers() == list(LAYERS)
    for layer in ("Zones", "Breakout", "Entries", "Stops", "Stop band", "Targets"):
        items = view.plan_layers.items(layer)
        assert items, layer
        view.set_layer_visible(layer, False)
        assert not any(item.isVisible() for item in items)
        assert not view.layer_visible(layer)
        view.set_layer_visible(layer, True)
        assert all(item.isVisible() for item in items)
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
    view.toolbar.layer_actions["Targets"].setChecked(False)
    assert not any(item.isVisible() for item in view.plan_layers.items("Targets"))


def test_showing_a_plan_is_not_an_edit(view: ChartView, kc_plan: Plan, qtbot: QtBot) -> None:
    moved = kc_plan.edit_level("stop.example", 8.5, 9.25).edit_level("zone.accumulate", 10.5, 12.5)
    with qtbot.assertNotEmitted(view.level_edit_proposed):
        view.set_plan(moved)  # setRegion emits "drag finished" unless blocked
        view.set_plan(kc_plan)
        view.set_plan(moved)
        view.set_log_scale(True)
        view.set_log_scale(False)
    assert view.plan_layers.item("stop.example").getRegion() == pytest.approx((8.5, 9.25))
    assert view.plan_layers.item("zone.accumulate").getRegion() == pytest.approx((10.5, 12.5))


def test_a_finished_stop_drag_proposes_the_edit_in_cents(view: ChartView, qtbot: QtBot) -> None:
    region = view.plan_layers.item("stop.example")
    with qtbot.waitSignal(view.level_edit_proposed) as sig:
        # what a drag does: move the region, then say the drag finished
        region.setRegion((8.7349, 9.4151))
    assert sig.args == ["stop.example", 8.73, 9.42]


def test_a_finished_line_drag_proposes_the_edit(view: ChartView, qtbot: QtBot) -> None:
    entry = view.plan_layers.item("entry.example")
    entry.setValue(11.254)
    with qtbot.waitSignal(view.level_edit_proposed) as sig:
        entry.sigPositionChangeFinished.emit(entry)
    assert sig.args == ["entry.example", 11.25, 11.25]
    long_term = view.plan_layers.item("target.long_term")  # "$25+": open-ended
    long_term.setValue(27.0)
    with qtbot.waitSignal(view.level_edit_proposed) as sig:
        long_term.sigPositionChangeFinished.emit(long_term)
    assert sig.args == ["target.long_term", 27.0, None]


def test_a_drag_on_a_log_scale_proposes_prices(view: ChartView, qtbot: QtBot) -> None:
    view.set_log_scale(True)
    entry = view.plan_layers.item("entry.example")
    assert entry.value() == pytest.approx(math.log10(11.0))
    entry.setValue(math.log10(12.0))
    with qtbot.waitSignal(view.level_edit_proposed) as sig:
        entry.sigPositionChangeFinished.emit(entry)
    assert sig.args == ["entry.example", 12.0, 12.0]


def test_a_refused_edit_snaps_the_item_back(view: ChartView, kc_plan: Plan) -> None:
    """The owner answers a refused edit with the old plan; the item must return to it."""
    answers: list[str] = []

    def owner(key: str, low: float, high: float | None) -> None:
        try:
            view.set_plan(kc_plan.edit_level(key, low, high))
            answers.append("accepted")
        except PlanError:
            view.set_plan(kc_plan)  # inside the item's own signal: must not crash or re-emit
            answers.append("refused")

    view.level_edit_proposed.connect(owner)
    region = view.plan_layers.item("stop.example")
    region.setRegion((9.0, 11.5))  # a stop above its $11 entry
    assert answers == ["refused"]
    assert region.getRegion() == pytest.approx((9.0, 9.5))
    region.setRegion((8.8, 9.3))
    assert answers == ["refused", "accepted"]
    assert region.getRegion() == pytest.approx((8.8, 9.3))


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
    zone = view.plan_layers.item("zone.accumulate").getRegion()
    assert zone == pytest.approx((1.0, math.log10(12.0)))
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
    band = view.plan_layers.items("Analyst band")[0]
    assert not band.isVisible()
    view.set_analyst_band(15.0, 21.0)
    assert band.isVisible() and band.getRegion() == pytest.approx((15.0, 21.0))
    assert any(t.startswith("Analyst targets") for t in view.labels.texts())
    view.set_analyst_band(None, None)
    assert not band.isVisible()


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

