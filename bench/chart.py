"""Chart benchmark: the KC Desk window against finplot on the same generated OHLCV bars.

Measures, per size (1,500 / 10,000 / 100,000 bars) and per app, each in fresh processes:
  first frame  spawn -> first complete frame: finplot's candles, volume and SMA 50/200; the whole
               KC Desk window (store, shipped KC plan, chart with the plan, status, tabs) on a
               throw-away profile whose price cache already holds the bars
  pan, zoom    median ms per re-rendered frame (range change + a full grab() of the chart)
  peak RSS     of the process at the end

Run: .venv/bin/python bench/chart.py [--sizes 1500,10000,100000] [--runs 3] [--json]
(needs the `bench` extra: finplot and psutil). Offscreen 1600x900; both on PySide6.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = (1_500, 10_000, 100_000)
APPS = ("kcdesk", "finplot")
WIDTH, HEIGHT = 1600, 900
STEPS = 40  # pan and zoom frames measured per run
TARGETS = {"pan": 0.5, "zoom": 0.5, "first": 1.0}  # KC Desk / finplot, at most


# --- the data both apps draw ---------------------------------------------------------------
def make_bars(n: int, seed: int = 7) -> Any:
    """A seeded random walk of n business days (price-frame convention), the same for both."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    # 100,000 business days is ~383 years: start early enough that the last one (and finplot's
    # right margin after it) stays inside pandas' nanosecond range, which ends in 2262
    dates = pd.bdate_range("1700-01-01", periods=n, name="date")
    close = 12.0 * np.exp(np.cumsum(rng.normal(0.0, 0.02, n)))
    open_ = np.concatenate(([close[0]], close[:-1])) * np.exp(rng.normal(0.0, 0.005, n))
    high = np.maximum(open_, close) * np.exp(np.abs(rng.normal(0.0, 0.01, n)))
    low = np.minimum(open_, close) * np.exp(-np.abs(rng.normal(0.0, 0.01, n)))
    volume = np.round(2.5e6 * np.exp(rng.normal(0.0, 0.4, n)), -2)
    return pd.DataFrame({"open": open_, "high": high, "low": low, "close": close,
                         "volume": volume}, index=dates)


def make_profile(root: Path, n: int) -> None:
    """A returning user's profile: a store that was opened before, and n bars imported.

    Built before the measured process is spawned: a user's machine already has all of it.
    """
    from kcdesk.data.paths import app_paths
    from kcdesk.data.prices import service
    from kcdesk.data.store import Store

    paths = app_paths(root).ensure()
    with Store.open(paths):
        pass
    # Straight into the cache, as a refresh leaves it: the CSV import refuses dates before 1900
    # and files over 10 MB, and these bars reach back to 1700 so that 100,000 of them fit.
    service.price_cache(paths).write("KC", make_bars(n), "bench: generated bars")


def start_view(n: int) -> tuple[float, float]:
    """Both apps open on the last half of the bars (finplot crashes showing all 100,000)."""
    return n - 0.5 - n // 2, n - 0.5


def view_steps(n: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The x ranges of the pan and of the zoom, starting from start_view."""
    x0, x1 = start_view(n)
    span = x1 - x0
    pan = [(x0 - i * span * 0.01, x1 - i * span * 0.01) for i in range(1, STEPS + 1)]
    centre = (x0 + x1) / 2
    zoom = []
    half = span / 2
    for i in range(STEPS):
        half *= 0.9 if i % 8 < 4 else 1 / 0.9  # in four steps, out four steps
        zoom.append((centre - half, centre + half))
    return pan, zoom


# --- one measured process ------------------------------------------------------------------
class _KcDesk:
    """The whole KC Desk window, started the way `kcdesk --data-dir PROFILE` starts it."""

    def __init__(self, profile: str) -> None:
        from kcdesk.app import open_window
        from kcdesk.cli import build_parser

        # what `kcdesk --data-dir PROFILE` runs, up to its event loop
        args = build_parser().parse_args(["--data-dir", profile])
        started = open_window(args.data_dir, args.ticker)
        if started is None:
            raise RuntimeError(f"KC Desk could not open the profile {profile}")
        _, self.store, self.window = started
        self.window.resize(WIDTH, HEIGHT)
        self.window.show()
        self.widget = self.window  # the first frame is the whole window
        self.vb = self.window.chart.price_vb

    def start_panning(self, n: int) -> None:
        """Open the chart on the same bars as finplot; frames then re-render the chart."""
        prices = self.window.session.prices  # the cache's bars, not the shipped sample
        if prices is None or prices.is_sample or len(prices.frame) != n:
            raise RuntimeError("KC Desk did not open on the profile's cached bars")
        self.set_x(*start_view(n))
        self.widget = self.window.chart

    def set_x(self, x0: float, x1: float) -> None:
        self.vb.setXRange(x0, x1, padding=0)

    def close(self) -> None:
        self.store.close()


class _Finplot:
    """finplot's candles, volume and the two averages, as its README draws them."""

    def __init__(self, frame: Any) -> None:
        import finplot as fplt

        ax, ax_vol = fplt.create_plot("bench", rows=2, init_zoom_periods=len(frame) // 2)
        fplt.candlestick_ochl(frame[["open", "close", "high", "low"]], ax=ax)
        fplt.volume_ocv(frame[["open", "close", "volume"]], ax=ax_vol)
        fplt.plot(frame["close"].rolling(50).mean(), ax=ax, legend="SMA 50")
        fplt.plot(frame["close"].rolling(200).mean(), ax=ax, legend="SMA 200")
        fplt.show(qt_exec=False)
        self.widget = fplt.windows[0]
        self.widget.resize(WIDTH, HEIGHT)
        self.vb = ax.vb

    def start_panning(self, n: int) -> None:
        """finplot already opened on the last half of the bars (init_zoom_periods)."""

    def set_x(self, x0: float, x1: float) -> None:
        # what finplot's own pan (pan_x) and wheel zoom (zoom_rect) end in: x and y autoscale
        self.vb.update_y_zoom(x0, x1)

    def close(self) -> None:
        pass


def child(app_name: str, n: int, t_spawn: float, profile: str | None) -> dict[str, Any]:
    """Run inside a fresh process: first frame, then pan and zoom frames, then peak RSS."""
    app: _KcDesk | _Finplot
    if app_name == "kcdesk":
        assert profile is not None
        # not Qt first: `kcdesk` parses its command line (pandas…) before it imports Qt
        app = _KcDesk(profile)
        from PySide6.QtWidgets import QApplication

        qapp = QApplication.instance()
    else:
        from PySide6.QtWidgets import QApplication

        qapp = QApplication([])
        app = _Finplot(make_bars(n))
    assert qapp is not None
    qapp.processEvents()
    app.widget.grab()
    first = time.time() - t_spawn
    app.start_panning(n)
    qapp.processEvents()

    def frames(ranges: list[tuple[float, float]]) -> list[float]:
        out = []
        for x0, x1 in ranges:
            t = time.perf_counter()
            app.set_x(x0, x1)
            qapp.processEvents()
            app.widget.grab()
            out.append((time.perf_counter() - t) * 1000)
        return out

    pan, zoom = view_steps(n)
    frames(pan[:5])  # warm-up: first paths and axis pictures
    pan_ms = frames(pan)
    zoom_ms = frames(zoom)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
    app.close()
    return {"first_s": first, "pan_ms": statistics.median(pan_ms),
            "zoom_ms": statistics.median(zoom_ms), "peak_rss_mb": rss / 2**20}


# --- the parent: spawn, collect, compare ---------------------------------------------------
def spawn(app_name: str, n: int) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6")
    script = str(Path(__file__).resolve())
    with tempfile.TemporaryDirectory(prefix="kcdesk-bench-") as tmp:
        extra = []
        if app_name == "kcdesk":
            # in a process of its own: a child's ru_maxrss starts at its parent's peak, so the
            # parent must never grow (no pandas, no bars here)
            subprocess.run([sys.executable, script, "--make-profile", tmp, "--bars", str(n)],
                           env=env, check=True, timeout=600)
            extra = ["--profile", tmp]
            # the window's remembered layout and theme (QSettings) too: the user's own (a tab
            # left open, say) must not change what is measured
            env = dict(env, XDG_CONFIG_HOME=str(Path(tmp) / "config"))
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, script, "--child", app_name, "--bars", str(n), "--t0", repr(t0),
             *extra],
            env=env, capture_output=True, text=True, check=False, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"{app_name} at {n} bars failed:\n{out.stderr[-2000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def compile_kcdesk() -> None:
    """Compile KC Desk's bytecode once, as installing it does (finplot's came with its install).

    Under PYTHONDONTWRITEBYTECODE a checkout would otherwise recompile every module in every
    measured process (~50 ms of the first frame).
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("kcdesk")  # found, not imported: the parent stays small
    assert spec is not None and spec.submodule_search_locations
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


def run(sizes: list[int], runs: int) -> dict[str, Any]:
    compile_kcdesk()
    results: dict[str, Any] = {}
    for n in sizes:
        per_app: dict[str, list[dict[str, Any]]] = {a: [] for a in APPS}
        for _ in range(runs):
            for a in APPS:  # interleaved, so drift in the machine hits both alike
                per_app[a].append(spawn(a, n))
        results[str(n)] = {
            a: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for a, rs in per_app.items()
        }
    return results


def table(results: dict[str, Any]) -> str:
    head = (f"{'bars':>8} | {'metric':<12} | {'KC Desk':>9} | {'finplot':>9} | {'ratio':>6} |"
            " target")
    lines = [head, "-" * len(head)]
    rows = (("first", "first_s", "s"), ("pan", "pan_ms", "ms"), ("zoom", "zoom_ms", "ms"),
            ("rss", "peak_rss_mb", "MB"))
    for n, r in results.items():
        for label, key, unit in rows:
            kc, fp = r["kcdesk"][key], r["finplot"][key]
            ratio = kc / fp if fp else float("nan")
            limit = TARGETS.get(label, 1.0 if n == "100000" else None)
            verdict = "" if limit is None else f"≤{limit:.1f}x {'ok' if ratio <= limit else 'MISS'}"
            lines.append(f"{int(n):>8,} | {label + ' ' + unit:<12} | {kc:>9.2f} | {fp:>9.2f} |"
                         f" {ratio:>5.2f}x | {verdict}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int, default=3, help="processes per app and size")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--child", choices=APPS, help=argparse.SUPPRESS)
    parser.add_argument("--bars", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--profile", help=argparse.SUPPRESS)
    parser.add_argument("--make-profile", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_profile:
        make_profile(Path(args.make_profile), args.bars)
        return 0
    if args.child:
        print(json.dumps(child(args.child, args.bars, args.t0, args.profile)))
        return 0
    results = run([int(s) for s in args.sizes.split(",")], args.runs)
    print(json.dumps(results, indent=2) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
