"""What the boilerplate layer removed from a page, by rule: the trace the tests of single rules read."""

from __future__ import annotations

from pipeline.extract.boilerplate import remove_boilerplate
from pipeline.extract.html import parse_html
from pipeline.extract.rules import Trace


def removed_by(html: str) -> dict[str, list[str]]:
    """What the boilerplate layer removed from ``html``: rule -> the elements, described."""
    root = parse_html(html)
    trace = Trace(root)
    remove_boilerplate(root, trace=trace)
    steps: dict[str, list[str]] = {}
    for step in trace.steps:
        steps.setdefault(step.rule, []).append(step.names)
    return steps
