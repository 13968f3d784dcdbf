"""A tab whose content is still to be built: says what will be there, so nothing looks broken."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderTab(QWidget):
    """A labelled empty tab."""

    def __init__(self, title: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = title.replace("&&", "&amp;")  # "&&" is a literal "&" in a tab title
        label = QLabel(f"<h3>{heading}</h3><p>{what}</p><p><i>Not built yet.</i></p>", self)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
