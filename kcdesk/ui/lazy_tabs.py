"""A tab widget whose pages are built when first shown, so more tabs do not slow the first frame."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget

Factory = Callable[[QWidget], QWidget]


class LazyTabs(QTabWidget):
    """Each page is an empty stand-in until the user opens it; then its factory builds it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factories: dict[int, Factory] = {}
        self.built: dict[str, QWidget] = {}  # title -> the real page, once built
        self.currentChanged.connect(self._on_current_changed)

    def add_lazy(self, title: str, factory: Factory) -> None:
        index = self.addTab(QWidget(self), title)
        self._factories[index] = factory
        if index == self.currentIndex():
            self._build(index)

    def page(self, title: str) -> QWidget:
        """The built page called `title` (building it now if it was not yet shown)."""
        for index in range(self.count()):
            if self.tabText(index) == title:
                self._build(index)
                return self.built[title]
        raise KeyError(title)

    def _on_current_changed(self, index: int) -> None:
        if index >= 0:
            self._build(index)

    def _build(self, index: int) -> None:
        factory = self._factories.pop(index, None)
        if factory is None:
            return
        title = self.tabText(index)
        page = factory(self)
        stand_in = self.widget(index)
        self.blockSignals(True)  # swapping the page is not the user changing tabs
        try:
            current = self.currentIndex()
            self.removeTab(index)
            self.insertTab(index, page, title)
            self.setCurrentIndex(current)
        finally:
            self.blockSignals(False)
        if stand_in is not None:
            stand_in.deleteLater()
        self.built[title] = page
