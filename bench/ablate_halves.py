"""Split-half consistency of each step's gain: the honest substitute for a holdout (issue 9).

The holdout may not be looked at page by page nor used to pick a rule, so a step's gain is asked
to show on two halves of the tune pages instead: the sites of a saved ablation run's wcxb pages
alternate between half A and half B, every page of a site in its site's half (pages of one site
share a template, and a template seen in both halves would make one rule's fit look general).
A rule written for the pages it was tuned on gains on the half holding those pages and nothing
on the other; a rule that generalises gains on both. Used by ``bench/extract_ablate.py
--halves`` on a run saved with or without a perturbation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

HALVES = ("A", "B")
# A page whose F1 moved by less than this with a step off is noise (as bench/extract_ablate.py).
MOVED_MIN_DELTA = 0.005
# The net a half must show to count as evidence: two pages moved by the least move that counts
# (bench/extract_ablate.py's GENERAL_MIN_NET, for the same reason).
HALF_MIN_NET = 2 * MOVED_MIN_DELTA


def site_halves(page_sites: dict[str, str]) -> dict[str, str]:
    """Each page (id -> its site) to its half: sites in the order of their first page id alternate
    between the halves, so that one site's pages (one template, one piece of evidence: REI's four
    collection pages) are never on both sides."""
    halves: dict[str, str] = {}
    for page_id in sorted(page_sites):
        halves.setdefault(page_sites[page_id], HALVES[len(halves) % 2])
    return {page_id: halves[site] for page_id, site in page_sites.items()}


def shuffled_halves(page_sites: dict[str, str], seed: int) -> dict[str, str]:
    """As :func:`site_halves`, the sites taken in a random order (one of ``--splits`` draws)."""
    sites = sorted(set(page_sites.values()))
    random.Random(seed).shuffle(sites)
    halves = {site: HALVES[n % 2] for n, site in enumerate(sites)}
    return {page_id: halves[site] for page_id, site in page_sites.items()}


def _page_sites(result: dict[str, Any]) -> dict[str, str]:
    pages = result["pages"]
    # runs saved before sites were recorded: a page each
    return {k: pages[k].get("site") or k for k in pages if k.startswith("wcxb:")}


def half_of(result: dict[str, Any]) -> dict[str, str]:
    """Each wcxb page of a saved ablation run to its half (:func:`site_halves`)."""
    return site_halves(_page_sites(result))


@dataclass(slots=True)
class Part:
    """One step's effect on one part of the pages (a tune half, or ScrapingHub)."""

    helps: int = 0
    hurts: int = 0
    net: float = 0.0

    def cells(self) -> list[str]:
        return [f"{self.helps}/{self.hurts}", f"{self.net:+.3f}"]


def parts(result: dict[str, Any], step: str, halves: dict[str, str] | None = None) -> dict[str, Part]:
    """The step's helps, hurts and net F1 (with it minus without) on half A, half B and ScrapingHub
    (``halves``: of a larger run than ``result``'s pages, when they were narrowed)."""
    halves = halves if halves is not None else half_of(result)
    out = {name: Part() for name in (*HALVES, "scrapinghub")}
    for page_id, page in result["pages"].items():
        if step not in page["off"]:
            continue
        name = halves.get(page_id) or ("scrapinghub" if page_id.startswith("scrapinghub:") else "")
        if not name:
            continue  # fixtures: written for the rules, no evidence
        gain = page["f1"] - page["off"][step][0]
        part = out[name]
        part.net += gain
        part.helps += gain >= MOVED_MIN_DELTA
        part.hurts += gain <= -MOVED_MIN_DELTA
    return out


def consistency(split: dict[str, Part]) -> str:
    """``idle``: no tune page moved. ``costs``: a net loss over both halves. ``both``: each half
    gains HALF_MIN_NET or more. ``one-half``: one half gains, the other is ~0 or lower: the gain
    rests on the pages it was tuned on (a candidate to narrow or drop). ``weak``: positive, but
    one half's gain is under the bar without being a loss."""
    a, b = split["A"], split["B"]
    if not (a.helps or a.hurts or b.helps or b.hurts):
        return "idle"
    if a.net + b.net <= 0:
        return "costs"
    if min(a.net, b.net) >= HALF_MIN_NET:
        return "both"
    if min(a.net, b.net) <= 0 or min(a.helps, b.helps) == 0:
        return "one-half"
    return "weak"


def halves_table(result: dict[str, Any], halves: dict[str, str] | None = None, splits: int = 0) -> str:
    """Markdown, one row a step: helps/hurts and net F1 on each tune half and on ScrapingHub; with
    ``splits``, in how many of that many random site splits the step gains on both halves (one
    split's verdict can rest on which half a big site fell in)."""
    head = ["step", "A +/-", "A net", "B +/-", "B net", "SH +/-", "SH net", "halves"]
    draws = [shuffled_halves(_page_sites(result), seed) for seed in range(splits)]
    head += ["both in splits"] if splits else []
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for step in result["steps"]:
        split = parts(result, step, halves)
        cells = [step, *split["A"].cells(), *split["B"].cells(), *split["scrapinghub"].cells(), consistency(split)]
        if splits:
            both = sum(consistency(parts(result, step, {**(halves or {}), **draw})) == "both" for draw in draws)
            cells.append(f"{both}/{splits}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
