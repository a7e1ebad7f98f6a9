"""Every field of every page's extraction, saved and compared exactly: proof that a speed change changes no output.

    .venv/bin/python bench/extract_outputs.py --save before.json [--wcxb PATH] [--scrapinghub PATH]
    .venv/bin/python bench/extract_outputs.py --compare before.json [--wcxb PATH] [--scrapinghub PATH]

Runs ``extract_html`` (with the built-in site rules) on the fixture pages (``tests/fixtures/pages``)
and on the corpora given, and writes text, metadata, comments, references, extractor, warnings
and errors per page. ``--compare`` lists the pages whose output differs in any field (exit 1
when one does). ``bench/extract.py --compare`` shows score moves; this shows any change at all.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_corpus import load_scrapinghub, load_wcxb

from pipeline.errors import ExtractionError
from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules
from pipeline.page import decode_html
from pipeline.qa.fixtures import EXPECTED_SUFFIX

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"


def pages(wcxb: Path | None, scrapinghub: Path | None) -> list[tuple[str, str, str]]:
    """(key, url, decoded html) of every page to extract."""
    found = []
    for html in sorted(FIXTURES.glob("*/*.html")):
        expected = html.with_name(html.name.removesuffix(".html") + EXPECTED_SUFFIX)
        url = json.loads(expected.read_text(encoding="utf-8")).get("url", "") if expected.exists() else ""
        found.append((f"fixture/{html.parent.name}/{html.stem}", url, decode_html(html.read_bytes(), None)[0]))
    if wcxb:
        found += [(f"wcxb/{p.id}", p.url, p.html) for p in load_wcxb(wcxb)]
    if scrapinghub:
        found += [(f"scrapinghub/{p.id}", p.url, p.html) for p in load_scrapinghub(scrapinghub)]
    return found


def outputs(selected: list[tuple[str, str, str]]) -> dict[str, Any]:
    rules = load_site_rules()
    result: dict[str, Any] = {}
    for key, url, html in selected:
        try:
            extraction = extract_html(html, url, site_rules=rules)
        except ExtractionError as exc:
            result[key] = {"error": str(exc)}
            continue
        result[key] = json.loads(json.dumps(dataclasses.asdict(extraction), default=str))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wcxb", type=Path, help="a wcxb-dev directory")
    parser.add_argument("--scrapinghub", type=Path, help="a scrapinghub directory")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="write every page's output to this JSON file")
    action.add_argument("--compare", type=Path, help="list pages whose output differs from this saved run")
    args = parser.parse_args()
    current = outputs(pages(args.wcxb, args.scrapinghub))
    if args.save:
        args.save.write_text(json.dumps(current, sort_keys=True), encoding="utf-8")
        print(f"{len(current)} pages saved to {args.save}")
        return 0
    saved = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = sorted(k for k in current.keys() | saved.keys() if current.get(k) != saved.get(k))
    for key in differ:
        fields = sorted(
            f
            for f in (current.get(key) or {}).keys() | (saved.get(key) or {}).keys()
            if (current.get(key) or {}).get(f) != (saved.get(key) or {}).get(f)
        )
        print(f"{key}: {', '.join(fields) or 'missing'}")
    print(f"{len(current)} pages, {len(differ)} with another output than {args.compare}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
