"""The steps that keep an article's content forms, for bench/extract_ablate.py (session 19's
``bench/tune_pages/health_forms``): a callout that names itself one (``named-callouts``), an
accordion's questions and answers (``panel-text``) and a quote set apart (``quotes-set-apart``),
each detected (:func:`detectors`) and turned off (:data:`ABLATIONS`), detector and swap together
as in ``ablate_arbitration``; ``ablate_steps`` splices both into its own tables.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pipeline.extract as E
from pipeline.extract.callouts import Callouts
from pipeline.extract.loose_runs import panel_text

B = importlib.import_module("pipeline.extract.boilerplate")

Swap = tuple[Any, str, Any]
_QUOTES_SET_APART = B.quotes_set_apart  # the real one, whatever a swap puts in its place


def detectors(fire: Callable[[str, object], None]) -> tuple[Swap, ...]:
    """The swaps that record (``fire``) each step where it changed something."""

    class DetectCallouts(Callouts):
        def spare_if_callout(self, element: Any) -> bool:
            said = super().spare_if_callout(element)
            fire("named-callouts", said and element in self.spared)
            return said

    def detect_panel_text(root: Any) -> int:
        changed = panel_text(root)
        fire("panel-text", changed)
        return changed

    def detect_quotes(root: Any) -> int:
        changed: int = _QUOTES_SET_APART(root)
        fire("quotes-set-apart", changed)
        return changed

    return (
        (B, "Callouts", DetectCallouts),
        (E, "panel_text", detect_panel_text),
        (B, "quotes_set_apart", detect_quotes),
    )


class _NoCallouts(Callouts):
    """``named-callouts`` off: the token rules remove every box they name."""

    def spare_if_callout(self, element: Any) -> bool:
        return False


def _nothing(*_: Any) -> int:
    return 0


# Each step: what it does, and the swaps that turn it off.
ABLATIONS: dict[str, tuple[str, tuple[Swap, ...]]] = {
    "named-callouts": (
        "a box a token rule would remove that names itself a callout and reads as one stays (its names dropped)",
        ((B, "Callouts", _NoCallouts),),
    ),
    "panel-text": (
        "an accordion's link questions and bare <div> answers are written as trafilatura reads them",
        ((E, "panel_text", _nothing),),
    ),
    "quotes-set-apart": (
        "a <figure> holding a quote and no picture is a quote (its caption the attribution), so is a quote's <footer>",
        ((B, "quotes_set_apart", _nothing),),
    ),
}
