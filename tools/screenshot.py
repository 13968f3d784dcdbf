#!/usr/bin/env python3
"""Screenshot the real KC Desk window under Xvfb: `python tools/screenshot.py OUT.png [kcdesk args]`.

Needs Debian's xvfb and imagemagick (`import`). Used to look at the app and for the README image.
SHOT_XDOTOOL="mousemove 1340 430 click 1; key ctrl+a; type 250000" runs each `;`-separated xdotool
command (a second apart) after SHOT_WAIT, before the picture: to click or type into the window.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path


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
    app = subprocess.Popen([sys.executable, "-m", "kcdesk", *argv[1:]], env=env)
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
