"""The per-page ratchet: every fixture page's scores against a committed baseline.

A page's figures may rise, never fall: ``tests/test_ratchet.py`` runs one test per page and
fails naming the page and the figure that fell. When a change raises figures (or adds a
page), record the new baseline explicitly:

    .venv/bin/python tests/ratchet.py --update              # raise the baseline where scores rose
    .venv/bin/python tests/ratchet.py --update --allow-lower  # also accept falls (say why in the commit)

The figures (higher is better unless marked): text F1; snippets leaked (lower); the metadata
fields that are right (by name); comments matched, their authors, dates and reply-to right;
comments invented, extracted but matching none (lower).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules
from pipeline.page import decode_html
from pipeline.qa.fixtures import Fixture, load_fixtures
from pipeline.qa.scoring import score_page

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
BASELINE = Path(__file__).resolve().parent / "fixtures" / "ratchet.json"
# F1 is stored to 4 decimals; a difference under this is rounding, not a fall.
F1_TOLERANCE = 1e-4
LOWER_IS_BETTER = ("leaked", "comments_invented")
COUNTS = ("leaked", "comments_matched", "comment_authors", "comment_dates", "comment_parents", "comments_invented")


def fixtures() -> list[Fixture]:
    return load_fixtures(PAGES)


def figures(fixture: Fixture, rules: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ratchet's figures for one fixture page, extracted now."""
    html, _ = decode_html(fixture.html_bytes())
    try:
        extraction = extract_html(html, fixture.url, site_rules=rules if rules is not None else load_site_rules())
        score = score_page(fixture, extraction)
    except Exception as exc:
        score = score_page(fixture, None, f"{type(exc).__name__}: {exc}")
    return {
        "f1": round(score.f1, 4),
        "leaked": len(score.leaked),
        "fields_right": sorted(name for name, (_, _, ok) in score.fields.items() if ok),
        "comments_matched": score.comments_matched,
        "comment_authors": score.comment_authors_right,
        "comment_dates": score.comment_dates_right,
        "comment_parents": score.comment_parents_right,
        "comments_invented": score.comments_extracted - score.comments_matched,
    }


def falls(now: dict[str, Any], before: dict[str, Any]) -> list[str]:
    """Every figure of ``now`` that is worse than ``before``, said in words."""
    found = []
    if now["f1"] < before["f1"] - F1_TOLERANCE:
        found.append(f"text F1 {before['f1']:.4f} -> {now['f1']:.4f}")
    lost = sorted(set(before["fields_right"]) - set(now["fields_right"]))
    if lost:
        found.append(f"metadata fields no longer right: {', '.join(lost)}")
    for name in COUNTS:
        worse = now[name] > before[name] if name in LOWER_IS_BETTER else now[name] < before[name]
        if worse:
            found.append(f"{name} {before[name]} -> {now[name]}")
    return found


def load_baseline() -> dict[str, dict[str, Any]]:
    return json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="write the baseline where scores rose or pages are new")
    parser.add_argument("--allow-lower", action="store_true", help="with --update: also record falls")
    args = parser.parse_args()
    baseline = load_baseline()
    rules = load_site_rules()
    updated, fell = dict(baseline), 0
    for fixture in fixtures():
        now = figures(fixture, rules)
        before = baseline.get(fixture.name)
        problems = falls(now, before) if before else []
        for problem in problems:
            print(f"FALL {fixture.name}: {problem}")
        fell += bool(problems)
        if before is None or not problems or args.allow_lower:
            updated[fixture.name] = now
    if args.update:
        BASELINE.write_text(json.dumps(dict(sorted(updated.items())), indent=1) + "\n", encoding="utf-8")
        print(f"baseline written: {BASELINE} ({len(updated)} pages)")
    return 1 if fell and not args.allow_lower else 0


if __name__ == "__main__":
    sys.exit(main())
