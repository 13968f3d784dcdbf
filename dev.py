#!/usr/bin/env python3
"""Set up and run KC Desk from a checkout: `python3 dev.py run` opens the app, `test` checks it,
`package` builds the one-folder app in dist/kcdesk/.

`python3 dev.py mutate` runs mutation testing (mutmut, configured in pyproject.toml; slow, not in
CI); `mutate results` / `mutate show NAME` are passed on to mutmut. tests/README.md has the score.

Needs only python3. Makes (or reuses) `.venv/` beside this file, installs KC Desk into it with
its test and dev tools, and — as root on Debian/Ubuntu — the system libraries Qt needs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".kcdesk-installed"

# Debian packages Qt's xcb (real window) and offscreen platforms load at run time.
QT_DEBIAN_LIBS = [
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libxkbcommon0",
    "libglib2.0-0",
    "libdbus-1-3",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-image0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libx11-xcb1",
]
# What the test command needs beyond Qt: the real-window suite (an X server, input, screenshots)
# and the validators of the desktop entry and AppStream metadata.
TEST_DEBIAN_TOOLS = ["xvfb", "xdotool", "imagemagick", "desktop-file-utils", "appstream"]


def say(msg: str) -> None:
    print(f"[dev.py] {msg}", flush=True)


def run(cmd: list[str], **kw: object) -> int:
    return subprocess.call(cmd, **kw)  # type: ignore[call-overload]


def apt_install_missing(packages: list[str]) -> None:
    """Install missing Debian packages when we can (root + apt); otherwise say what is missing."""
    if sys.platform != "linux" or not shutil.which("dpkg-query"):
        return
    missing = [
        p
        for p in packages
        if subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True
        ).stdout.strip()
        != "install ok installed"
    ]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        say("Qt may need these system libraries: sudo apt-get install " + " ".join(missing))
        return
    say("installing system libraries Qt needs: " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    if run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env):
        say("warning: apt-get could not install every library; Qt may fail to start")


def ensure_venv() -> None:
    """Create .venv and install the project (re-installed when pyproject.toml changes)."""
    if not PY.exists():
        say(f"creating {VENV}")
        if run([sys.executable, "-m", "venv", str(VENV)]) != 0:
            apt_install_missing(["python3-venv"])
            shutil.rmtree(VENV, ignore_errors=True)
            if run([sys.executable, "-m", "venv", str(VENV)]) != 0:
                sys.exit("dev.py: could not create a virtual environment (python3-venv missing?)")
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == want:
        return
    say("installing KC Desk and its tools into .venv (first run takes a minute)")
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if run([*pip, "--upgrade", "pip"]) or run([*pip, "-e", f"{ROOT}[test,dev]"]):
        sys.exit("dev.py: pip install failed (see above)")
    STAMP.write_text(want)


def cmd_run(extra: list[str]) -> int:
    apt_install_missing(QT_DEBIAN_LIBS)
    ensure_venv()
    return run([str(PY), "-m", "kcdesk", *extra], cwd=ROOT)


def cmd_test(extra: list[str]) -> int:
    apt_install_missing(QT_DEBIAN_LIBS + TEST_DEBIAN_TOOLS)
    ensure_venv()
    bin_dir = PY.parent
    pytest = [str(PY), "-m", "pytest", "-p", "no:cacheprovider"]
    steps = [
        ("import contracts", [str(bin_dir / "lint-imports")]),
        ("ruff", [str(bin_dir / "ruff"), "check", "kcdesk", "tests", "bench", "dev.py"]),
        ("mypy", [str(PY), "-m", "mypy", "kcdesk"]),
    ]
    if extra:  # the tests asked for, as asked
        steps.append(("pytest", [*pytest, *extra]))
    else:  # the real-window suite needs a process of its own (one QApplication, on xcb)
        steps.append(("pytest", [*pytest, "-m", "not realwindow"]))
        steps.append(("pytest, real window (Xvfb)", [*pytest, "-m", "realwindow",
                                                     "tests/realwindow"]))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    failed = []
    for name, cmd in steps:
        say(f"--- {name}")
        if run(cmd, cwd=ROOT, env=env) != 0:
            failed.append(name)
    if failed:
        say("FAILED: " + ", ".join(failed))
        return 1
    say("all checks passed")
    return 0


def cmd_package(extra: list[str]) -> int:
    """Build the one-folder app dist/kcdesk/ with PyInstaller, in a venv of its own."""
    apt_install_missing(QT_DEBIAN_LIBS)
    venv = ROOT / "build" / "package-venv"
    py = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not py.exists() and run([sys.executable, "-m", "venv", str(venv)]) != 0:
        sys.exit("dev.py: could not create a virtual environment (python3-venv missing?)")
    say("installing KC Desk and PyInstaller into build/package-venv")
    pip = [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if run([*pip, "-e", f"{ROOT}[packaging]"]):
        sys.exit("dev.py: pip install failed (see above)")
    return run([str(py), "-m", "PyInstaller", "packaging/kcdesk.spec", "--noconfirm",
                "--distpath", "dist", "--workpath", "build/pyinstaller", *extra], cwd=ROOT)


def cmd_mutate(extra: list[str]) -> int:
    """`mutmut run` (or the mutmut verb given: results, show NAME, browse) from the checkout."""
    apt_install_missing(QT_DEBIAN_LIBS)
    ensure_venv()
    mutmut = PY.parent / ("Scripts/mutmut.exe" if os.name == "nt" else "mutmut")
    # One child per core: mutants share the machine with whatever else runs.
    args = extra or ["run", f"--max-children={os.cpu_count() or 1}"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return run([str(mutmut), *args], cwd=ROOT, env=env)


COMMANDS = {"run": cmd_run, "test": cmd_test, "package": cmd_package, "mutate": cmd_mutate}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        print("usage: python3 dev.py run [kcdesk args…] | python3 dev.py test [pytest args…]"
              " | python3 dev.py package | python3 dev.py mutate [mutmut args…]")
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
