"""pyqtgraph's AxisItem, painted without a QPicture and with its tick labels laid out once."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen, QStaticText

_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


class _Measure:
    """What AxisItem.generateDrawSpecs asks of its painter (setFont, boundingRect), cached.

    pyqtgraph measures every tick label with QPainter.boundingRect each time the range
    changes; the labels repeat ("$12", "Mar", "2025"), so each string is measured once.
    """

    def __init__(self, font: QFont) -> None:
        self._metrics = QFontMetricsF(font)
        self.sizes: dict[str, tuple[float, float]] = {}

    def setFont(self, font: QFont) -> None:
        pass  # the font is fixed when this is made

    def boundingRect(self, rect: QRectF, flags: int, text: str) -> QRectF:
        size = self.sizes.get(text)
        if size is None:
            br = self._metrics.boundingRect(QRectF(0, 0, 100, 100), _CENTRE, text)
            size = self.sizes[text] = (br.width(), br.height())
        return QRectF(0.0, 0.0, size[0], size[1])


def _line_groups(specs: tuple[Any, list, list] | None) -> list[tuple[QPen, list[QLineF]]]:
    """The axis line and the tick marks as one drawLines call per pen, in drawing order."""
    if specs is None:
        return []
    axis_spec, tick_specs, _ = specs
    groups: list[tuple[QPen, list[QLineF]]] = []
    for pen, p1, p2 in [axis_spec, *tick_specs]:
        line = QLineF(QPointF(p1), QPointF(p2))
        if groups and groups[-1][0] is pen:
            groups[-1][1].append(line)
        else:
            groups.append((pen, [line]))
    return groups


class LightAxis(pg.AxisItem):
    """Same ticks, labels and geometry as AxisItem; cheaper frames.

    AxisItem records its drawing into a QPicture whenever the range moves and replays it on
    every paint: each replay lays the label text out again (drawText), and a frame paints
    the chart twice (the window, then a grab). Here the draw specs are kept, the labels are
    QStaticText prepared once per string, and the lines and labels are drawn directly.
    AxisItem marks a stale drawing by setting `picture` to None; that is still the signal.
    """

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation=orientation)
        self.picture: Any = None  # None: draw specs stale (AxisItem's flag); else fresh
        self._font = QFont()
        self._measure = _Measure(self._font)
        self._statics: dict[str, QStaticText] = {}
        self._specs: tuple[Any, list, list] | None = None
        self._lines: list[tuple[QPen, list[QLineF]]] = []
        self.spec_builds = 0  # how many times the specs were computed (tests)

    def setTickFont(self, font: QFont | None) -> None:
        super().setTickFont(font)
        self._font = QFont(font) if font is not None else QFont()
        self._measure = _Measure(self._font)
        self._statics = {}

    def label_sizes(self) -> dict[str, tuple[float, float]]:
        """The measured label strings (tests)."""
        return dict(self._measure.sizes)

    def paint(self, p: QPainter, *args: object) -> None:
        if self.picture is None or self._specs is None:
            self._specs = self.generateDrawSpecs(self._measure)
            self._lines = _line_groups(self._specs)
            self.spec_builds += 1
            self.picture = True  # fresh until AxisItem resets it
        if self._specs is None:
            return
        text_specs = self._specs[2]
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        for pen, lines in self._lines:  # the axis line, then each tick level's marks
            p.setPen(pen)
            p.drawLines(lines)
        if not text_specs:
            return
        p.setFont(self._font)
        p.setPen(self.textPen())
        p.save()
        p.setClipRect(self.boundingRect().toAlignedRect())
        vertical = self.orientation in ("left", "right")
        for rect, _, text in text_specs:
            static = self._static(text)
            w, h = self._measure.sizes[text]
            # where drawText(rect, flags) puts it: the rect's height is 0.8 of the text's,
            # left/right labels are centred on it vertically, top/bottom ones sit at its top
            if self.orientation == "left":
                x = rect.right() - w
            elif vertical:
                x = rect.left()
            else:
                x = rect.center().x() - w / 2
            y = rect.center().y() - h / 2 if vertical else (
                rect.top() if self.orientation == "bottom" else rect.bottom() - h)
            p.drawStaticText(QPointF(x, y), static)
        p.restore()

    def _static(self, text: str) -> QStaticText:
        static = self._statics.get(text)
        if static is None:
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=self._font)
            self._statics[text] = static
        return static
