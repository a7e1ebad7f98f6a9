"""Headless Chromium for the reports: the rendered DOM (tests assert on it) and screenshots.

No Playwright or Selenium: Chromium's own ``--dump-dom`` and ``--screenshot`` flags, a fresh
profile per call, networking features off. As root, Chromium needs ``--no-sandbox``.

    python -m pipeline.report.browser reports/qa.html --screenshot docs/qa-report.png
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.errors import PipelineError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")
INSTALL_HINT = "install Chromium: apt-get install -y chromium (Debian/Ubuntu)"
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
TIMEOUT_S = 60


def find_chromium() -> str | None:
    """The Chromium executable on PATH (or /usr/bin/chromium), or None."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(html_path: Path, extra: list[str]) -> str:
    binary = find_chromium()
    if binary is None:
        raise PipelineError(f"Chromium not found; {INSTALL_HINT}")
    sandbox = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        command = [binary, *FLAGS, *sandbox, f"--user-data-dir={profile}", *extra, html_path.resolve().as_uri()]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise PipelineError(f"Chromium took more than {TIMEOUT_S}s on {html_path}") from None
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise PipelineError(f"Chromium failed (exit {result.returncode}) on {html_path}: {last}")
    return result.stdout


def dump_dom(html_path: Path) -> str:
    """The DOM after Chromium has loaded and rendered the file, serialised as HTML."""
    return _run(html_path, ["--dump-dom"])


def screenshot(html_path: Path, png_path: Path, width: int = 1280, height: int = 900) -> Path:
    """A PNG of the first ``width`` x ``height`` pixels of the page, as a laptop screen shows it."""
    png_path.parent.mkdir(parents=True, exist_ok=True)
    _run(html_path, [f"--screenshot={png_path.resolve()}", f"--window-size={width},{height}"])
    if not png_path.is_file():
        raise PipelineError(f"Chromium wrote no screenshot for {html_path}")
    return png_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render a report in headless Chromium.")
    parser.add_argument("html", metavar="FILE.html", help="the report to render")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save a screenshot instead of printing the DOM")
    parser.add_argument("--window-size", default="1280,900", metavar="W,H", help="screenshot size (default 1280,900)")
    args = parser.parse_args(argv)
    try:
        if args.screenshot:
            width, height = (int(x) for x in args.window_size.split(","))
            print(screenshot(Path(args.html), Path(args.screenshot), width, height))
        else:
            print(dump_dom(Path(args.html)))
    except (PipelineError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
