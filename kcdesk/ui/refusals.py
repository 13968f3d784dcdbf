"""The red line that says, where the text was typed, why it was refused."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kcdesk.ui import theme

ERROR_STYLE = "color: $error;"  # the refusal colour of the current theme


def error_label(parent: QWidget) -> QLabel:
    """A hidden, word-wrapping label in the theme's error colour, for a refusal's reason."""
    label = QLabel(parent)
    theme.set_style(label, ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label
