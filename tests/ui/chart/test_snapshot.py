"""`kcdesk snapshot`: the chart rendered headless to a PNG of the asked size, or an SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kcdesk.cli import main


def test_png_of_the_requested_size(tmp_path: Path, data_dir: Path, qtbot: QtBot) -> None:
    out = tmp_path / "kc.png"
    rc = main(["--data-dir", str(data_dir), "snapshot", "--out", str(out),
               "--range", "Max", "--size", "900x560"])
    assert rc == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 560)
    # not blank: the chart put many colours on it
    colours = {image.pixel(x, y) for x in range(0, 900, 7) for y in range(0, 560, 7)}
    assert len(colours) > 20


def test_svg_parses(tmp_path: Path, data_dir: Path, qtbot: QtBot) -> None:
    out = tmp_path / "kc.svg"
    assert main(["--data-dir", str(data_dir), "snapshot", "KC", "--out", str(out),
                 "--log", "--line"]) == 0
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    assert root.attrib["viewBox"] == "0 0 1600 900"
    assert len(list(root.iter())) > 100


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "x.jpg"], "must end in .png or .svg"),
    (["--out", "x.png", "--size", "big"], "WIDTHxHEIGHT"),
    (["--out", "x.png", "--range", "2W"], "choose from"),
    (["--out", "/no/such/dir/x.png"], "no such directory"),
])
def test_bad_arguments_are_clear_errors(args: list[str], message: str, data_dir: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "snapshot", *args]) == 2
    assert message in capsys.readouterr().err
