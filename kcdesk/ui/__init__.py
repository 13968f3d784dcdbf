"""The Qt side of KC Desk: main window, chart, tabs, dialogs, background tasks."""

import os

# pyqtgraph binds to the first Qt binding it finds; the `bench` extra brings PyQt6 (finplot).
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
