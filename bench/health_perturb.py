"""Health metadata under perturbation: reviewers, credentials, review dates, the disclaimer.

    .venv/bin/python bench/health_perturb.py [--wcxb PATH/TO/wcxb-dev] [--movers]
    .venv/bin/python bench/health_perturb.py --only legacy-layout --fixtures tests/fixtures/pages

A health page's facts (who reviewed it, with which credentials, when, and whether it carries a
medical disclaimer) are read by labels and markup a template chose; a template of a site we
never saw writes the same facts with other names and tags. Each page is extracted unperturbed
and under each perturbation of :mod:`perturbations` (``rename-classes``, ``plain-tags``,
``opaque-template``, ``legacy-layout`` by default). Printed per perturbation and field:

* the fixture pages (``tests/fixtures/pages``): fields right against their expected files, as
  ``pipeline qa`` scores them, of the pages whose expected value is not empty, and after a
  "+" the values invented on pages whose expected value is empty (credentials have no
  expected value: kept = as unperturbed);
* with ``--wcxb``, its health-topic tune pages (the holdout is never perturbed): no gold for
  these fields, so each field is counted *kept* where the unperturbed page had a value and the
  perturbed one has the same value.

``--movers`` names the page and field for every value lost. trafilatura reads none of these
fields, so there is no side by side here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract import TAG_GROUPS
from extract_corpus import load_wcxb
from perturbations import PERTURBATIONS

from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules
from pipeline.page import decode_html
from pipeline.qa.fixtures import load_fixtures
from pipeline.qa.scoring import field_right, field_value
from pipeline.records import Extraction

UNPERTURBED = "unperturbed"
DEFAULT_PERTURBATIONS = ("rename-classes", "plain-tags", "opaque-template", "legacy-layout")
# The fields scored: the health ones first, then those every article has.
FIELDS = ("reviewers", "last_reviewed", "next_review", "has_disclaimer", "authors", "published", "title")
# Credentials have no expected value in a fixture: they count as kept when they match the unperturbed page's.
CREDENTIALS = "reviewer_credentials"
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"

# One page to extract: (key, url, html, gold text, expected fields or None for wcxb pages).
Job = tuple[str, str, str, str, dict[str, Any] | None]


def values(extraction: Extraction | None) -> dict[str, Any]:
    """The scored fields of one extraction, as a fixture's expected file states them."""
    if extraction is None:
        return {}
    found = {name: field_value(extraction, name) for name in FIELDS}
    found[CREDENTIALS] = [c for c in extraction.metadata.reviewer_credentials if c]
    return found


def has_value(value: Any) -> bool:
    return value not in (None, [], "", False)


def measure(jobs: list[Job], names: list[str], rules: dict) -> dict[str, dict[str, dict[str, Any]]]:  # type: ignore[type-arg]
    """page -> perturbation -> field values."""
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for key, url, html, gold, _ in jobs:
        results[key] = {}
        for name in [UNPERTURBED, *names]:
            page = html if name == UNPERTURBED else PERTURBATIONS[name](html, gold)
            try:
                extraction: Extraction | None = extract_html(page, url, site_rules=rules)
            except Exception:  # a failed page has no fields: counted as lost
                extraction = None
            results[key][name] = values(extraction)
    return results


def tally(
    jobs: list[Job], results: dict[str, dict[str, dict[str, Any]]], names: list[str]
) -> tuple[dict[str, dict[str, list[int]]], list[str]]:
    """Per perturbation and field: [right or kept, scored, invented]; and the lost values, one line each."""
    table: dict[str, dict[str, list[int]]] = {}
    lost: list[str] = []
    for name in [UNPERTURBED, *names]:
        row = {field: [0, 0, 0] for field in (*FIELDS, CREDENTIALS)}
        for key, _, _, _, expected in jobs:
            before, after = results[key][UNPERTURBED], results[key][name]
            for field in (*FIELDS, CREDENTIALS):
                if expected is not None and field in expected and not has_value(expected[field]):
                    if has_value(after.get(field)):
                        row[field][2] += 1
                        lost.append(f"  {name}: {key} {field}: invented {after.get(field)!r}")
                    continue
                if expected is not None and field in expected:
                    right = field_right(field, expected[field], after.get(field))
                    was = field_right(field, expected[field], before.get(field))
                elif has_value(before.get(field)):
                    right, was = before.get(field) == after.get(field), True
                else:
                    continue
                row[field][0] += int(right)
                row[field][1] += 1
                if was and not right and name != UNPERTURBED:
                    lost.append(f"  {name}: {key} {field}: {before.get(field)!r} -> {after.get(field)!r}")
        table[name] = row
    return table, lost


def print_table(title: str, table: dict[str, dict[str, list[int]]]) -> None:
    print(f"\n{title}")
    columns = (*FIELDS, CREDENTIALS)
    print(f"{'perturbation':<18}" + "".join(f" {c.replace('reviewer_', '')[:14]:>14}" for c in columns))
    for name, row in table.items():
        print(f"{name:<18}" + "".join(f" {_cell(row[c]):>14}" for c in columns))


def _cell(counts: list[int]) -> str:
    """'20/21 +1': right of those scored, and values invented where none was expected."""
    cell = f"{counts[0]}/{counts[1]}" if counts[1] else "-"
    return cell + (f" +{counts[2]}" if counts[2] else "")


def fixture_jobs(directory: Path) -> list[Job]:
    jobs: list[Job] = []
    for fixture in load_fixtures(directory):
        html, _ = decode_html(fixture.html_bytes())
        jobs.append((fixture.name, fixture.url, html, "\n".join(fixture.paragraphs), dict(fixture.fields)))
    return jobs


def wcxb_jobs(directory: Path) -> list[Job]:
    health = set(TAG_GROUPS["health"])
    pages = [p for p in load_wcxb(directory) if p.split == "tune" and health.intersection(p.tags)]
    return [(p.id, p.url, p.html, p.text, None) for p in pages]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="the fixture pages' directory")
    parser.add_argument("--wcxb", type=Path, help="the wcxb-dev directory (its health-topic tune pages)")
    parser.add_argument("--only", default=",".join(DEFAULT_PERTURBATIONS), help="these perturbations (comma-separated)")
    parser.add_argument("--movers", action="store_true", help="list every value a perturbation lost")
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = set(names) - set(PERTURBATIONS)
    if unknown:
        parser.error(f"unknown perturbations {sorted(unknown)}: {', '.join(PERTURBATIONS)}")
    rules = load_site_rules()
    corpora: dict[str, Callable[[], list[Job]]] = {
        "fixture pages (right / expected)": lambda: fixture_jobs(args.fixtures)
    }
    if args.wcxb:
        corpora["wcxb-dev health tune pages (kept / found unperturbed)"] = lambda: wcxb_jobs(args.wcxb)
    for title, load in corpora.items():
        jobs = load()
        table, lost = tally(jobs, measure(jobs, names, rules), names)
        print_table(f"{title}: {len(jobs)} pages", table)
        if args.movers:
            print("\n".join(lost) or "  nothing lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
