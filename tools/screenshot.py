#!/usr/bin/env python3
"""Screenshot the real KC Desk window under Xvfb: `screenshot.py [--tab TITLE] [--scroll F]
[--theme light|dark] OUT.png [ARGS]`.

Needs Debian's xvfb and imagemagick (`import`). Used to look at the app and for the README image.
`--tab TITLE` opens the window on that tab (e.g. "Peers") instead of the first; `--scroll F`
(with --tab) scrolls a scrolling tab to F of the way down (0 top, 1 bottom) to see the rest of it.
`--theme NAME` starts the app in that theme from a throw-away QSettings (XDG_CONFIG_HOME in a temp
folder), which also keeps the user's remembered layout out of the picture.
SHOT_XDOTOOL="mousemove 1340 430 click 1; key ctrl+a; type 250000" runs each `;`-separated xdotool
command (a second apart) after SHOT_WAIT, before the picture: to click or type into the window.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The window as `kcdesk` opens it, then the tab named argv[1] made current, scrolled to argv[2].
_ON_TAB = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractScrollArea
from kcdesk.app import open_window
from kcdesk.cli import build_parser
title, scroll = sys.argv[1], float(sys.argv[2])
args = build_parser().parse_args(sys.argv[3:])
started = open_window(args.data_dir, args.ticker)
if started is None:
    sys.exit(1)
app, store, window = started
window.show()
titles = [window.tabs.tabText(i).replace("&&", "&") for i in range(window.tabs.count())]
if title not in titles:
    sys.exit(f"no tab {title!r}; the tabs are {titles}")
window.tabs.setCurrentIndex(titles.index(title))

def scroll_page():
    areas = window.tabs.currentWidget().findChildren(QAbstractScrollArea)
    if areas:
        bar = areas[0].verticalScrollBar()
        bar.setValue(round(bar.maximum() * scroll))

QTimer.singleShot(500, scroll_page)
sys.exit(app.exec())
"""


def main(argv: list[str]) -> int:
    options = {"--tab": None, "--scroll": "0", "--theme": None}
    while argv[:1] and argv[0] in options and len(argv) >= 2:
        options[argv[0]], argv = argv[1], argv[2:]
    tab, scroll, theme = options["--tab"], options["--scroll"] or "0", options["--theme"]
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    out = Path(argv[0]).resolve()
    display = os.environ.get("SHOT_DISPLAY", ":97")
    size = os.environ.get("SHOT_SIZE", "1600x1000")
    wait = float(os.environ.get("SHOT_WAIT", "6"))
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"])
    time.sleep(1.0)
    env = dict(os.environ, DISPLAY=display)
    env.pop("QT_QPA_PLATFORM", None)
    if theme is not None:
        config = Path(tempfile.mkdtemp(prefix="kcdesk-shot-config-"))
        (config / "kcdesk").mkdir()
        # QSettings' file for organisation "kcdesk", application "KC Desk"
        (config / "kcdesk" / "KC Desk.conf").write_text(f"[view]\ntheme={theme}\n")
        env["XDG_CONFIG_HOME"] = str(config)
    command = ["-m", "kcdesk"] if tab is None else ["-c", _ON_TAB, tab, scroll]
    app = subprocess.Popen([sys.executable, *command, *argv[1:]], env=env)
    try:
        time.sleep(wait)
        if app.poll() is not None:
            print(f"kcdesk exited early with {app.returncode}", file=sys.stderr)
            return 1
        for command in filter(str.strip, os.environ.get("SHOT_XDOTOOL", "").split(";")):
            subprocess.run(["xdotool", *shlex.split(command)], env=env, check=True)
            time.sleep(1.0)
        subprocess.run(["import", "-display", display, "-window", "root", str(out)], check=True)
        print(out)
        return 0
    finally:
        app.terminate()
        try:
            app.wait(10)
        except subprocess.TimeoutExpired:
            app.kill()
        xvfb.terminate()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
