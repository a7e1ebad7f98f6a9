"""Headless Chromium for the reports: the rendered DOM (tests assert on it) and screenshots.

No Playwright or Selenium: Chromium's own ``--dump-dom``, ``--screenshot`` and ``--print-to-pdf``
flags, a fresh profile per call, background networking, component updates and sync off (on a
machine without network they stall or fail the run). ``--no-sandbox`` always: the pages are our
own reports, and the sandbox cannot start as root or in most containers.

    python -m pipeline.report.browser reports/qa.html --screenshot docs/qa-report.png
    python -m pipeline.report.browser reports/qa.html --pdf /tmp/qa.pdf
"""

from __future__ import annotations

import argparse
import re
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
    "--no-sandbox",
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
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        command = [binary, *FLAGS, f"--user-data-dir={profile}", *extra, html_path.resolve().as_uri()]
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


def print_pdf(html_path: Path, pdf_path: Path) -> Path:
    """The page printed to PDF (print CSS applied, A4 from the page's ``@page`` rule), no headers."""
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    _run(html_path, [f"--print-to-pdf={pdf_path.resolve()}", "--no-pdf-header-footer"])
    if not pdf_path.is_file():
        raise PipelineError(f"Chromium wrote no PDF for {html_path}")
    return pdf_path


def pdf_pages(pdf_path: Path) -> int:
    """Pages in a PDF Chromium wrote (it writes one uncompressed ``/Type /Page`` object per page)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf_path.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render a report in headless Chromium.")
    parser.add_argument("html", metavar="FILE.html", help="the report to render")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save a screenshot instead of printing the DOM")
    parser.add_argument("--pdf", metavar="FILE.pdf", help="print the page to PDF instead of printing the DOM")
    parser.add_argument("--window-size", default="1280,900", metavar="W,H", help="screenshot size (default 1280,900)")
    args = parser.parse_args(argv)
    try:
        if args.screenshot:
            width, height = (int(x) for x in args.window_size.split(","))
            print(screenshot(Path(args.html), Path(args.screenshot), width, height))
        elif args.pdf:
            print(print_pdf(Path(args.html), Path(args.pdf)))
        else:
            print(dump_dom(Path(args.html)))
    except (PipelineError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
