"""Comment benchmark on wcxb-dev: forum-thread text F1 and comments invented on other pages.

    .venv/bin/python bench/comments.py PATH/TO/wcxb-dev [--pages N] [--detail] [--type forum] [--ids 0518,0546]

On forum pages the gold ``main_content`` holds the whole thread, so the extraction is scored as
the article text (the opening post) and the comment rows joined in order, with the benchmark's
4-word shingle rule. On every other page, a comment row whose text is not in the gold
``main_content`` is taken as invented (a proxy: the gold text of an article holds no comments
unless the page shows them as part of the content); the figure is the share of such pages.
Two breakdowns say how much of the proxy is real invention, for the holdout too (counts, no
page listed): pages where every row is signed (an author and a date on each: a thread as
readers see one; on the tune pages all of them are the page's real comments) and pages where
a row holds one of the gold ``without`` sentences (the page's boilerplate read as a comment:
an invention beyond doubt).

The **recall proxy** counts the other side, on pages that are not forum threads: a page visibly
carries reader comments when its HTML holds comment items by markup the commenting software
writes whatever the theme (ids such as WordPress's ``comment-12`` / ``li-comment-12``,
Disqus's ``dsq-comment-12``, Typepad's ``comment-6a00d8...``, Blogger's ``c1234567890``;
schema.org ``Comment`` in microdata or JSON-LD), each holding some words and outside a form.
It says how many such pages get comment rows, how many of their items became rows, and how
clean the rows' fields are: the author a name (not markup, a UI word, a user id, a date or
"writes"), a date read, the text starting and ending with the reader's words (not the name,
a date, "#3" or a "Reply" button). The signal is the benchmark's own, written apart from the
pipeline's finders, so a finder that misses a layout shows here.

Every 5th page in sorted id order is a holdout, reported apart and never listed by ``--detail``:
tune on ``tune`` only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract import extract_html
from pipeline.extract.sites import load_site_rules
from pipeline.page import decode_html
from pipeline.qa.scoring import benchmark_prf, shingle_counts, shingles

# Every HOLDOUT_EVERY-th page (sorted ids) is never tuned on.
HOLDOUT_EVERY = 5
# A comment counts as found in the gold text when this share of its 4-word shingles is there
# (the gold text was drafted by a model and checked: small edits, not rewrites).
IN_GOLD_SHARE = 0.5


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip()


def _in_gold(comment: str, gold: str) -> bool:
    if _norm(comment) in _norm(gold):
        return True
    mine = shingles(comment)
    theirs = shingles(gold)
    total = sum(mine.values())
    return total > 0 and sum((mine & theirs).values()) / total >= IN_GOLD_SHARE


# A `without` sentence this long inside a row is the page's boilerplate there; a shorter one
# ("About", "Share") is as likely a word the reader wrote, so it counts only as a whole line.
BOILERPLATE_MIN_WORDS = 4


def _boilerplate(comment: str, without: list[str]) -> bool:
    """Whether a comment row holds one of the page's gold boilerplate sentences."""
    lines = {_norm(line) for line in comment.split("\n") if line.strip()}
    text = _norm(comment)
    for sentence in map(_norm, without):
        if sentence in lines or (len(sentence.split()) >= BOILERPLATE_MIN_WORDS and sentence in text):
            return True
    return False


# A comment item's id as commenting software writes it: WordPress ``comment-12``,
# ``li-comment-12``, ``div-comment-12``; Disqus ``dsq-comment-12``; Slashdot, Goodreads
# ``comment_12``; GitHub ``gistcomment-12``; Typepad / Movable Type ``comment-6a00d834...``
# (hex); Blogger ``c1234567890`` (the comment's key: group ``key``).
COMMENT_ID = re.compile(r"comment[-_]?(?P<key>\d+|[0-9a-f]{12,})$|^c(?P<blogger>\d{8,})$", re.IGNORECASE)
# An item holding fewer words than this is a counter, a link or an empty template.
ITEM_MIN_WORDS = 5
_ITEM_XPATH = "//*[@id or @itemtype or @itemprop]"


def comment_items(root: etree._Element) -> int:
    """How many reader comments the page's markup holds (the larger of the comment ids and the
    schema.org Comments), by the benchmark's own signal."""
    keys: set[str] = set()
    microdata = 0
    for element in root.xpath(_ITEM_XPATH):
        if next(element.iterancestors("form", "template", "noscript"), None) is not None:
            continue
        ident = element.get("id") or ""
        match = COMMENT_ID.search(ident)
        is_microdata = "schema.org/Comment" in (element.get("itemtype") or "") or element.get("itemprop") == "comment"
        if not match and not is_microdata:
            continue
        if len(" ".join(element.itertext()).split()) < ITEM_MIN_WORDS:
            continue
        if match:
            keys.add(match.group("key") or match.group("blogger"))
        microdata += is_microdata
    jsonld = 0
    for script in root.xpath("//script[@type='application/ld+json']"):
        jsonld += len(re.findall(r'"@type"\s*:\s*"Comment"\s*[,}][^{}]*?"text"\s*:\s*"[^"]{20,}', script.text or ""))
    return max(len(keys), microdata, jsonld, _dated_blocks(root))


# How far above a run of blocks the region naming itself for comments may be.
REGION_LEVELS = 4
# A region's class or id part that names comments ("comments", "comment-list", "commentSection");
# the parts that name a form, a counter or a button beside it make it something else.
_REGION_PARTS = re.compile(
    r"^(?:comments?|commentlist|commentslist|commentsection|kommentare?|commentaires?"
    r"|comentarios?|responses|discussion)$",
    re.IGNORECASE,
)
_NOT_REGION_PARTS = frozenset({"form", "count", "counter", "button", "btn", "icon", "link", "number", "status", "meta"})


def _region(element: etree._Element) -> bool:
    if element.tag in ("html", "body", "form", "a", "button", "span"):
        return False
    for token in f"{element.get('id') or ''} {element.get('class') or ''}".split():
        parts = {part.lower() for part in re.split(r"[-_]|(?<=[a-z])(?=[A-Z])", token) if part}
        if any(_REGION_PARTS.match(part) for part in parts) and not parts & _NOT_REGION_PARTS:
            return True
    return False


def _dated_blocks(root: etree._Element) -> int:
    """Comments by structure: runs of two or more sibling blocks of one tag and class, each
    dated and holding some words, that are a comment region themselves (Movable Type's
    ``div.comments-body``) or sit at most REGION_LEVELS below one (``#comments``,
    ``comment-list``); a block holding counted blocks is their wrapper and is not counted, and
    blocks of the same text count once."""
    regions = [
        e for e in root.xpath("//*[@id or @class]") if _region(e) and next(e.iterancestors("form"), None) is None
    ]
    parents: set[etree._Element] = set()
    for region in regions:
        if region.getparent() is not None:
            parents.add(region.getparent())
        level = [region]
        for _ in range(REGION_LEVELS):
            parents.update(level)
            level = [child for element in level for child in element if isinstance(child.tag, str)]
    named = set(regions)
    counted: set[etree._Element] = set()
    for parent in parents:
        runs: dict[tuple[str, str], list[etree._Element]] = {}
        for child in parent:
            if isinstance(child.tag, str) and child.tag not in ("script", "style", "template", "form"):
                runs.setdefault((child.tag, child.get("class") or ""), []).append(child)
        for run in runs.values():
            if not _in_region(parent, named) and not all(block in named for block in run):
                continue
            blocks = [
                b
                for b in run
                if len((text := " ".join(b.itertext())).split()) >= ITEM_MIN_WORDS and _LOOSE_DATE.search(text)
            ]
            if len(blocks) >= 2:
                counted.update(blocks)
    innermost = [block for block in counted if not any(inner in counted for inner in block.iterdescendants())]
    # A theme that prints its thread twice (a second copy for another screen size) shows each
    # comment twice: one comment (tune page 2218 counted its 11 comments as 22).
    return len({" ".join(" ".join(block.itertext()).split()) for block in innermost})


def _in_region(parent: etree._Element, named: set[etree._Element]) -> bool:
    """The parent is a region or lies at most REGION_LEVELS below one."""
    return any(e in named for e in [parent, *parent.iterancestors()][:REGION_LEVELS])


# What a comment widget prints where a name goes, or around the message: never a name, never
# the reader's first or last words (lower case, punctuation at the ends set aside).
UI_WORDS = frozenset(
    "reply replies report like likes share flag permalink edit delete quote homepage website link anonymous "
    "says writes wrote said comment comments respond login log in to reply sign in register".split()
) | {"log in to reply", "reply to this", "report abuse", "report comment", "leave a reply", "read more"}
_LOOSE_DATE = re.compile(
    r"\b(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}|\d{1,2}\s?[hdwy]\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"\s+\d{1,2}\b|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d+\s*(?:minutes?|hours?|days?"
    r"|weeks?|months?|years?)\s+ago)",
    re.IGNORECASE,
)
AUTHOR_MAX_WORDS = 6


def _bare(line: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", " ".join(line.split()).casefold())


def clean_author(author: str | None) -> bool:
    """A name: not markup, a UI word, a user id, a date, "writes", nor a sentence."""
    if not author:
        return False
    bare = _bare(author)
    return not (
        "<" in author
        or "\n" in author
        or bare in UI_WORDS
        or re.search(r"\(\s*#?\d+\s*\)|\b(?:writes|says|wrote|said)\b", bare)
        or _LOOSE_DATE.search(author)
        or len(author.split()) > AUTHOR_MAX_WORDS
        or not any(ch.isalpha() for ch in author)
    )


def clean_text(text: str, author: str | None) -> bool:
    """The reader's words from first line to last: no name, date, number or button around them."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return False
    for line in (lines[0], lines[-1]):
        bare = _bare(line)
        if (
            bare in UI_WORDS
            or (author and bare == _bare(author))
            or re.fullmatch(r"#?\d+", bare)
            or (_LOOSE_DATE.search(line) and len(line.split()) <= 6 and len(lines) > 1)
        ):
            return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="the wcxb-dev benchmark directory")
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages")
    parser.add_argument("--detail", action="store_true", help="list forum scores and invented comments per tune page")
    parser.add_argument("--ids", default="", help="only these page ids (comma-separated)")
    parser.add_argument("--type", default="", help="only pages of this type (forum, article...)")
    args = parser.parse_args()
    rules = load_site_rules()
    files = sorted((args.dataset / "ground-truth").glob("*.json"))[: args.pages or None]
    wanted = set(filter(None, args.ids.split(",")))
    forum: dict[str, list[tuple[float, float, float]]] = {"tune": [], "holdout": []}
    invented: dict[str, list[int]] = {"tune": [0, 0], "holdout": [0, 0]}  # pages with invention, pages
    signed: dict[str, int] = {"tune": 0, "holdout": 0}  # ... of which every row is signed
    boilerplate: dict[str, int] = {"tune": 0, "holdout": 0}  # pages with a `without` sentence in a row
    # recall proxy: pages with comment markup, ... with rows, items, rows (up to the items),
    # rows, rows with a clean author, a date, a clean text
    recall: dict[str, list[int]] = {"tune": [0] * 8, "holdout": [0] * 8}
    finders: dict[str, Counter[str]] = {"tune": Counter(), "holdout": Counter()}  # the finder of those rows
    for index, path in enumerate(files):
        part = "holdout" if index % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 else "tune"
        page_id = path.stem
        if wanted and page_id not in wanted:
            continue
        truth = json.loads(path.read_text(encoding="utf-8"))
        kind = truth["_internal"]["page_type"]["primary"]
        if args.type and kind != args.type:
            continue
        detail = args.detail and part == "tune"  # holdout pages are never listed one by one
        gold = truth["ground_truth"]["main_content"] or ""
        body = gzip.decompress((args.dataset / "html" / f"{page_id}.html.gz").read_bytes())
        html, _ = decode_html(body, None)
        try:
            extraction = extract_html(html, truth.get("url", ""), site_rules=rules, explain=kind != "forum")
            finder = next((step.rule for step in extraction.trace if step.rule.startswith("comments:")), "")
            text, comments = extraction.text, [c.text for c in extraction.comments]
            authors = [c.author for c in extraction.comments]
            dated = [c.posted_date is not None for c in extraction.comments]
        except Exception:
            text, comments, authors, dated, finder = "", [], [], [], ""
        try:
            items = comment_items(lxml_html.fromstring(html)) if kind != "forum" else 0
        except (etree.ParserError, ValueError):
            items = 0
        if items:
            clean = (
                [clean_author(a) for a in authors],
                [clean_text(c, a) for c, a in zip(comments, authors, strict=True)],
            )
            counts = [1, bool(comments), items, min(items, len(comments)), len(comments), sum(clean[0]), sum(dated)]
            counts.append(sum(clean[1]))
            recall[part] = [a + b for a, b in zip(recall[part], counts, strict=True)]
            if detail:
                odd = [f"{a!r}|{c[:60]!r}" for a, c, ok_a, ok_t in zip(authors, comments, *clean, strict=True)]
                odd = [o for o, ok_a, ok_t in zip(odd, *clean, strict=True) if not (ok_a and ok_t)]
                print(f"recall {page_id} {part} {kind}: items {items} rows {len(comments)} unclean {odd[:3]}")
        if kind == "forum":
            joined = "\n\n".join([text, *comments])
            score = shingle_counts(joined, gold)
            forum[part].append(score)
            if detail:
                p, r, f = benchmark_prf([score])
                print(f"forum {page_id} {part} F1 {f:.3f} P {p:.3f} R {r:.3f} comments {len(comments)}")
        else:
            bad = [c for c in comments if not _in_gold(c, gold)]
            invented[part][0] += bool(bad)
            if bad:
                finders[part][finder.removeprefix("comments:")] += 1
            invented[part][1] += 1
            signed[part] += bool(bad) and all(authors) and all(dated)
            boilerplate[part] += any(_boilerplate(c, truth["ground_truth"].get("without") or []) for c in comments)
            if bad and detail:
                example = f"{authors[0]!r} {bad[0][:80]!r}"
                print(f"invented {page_id} {part} {kind}: {len(bad)}/{len(comments)} e.g. {example}")
    for part in ("tune", "holdout"):
        p, r, f = benchmark_prf(forum[part]) if forum[part] else (0.0, 0.0, 0.0)
        hit, total = invented[part]
        print(
            f"{part:8} forum pages {len(forum[part]):3}  F1 {f:.3f} (P {p:.3f} R {r:.3f})   "
            f"non-forum pages with invented comments {hit}/{total} = {hit / max(total, 1):.1%}"
            f" (every row signed on {signed[part]}; a `without` sentence in a row on {boilerplate[part]})"
        )
        print(f"{'':8} their finders: " + ", ".join(f"{name} {n}" for name, n in finders[part].most_common()))
        pages, hit_pages, items, found, rows, named, dated_rows, clean_rows = recall[part]
        print(
            f"{'':8} recall proxy: pages with comment markup {hit_pages}/{pages} get rows, items as rows "
            f"{found}/{items} = {found / max(items, 1):.1%}; of {rows} rows author clean {named / max(rows, 1):.1%}, "
            f"dated {dated_rows / max(rows, 1):.1%}, text clean {clean_rows / max(rows, 1):.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
