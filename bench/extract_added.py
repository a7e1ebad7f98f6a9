"""What our text adds beyond trafilatura's, and how much of it is gold (wcxb-dev tune pages only).

    .venv/bin/python bench/extract_added.py PATH/TO/wcxb-dev [--type service,product,listing,collection]

Issue 9: rules that add recall on the tune pages may pull boilerplate on unseen ones. Each tune
page is extracted by us and by trafilatura (``bench/extract.py``'s calls) and both texts are cut
into 4-token shingles: *added* is ours less trafilatura's (as multisets), split into the shingles
the page's gold text holds and the rest (boilerplate); *dropped* is trafilatura's less ours,
split the same way. Pages are grouped by type, by how our text was decided (the extractor used,
or ``baseline kept``) and by split half (sites alternate, as ``bench/ablate_halves.py``), only
where our text is the longer one (more added than dropped). A decision whose additions are
mostly boilerplate on both halves needs more evidence before it replaces the baseline; one that
is mostly gold on one half only was fitted to that half. Holdout pages are never read.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ablate_halves import site_halves
from extract import run_pipeline, run_trafilatura
from extract_corpus import Page, load_wcxb, score
from tld import get_fld

from pipeline.extract.sites import load_site_rules
from pipeline.qa.scoring import shingles


@dataclass(slots=True)
class Added:
    """Shingles of ours beyond trafilatura's (and of trafilatura's beyond ours), gold or not."""

    gold: int = 0
    boilerplate: int = 0
    dropped_gold: int = 0
    dropped_boilerplate: int = 0

    @property
    def longer(self) -> bool:
        return self.gold + self.boilerplate > self.dropped_gold + self.dropped_boilerplate


def added(ours: str, theirs: str, gold: str) -> Added:
    """The shingles ours adds to trafilatura's text and drops from it, each split by the gold."""
    mine, other, truth = shingles(ours), shingles(theirs), shingles(gold)
    more, less = mine - other, other - mine
    return Added(
        sum((more & truth).values()),
        sum((more - truth).values()),
        sum((less & truth).values()),
        sum((less - truth).values()),
    )


@dataclass(slots=True)
class Group:
    """Pages of one type, decision and half where our text is the longer."""

    pages: int = 0
    added: int = 0
    added_gold: int = 0
    dropped: int = 0
    dropped_gold: int = 0
    f1_gain: float = 0.0  # ours minus trafilatura's, summed over the pages

    def add(self, counts: Added, f1_gain: float) -> None:
        self.pages += 1
        self.added += counts.gold + counts.boilerplate
        self.added_gold += counts.gold
        self.dropped += counts.dropped_gold + counts.dropped_boilerplate
        self.dropped_gold += counts.dropped_gold
        self.f1_gain += f1_gain


def site(page: Page) -> str:
    return str(get_fld(page.url, fail_silently=True) or urlsplit(page.url).hostname or page.id)


def grouped(rows: list[tuple[Page, str, Added, float]], halves: dict[str, str]) -> dict[tuple[str, str, str], Group]:
    """(type, decision, half) -> group, for the pages where ours is longer: (page, decision, counts, F1 gain)."""
    groups: dict[tuple[str, str, str], Group] = defaultdict(Group)
    for page, decision, counts, gain in rows:
        if counts.longer:
            groups[(page.page_type, decision, halves[page.id])].add(counts, gain)
    return groups


def table(groups: dict[tuple[str, str, str], Group]) -> str:
    """Markdown, one row a group: pages, shingles added and their gold share, dropped, F1 gain."""
    head = ["type", "decision", "half", "pages", "added", "gold share", "dropped", "gold share", "F1 ours − traf"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for (page_type, decision, half), g in sorted(groups.items()):
        shares = [
            f"{n / total:.0%}" if total else "-" for n, total in ((g.added_gold, g.added), (g.dropped_gold, g.dropped))
        ]
        cells = [page_type, decision, half, str(g.pages), str(g.added), shares[0], str(g.dropped), shares[1]]
        lines.append("| " + " | ".join([*cells, f"{g.f1_gain:+.3f}"]) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="the wcxb-dev directory")
    parser.add_argument("--type", default="", help="only these page types (comma-separated)")
    args = parser.parse_args()
    types = {t for t in args.type.split(",") if t}
    tune = [p for p in load_wcxb(args.path) if p.split == "tune"]
    halves = site_halves({p.id: site(p) for p in tune})  # of every tune page, whatever --type keeps
    rules = load_site_rules()
    rows = []
    for page in (p for p in tune if not types or p.page_type in types):
        ours, theirs = run_pipeline(page, rules), run_trafilatura(page)
        gain = score(page, ours).f1 - score(page, theirs).f1
        rows.append((page, ours.decision, added(ours.text, theirs.text, page.text), gain))
    print(table(grouped(rows, halves)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
