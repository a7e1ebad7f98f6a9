"""The rule catalogue: every boilerplate step and comment finder by name, in the order they run,
and the trace that records what each one did on a page.

Site files (``configs/sites/*.toml``) name these rules (``disable = ["labelled-boxes"]``), and
``pipeline extract PAGE --explain`` prints the trace: one line per element a rule removed, a
"keep" rule (:data:`KEEP_RULES`) spared or rewrote, or a finder took, with its path in the page
and the characters it held. The steps that are not rules (where the article is, the arbitration,
the text contract) say why in docs/extraction-rules.md.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from pipeline.extract.html import element_text, names_of
from pipeline.records import TraceStep

# Boilerplate rules, in the order they run: :func:`pipeline.extract.boilerplate.remove_boilerplate`'s,
# then the rewrites before trafilatura reads the tree, then the rules on the chosen text.
BOILERPLATE_RULES: tuple[tuple[str, str], ...] = (
    ("site-remove", "the site file's `remove` selectors"),
    ("hidden", "hidden elements (hidden, display:none, visibility:hidden; aria-hidden dialogs); panels shown"),
    ("quotes-set-apart", "keeps: a <figure> holding a quote and no picture, and a quote's <footer>, become text"),
    ("named-callouts", "keeps: a box the tags or tokens would remove that names itself a callout and reads as one"),
    ("boilerplate-tags", "nav, aside, footer, form... outside the article"),
    ("page-header", "a <header> outside any <article> or <main>"),
    ("boilerplate-roles", "ARIA roles: navigation, banner, complementary..."),
    ("class-id-tokens", "class/id tokens: trivia, related lists, ads, share bars, comment forms..."),
    ("product-reviews", "on a page that declares one product: its customers' reviews"),
    ("labelled-boxes", "a box headed by a label ('Did you know?', 'Related articles')"),
    ("labels-teasers-bylines", "lone labels, '... more...' teasers, history entries, byline lines"),
    ("inline-markers", "'[3]', '[edit]', footnote calls"),
    ("closing-sections", "'References', 'See also', 'External links', 'More from <site>' sections"),
    ("text-rules", "disclaimers, picture credits, tool-link lines, button-link lines, authors' bios"),
    ("loose-runs", "keeps: loose text after a heading becomes the paragraph trafilatura reads, not the heading's tail"),
    ("panel-text", "keeps: an accordion's link questions become heading text, its bare <div> answers <p>s"),
    # on the chosen text (a trace row per line it takes, its path TEXT_LINE)
    ("product-repeats", "a declared product's sections printed twice (mobile and desktop), once"),
    ("product-prices", "a declared product's lines that are only prices"),
    ("offer-lines", "a declared product's shipping, returns, trust-badge and financing lines"),
)
# The rules above that keep or rewrite text rather than remove it: their trace rows are what they
# spared (a callout) or rewrote (a quote's figure, a heading's loose text, a panel's question or answer).
KEEP_RULES = frozenset({"quotes-set-apart", "named-callouts", "loose-runs", "panel-text"})
# The path of a trace row that is a line of the chosen text, not an element of the page.
TEXT_LINE = "(text line)"
# Comment finders, in the order :func:`pipeline.extract.comment_finders.find_items` tries them.
COMMENT_FINDERS: tuple[tuple[str, str], ...] = (
    ("comments:site", "the site file's [comments] item selector"),
    ("comments:microdata", "schema.org Comment (and Answer) items"),
    ("comments:class-items", "comment items and forum posts by class, id or test hook"),
    ("comments:microdata-answers", "a Q&A page's schema.org Answers under its Question, where no class names them"),
    ("comments:table-posts", "table-based forums' post rows"),
    ("comments:split-items", "a comment split over sibling elements (Blogger)"),
    ("comments:list-items", "dated items of a list named for comments (Joomla K2's itemCommentsList)"),
    ("comments:posted-by-footers", "Typepad / Movable Type 'Posted by: NAME at DATE'"),
    ("comments:says-blocks", "guestbook blocks: '<b>Name</b> wrote on 03/03/2005:'"),
    ("comments:numbered-posts", "'Post 1', 'Comment #2' labels"),
    ("comments:signed-siblings", "sibling blocks each signed by a profile link and dated"),
    ("comments:area-siblings", "blocks of one class in a region named for comments, each signed and dated"),
    ("comments:headed-siblings", "3+ sibling blocks of one tag under a heading naming comments, each signed and dated"),
    (
        "comments:unheaded-siblings",
        "3+ signed, dated sibling blocks after the article, outside chrome, marked as a thread",
    ),
    (
        "comments:user-card-posts",
        "2+ sibling posts, each with a user card (a name, 'Posts: 12' or 'Joined'), a date, a message",
    ),
    ("comments:mail-headers", "2+ sibling messages of a list archive, each under a 'From:' and 'Date:' header"),
)
RULE_NAMES = frozenset(name for name, _ in (*BOILERPLATE_RULES, *COMMENT_FINDERS))


class Trace:
    """Collects :class:`TraceStep` rows while a page is extracted (only when asked: reading
    paths and texts costs time). Elements inside a subtree already removed are not recorded."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.steps: list[TraceStep] = []

    def record(self, rule: str, element: etree._Element) -> None:
        top = element
        for top in element.iterancestors():  # noqa: B007 - the last ancestor is the top
            pass
        if top is self.root:  # still in the page (paths are as of the removal)
            text = element_text(element)
            path = element.getroottree().getpath(element)
            self.steps.append(TraceStep(rule, path, len(text), text, describe(element)))

    def record_lines(self, rule: str, before: str, after: str) -> None:
        """A row per line of ``before`` that ``after`` no longer holds (a rule on the chosen text)."""
        left = Counter(after.split("\n"))
        for line in before.split("\n"):
            if left[line] > 0:
                left[line] -= 1
            elif line.strip():
                self.steps.append(TraceStep(rule, TEXT_LINE, len(line), line))


def describe(element: etree._Element) -> str:
    """The element as it names itself: ``div role=complementary id=side class='aside-box'``."""
    tag = element.tag if isinstance(element.tag, str) else "?"
    parts = [tag]
    for attribute in ("role", "id"):
        if value := element.get(attribute):
            parts.append(f"{attribute}={value}")
    if names := names_of(element).strip():
        parts.append(f"class={names!r}")
    return " ".join(parts)


def format_trace(steps: list[TraceStep]) -> str:
    """One line per step: rule, characters, path; then the characters per rule, removed (or
    taken as comments) or, for a keep rule, kept."""
    if not steps:
        return "no rule removed or kept anything"
    width = max(len(step.rule) for step in steps)
    lines = [f"{step.rule:<{width}}  {step.chars:>7}  {step.path}" for step in steps]
    totals: dict[str, int] = {}
    for step in steps:
        totals[step.rule] = totals.get(step.rule, 0) + step.chars
    lines.append("")
    for rule, chars in totals.items():
        lines.append(f"{rule:<{width}}  {chars:>7} chars {'kept' if rule in KEEP_RULES else 'in all'}")
    return "\n".join(lines)
