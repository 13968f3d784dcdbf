"""The shipped KC research and a session on it, for the research tabs' tests."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from kcdesk.data.document_json import document_from_json
from kcdesk.model.desk.desk import Desk
from kcdesk.model.document import PlanDocument
from kcdesk.model.research import Research
from kcdesk.ui.messages import Messages
from kcdesk.ui.session import Session
from kcdesk.ui.tables import RowsModel
from kcdesk.ui.tabs.research_parts import FittedTable, ResearchPage, value_parts
from tests.ui.desk_fakes import FakeStore

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "kc_plan.json"


@cache
def shipped_document() -> PlanDocument:
    return document_from_json(json.loads(SHIPPED.read_text(encoding="utf-8")))


def shipped_research() -> Research:
    research = shipped_document().research
    assert research is not None
    return research


def session_on(research: Research | None) -> Session:
    """A session on the shipped plan with `research` (None: a ticker with no report)."""
    return Session(Desk(shipped_document().plan), research, FakeStore(), Messages())


def column(model: RowsModel, header: str) -> list[str]:
    """The texts of one column, top to bottom."""
    c = model.headers.index(header)
    return [model.cell_at(r, c).text for r in range(model.rowCount())]


def row_of(model: RowsModel, first: str) -> dict[str, str]:
    """The row whose first cell is `first`, as {header: text}."""
    for r in range(model.rowCount()):
        if model.cell_at(r, 0).text == first:
            return {h: model.cell_at(r, c).text for c, h in enumerate(model.headers)}
    raise KeyError(first)


def tooltip_of(model: RowsModel, first: str, header: str) -> str:
    for r in range(model.rowCount()):
        if model.cell_at(r, 0).text == first:
            return model.cell_at(r, model.headers.index(header)).tooltip
    raise KeyError(first)


def assert_fits(page: ResearchPage, tables: Mapping[str, FittedTable]) -> None:
    """Every value (and each bracketed phrase after it) fits its column on one line, and the
    page does not scroll sideways."""
    assert not page.page_scroll.horizontalScrollBar().isVisible()
    for name, table in tables.items():
        fm, model = table.fontMetrics(), table.rows_model
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                cell = model.cell_at(r, c)
                if not cell.number:
                    continue  # words may wrap
                for part in value_parts(cell.text):
                    assert fm.horizontalAdvance(part) < table.columnWidth(c), (name, cell)


def check_models(tables: Mapping[str, FittedTable], qtmodeltester: Any, count: int) -> None:
    """pytest-qt's model tester on each of the `count` tables' models."""
    assert len(tables) == count
    for table in tables.values():
        qtmodeltester.check(table.rows_model)
