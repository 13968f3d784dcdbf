"""The window's Plan menu: Save version… and Versions…, whose dialogs load when first asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from kcdesk.ui.session import Session

if TYPE_CHECKING:
    from kcdesk.ui.versions_panel import SaveVersionDialog, VersionsPanel


class PlanVersionActions(QObject):
    """The Plan menu's actions; each dialog is built the first time it is asked for."""

    def __init__(self, session: Session, parent: QWidget) -> None:
        super().__init__(parent)
        self._session, self._parent = session, parent
        self.save_action = QAction("&Save version…", parent)
        self.versions_action = QAction("&Versions…", parent)
        self.save_action.triggered.connect(self.ask_save)
        self.versions_action.triggered.connect(self.show_versions)
        self.panel: VersionsPanel | None = None

    @property
    def actions(self) -> list[QAction]:
        return [self.save_action, self.versions_action]

    def ask_save(self) -> SaveVersionDialog:
        from kcdesk.ui.versions_panel import SaveVersionDialog  # not on the first frame

        dialog = SaveVersionDialog(self._session, self._parent)
        dialog.setModal(True)
        dialog.open()
        return dialog

    def show_versions(self) -> VersionsPanel:
        from kcdesk.ui.versions_panel import VersionsPanel

        if self.panel is None:
            self.panel = VersionsPanel(self._session, self._parent)
        self.panel.show()
        self.panel.raise_()
        return self.panel
