"""Plans for any ticker in the window: New plan…, the switcher and Ctrl+K, Import/Export plan…."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kcdesk.app import build_main_window
from kcdesk.data.paths import AppPaths, app_paths
from kcdesk.data.plan_import import new_plan
from kcdesk.data.prices import service
from kcdesk.data.store import Store
from kcdesk.model.desk.desk import Part
from kcdesk.ui.plan_dialogs import NewPlanDialog, QuickOpenDialog
from kcdesk.ui.ticker_switch import TickerSwitch
from tests.ui.test_main_window import bars

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen warns on show()


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return app_paths(data_dir).ensure()


@pytest.fixture
def store(paths: AppPaths) -> Iterator[Store]:
    with Store.open(paths) as s:
        yield s


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes recorded instead of shown (a test must never wait on one)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    return shown


def kc_window(qtbot: QtBot, paths: AppPaths, store: Store) -> Any:
    window = build_main_window(paths, "KC", store)
    qtbot.addWidget(window)
    return window


def switch(window: Any) -> TickerSwitch:
    assert isinstance(window.ticker_switch, TickerSwitch)
    return window.ticker_switch


def opened(qtbot: QtBot, new: Any) -> Any:
    """A window a switch opened (it deletes itself when closed: not for qtbot to close)."""
    assert new is not None and new.isVisible()
    return new


@pytest.fixture(autouse=True)
def _close_switched_windows() -> Iterator[None]:
    yield
    for window in qtbot_windows():
        window.close()


def test_new_plan_from_the_window_opens_the_blank_desk(
    qtbot: QtBot, paths: AppPaths, store: Store
) -> None:
    window = kc_window(qtbot, paths, store)
    created: list[Any] = []
    dialog = NewPlanDialog(lambda t, n, k: created.append((t, n, k)) or "", window)
    qtbot.addWidget(dialog)
    dialog.ticker.setText("msft")
    dialog.name.setText("Microsoft")
    dialog.accept()
    assert created == [("msft", "Microsoft", False)]

    assert switch(window).create_plan("msft", "Microsoft", False) == ""
    (msft,) = [w for w in qtbot_windows() if w.session.desk.ticker == "MSFT"]
    opened(qtbot, msft)
    assert "MSFT · Microsoft" in msft.windowTitle()
    assert msft.session.plan.levels() == () and msft.session.research is None
    assert msft.chart.status_label.text() in ("", "No prices")
    for i in range(msft.tabs.count()):  # every tab opens on a plan with no research
        msft.tabs.setCurrentIndex(i)
    pages = msft.plan_tab.pages
    for i in range(pages.count()):  # and every page of the Plan tab
        pages.setCurrentIndex(i)
    editor = pages.page("Edit levels")
    editor.name.setText("Buy zone")
    editor.low.setText("300")
    editor.high.setText("320")
    assert editor.add_level()  # the first level of the new plan, saved in the store
    assert store.read_parts("MSFT")[Part.PLAN].level("zone.buy_zone").high == 320
    assert msft.session.standing.position is not None  # a zone: the sizer has an entry
    assert "MSFT" in switch(msft).tickers() and "KC" in switch(msft).tickers()


def exported(window: Any, path: Path) -> dict[str, Any]:
    """The window's File ▸ Export plan… into `path`, read back."""
    assert switch(window).export_file(path)
    return dict(json.loads(path.read_text(encoding="utf-8")))


def qtbot_windows() -> list[Any]:
    from kcdesk.ui import ticker_switch

    return list(ticker_switch._open)


def test_the_dialog_keeps_a_refused_ticker_and_says_why(
    qtbot: QtBot, paths: AppPaths, store: Store
) -> None:
    window = kc_window(qtbot, paths, store)
    dialog = NewPlanDialog(switch(window).create_plan, window)
    qtbot.addWidget(dialog)
    dialog.ticker.setText("KC")
    dialog.accept()
    assert "KC has a plan already" in dialog.error.text() and not dialog.error.isHidden()
    assert dialog.ticker.text() == "KC" and dialog.result() == 0
    dialog.ticker.setText("../x")
    dialog.accept()
    assert dialog.error.text().startswith("ticker: not a ticker symbol")


def test_switching_and_back_keeps_each_tickers_prices_plan_and_view(
    qtbot: QtBot, paths: AppPaths, store: Store
) -> None:
    service.price_cache(paths).write("MSFT", bars("2024-01-01", 300, first_close=300.0),
                                     "test feed", None)
    window = kc_window(qtbot, paths, store)
    assert window.session.prices.is_sample
    window.chart.set_log_scale(True)
    window.chart.set_layer_visible("Analyst band", False)
    assert switch(window).create_plan("MSFT", "", True) == ""
    msft = opened(qtbot, qtbot_windows()[-1])
    assert not window.isVisible()
    assert msft.session.desk.ticker == "MSFT"
    assert msft.session.prices.source == "test feed"
    # bars() drifts 0.1 % a bar from its first close: 300 * e^0.001 = 300.30
    assert float(msft.session.prices.frame["close"].iloc[0]) == pytest.approx(300.30, abs=0.01)
    assert not msft.chart.chart_actions.log.isChecked()  # MSFT's own view: the default
    assert msft.session.plan.stop_rule == window.session.plan.stop_rule  # KC's rules kept

    kc = opened(qtbot, switch(msft).switch_to("KC"))
    assert kc.session.prices.is_sample and kc.session.plan.zone("accumulate") is not None
    assert kc.chart.chart_actions.log.isChecked()  # KC's view came back
    assert not kc.chart.layer_visible("Analyst band")
    assert switch(kc).combo.currentText() == "KC"


def test_the_switcher_lists_the_users_plans_and_the_shipped_ones(
    qtbot: QtBot, paths: AppPaths, store: Store
) -> None:
    new_plan(store, "aapl")  # as `kcdesk new-plan` makes it
    window = kc_window(qtbot, paths, store)
    assert switch(window).tickers() == ["AAPL", "KC"]
    combo = switch(window).combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["AAPL", "KC"]
    assert combo.currentText() == "KC"


def test_quick_open_filters_the_list(qtbot: QtBot) -> None:
    dialog = QuickOpenDialog(["AAPL", "KC", "MSFT"], "KC")
    qtbot.addWidget(dialog)
    assert dialog.chosen() == "KC"
    dialog.filter.setText("ms")
    assert dialog.chosen() == "MSFT"
    dialog.filter.setText("zz")
    assert dialog.chosen() is None


def test_import_refusal_names_the_field_and_changes_nothing(
    qtbot: QtBot, paths: AppPaths, store: Store, tmp_path: Path, no_dialogs: list[str]
) -> None:
    window = kc_window(qtbot, paths, store)
    bad = tmp_path / "bad.json"
    doc = exported(window, bad)
    doc["plan"]["stops"][0]["stop"]["high"] = 12  # above the $11 entry
    bad.write_text(json.dumps(doc), encoding="utf-8")
    asked: list[str] = []
    assert not switch(window).import_file(bad, lambda q: asked.append(q) or True)
    assert asked == [] and "stops.example.stop: a stop must be below its entry" in no_dialogs[0]
    assert store.get_plan("KC") is None and not window.session.undo_stack.canUndo()


def test_import_over_this_ticker_asks_then_is_one_undoable_edit(
    qtbot: QtBot, paths: AppPaths, store: Store, tmp_path: Path
) -> None:
    window = kc_window(qtbot, paths, store)
    path = tmp_path / "kc.json"
    doc = exported(window, path)
    doc["plan"]["zones"][0]["price"] = {"low": 9, "high": 11, "unit": "usd"}
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert not switch(window).import_file(path, lambda q: False)  # "No": nothing changes
    assert window.session.plan.zone("accumulate").price.high == 12
    assert switch(window).import_file(path, lambda q: "KC has a plan already" in q)
    assert window.session.plan.zone("accumulate").price.high == 11
    window.session.undo()
    assert window.session.plan.zone("accumulate").price.high == 12
    assert store.read_parts("KC")[Part.PLAN].zone("accumulate").price.high == 12


def test_import_of_a_new_ticker_creates_and_opens_it(
    qtbot: QtBot, paths: AppPaths, store: Store, tmp_path: Path
) -> None:
    window = kc_window(qtbot, paths, store)
    path = tmp_path / "kc.json"
    doc = exported(window, path)
    doc["plan"]["ticker"] = "KC2"
    path.write_text(json.dumps(doc["plan"]), encoding="utf-8")  # a bare plan imports too
    assert switch(window).import_file(path, lambda q: pytest.fail("asked for a new ticker"))
    new = opened(qtbot, qtbot_windows()[-1])
    assert new.session.desk.ticker == "KC2"
    assert new.session.plan.levels() == window.session.plan.levels()
