"""The arbitration's branches for bench/extract_ablate.py: which of them decided a verdict
(``branches``), and each turned off (``without_branch``, ``menu_exemption_off``), on one record
of the call (``Arbitration``), so ``arbitrate``'s signature is written once here.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from typing import Any

from pipeline.extract.arbitrate import arbitrate as real_arbitrate

# The module itself (``pipeline.extract.arbitrate`` is also the name of a function there).
A = importlib.import_module("pipeline.extract.arbitrate")


def branches(candidate: str, baseline: str, replies: int, chrome: Any, article: str | None = None) -> set[str]:
    """The arbitration branches whose removal would change this verdict (rule 2 measures the
    ``article`` part of the candidate when given, as :func:`arbitrate` does)."""
    fired: set[str] = set()
    if not baseline:
        return fired
    own = candidate if article is None else article
    if len(own.strip()) < A.MIN_ARTICLE_CHARS and len(baseline) > len(own):
        fired.add("arbitrate:menu-exemption" if own.strip() and A.menu_like(baseline) else "arbitrate:short")
        return fired
    if len(baseline) >= A.BASELINE_MIN_CHARS and len(candidate) < len(baseline):
        share = A.word_share(candidate, baseline, chrome)
        thread = replies >= A.THREAD_MIN_REPLIES
        bar = A.THREAD_KEEP_SHARE if thread else A.KEEP_SHARE
        if share < bar:
            fired.add("arbitrate:keep-share")
        if thread and A.THREAD_KEEP_SHARE <= share < A.KEEP_SHARE:
            fired.add("arbitrate:thread-share")
        if chrome and (A.word_share(candidate, baseline) < bar) != (share < bar):
            fired.add("arbitrate:thread-chrome")
    return fired


@dataclasses.dataclass
class Arbitration:
    """One call of ``arbitrate``, as pipeline.extract makes it: what a detector or a swap decides on."""

    candidate: str
    used: str
    baseline: str
    site_rule: bool = False
    replies: int = 0
    chrome: Any = None
    article: str | None = None

    def branches(self) -> set[str]:
        return branches(self.candidate, self.baseline, self.replies, self.chrome, self.article)

    def verdict(self) -> Any:
        """The real arbitration's verdict on this call (as a swap may have changed it)."""
        return real_arbitrate(**vars(self))


def arbitrating(decide: Callable[[Arbitration], Any]) -> Callable[..., Any]:
    """An ``arbitrate`` whose verdict ``decide`` gives, from the call."""

    def arbitrate(*args: Any, **kwargs: Any) -> Any:
        return decide(Arbitration(*args, **kwargs))

    return arbitrate


def without_branch(branch: str) -> Callable[..., Any]:
    def decide(call: Arbitration) -> Any:
        if branch == "arbitrate:thread-chrome":
            call.chrome = None
        elif branch == "arbitrate:thread-share":
            call.replies = 0
        elif not call.site_rule and call.baseline and branch in call.branches():
            return A.Verdict(call.candidate, call.used)
        return call.verdict()

    return arbitrating(decide)


def menu_exemption_off(call: Arbitration) -> Any:
    if not call.site_rule and "arbitrate:menu-exemption" in call.branches():
        return A.Verdict(call.baseline, "baseline", "short")
    return call.verdict()
