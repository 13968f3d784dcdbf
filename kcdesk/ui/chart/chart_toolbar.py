"""The row above the chart: range buttons, candles/line, log scale, and the layers menu.

Buttons only, each showing one of the chart's QActions (the View menu shows the same ones).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from kcdesk.ui.chart.chart_actions import ChartActions


class ChartToolbar(QWidget):
    """A tool button per chart action, and a Layers button with every layer action."""

    def __init__(self, actions: ChartActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.setSpacing(2)
        self.range_buttons = {name: self._button(a) for name, a in actions.ranges.items()}
        for button in self.range_buttons.values():
            row.addWidget(button)
        row.addSpacing(12)
        self.candles_button = self._button(actions.candles)
        self.log_button = self._button(actions.log)
        self.log_button.setText("Log")
        row.addWidget(self.candles_button)
        row.addWidget(self.log_button)
        row.addSpacing(12)
        self.layers_button = QToolButton(self)
        self.layers_button.setText("Layers")
        self.layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.layers_menu = QMenu(self.layers_button)
        self.layers_menu.addActions(list(actions.layers.values()))
        self.layers_button.setMenu(self.layers_menu)
        row.addWidget(self.layers_button)
        row.addStretch(1)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        return button
