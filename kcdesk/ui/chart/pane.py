"""One chart pane: a ViewBox and its axes laid out as PlotItem would, without PlotItem's cost."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsItem, QSizePolicy


class Pane(pg.GraphicsWidget):
    """A view box with an axis on its right and, optionally, one below it.

    The chart used two PlotItems and hid most of them: each built four axes, a title, an
    auto-range button and two context menus with their forms (~11 ms, a tenth of the window's
    start). This keeps PlotItem's geometry (1 px margins, the view stretched) and nothing else.
    """

    def __init__(self, right: pg.AxisItem, bottom: pg.AxisItem | None = None) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.vb = pg.ViewBox(parent=self, enableMenu=False)
        grid = QGraphicsGridLayout()
        grid.setContentsMargins(1, 1, 1, 1)
        grid.setHorizontalSpacing(0)
        grid.setVerticalSpacing(0)
        self.setLayout(grid)
        grid.addItem(self.vb, 0, 0)
        self._add_axis(grid, right, 0, 1)
        if bottom is not None:
            self._add_axis(grid, bottom, 1, 0)
        grid.setColumnStretchFactor(0, 100)
        grid.setColumnStretchFactor(1, 1)
        if bottom is not None:
            grid.setRowStretchFactor(0, 100)
            grid.setRowStretchFactor(1, 1)

    def _add_axis(self, grid: QGraphicsGridLayout, axis: pg.AxisItem, row: int, col: int) -> None:
        axis.linkToView(self.vb)
        grid.addItem(axis, row, col)
        # as PlotItem: above the data, items that draw over the axes use z >= 1
        axis.setZValue(0.5)
        axis.setFlag(QGraphicsItem.GraphicsItemFlag.ItemNegativeZStacksBehindParent)
