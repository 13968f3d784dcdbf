"""What every drawer of named, hideable layers on the price scale shares: its scale and the
layers hidden; either change redraws it."""

from __future__ import annotations

from kcdesk.ui.chart.yscale import YScale


class LayerSet:
    """A mixin: `_y` (the price scale), `hidden` (layer names); the class defines `refresh()`."""

    _y: YScale
    hidden: set[str]

    def refresh(self) -> None:
        raise NotImplementedError

    def set_scale(self, yscale: YScale) -> None:
        self._y = yscale
        self.refresh()

    def set_layer_visible(self, layer: str, on: bool) -> None:
        (self.hidden.discard if on else self.hidden.add)(layer)
        self.refresh()
