"""KC priced at each peer's EV/Revenue: (revenue × multiple − net debt) per ADR, as a range."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kcdesk.model import fmt
from kcdesk.model.desk.desk import PRICES, RESEARCH, Part
from kcdesk.model.valuation.inputs import LABELS
from kcdesk.model.valuation.peer_implied import PeerImplied
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tables import Cell, CopyableTable, RowsModel, cell
from kcdesk.ui.tabs.fitted import fit_height, heading, note
from kcdesk.ui.tabs.valuation_rows import per_adr

HEADERS = ("Peer", "EV/Revenue, as stated", "KC value per ADR at that multiple", "Where")


def peer_rows(peers: tuple[PeerImplied, ...]) -> list[tuple[Cell, ...]]:
    """One row per distinct statement of a peer's EV/Revenue; the value is a range."""
    return [
        (cell(p.peer), cell(p.text, sort=p.multiple.low, number=True),
         cell(per_adr(p.low, p.high), sort=p.low if p.low is not None else 0.0, number=True),
         cell("; ".join(p.sections), "\n".join(p.sections)))
        for p in peers
    ]


class PeerImpliedPanel(QWidget):
    """The peer-implied price of KC; follows the session (the Valuation and Peers tabs show it)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.model = RowsModel(HEADERS, parent=self)
        self.table = CopyableTable(self.model, self)
        self.status = note("", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Peer-implied price of KC", self))
        layout.addWidget(note("KC's base revenue × each peer's EV/Revenue, less net debt, "
                              "per ADR — the range of the multiple's ends, not a midpoint.", self))
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        session.changed.connect(self.on_desk_changed)
        self.refresh()

    def on_desk_changed(self, change: DeskChange) -> None:
        if change.touches(Part.VALUATION, RESEARCH, PRICES):
            self.refresh()

    def refresh(self) -> None:
        v = self._session.standing.valuation
        if v is None or v.error:
            self._show([], v.error if v is not None else "No valuation for this ticker.")
        elif v.missing:
            names = ", ".join(LABELS.get(n, n) for n in v.missing)
            self._show([], f"Missing: {names}. Give them in the Valuation tab.")
        elif not v.peers:
            self._show([], "The report states no peer EV/Revenue.")
        else:
            revenue = v.inputs.base_revenue_musd if v.inputs else None
            said = "" if revenue is None else \
                f"Base revenue {fmt.money_short(revenue.value * 1e6)}."
            self._show(peer_rows(v.peers), said)

    def _show(self, rows: list[tuple[Cell, ...]], status: str) -> None:
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.status.setText(status)
        if rows:
            fit_height(self.table)
