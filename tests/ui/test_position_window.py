"""The sizer and ladder in the whole window on a real store: kept over a restart, on the chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRectF, Qt
from pytestqt.qtbot import QtBot

from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.store import Store
from kcdesk.ui.chart.position_box import BOX_BARS
from kcdesk.ui.tabs.ladder_panel import SHARES
from tests.ui.test_main_window import FakeSource, bars, open_window


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir).ensure()


def window_on(qtbot: QtBot, paths: AppPaths, store: Store) -> Any:
    return open_window(qtbot, paths, store, FakeSource(bars("2024-01-01", 300)))


def test_the_inputs_and_the_ladder_survive_a_restart(qtbot: QtBot, paths: AppPaths) -> None:
    with Store.open(paths) as store:
        window = window_on(qtbot, paths, store)
        sizer = window.plan_tab.sizer
        edit = sizer.fields["account_size"]
        edit.selectAll()
        qtbot.keyClicks(edit, "250000")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        model = window.plan_tab.ladder.model
        model.setData(model.index(1, SHARES), "40")
        window.close()
    with Store.open(paths) as store:
        window = window_on(qtbot, paths, store)
        tab = window.plan_tab
        assert tab.sizer.fields["account_size"].text() == "250000"
        # cap 1 % of 250,000 = 2,500 / 12 = 208; risk 0.5 % = 1,250 / 2.40 = 520
        assert tab.sizer.limit_shares["allocation"].text() == "<b>208 shares ← binding</b>"
        assert tab.ladder.model.index(1, SHARES).data() == "40"
        assert not window.undo_action.isEnabled()  # a new session starts a new undo history


def test_selecting_a_tranche_draws_its_position_box(qtbot: QtBot, paths: AppPaths) -> None:
    with Store.open(paths) as store:
        window = window_on(qtbot, paths, store)
        box = window.chart.position_box
        assert not box.shown and not box.reward.isVisible()
        window.plan_tab.ladder.table.selectRow(0)  # Buy zone (accumulate) $10–12
        assert box.shown
        x1 = window.chart.series.n - 0.5  # the box ends at the last bar (of the sample prices)
        # entry at the zone's top $12, stop 20 % below $9.60, target the short-term $14
        assert box.reward.rect() == QRectF(x1 - BOX_BARS, 12.0, BOX_BARS, 2.0)
        risk = box.risk.rect()
        assert (risk.left(), risk.width()) == (x1 - BOX_BARS, BOX_BARS)
        assert risk.top() == pytest.approx(9.6) and risk.bottom() == pytest.approx(12.0)
        # R = (14 − 12) / (12 − 9.60) = 0.83
        assert "R/R 0.83 · 20 sh" in box.ratio_text.toPlainText()
        assert box.target_text.toPlainText() == "Target $14.00 (+16.7%)"
        assert box.stop_text.toPlainText() == "Stop $9.60 (-20.0%)"
        # the y range takes in the whole box
        lo, hi = window.chart.price_vb.viewRange()[1]
        assert lo <= 9.6 and hi >= 14.0
        # a log scale moves the box with the prices
        window.chart.set_log_scale(True)
        assert box.reward.rect().top() == pytest.approx(1.0792, abs=1e-4)  # log10(12)
        window.chart.set_log_scale(False)
        # a changed stop redraws it: $11 -> R = 2 / 1 = 2.00
        model = window.plan_tab.ladder.model
        model.setData(model.index(0, 3), "11")
        assert box.risk.rect().top() == pytest.approx(11.0)
        assert "R/R 2.00" in box.ratio_text.toPlainText()
        # View > Layers > Position hides it; selecting nothing clears it
        window.chart.chart_actions.layers["Position"].trigger()
        assert not box.reward.isVisible() and not box.shown
        window.chart.chart_actions.layers["Position"].trigger()
        assert box.reward.isVisible()
        window.plan_tab.ladder.table.clearSelection()
        assert box.tranche is None and not box.risk.isVisible()
        window.close()
