"""The Plan tab's position sizer: the inputs as fields, the three limits side by side, warnings.

Every field commits on Enter or on leaving it, as one `session.propose(SetPart(POSITION, …))`:
one undo step, saved. A field that does not read (not a number, negative, a stop at or above
the entry) is refused where it was typed: a red reason under it, the typed text kept.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model import fmt
from kcdesk.model import position_text as text
from kcdesk.model.desk.desk import Part
from kcdesk.model.desk.edits import SetPart
from kcdesk.model.position_plan import EXAMPLE_ACCOUNT, PositionPlan
from kcdesk.model.sizing import CURRENCIES, Binding, PositionInputs, SizingResult
from kcdesk.model.values import PlanError
from kcdesk.ui import theme
from kcdesk.ui.session import Session
from kcdesk.ui.tables import CopyableTable, RowsModel, cell

ERROR_CSS = "color: $error;"
WARNING_CSS = "color: $caution;"

HELP = """<b>How the sizer counts</b> (the report's rules; figures in exact money):
<ul>
<li><b>Risk budget</b> = account × risk per trade %. It must cover the loss at the stop
<i>and</i> the entry and exit fees: shares from risk =
floor((budget − 2 × fees) / (entry − stop)).</li>
<li><b>Allocation cap</b>: shares from the cap = floor(account × cap % / entry).</li>
<li><b>Cash</b>: shares the cash allows = floor((cash − fees) / entry).</li>
<li>The position is the <b>smallest</b> of the three; the limit that gave it is named.</li>
<li>A zone entry (10–12) is sized at its <b>top</b>, the worst fill; a % stop is measured from
that fill.</li>
<li><b>R</b> = (target − entry) / (entry − stop). Reward/risk compares money: the reward at the
target net of both fees, over the money at risk.</li>
<li>Left empty, the inputs are the report's, each at its cautious end: cap 1 % (of 1–3 %), risk
0.5 % (of 0.5–1 %), the widest stop, 20 % (of 10–20 %), the accumulation zone.</li>
</ul>"""


@dataclass(frozen=True)
class FieldSpec:
    """One typed input: its PositionInputs field, label, how it reads and how it is shown."""

    name: str
    label: str
    read: Callable[[str], Any]
    show: Callable[[PositionInputs], str]


FIELDS = (
    FieldSpec("account_size", "Account size", lambda t: text.money_of("account_size", t),
              lambda i: text.decimal_text(i.account_size)),
    FieldSpec("cash_available", "Cash available",
              lambda t: text.money_of("cash_available", t, allow_zero=True),
              lambda i: text.decimal_text(i.cash_available)),
    FieldSpec("allocation_cap_pct", "Allocation cap %",
              lambda t: text.percent_of("allocation_cap_pct", t),
              lambda i: text.decimal_text(i.allocation_cap_pct)),
    FieldSpec("risk_per_trade_pct", "Risk per trade %",
              lambda t: text.percent_of("risk_per_trade_pct", t),
              lambda i: text.decimal_text(i.risk_per_trade_pct)),
    FieldSpec("entry", "Entry (price or zone)", text.entry_of, lambda i: text.entry_text(i.entry)),
    FieldSpec("stop", "Stop (price or % below)", text.stop_of, lambda i: text.stop_text(i.stop)),
    FieldSpec("fees_per_order", "Fees per order",
              lambda t: text.money_of("fees_per_order", t, allow_zero=True),
              lambda i: text.decimal_text(i.fees_per_order)),
)
LIMITS: tuple[tuple[Binding, str], ...] = (
    ("risk", "Risk budget"), ("allocation", "Allocation cap"), ("cash", "Cash"))
TARGET_HEADERS = ("Target", "Price", "Reward", "R", "Reward/risk")


class PositionSizer(QGroupBox):
    """Inputs in, shares out: reads the standing's PositionPlan, proposes POSITION edits."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Position sizer", parent)
        self._session = session
        self._inputs: PositionInputs | None = None
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.refused: set[str] = set()  # fields showing a refused text (kept as typed)
        layout = QVBoxLayout(self)
        self.help_button = QToolButton(self)
        self.help_button.setText("?")
        self.help_button.setCheckable(True)
        self.help_button.setToolTip("How the sizer counts")
        self.help = QLabel(HELP, self)
        self.help.setWordWrap(True)
        self.help.setVisible(False)
        self.help_button.toggled.connect(self.help.setVisible)
        self.example = QLabel(self)
        self.example.setWordWrap(True)
        theme.set_style(self.example, WARNING_CSS)
        top = QGridLayout()
        top.addWidget(self.example, 0, 0)
        top.addWidget(self.help_button, 0, 1, Qt.AlignmentFlag.AlignTop)
        top.setColumnStretch(0, 1)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addLayout(self._build_form())
        self.limits = QGridLayout()
        self.limit_shares: dict[Binding, QLabel] = {}
        self.limit_budgets: dict[Binding, QLabel] = {}
        for col, (kind, name) in enumerate(LIMITS):
            self.limits.addWidget(QLabel(f"<b>{name}</b>", self), 0, col)
            self.limit_budgets[kind] = QLabel(self)
            self.limit_shares[kind] = QLabel(self)
            self.limits.addWidget(self.limit_budgets[kind], 1, col)
            self.limits.addWidget(self.limit_shares[kind], 2, col)
        layout.addLayout(self.limits)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.targets_model = RowsModel(TARGET_HEADERS)
        self.targets = CopyableTable(self.targets_model, self)
        self.targets.setMinimumHeight(150)
        layout.addWidget(self.targets)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        theme.set_style(self.warnings, ERROR_CSS)
        layout.addWidget(self.warnings)
        self.beta = QLabel(self)
        self.beta.setWordWrap(True)
        layout.addWidget(self.beta)

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        self.currency = QComboBox(self)
        self.currency.addItems([c.upper() for c in CURRENCIES])
        self.currency.activated.connect(self._commit_currency)
        for spec in FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(spec.name)
            edit.editingFinished.connect(lambda s=spec: self.commit(s.name))
            error = QLabel(self)
            theme.set_style(error, ERROR_CSS)
            error.setWordWrap(True)
            error.setVisible(False)
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(edit)
            box.addWidget(error)
            form.addRow(spec.label, box)
            self.fields[spec.name], self.errors[spec.name] = edit, error
            if spec.name == "account_size":
                form.addRow("Currency", self.currency)
        return form

    # --- showing ------------------------------------------------------------------------
    def show_position(self, position: PositionPlan) -> None:
        """Show `position`; a field holding a refused text keeps it (the text is never lost)."""
        inputs = self._inputs = position.inputs
        for spec in FIELDS:
            if spec.name not in self.refused:
                self.fields[spec.name].setText(spec.show(inputs))
        self.currency.setCurrentIndex(CURRENCIES.index(inputs.currency))
        self.example.setText(
            "" if position.stored else
            f"Example account of {fmt.money(EXAMPLE_ACCOUNT)} with the report's limits — the "
            "report gives no account size: type yours.")
        self.example.setVisible(not position.stored)
        self._show_result(position.sizing)
        self.beta.setText(
            f"<b>Beta {html.escape(fmt.range_value(position.beta))}</b>: a high-beta stock, "
            f"very sensitive to China risk — the report's advice is to size smaller. "
            f"<span style='color:{theme.colour('muted')}'>{html.escape(position.beta_note)}</span>")

    def _show_result(self, r: SizingResult) -> None:
        cur = r.inputs.currency
        budgets = {
            "risk": f"{fmt.money(r.inputs.risk_budget, cur)} at risk",
            "allocation": f"{fmt.money(r.inputs.allocation_budget, cur)} invested",
            "cash": f"{fmt.money(r.inputs.cash_available, cur)} cash",
        }
        shares = {"risk": r.shares_risk, "allocation": r.shares_cap, "cash": r.shares_cash}
        for kind, _ in LIMITS:
            binding = kind == r.binding
            self.limit_budgets[kind].setText(budgets[kind])
            self.limit_shares[kind].setText(
                f"<b>{shares[kind]:,} shares ← binding</b>" if binding
                else f"{shares[kind]:,} shares")
            theme.set_style(self.limit_shares[kind], "color: $good;" if binding else "")
        name = dict(LIMITS)[r.binding].lower()
        self.summary.setText(
            f"<b>Position: {r.shares:,} shares</b> at {fmt.money(r.fill, cur)} (stop "
            f"{fmt.money(r.stop_price, cur)}) — the binding limit is the {name}.<br>"
            f"Money at risk {fmt.money(r.money_at_risk, cur)} · position value "
            f"{fmt.money(r.position_value, cur)} · {fmt.pct(float(r.pct_of_account), 2)} of "
            "the account")
        self.targets_model.set_rows(
            [cell(t.label), cell(fmt.money(t.price, cur), sort=float(t.price)),
             cell(fmt.money(t.reward, cur), sort=float(t.reward)),
             cell(fmt.r_multiple(t.r_multiple), sort=float(t.r_multiple)),
             cell(fmt.multiple(None if t.reward_risk is None else float(t.reward_risk), 2),
                  sort=-1.0 if t.reward_risk is None else float(t.reward_risk))]
            for t in r.targets)
        self.warnings.setText("<br>".join(f"⚠ {html.escape(w.text)}" for w in r.warnings))
        self.warnings.setVisible(bool(r.warnings))

    # --- committing -----------------------------------------------------------------------
    def commit(self, name: str) -> bool:
        """Read field `name` and propose it; refused in place (the text kept) if it is bad."""
        spec = next(s for s in FIELDS if s.name == name)
        typed = self.fields[name].text()
        assert self._inputs is not None  # shown before the user can type
        try:
            # replace() validates the whole: a stop at or above the new entry is refused here
            new = replace(self._inputs, **{name: spec.read(typed)})
        except PlanError as exc:
            self._refuse(name, exc)
            return False
        self._clear(name)
        if new == self._inputs:
            return False
        return self._session.propose(
            [SetPart(Part.POSITION, new)], f"Set {spec.label.lower()} to {typed.strip()}")

    def _commit_currency(self, index: int) -> None:
        if self._inputs is not None and CURRENCIES[index] != self._inputs.currency:
            new = replace(self._inputs, currency=CURRENCIES[index])
            self._session.propose([SetPart(Part.POSITION, new)],
                                  f"Set the currency to {CURRENCIES[index].upper()}")

    def _refuse(self, name: str, exc: PlanError) -> None:
        self.refused.add(name)
        self.errors[name].setText(exc.problem)
        self.errors[name].setVisible(True)
        theme.set_style(self.fields[name], "QLineEdit { border: 1px solid $error; }")
        self._session.messages.error(f"Refused — {exc}")

    def _clear(self, name: str) -> None:
        self.refused.discard(name)
        self.errors[name].setVisible(False)
        self.errors[name].clear()
        theme.set_style(self.fields[name], "")
