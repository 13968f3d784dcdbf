"""The Plan tab's sizer and ladder: typed inputs move the shares, bad input is refused in place.

The report's defaults, worked by hand (used throughout): entry the accumulation zone $10–12,
sized at its top $12; stop 20 % below, $9.60, so $2.40 a share at risk; on the $100,000 example
account the risk budget is 0.5 % = $500 -> floor(500 / 2.40) = 208 shares; the cap 1 % =
$1,000 -> floor(1000 / 12) = 83 shares; the cash $100,000 -> 8,333 shares. The cap binds: 83.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.plan import Plan
from kcdesk.ui.messages import Messages
from kcdesk.ui.session import Session
from kcdesk.ui.tabs.ladder_panel import SHARES, STOP, LadderModel
from kcdesk.ui.tabs.plan_tab import PlanTab
from tests.ui.desk_fakes import FakeStore

PLAN_FILE = Path(__file__).parents[3] / "data" / "kc_plan.json"


@pytest.fixture
def plan() -> Plan:
    return plan_from_json(json.loads(PLAN_FILE.read_text(encoding="utf-8"))["plan"])


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def session(plan: Plan, store: FakeStore) -> Session:
    return Session(Desk(plan), None, store, Messages())


@pytest.fixture
def tab(qtbot: QtBot, session: Session) -> PlanTab:
    widget = PlanTab(session)
    qtbot.addWidget(widget)
    return widget


def type_into(qtbot: QtBot, tab: PlanTab, field: str, text: str) -> None:
    """What a user does: select the field's text, type over it, press Enter."""
    edit = tab.sizer.fields[field]
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def shares(tab: PlanTab) -> dict[str, str]:
    return {k: label.text() for k, label in tab.sizer.limit_shares.items()}


def test_the_sizer_page_is_built_when_first_shown(tab: PlanTab) -> None:
    assert tab._sizer is None  # the first frame does not pay for it
    tab.pages.setCurrentIndex(1)
    assert tab._sizer is not None and tab.pages.currentWidget().widget() is not None


def test_the_report_defaults_on_the_example_account(tab: PlanTab) -> None:
    assert shares(tab) == {"risk": "208 shares", "allocation": "<b>83 shares ← binding</b>",
                           "cash": "8,333 shares"}
    assert "Position: 83 shares" in tab.sizer.summary.text()
    # at risk 83 × 2.40 = $199.20; value 83 × 12 = $996.00, 0.996 % of $100,000
    assert "Money at risk $199.20 · position value $996.00 · 1.00% of" in tab.sizer.summary.text()
    assert "Example account" in tab.sizer.example.text()
    assert "Beta ~1.6–2</b>" in tab.sizer.beta.text() and "size smaller" in tab.sizer.beta.text()
    # short-term target $14: R = 2 / 2.40 = 0.83, below 1, warned
    first = [tab.sizer.targets_model.cell_at(0, c).text for c in range(5)]
    assert first == ["Short-term target (low end)", "$14.00", "$166.00", "0.83R", "0.83x"]
    assert "Reward/risk below 1 at Short-term target (low end)" in tab.sizer.warnings.text()


def test_the_rules_are_written_in_the_help(tab: PlanTab) -> None:
    assert tab.sizer.help.isHidden()
    tab.sizer.help_button.click()
    assert not tab.sizer.help.isHidden()
    assert "floor((budget − 2 × fees) / (entry − stop))" in tab.sizer.help.text()


def test_changing_the_account_size_updates_the_shares(
    qtbot: QtBot, tab: PlanTab, session: Session, store: FakeStore
) -> None:
    type_into(qtbot, tab, "account_size", "$50,000")
    # cap 1 % of 50,000 = 500 / 12 = 41.7 -> 41; risk 250 / 2.40 = 104.2 -> 104
    assert shares(tab)["allocation"] == "<b>41 shares ← binding</b>"
    assert shares(tab)["risk"] == "104 shares"
    assert session.desk.position is not None
    assert session.desk.position.account_size == Decimal(50000)
    assert store.commits[-1][1].keys() == {Part.POSITION}  # one saved action
    assert tab.sizer.example.isHidden()
    assert session.undo_stack.count() == 1


@pytest.mark.parametrize(
    ("field", "typed", "binding", "expected"),
    [
        # cap 10 % = 10,000 / 12 = 833: now the risk budget binds at 208
        ("allocation_cap_pct", "10", "risk", "208"),
        # cash $600 / 12 = 50 shares, under the cap's 83
        ("cash_available", "600", "cash", "50"),
        # risk 1 %: 1,000 / 2.40 = 416, the cap still binds at 83
        ("risk_per_trade_pct", "1%", "allocation", "83"),
    ],
)
def test_each_limit_binds_through_the_fields(
    qtbot: QtBot, tab: PlanTab, field: str, typed: str, binding: str, expected: str
) -> None:
    type_into(qtbot, tab, field, typed)
    assert shares(tab)[binding] == f"<b>{expected} shares ← binding</b>"
    assert f"Position: {expected} shares" in tab.sizer.summary.text()


@pytest.mark.parametrize(
    ("field", "typed", "reason"),
    [
        ("account_size", "lots", "not a number"),
        ("fees_per_order", "-2", "cannot be negative"),
        ("stop", "12.50", "a stop must be below the entry ($12.00)"),
        ("entry", "9", "a stop must be below the entry"),  # 20 % stop is fine; see below
    ],
)
def test_bad_input_is_refused_in_place_and_the_text_kept(
    qtbot: QtBot, tab: PlanTab, session: Session, store: FakeStore, field: str, typed: str,
    reason: str,
) -> None:
    if field == "entry":  # a price stop first, then an entry under it
        type_into(qtbot, tab, "stop", "9.50")
        commits = len(store.commits)
    else:
        commits = 0
    type_into(qtbot, tab, field, typed)
    error = tab.sizer.errors[field]
    assert not error.isHidden() and error.text().startswith(reason)
    assert tab.sizer.fields[field].text() == typed
    assert len(store.commits) == commits  # nothing saved
    assert "Refused" in (session.messages.last.text if session.messages.last else "")
    # another field's good edit leaves the refused text where it was
    type_into(qtbot, tab, "risk_per_trade_pct", "0.75")
    assert tab.sizer.fields[field].text() == typed
    # and a good value clears the reason
    type_into(qtbot, tab, field, "0" if field == "fees_per_order" else "10-12"
              if field == "entry" else "9" if field == "stop" else "80000")
    assert error.isHidden()


def test_undo_puts_the_inputs_back(qtbot: QtBot, tab: PlanTab, session: Session) -> None:
    type_into(qtbot, tab, "account_size", "50000")
    type_into(qtbot, tab, "stop", "11")
    # stop at $11: 1 a share; risk 250 / 1 = 250; cap 500 / 12 = 41 binds
    assert shares(tab)["risk"] == "250 shares"
    assert session.undo()
    assert tab.sizer.fields["stop"].text() == "20%"
    assert shares(tab)["risk"] == "104 shares"
    assert session.undo()
    assert session.desk.position is None
    assert tab.sizer.fields["account_size"].text() == "100000"


# --- the ladder -----------------------------------------------------------------------------
def test_the_ladder_model_passes_the_model_tester(qtmodeltester: object, tab: PlanTab) -> None:
    qtmodeltester.check(tab.ladder.model)  # type: ignore[attr-defined]
    qtmodeltester.check(LadderModel())  # type: ignore[attr-defined]


def ladder_text(tab: PlanTab, row: int, column: int) -> str:
    return str(tab.ladder.model.index(row, column).data())


def test_the_report_entries_are_the_tranches_within_the_caps(tab: PlanTab) -> None:
    m = tab.ladder.model
    assert [ladder_text(tab, r, 0) for r in range(m.rowCount())] == [
        "Buy zone (accumulate)", "Add on dips", "Swing entry (pullback)", "Breakout"]
    assert [ladder_text(tab, r, 1) for r in range(m.rowCount())] == [
        "$10–12", "$8–9", "$10–11", "$15–16"]
    # each tranche gets a quarter of the cap, $250: 250 / 12 = 20, / 9 = 27, / 11 = 22, / 16 = 15
    assert [ladder_text(tab, r, SHARES) for r in range(m.rowCount())] == ["20", "27", "22", "15"]
    # all filled at the tops: 240 + 243 + 242 + 240 = $965, 84 shares, under the $1,000 cap
    assert "84 shares · cost $861.00–$965.00" in tab.ladder.totals.text()
    assert tab.ladder.warnings.isHidden()


def test_editing_a_share_count_is_saved_undoable_and_checked_against_the_cap(
    tab: PlanTab, session: Session, store: FakeStore
) -> None:
    m = tab.ladder.model
    assert m.setData(m.index(0, SHARES), "60")
    assert session.desk.ladder is not None and session.desk.ladder.tranches[0].shares == 60
    assert store.commits[-1][1].keys() == {Part.LADDER}
    assert ladder_text(tab, 0, SHARES) == "60"
    # 60 × 12 = 720, + 27 × 9 = 963, + 22 × 11 = 1,205 > the $1,000 cap at the swing entry
    assert "With Swing entry (pullback) the ladder reaches $1,205.00, over the allocation cap" \
        in tab.ladder.warnings.text()
    assert tab.ladder.reset.isEnabled()
    assert session.undo()
    assert session.desk.ladder is None and ladder_text(tab, 0, SHARES) == "20"


@pytest.mark.parametrize(
    ("column", "typed", "reason"),
    [
        (SHARES, "-3", "a share count is a whole number"),
        (SHARES, "ten", "a share count is a whole number"),
        (STOP, "12", "a stop must be below the entry ($12.00)"),
    ],
)
def test_a_bad_cell_keeps_its_text_with_the_reason(
    tab: PlanTab, session: Session, column: int, typed: str, reason: str
) -> None:
    m = tab.ladder.model
    m.setData(m.index(0, column), typed)
    assert ladder_text(tab, 0, column) == typed
    assert reason in str(m.index(0, column).data(Qt.ItemDataRole.ToolTipRole))
    assert session.desk.ladder is None


def test_a_tranche_stop_as_a_price(tab: PlanTab, session: Session) -> None:
    m = tab.ladder.model
    m.setData(m.index(0, STOP), "10.80")
    # the accumulation tranche: 20 shares, 12 − 10.80 = 1.20 a share -> $24.00 at risk;
    # target $14: R = 2 / 1.2 = 1.67
    assert ladder_text(tab, 0, STOP) == "10.8"
    assert ladder_text(tab, 0, 5) == "1.67R"
    assert ladder_text(tab, 0, 7) == "$24.00"
    assert session.desk.ladder is not None


def test_selecting_a_tranche_emits_it(qtbot: QtBot, tab: PlanTab) -> None:
    table = tab.ladder.table  # the page is built when first asked for
    with qtbot.waitSignal(tab.tranche_selected) as blocker:
        table.selectRow(1)
    assert blocker.args[0].key == "add_on_dip"
