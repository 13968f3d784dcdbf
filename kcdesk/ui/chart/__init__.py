"""The price chart: candles, volume, averages and the plan, drawn with pyqtgraph."""

# pyqtgraph binds to the first Qt it finds; the `bench` extra brings PyQt6 (for finplot), so
# make sure KC Desk's binding is the one already imported.
import PySide6.QtCore  # noqa: F401
