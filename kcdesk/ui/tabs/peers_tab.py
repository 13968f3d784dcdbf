"""The Peers tab: KC against GDS and VNET as the report compares them, the named competitors,
and what the report concludes. Figures stated differently in two places show every statement.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

from kcdesk.model.research import Research, Table
from kcdesk.model.values import Figure
from kcdesk.ui.session import Session
from kcdesk.ui.tables import Cell, RowsModel, cell
from kcdesk.ui.tabs.range_bars import RangeBarChart, RangeRow
from kcdesk.ui.tabs.research_parts import (
    FittedTable,
    ResearchPage,
    figure_tooltip,
    group,
    item_label,
    sort_value,
    stated,
    statement_in,
)

SUBJECT = "KC"  # the column drawn in the highlight colour


def snapshot_cell(table: Table, text: str, fig: Figure | None) -> Cell:
    """A snapshot cell as written; a figure's other statements in its tooltip."""
    if fig is None:
        return Cell(text, None, f"Report section: {table.section}")
    st = statement_in(fig, table.section, text)
    return Cell(text, sort_value(st.value), figure_tooltip(fig, st), True)


def snapshot_rows(table: Table) -> list[list[Cell]]:
    return [
        [cell(row.label, table.section),
         *(snapshot_cell(table, c.text, c.figure) for c in row.cells)]
        for row in table.rows
    ]


def range_rows(table: Table, row_index: int) -> list[RangeRow]:
    """One chart's rows: each company's value as this table states it (None: words only)."""
    row = table.rows[row_index]
    out = []
    for column, c in zip(table.columns, row.cells, strict=True):
        value = statement_in(c.figure, table.section, c.text).value if c.figure else None
        out.append(RangeRow(column, value, c.text, column == SUBJECT))
    return out


def differing_figures(research: Research) -> list[Figure]:
    """Figures of the peer tables that two places in the report state differently."""
    seen: dict[str, Figure] = {}
    for table in (research.peers.snapshot, research.valuation.multiples):
        for row in table.rows:
            for c in row.cells:
                if c.figure is not None and c.figure.sources_differ:
                    seen.setdefault(c.figure.key, c.figure)
    return list(seen.values())


def statement_rows(figures: list[Figure]) -> list[list[Cell]]:
    """One row per statement: the figure, its words there, and the section that says it."""
    rows = []
    for order, f in enumerate(figures):
        for st in f.statements:
            rows.append([
                cell(f.label, sort=f"{order:03d}"),
                Cell(stated(st), sort_value(st.value), f"Report section: {st.section}", True),
                cell(st.section, st.section),
            ])
    return rows


def competitor_rows(research: Research) -> list[list[Cell]]:
    return [
        [cell(c.name, c.section), cell(c.ticker or "private", c.section),
         cell(c.description, c.section)]
        for c in research.peers.competitors
    ]


class PeersTab(ResearchPage):
    """The report's peer comparison; read-only, follows the session's research.

    `peer_implied_slot` is an empty layout under the comparison where the peer-implied price
    panel goes; whatever is put in it stays there when the tab is rebuilt.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        self.tables: dict[str, FittedTable] = {}
        self.charts: list[RangeBarChart] = []
        self.peer_implied_slot = QVBoxLayout()
        self.peer_implied_slot.setObjectName("peer_implied_slot")
        super().__init__(session, parent)

    def _keep_slot(self) -> QVBoxLayout:
        """A new slot holding whatever the old one held (the old page is being deleted)."""
        old, new = self.peer_implied_slot, QVBoxLayout()
        new.setObjectName("peer_implied_slot")
        while old.count():
            taken = old.takeAt(0)
            if taken is None:
                break
            widget, inner = taken.widget(), taken.layout()
            if widget is not None:
                new.addWidget(widget)
            elif isinstance(inner, QLayout):
                new.addLayout(inner)
        self.peer_implied_slot = new
        return new

    def build(self, research: Research, layout: QVBoxLayout) -> None:
        snapshot = research.peers.snapshot
        table = FittedTable(RowsModel(("Metric", *snapshot.columns), snapshot_rows(snapshot)))
        self.charts = []
        for i, row in enumerate(snapshot.rows):
            chart = RangeBarChart(row.label)
            chart.set_rows(range_rows(snapshot, i))
            self.charts.append(chart)
        layout.addWidget(group(snapshot.title, table, *self.charts))
        layout.addLayout(self._keep_slot())

        figures = differing_figures(research)
        stated_twice = FittedTable(RowsModel(("Figure", "As stated", "Section"),
                                             statement_rows(figures)))
        competitors = FittedTable(RowsModel(("Competitor", "Ticker", "Note"),
                                            competitor_rows(research)))
        layout.addWidget(group("Stated differently in the report", stated_twice))
        layout.addWidget(group("Primary competitors", competitors))
        layout.addWidget(group("Key takeaways", *map(item_label, research.peers.takeaways)))
        self.tables = {"snapshot": table, "stated_twice": stated_twice,
                       "competitors": competitors}
