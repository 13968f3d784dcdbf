"""The shared read-only table: sorting by value, copying as TSV, and a well-behaved Qt model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from kcdesk.ui.tables import Cell, CopyableTable, RowsModel, cell


def _model() -> RowsModel:
    return RowsModel(
        ["Peer", "EV/Revenue"],
        [
            [cell("GDS", "Peers"), Cell("~7–8x", 7.0, "Peers table", True)],
            [cell("KC"), Cell("~3.3x", 3.3, "", True)],
            [cell("VNET"), Cell("N/M", None, "", True)],
        ],
    )


def test_model_passes_qt_model_tester(qtmodeltester) -> None:
    qtmodeltester.check(_model())


def test_cells_show_text_as_written_with_tooltip_and_alignment() -> None:
    m = _model()
    assert m.index(0, 1).data() == "~7–8x"
    assert m.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Peers table"
    assert m.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)


def test_sorting_a_column_orders_by_value_with_text_like_nm_last(qtbot) -> None:
    view = CopyableTable(_model())
    qtbot.addWidget(view)
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    shown = [view.model().index(r, 0).data() for r in range(3)]
    assert shown == ["KC", "GDS", "VNET"]  # 3.3 < 7.0, then the text "N/M"


def test_copy_without_selection_copies_the_whole_table_as_tsv(qtbot) -> None:
    view = CopyableTable(_model())
    qtbot.addWidget(view)
    view.copy()
    assert QGuiApplication.clipboard().text() == (
        "Peer\tEV/Revenue\nGDS\t~7–8x\nKC\t~3.3x\nVNET\tN/M\n"
    )


def test_copy_of_one_cell_is_its_text_alone(qtbot) -> None:
    view = CopyableTable(_model())
    qtbot.addWidget(view)
    view.setCurrentIndex(view.model().index(1, 1))
    assert view.copy_text() == "~3.3x\n"


def test_a_row_of_the_wrong_width_is_refused() -> None:
    m = _model()
    with pytest.raises(ValueError, match="1 cells under 2 headers"):
        m.set_rows([[cell("x")]])
    assert m.rowCount() == 3  # the rows shown are kept
