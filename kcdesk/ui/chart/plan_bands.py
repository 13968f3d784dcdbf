"""One item that draws every plan band and line, and lets the user drag their edges."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter, QPen

LANE_PX = 14.0  # width of one target lane at the right edge
HIT_PX = 5.0  # how near an edge the mouse must be to grab it
_HUGE = 1e7


@dataclass(frozen=True)
class Shape:
    """A band (high is not None) or a line, in view y; lanes sit at the right edge."""

    key: str
    low: float
    high: float | None
    pen: QPen
    brush: QBrush | None
    editable: bool = True
    lane: int | None = None

    @property
    def is_band(self) -> bool:
        return self.high is not None


class PlanBands(pg.GraphicsObject):
    """Draws the plan in one paint call and handles drags of its edges.

    pyqtgraph's LinearRegionItem and InfiniteLine cost ~0.2 ms each per frame in Python
    (bounding rect and paint after every view change); the KC plan needs ~25 of them.
    Here the geometry is a few rectangles per frame, and a drag is hit-tested by hand: an
    edge within HIT_PX pixels starts a drag, anything else goes on to the view (pan).

    Signals:
        drag_finished(key, low, high-or-None): view y of the dragged shape when let go.
    """

    drag_finished = Signal(str, float, object)

    def __init__(self) -> None:
        super().__init__()
        self._shapes: list[Shape] = []
        self._drag: tuple[int, str, Shape] | None = None  # index, edge, shape as dragged
        self._hover: tuple[int, str] | None = None
        self._bounds = QRectF()
        self.setAcceptHoverEvents(True)

    def set_shapes(self, shapes: list[Shape]) -> None:
        """Replace what is drawn (a drag in progress ends: the model has spoken)."""
        self.prepareGeometryChange()
        self._shapes = shapes
        self._drag = None
        self._hover = None
        ys = [y for s in shapes for y in (s.low, s.high) if y is not None]
        self._bounds = QRectF(-_HUGE, min(ys), 2 * _HUGE, max(ys) - min(ys)) if ys else QRectF()
        self.update()

    def shapes(self) -> list[Shape]:
        return list(self._shapes)

    # --- drawing -----------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def _x_span(self, shape: Shape) -> tuple[float, float]:
        """Where the shape is drawn along x: the whole view, or its lane at the right."""
        vb = self.getViewBox()
        (x0, x1), _ = vb.viewRange()
        if shape.lane is None:
            return x0, x1
        lane_w = LANE_PX * (x1 - x0) / max(vb.width(), 1.0)
        right = x1 - shape.lane * lane_w
        return right - lane_w, right

    def _current(self, i: int) -> Shape:
        return self._drag[2] if self._drag is not None and self._drag[0] == i else self._shapes[i]

    def paint(self, p: QPainter, *args: object) -> None:
        if not self._shapes or self.getViewBox() is None:
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        _, (y0, y1) = self.getViewBox().viewRange()
        for i in range(len(self._shapes)):
            s = self._current(i)
            left, right = self._x_span(s)
            if s.high is not None and s.brush is not None:
                # clipped to the view by hand: the ViewBox does not clip its children
                low, high = max(s.low, y0), min(s.high, y1)
                if high > low:
                    p.fillRect(QRectF(left, low, right - left, high - low), s.brush)
            p.setPen(self._pen_for(i, s))
            for y in (s.low, s.high):
                if y is not None and y0 <= y <= y1:
                    p.drawLine(QPointF(left, y), QPointF(right, y))
            if s.lane is not None and s.high is not None and min(s.high, y1) > max(s.low, y0):
                p.drawLine(QPointF(left, max(s.low, y0)), QPointF(left, min(s.high, y1)))

    def _pen_for(self, i: int, s: Shape) -> QPen:
        hovered = self._hover is not None and self._hover[0] == i
        if hovered or (self._drag is not None and self._drag[0] == i):
            pen = QPen(s.pen)
            pen.setWidthF(3)  # not cosmetic-thin: the grabbed edge stands out
            pen.setCosmetic(True)
            return pen
        return s.pen

    # --- hit testing and dragging ------------------------------------------------------
    def hit(self, pos: QPointF) -> tuple[int, str] | None:
        """(shape index, "low" | "high" | "body") under `pos` (view coordinates), if any."""
        vb = self.getViewBox()
        if vb is None:
            return None
        (_, _), (y0, y1) = vb.viewRange()
        px_per_y = max(vb.height(), 1.0) / max(y1 - y0, 1e-12)
        best: tuple[float, int, str] | None = None
        for i, s in enumerate(self._shapes):
            if not s.editable:
                continue
            left, right = self._x_span(s)
            if not left <= pos.x() <= right:
                continue
            for edge, y in (("low", s.low), ("high", s.high)):
                if y is None:
                    continue
                d = abs(pos.y() - y) * px_per_y
                # ties go to the shape drawn last (on top): a stop over the zone it touches
                if d <= HIT_PX and (best is None or d <= best[0]):
                    best = (d, i, edge)
            if best is None and s.lane is not None and s.high is not None \
                    and s.low <= pos.y() <= s.high:
                best = (HIT_PX, i, "body")  # a lane is narrow: grab it anywhere to move it
        return None if best is None else (best[1], best[2])

    def hoverEvent(self, ev: object) -> None:  # pyqtgraph's hover protocol
        hit = None if ev.isExit() else self.hit(ev.pos())  # type: ignore[attr-defined]
        if hit is not None:
            ev.acceptDrags(Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        if hit != self._hover:
            self._hover = hit
            if hit is None:
                self.unsetCursor()
            else:
                self.setCursor(Qt.CursorShape.SizeVerCursor)
            self.update()

    def mouseDragEvent(self, ev: object) -> None:  # pyqtgraph's drag protocol
        e = ev  # type: ignore[assignment]
        if e.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            e.ignore()  # type: ignore[attr-defined]
            return
        if e.isStart():  # type: ignore[attr-defined]
            hit = self.hit(e.buttonDownPos())  # type: ignore[attr-defined]
            if hit is None:
                e.ignore()  # type: ignore[attr-defined]  # not on a level: the view pans
                return
            self._drag = (hit[0], hit[1], self._shapes[hit[0]])
        if self._drag is None:
            e.ignore()  # type: ignore[attr-defined]
            return
        e.accept()  # type: ignore[attr-defined]
        index, edge, _ = self._drag
        start = self._shapes[index]
        dy = e.pos().y() - e.buttonDownPos().y()  # type: ignore[attr-defined]
        moved = self.moved(start, edge, dy)
        self._drag = (index, edge, moved)
        self.update()
        if e.isFinish():  # type: ignore[attr-defined]
            self._drag = None
            self.update()
            self.drag_finished.emit(start.key, moved.low, moved.high)

    @staticmethod
    def moved(shape: Shape, edge: str, dy: float) -> Shape:
        """`shape` with `edge` moved by dy; a band's edges swap rather than cross."""
        if edge == "body" or shape.high is None:
            high = None if shape.high is None else shape.high + dy
            return replace(shape, low=shape.low + dy, high=high)
        low, high = shape.low, shape.high
        if edge == "low":
            low += dy
        else:
            high += dy
        return replace(shape, low=min(low, high), high=max(low, high))
