"""The row above the chart: range buttons, candles/line, log scale, and the layers menu."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QMenu, QToolButton, QWidget

from kcdesk.model.chart_ranges import RANGES


class ChartToolbar(QWidget):
    """Buttons only: it says what was asked and shows what the chart reports back.

    Signals:
        range_requested(str), candles_toggled(bool), log_toggled(bool),
        layer_toggled(str, bool)
    """

    range_requested = Signal(str)
    candles_toggled = Signal(bool)
    log_toggled = Signal(bool)
    layer_toggled = Signal(str, bool)

    def __init__(self, layers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.setSpacing(2)
        self.range_buttons: dict[str, QToolButton] = {}
        group = QButtonGroup(self)
        for name in RANGES:
            button = self._button(name, f"Show the last {name}" if name != "Max" else "Show all")
            group.addButton(button)
            button.clicked.connect(lambda _=False, n=name: self.range_requested.emit(n))
            row.addWidget(button)
            self.range_buttons[name] = button
        row.addSpacing(12)
        self.candles_button = self._button("Candles", "Candles (off: a close line)")
        self.candles_button.setChecked(True)
        self.candles_button.toggled.connect(self.candles_toggled)
        self.log_button = self._button("Log", "Logarithmic price scale")
        self.log_button.toggled.connect(self.log_toggled)
        row.addWidget(self.candles_button)
        row.addWidget(self.log_button)
        row.addSpacing(12)
        self.layers_button = QToolButton(self)
        self.layers_button.setText("Layers")
        self.layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.layers_button)
        self.layer_actions: dict[str, QAction] = {}
        for layer in layers:
            action = menu.addAction(layer)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, name=layer: self.layer_toggled.emit(name, on))
            self.layer_actions[layer] = action
        self.layers_button.setMenu(menu)
        row.addWidget(self.layers_button)
        row.addStretch(1)

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setAutoRaise(True)
        return button

    def show_range(self, name: str) -> None:
        if name in self.range_buttons:
            self.range_buttons[name].setChecked(True)

    def show_state(self, candles: bool, log: bool, layers: dict[str, bool]) -> None:
        """Reflect state set from outside (menus, the session) without re-emitting."""
        for widget, on in ((self.candles_button, candles), (self.log_button, log)):
            widget.blockSignals(True)
            widget.setChecked(on)
            widget.blockSignals(False)
        for layer, on in layers.items():
            action = self.layer_actions[layer]
            action.blockSignals(True)
            action.setChecked(on)
            action.blockSignals(False)
