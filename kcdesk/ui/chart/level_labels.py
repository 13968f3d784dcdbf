"""Labels of the plan levels in a column at the right, pushed apart so none covers another."""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen, QStaticText

from kcdesk.ui.chart import colors

LABEL_Z = 1000  # above the data
PAD_X = 5.0
GAP = 2.0  # between neighbouring labels


@dataclass(frozen=True)
class LabelSpec:
    """One label: where its level is (view y), what it says, in which colour."""

    y: float
    text: str
    colour: str


def spread(desired: list[float], height: float, top: float, bottom: float) -> list[float]:
    """Centres for labels of `height`, as near `desired` (ascending) as overlap allows.

    Overlapping labels merge into a stack centred on their mean; stacks are clamped to
    [top, bottom] and merge again if clamping made them touch.
    """
    stacks: list[list[float]] = []  # [top of stack, count, sum of desired centres]
    for d in desired:
        stacks.append([d - height / 2, 1, d])
        while True:
            st = stacks[-1]
            st[0] = min(max(st[0], top), max(top, bottom - st[1] * height))
            if len(stacks) < 2 or stacks[-2][0] + stacks[-2][1] * height <= st[0]:
                break
            prev = stacks.pop(-2)
            count, total = prev[1] + st[1], prev[2] + st[2]
            stacks[-1] = [total / count - count * height / 2, count, total]
    out: list[float] = []
    for st_top, count, _ in stacks:
        out.extend(st_top + height * (j + 0.5) for j in range(int(count)))
    return out


class LevelLabels(pg.GraphicsObject):
    """Draws the labels in the price ViewBox's pixels (a child of the box, not of its data).

    `right_inset` leaves room at the right edge (the target lanes sit there).
    """

    def __init__(self, vb: pg.ViewBox) -> None:
        super().__init__(vb)
        self._vb = vb
        self._specs: list[LabelSpec] = []
        self.right_inset = 0.0
        self._font = QFont()
        self._font.setPointSizeF(8.5)
        self._metrics = QFontMetricsF(self._font)
        # laid-out text, width and pen per displayed string: labels repeat frame after frame
        self._texts: dict[tuple[str, str], tuple[QStaticText, float, QPen]] = {}
        # the placements of the last view: a frame paints twice (window, grab), and a pan
        # that keeps the y range keeps them
        self._placed: tuple[tuple, list[tuple[LabelSpec, float, QRectF]]] | None = None
        self.placement_builds = 0  # how many times placements were computed (tests)
        self._background = colors.with_alpha(colors.BACKGROUND, 225)
        self.setZValue(LABEL_Z)
        vb.sigResized.connect(self._on_resized)

    def restyle(self) -> None:
        """Take the current theme's background behind the labels (their text has its own)."""
        self._background = colors.with_alpha(colors.BACKGROUND, 225)
        self.update()

    def _on_resized(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def set_labels(self, specs: list[LabelSpec]) -> None:
        self._specs = sorted(specs, key=lambda s: -s.y)  # top of the screen first
        self._placed = None
        self.update()

    def texts(self) -> list[str]:
        return [s.text for s in self._specs]

    def boundingRect(self) -> QRectF:
        return QRectF(self._vb.boundingRect())

    def placements(self) -> list[tuple[LabelSpec, float, QRectF]]:
        """(spec, the level's pixel y, the label's rectangle) for the current view.

        Computed again only when the y range, the box's size or the inset changed.
        """
        return [(spec, ty, QRectF(box)) for spec, ty, box in self._placements()]

    def _placements(self) -> list[tuple[LabelSpec, float, QRectF]]:
        rect = self._vb.boundingRect()
        (_, _), (y0, y1) = self._vb.viewRange()
        key = (y0, y1, rect.width(), rect.height(), self.right_inset)
        if self._placed is None or self._placed[0] != key:
            self._placed = (key, self._place(rect, y0, y1))
            self.placement_builds += 1
        return self._placed[1]

    def _place(self, rect: QRectF, y0: float, y1: float
               ) -> list[tuple[LabelSpec, float, QRectF]]:
        if not self._specs or y1 <= y0 or rect.height() <= 0:
            return []
        h = rect.height()
        height = self._metrics.height() + 2 + GAP
        true_y = [h - (s.y - y0) / (y1 - y0) * h for s in self._specs]
        # levels off the screen are shown pinned to its edge, with an arrow
        desired = [min(max(y, height / 2), h - height / 2) for y in true_y]
        centres = spread(desired, height, 0.0, h)
        right = rect.width() - self.right_inset - 2
        out = []
        for spec, ty, cy in zip(self._specs, true_y, centres, strict=True):
            w = self._text(spec, self._display(spec, ty, h))[1]
            out.append((spec, ty, QRectF(right - w, cy - (height - GAP) / 2, w, height - GAP)))
        return out

    def _text(self, spec: LabelSpec, shown: str) -> tuple[QStaticText, float, QPen]:
        key = (shown, spec.colour)
        if key not in self._texts:
            static = QStaticText(shown)
            static.prepare(font=self._font)
            width = self._metrics.horizontalAdvance(shown) + 2 * PAD_X
            self._texts[key] = (static, width, pg.mkPen(spec.colour))
        return self._texts[key]

    @staticmethod
    def _display(spec: LabelSpec, true_y: float, h: float) -> str:
        if true_y < 0:
            return f"▲ {spec.text}"
        if true_y > h:
            return f"▼ {spec.text}"
        return spec.text

    def paint(self, p: QPainter, *args: object) -> None:
        h = self._vb.boundingRect().height()
        p.setFont(self._font)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setBrush(self._background)
        text_h = self._metrics.height()
        for spec, ty, box in self._placements():
            static, _, pen = self._text(spec, self._display(spec, ty, h))
            p.setPen(pen)
            if 0 <= ty <= h and abs(ty - box.center().y()) > 1:
                # leader from a displaced label back to its level
                p.drawLine(QPointF(box.left(), box.center().y()), QPointF(box.left() - 10, ty))
            p.drawRect(box)
            p.drawStaticText(QPointF(box.left() + PAD_X, box.center().y() - text_h / 2), static)
