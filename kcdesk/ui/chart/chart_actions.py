"""The chart's commands as QActions: one per range, log scale, candles, and each layer.

One QAction per command, shown both in the chart's toolbar and in the View menu, so toggling
either shows in the other (they are the same object). The chart connects them to itself.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from kcdesk.model.chart_ranges import DEFAULT_RANGE, RANGES


class ChartActions(QObject):
    """The chart's checkable actions; their checked state is the chart's state."""

    def __init__(self, layers: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.range_group = QActionGroup(self)
        self.ranges: dict[str, QAction] = {}
        for n, name in enumerate(RANGES, start=1):
            act = QAction(name, self, checkable=True)
            act.setToolTip(f"Show the last {name}" if name != "Max" else "Show all")
            act.setShortcut(QKeySequence(f"Alt+{n}"))
            act.setChecked(name == DEFAULT_RANGE)
            self.range_group.addAction(act)
            self.ranges[name] = act
        self.log = QAction("&Log scale", self, checkable=True)
        self.log.setToolTip("Logarithmic price scale")
        self.log.setShortcut(QKeySequence("Ctrl+L"))
        self.candles = QAction("&Candles", self, checkable=True, checked=True)
        self.candles.setToolTip("Candles (off: a close line)")
        self.layers: dict[str, QAction] = {}
        for layer in layers:
            self.layers[layer] = QAction(layer, self, checkable=True, checked=True)
