"""A real X server for the real-window suite: Xvfb on a free display, Qt on xcb, xdotool input.

Run it in its own pytest process (`pytest -m realwindow tests/realwindow`): the QApplication is
made once per process, and the rest of the suite makes it offscreen.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SCREEN = (1600, 1000)
HERE = Path(__file__).parent
_SAVED: list[Path] = []  # screenshots taken, listed at the end of the run


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _SAVED:
        terminalreporter.write_sep("-", "real-window screenshots")
        for path in _SAVED:
            terminalreporter.write_line(str(path))


def _start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """Xvfb on a display it picks itself (-displayfd), so parallel runs never collide."""
    read, write = os.pipe()
    width, height = SCREEN
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        ready, _, _ = select.select([read], [], [], 20)
        chunk = os.read(read, 16) if ready else b""
        if not chunk:
            server.kill()
            os.close(read)
            pytest.fail("Xvfb did not start (no display number within 20 s)")
        number += chunk
    os.close(read)
    return server, f":{number.decode().strip()}"


@pytest.fixture(scope="session")
def qapp(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """pytest-qt's QApplication, made on the xcb platform of a fresh Xvfb."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    # The other tests run offscreen, in the same one QApplication of the process.
    others = [i for i in request.session.items if HERE not in Path(str(i.fspath)).parents]
    if others or QApplication.instance() is not None:
        pytest.skip("the real-window suite runs in its own process: pytest tests/realwindow")
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (Debian: xvfb, xdotool)")
    server, display = _start_xvfb()
    runtime = tmp_path_factory.mktemp("xdg-runtime")
    runtime.chmod(0o700)
    os.environ.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", XDG_RUNTIME_DIR=str(runtime))
    for scaling in ("QT_SCALE_FACTOR", "QT_SCREEN_SCALE_FACTORS", "QT_ENABLE_HIGHDPI_SCALING"):
        os.environ.pop(scaling, None)  # xdotool moves in device pixels: keep Qt's the same
    try:
        app = QApplication(["kcdesk"])
        assert QGuiApplication.platformName() == "xcb"
        yield app
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="session")
def shots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go: $KCDESK_SHOTS_DIR if set (to keep them), else a temp dir."""
    chosen = os.environ.get("KCDESK_SHOTS_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("realwindow-shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def saved(path: Path) -> Path:
    """Record a screenshot for the end-of-run list."""
    _SAVED.append(path)
    return path
