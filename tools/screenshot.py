#!/usr/bin/env python3
"""Screenshot the real KC Desk window under Xvfb: `python tools/screenshot.py OUT.png [kcdesk args]`.

`--tab TITLE` (after OUT.png) opens the window on that tab ("Catalysts && Risks" as the tab bar
spells it, or with one "&"). Needs Debian's xvfb and imagemagick (`import`). Used to look at the
app and for the README image.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

# The window as `kcdesk` opens it, then shown on the tab named in argv[1].
_ON_TAB = """
import sys
from kcdesk.app import open_window
from kcdesk.cli import build_parser
args = build_parser().parse_args(sys.argv[2:])
app, store, window = open_window(args.data_dir, args.ticker)
titles = [window.tabs.tabText(i).replace("&&", "&") for i in range(window.tabs.count())]
window.tabs.setCurrentIndex(titles.index(sys.argv[1].replace("&&", "&")))
window.show()
sys.exit(app.exec())
"""


def _command(args: list[str]) -> list[str]:
    """The child to start: `python -m kcdesk ARGS`, or on `--tab TITLE` the window on that tab."""
    if args[:1] != ["--tab"] or len(args) < 2:
        return [sys.executable, "-m", "kcdesk", *args]
    return [sys.executable, "-c", _ON_TAB, args[1], *args[2:]]


def main(argv: list[str]) -> int:
    if not argv:
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
    app = subprocess.Popen(_command(argv[1:]), env=env)
    try:
        time.sleep(wait)
        if app.poll() is not None:
            print(f"kcdesk exited early with {app.returncode}", file=sys.stderr)
            return 1
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
