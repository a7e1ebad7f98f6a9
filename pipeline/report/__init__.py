"""Self-contained HTML reports people look at instead of logs.

* :mod:`pipeline.report.qa_html`: ``pipeline qa --report FILE.html`` (extraction against the fixtures);
* :mod:`pipeline.report.run_html`: ``pipeline report OUT_DIR --html FILE.html`` (the runs in an output dir);
* helpers: :mod:`~pipeline.report.html` (page shell, CSS, escaping), :mod:`~pipeline.report.svg` (bar charts),
  :mod:`~pipeline.report.highlight` (missing / extra / leaked text), :mod:`~pipeline.report.run_data`
  (reading run output), :mod:`~pipeline.report.browser` (headless Chromium: DOM dumps and screenshots).

Every page is one file: inline CSS and SVG, no scripts, nothing fetched at view time (a
Content-Security-Policy forbids it), readable on a laptop and printable.
"""
