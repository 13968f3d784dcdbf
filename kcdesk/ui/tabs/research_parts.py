"""Building blocks of the research tabs: figure cells as stated, fitted tables, notes, the page.

A research tab is a `ResearchPage`: a scroll area of headed group boxes built from the session's
research, rebuilt when the research changes, and a plain "no research" text where there is none.
Every value is shown in the report's words (`fmt.as_stated`) with its section in the tooltip.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kcdesk.model import fmt
from kcdesk.model.desk.desk import RESEARCH
from kcdesk.model.research import Research, TextItem
from kcdesk.model.values import Figure, RangeValue, Statement
from kcdesk.ui.session import DeskChange, Session
from kcdesk.ui.tables import Cell, CopyableTable, RowsModel, cell

NO_RESEARCH = "No research for this ticker: only a shipped research report fills this tab."
NOT_STATED = "—"
_SCALE = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9}


def sort_value(rv: RangeValue) -> float:
    """What a range sorts by: its low end (its high where it has none), in whole units."""
    end = rv.low if rv.low is not None else rv.high
    assert end is not None  # a RangeValue always has one end
    return end * _SCALE[rv.scale]


def stated(st: Statement) -> str:
    """One statement in the report's words."""
    return fmt.as_stated(st.value, st.text)


def figure_tooltip(fig: Figure, shown: Statement | None = None) -> str:
    """The section of the statement shown, then every other place that states the figure."""
    shown = shown or fig.statements[0]
    lines = [f"{fig.label}", f"Report section: {shown.section}"]
    others = [st for st in fig.statements if st is not shown]
    if others:
        lines.append("Also stated:")
        lines += [f"  {stated(st)} — {st.section}" for st in others]
    if fig.note:
        lines.append(fig.note)
    return "\n".join(lines)


def figure_cell(fig: Figure | None, shown: Statement | None = None, *,
                missing: str = "not stated in the report") -> Cell:
    """A value cell: the statement in the report's words, sorting by value, section as tooltip."""
    if fig is None:
        return Cell(NOT_STATED, None, missing, True)
    st = shown or fig.statements[0]
    return Cell(stated(st), sort_value(st.value), figure_tooltip(fig, st), True)


def statement_in(fig: Figure, section: str, text: str = "") -> Statement:
    """The statement of `fig` made in `section` (with these words, when given); else the first."""
    for st in fig.statements:
        if st.section == section and (not text or st.text == text):
            return st
    return fig.statements[0]


def also_stated(fig: Figure) -> str:
    """The other ways the report words this figure ("12.1%"), or "" where it is said one way."""
    first = stated(fig.statements[0])
    seen: list[str] = []
    for st in fig.statements[1:]:
        text = stated(st)
        if text != first and text not in seen:
            seen.append(text)
    return " · ".join(seen)


def figures_rows(figures: Iterable[Figure]) -> list[list[Cell]]:
    """Rows of (figure, value as first stated, other wordings) for a figures table."""
    rows = []
    for f in figures:
        others = also_stated(f)
        rows.append([
            cell(f.label, f.section),
            figure_cell(f),
            Cell(others, None, figure_tooltip(f) if others else ""),
        ])
    return rows


FIGURE_HEADERS = ("Figure", "As stated", "Also stated as")


def value_parts(text: str) -> list[str]:
    """What of a value cell must stay on one line: all of it where it opens with the value
    ("~31% (Q3 25)", "RMB 2.35–2.65B"); else its words and each bracketed or separated phrase
    with a number ("Negative (~-20–25%)" → "Negative", "(~-20–25%)")."""
    parts = re.split(r" (?=\()|, |; ", text)
    if any(ch.isdigit() for ch in parts[0]):
        return [text]
    return [w for p in parts for w in ([p] if any(ch.isdigit() for ch in p) else p.split())]


class FittedTable(CopyableTable):
    """A CopyableTable as tall as its rows (the page scrolls, not the table), whose columns
    share the width they are given: a number is never cut or wrapped, text wraps at its words.

    Each column needs its widest number, or its longest word, and its header; what width is
    left goes to the columns whose text would otherwise wrap. Where even the needs do not fit,
    the table asks for that minimum width and the page scrolls sideways instead of cutting.
    """

    _PAD = 10  # the cell's text margins and the grid line, with a few pixels to spare

    def __init__(self, model: RowsModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.rows_model = model
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        model.modelReset.connect(self._fit)
        self._fit()

    def _column_widths(self) -> tuple[list[int], list[int]]:
        """(what each column needs, what it would take to show its text on one line)."""
        fm, model = self.fontMetrics(), self.rows_model
        header_fm = self.horizontalHeader().fontMetrics()
        needs, wants = [], []
        for c in range(model.columnCount()):
            head = header_fm.horizontalAdvance(str(model.headers[c])) + self._PAD
            need, want = head, head
            for r in range(model.rowCount()):
                cell_ = model.cell_at(r, c)
                full = fm.horizontalAdvance(cell_.text)
                # a value stays whole ("RMB 2.35–2.65B"); its words in brackets may wrap
                parts = value_parts(cell_.text) if cell_.number else cell_.text.split()
                words = [fm.horizontalAdvance(w) for w in parts] or [0]
                need = max(need, max(words) + self._PAD)
                want = max(want, full + self._PAD)
            needs.append(need)
            wants.append(want)
        return needs, wants

    def _fit(self) -> None:
        needs, wants = self._column_widths()
        if not needs:
            return
        frame = 2 * self.frameWidth()
        self.setMinimumWidth(sum(needs) + frame)
        spare = max(0, self.viewport().width() - sum(needs))
        grow = [w - n for n, w in zip(needs, wants, strict=True)]
        if sum(grow) <= spare:
            widths = list(wants)
            widths[-1] += spare - sum(grow)  # the rest to the last column, as a stretch would
        else:
            widths = [n + spare * g // sum(grow) for n, g in zip(needs, grow, strict=True)]
        for c, w in enumerate(widths):
            self.setColumnWidth(c, w)
        self.resizeRowsToContents()
        height = self.horizontalHeader().sizeHint().height() + frame
        height += sum(self.rowHeight(r) for r in range(self.model().rowCount(QModelIndex())))
        self.setFixedHeight(height)

    def resizeEvent(self, event: object) -> None:  # Qt override
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()


def figures_table(figures: Iterable[Figure], parent: QWidget | None = None) -> FittedTable:
    """The standard table of figures: label, value as first stated, other wordings."""
    return FittedTable(RowsModel(FIGURE_HEADERS, figures_rows(figures)), parent)


def note_label(text: str, section: str, title: str = "") -> QLabel:
    """A sentence of the report, wrapped, with its lead-in in bold and its section as tooltip."""
    lead = f"<b>{html.escape(title)}:</b> " if title else ""
    label = QLabel(lead + html.escape(text))
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    if section:
        label.setToolTip(f"Report section: {section}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def item_label(item: TextItem) -> QLabel:
    return note_label(item.text, item.section, item.title)


def find_items(items: Sequence[TextItem], *keys: str) -> list[TextItem]:
    """The items with these keys, in the order asked (keys the report lacks are left out)."""
    by_key = {i.key: i for i in items}
    return [by_key[k] for k in keys if k in by_key]


def group(title: str, *widgets: QWidget) -> QGroupBox:
    """A headed box holding `widgets` one under the other."""
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)  # narrow: the tab is ~450 px wide
    for w in widgets:
        layout.addWidget(w)
    return box


class ResearchPage(QWidget):
    """A tab that shows the session's research: subclasses fill `build(research, layout)`."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.page_scroll = QScrollArea(self)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.page_scroll)
        self.no_research = QLabel(NO_RESEARCH)
        self.no_research.setWordWrap(True)
        self.no_research.setAlignment(Qt.AlignmentFlag.AlignCenter)
        session.changed.connect(self.on_desk_changed)
        self._render()

    def on_desk_changed(self, change: DeskChange) -> None:
        if change.touches(RESEARCH):
            self._render()

    @property
    def showing_research(self) -> bool:
        return self.page_scroll.widget() is not self.no_research

    def build(self, research: Research, layout: QVBoxLayout) -> None:
        raise NotImplementedError

    def _render(self) -> None:
        research = self._session.research
        old = self.page_scroll.takeWidget()
        if old is not None and old is not self.no_research:
            old.deleteLater()
        if research is None:
            self.page_scroll.setWidget(self.no_research)
            return
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 4, 4)
        self.build(research, layout)
        layout.addStretch(1)
        self.page_scroll.setWidget(content)
