"""The report's chart: the window's ChartView with the plan drawn, painted offscreen as a PNG."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import QApplication

from kcdesk.model.desk.desk import Desk
from kcdesk.model.desk.standing import Standing
from kcdesk.model.prices import PriceSeries

CHART_SIZE = (1280, 720)  # pixels; shown 640 wide: sharp when printed, labels still legible


def chart_png(desk: Desk, standing: Standing, prices: PriceSeries, range_name: str,
              size: tuple[int, int] = CHART_SIZE) -> bytes:
    """The chart of `prices` over `range_name` with the plan drawn, as PNG bytes (b"" if none)."""
    if prices.frame.empty:
        return b""
    from kcdesk.ui.chart.chart_view import ChartView
    from kcdesk.ui.chart.desk_on_chart import show_on_chart

    view = ChartView()
    try:
        show_on_chart(view, desk, standing, prices)
        view.resize(*size)
        view.set_range(range_name)
        view.show()  # lays out the panes; on the offscreen platform nothing appears
        QApplication.processEvents()
        image = view.grab().toImage()
    finally:
        view.close()
        view.deleteLater()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())
