"""Fast paths give exactly what the slower definition they replace gives (issue 9: speed, same output)."""

from __future__ import annotations

import hashlib
import inspect
import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline import cache_dir
from pipeline.extract import langid_model
from pipeline.extract.boilerplate import _candidates
from pipeline.extract.boilerplate_names import BOILERPLATE_TAGS
from pipeline.extract.comment_shapes import _footer_candidates
from pipeline.extract.html import parse_html

# The definition the footer search had: quadratic in nesting, kept here as the reference.
FOOTER_CANDIDATES_XPATH = etree.XPath(
    "/descendant::*[self::span or self::p or self::div or self::small or self::em or self::footer]"
    "[starts-with(normalize-space(translate(., 'PWSKOD', 'pwskod')), 'posted ')"
    " or starts-with(normalize-space(translate(., 'PWSKOD', 'pwskod')), 'written ')"
    " or starts-with(normalize-space(translate(., 'PWSKOD', 'pwskod')), 'submitted ')]"
)


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("<div><b>Post</b>ed\n by x</div>", 1),  # the lead split over two text nodes
        ("<div><div> <span>\n posted\tby a</span></div></div>", 3),  # nested wrappers share it
        ("<div>Sub<i>mitted</i> by me on</div><p>Written by</p>", 2),
        ("<p>  POSTED by x</p>", 0),  # only P, W, S, K, O, D are folded to lower case
        ("<p>Posted</p><p>by</p>", 0),  # a lead needs a word after it
        ("<p>posted&nbsp;by</p>", 0),  # a no-break space is not XPath whitespace
        ("<p>Written  \n</p><em>written\u00a0</em>", 0),
        ("<p>Reposted by x</p><span><a>Share</a> posted by</span>", 0),  # not at the start
        ("<section>Posted by <b>x</b></section><footer>posted on Monday</footer>", 1),  # tags
    ],
)
def test_footer_candidates_equal_the_xpath_definition(body: str, count: int) -> None:
    root = parse_html(f"<html><body>{body}<p>Posted by me at 10:22</p></body></html>")
    expected = FOOTER_CANDIDATES_XPATH(root)
    assert _footer_candidates(root) == expected
    assert len(expected) == count + 1


def test_footer_candidates_none_without_a_lead_anywhere() -> None:
    root = parse_html("<html><body><div><div><p>Reply</p><span>Comments</span></div></div></body></html>")
    assert _footer_candidates(root) == [] == FOOTER_CANDIDATES_XPATH(root)


def test_langid_model_cached_copy_classifies_as_py3langid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv(cache_dir.CACHE_ENV, str(tmp_path))
    unpacked = langid_model.load_identifier()  # the first process unpacks the model
    (folder,) = (tmp_path / cache_dir.CACHE_NAME).iterdir()  # one finished folder, no leftovers
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.npy" for n in langid_model._ARRAYS)
    mapped = langid_model.load_identifier()  # later ones map it
    assert isinstance(mapped.tk_nextmove, memoryview)
    reference = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    texts = [
        "Die Behandlung der Krankheit ist nicht einfach, und die Ärzte raten zu Geduld.",
        "The treatment is simple: rest, fluids and a doctor's visit if the fever lasts.",
        "Лечение простое: отдых, питьё и визит к врачу, если температура держится.",
        "治療は簡単です。休息と水分補給をしてください。",
        "ok",
    ]
    for text in texts:
        assert mapped.classify(text) == reference.classify(text) == unpacked.classify(text)
        assert langid_model.release(mapped) == 2  # the state table and the feature rows
        assert mapped.classify(text) == reference.classify(text)  # mapped again on use


def test_langid_model_mapped_copy_never_enters_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mapped model is read with pread: no page of its files is resident after a
    classification (a long one faulted in up to 31 MB, a run's peak), and the answers and
    rankings are py3langid's to the last bit."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    smaps = Path("/proc/self/smaps")
    if not smaps.exists():
        pytest.skip("needs /proc/self/smaps")
    monkeypatch.setenv(cache_dir.CACHE_ENV, str(tmp_path))
    langid_model.load_identifier()  # unpacks
    mapped = langid_model.load_identifier()
    reference = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    text = " ".join(
        [
            "The treatment of the disease is not simple, and doctors advise patience and rest.",
            "Die Behandlung der Krankheit ist nicht einfach, und die Ärzte raten zu Geduld.",
            "Le traitement de la maladie n'est pas simple; les médecins conseillent la patience.",
        ]
        * 12
    )
    for sample in (text, text[:300], "ok", ""):
        assert mapped.classify(sample) == reference.classify(sample)
        assert mapped.rank(sample) == reference.rank(sample)

    def resident_kb() -> int:
        """Resident KB of the state table's and the feature rows' mappings (the big two)."""
        total, in_model = 0, False
        for line in smaps.read_text().splitlines():
            if re.match(r"[0-9a-f]+-[0-9a-f]+ ", line):
                in_model = str(tmp_path) in line and line.endswith(("/nextmove.npy", "/ptc.npy"))
            elif in_model and line.startswith("Rss:"):
                total += int(line.split()[1])
        return total

    assert resident_kb() == 0
    mapped.tk_nextmove[: 1 << 20].tobytes()  # the check sees pages that are read through the mapping
    assert resident_kb() > 0


def test_langid_model_without_a_writable_cache_loads_as_py3langid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(cache_dir.CACHE_ENV, str(blocker))
    identifier = langid_model.load_identifier()
    assert not isinstance(identifier.tk_nextmove, memoryview)
    assert identifier.classify("Die Behandlung der Krankheit ist nicht einfach.")[0] == "de"
    assert langid_model.release(identifier) == 0  # in memory: nothing to hand back


@pytest.mark.parametrize(
    "script",
    [
        '{"@type": "Article", "headline": "Gout"}',
        '[{"@type": "Person", "name": "A"}, {}, null, {"@type": "WebPage"}]',
        '  // generated by a plugin\n{"@type": "NewsArticle", "headline": "Flu"}',
        '<!-- seo -->\n{"@type": "BlogPosting",\n "headline": "Tab\there"}',
        '{"@type": "Article", /* a note */ "headline": "x"}',
        '"just a string"',
    ],
)
def test_jsonld_scripts_read_as_extruct_reads_them(script: str) -> None:
    from extruct.jsonld import JsonLdExtractor

    from pipeline.extract.jsonld import _script_items

    html = f'<html><head><script type="application/ld+json">{script}</script></head><body><p>x</p></body></html>'
    (node,) = parse_html(html).xpath("//script")
    assert _script_items(node) == JsonLdExtractor().extract_items(node)


def test_jsonld_broken_script_fails_as_extruct_does() -> None:
    from extruct.jsonld import JsonLdExtractor

    from pipeline.extract.jsonld import _script_items

    html = '<html><head><script type="application/ld+json">{"headline": </script></head><body></body></html>'
    (node,) = parse_html(html).xpath("//script")
    with pytest.raises(ValueError):
        JsonLdExtractor().extract_items(node)
    with pytest.raises(ValueError):
        _script_items(node)


def test_htmldate_page_search_skipped_only_where_it_finds_nothing() -> None:
    """htmldate's page search finds no date in text without its cue, on random digit soups."""
    import random

    import htmldate.core
    from htmldate.utils import Extractor
    from htmldate.validators import get_max_date, get_min_date

    from pipeline.extract.published import _PAGE_SEARCH_CUE, _htmldate_search, shows_new_year

    _htmldate_search()  # installs the guard
    guarded = htmldate.core.search_page
    original = inspect.unwrap(guarded)
    assert original is not guarded and original.__module__ == "htmldate.core"
    options = Extractor(True, get_max_date(None), get_min_date(None), True, "%Y-%m-%d")
    tokens = ["1", "2", "9", "12", "31", "05", "99", "201", "/", ".", "-", " ", ":", ",", "©", "(c)", "Copyright ",
              "May ", "March ", "Dec. ", "3rd ", "of ", "T", "Z", "+", "a", "<p>", "</p>"]  # fmt: skip
    rng = random.Random(7)
    skipped = 0
    for _ in range(3000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(1, 30)))
        if _PAGE_SEARCH_CUE.search(text) is None:
            skipped += 1
            assert original(text, options) is None, text
        found = original(text, options)
        if found and found.endswith("-01-01") and not shows_new_year(text, found[:4]):
            found = None  # a year guess (tested in test_extract_units)
        assert guarded(text, options) == found, text
    assert skipped > 300
    # what the cue lets through is searched as before: a date, D/M/YY, DD.MM.YY
    for text, found in [(" 2021-01-01 ", "2021-01-01"), (" 5/3/21 ", "2021-03-05"), (" 05.03.21 ", "2021-03-05")]:
        assert guarded(text, options) == original(text, options) == found


def test_htmldate_leaves_the_shared_tree_as_it_was() -> None:
    """htmldate prunes its own copy (scripts, styles, the archive.org banner): ours is not copied first."""
    from pipeline.extract.published import _htmldate

    html = """<html><head><title>T</title><style>p{}</style><script>var d = "2020-01-02";</script></head>
    <body><div id="wm-ipp-base">banner 2019-05-05</div><nav>Menu</nav><article><h1>Head</h1>
    <p class="byline">Posted on 12/03/2021 by Ann</p><p>Text</p></article><footer>© 2022</footer>
    <abbr class="published" title="2021-03-12">March</abbr><time datetime="2021-03-12">x</time></body></html>"""
    root = parse_html(html)
    before = etree.tostring(root)
    assert _htmldate(root, "https://ex.com/a") is not None
    assert etree.tostring(root) == before
    dateless = parse_html("<html><body><p>No date on page 12 of 3.</p><script>x=1</script></body></html>")
    before = etree.tostring(dateless)
    assert _htmldate(dateless, "") is None and etree.tostring(dateless) == before


@pytest.mark.parametrize("url", ["https://ex.com/über?a=1", "", "https://ex.com/\udcff"])
@pytest.mark.parametrize("fast", [True, False])
def test_trafilatura_settings_built_once_are_those_of_each_call(fast: bool, url: str) -> None:
    """trafilatura_text's settings, copied per call, equal those bare_extraction builds from its arguments."""
    import trafilatura.core
    from trafilatura.settings import Extractor

    from pipeline.extract.article import trafilatura_text

    seen: list[Extractor] = []
    built = Extractor(
        output_format="txt", fast=fast, recall=not fast, comments=False, tables=True, images=False,
        links=False, with_metadata=False, url=url or None,
    )  # fmt: skip
    real = trafilatura.core.bare_extraction

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(kwargs["options"])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pipeline.extract.article.bare_extraction", spy)
        page = "<html><body><article><p>" + "A sentence of text. " * 20 + "</p></article></body></html>"
        text = trafilatura_text(page, url, fast)
    assert "A sentence of text." in text
    assert [{k: getattr(o, k) for k in Extractor.__slots__} for o in seen] == [
        {k: getattr(built, k) for k in Extractor.__slots__}
    ]


def test_justext_stop_words_held_once_as_justext_builds_them() -> None:
    """trafilatura's recall mode hands jusText one set of every language's stop words: the set
    jusText's own lower-casing builds from trafilatura's tuple, kept once instead of twice, and
    packed (PackedWords: 16 -> ~5 MB, the same membership answers)."""
    import justext.core
    from justext.utils import get_stoplist, get_stoplists
    from trafilatura import external

    from pipeline.extract.article import trafilatura_text
    from pipeline.extract.packed_words import PackedWords

    # A page under trafilatura's minimum size: its recall escalation asks jusText.
    text = trafilatura_text("<html><body><div><p>Short words here.</p></div></body></html>", "", fast=False)
    assert "Short words here." in text
    words = external.JT_STOPLIST
    assert isinstance(words, PackedWords)
    reference = justext.core.define_stoplist.__wrapped__  # jusText's own, cached by its argument
    built = reference(tuple({w for lang in get_stoplists() for w in get_stoplist(lang)}))
    assert frozenset(words) == built and len(words) == len(built)
    asked = [*list(built)[:20_000], *(w + "s" for w in list(built)[:20_000]), *(w[:-1] for w in list(built)[:20_000])]
    assert [w in words for w in asked] == [w in built for w in asked]
    assert justext.core.define_stoplist(words) is words  # handed over, not copied
    assert justext.core.define_stoplist(("The", "A")) == frozenset({"the", "a"})  # any other list as before


# The XPath definition the boilerplate rules' candidates had, kept here as the reference.
CANDIDATES_XPATH = etree.XPath(
    "/descendant::*[@class or @id or @role or @data-testid or @data-component or "
    + " or ".join(f"self::{t}" for t in (*(t for t in BOILERPLATE_TAGS if "-" not in t), "header"))
    + " or starts-with(local-name(), 'amp-')]"
)
CANDIDATE_CASES = [
    '<nav>a</nav><amp-ad>x</amp-ad><amp>y</amp><header><p id="">z</p></header><div role="x">r</div>'
    '<p data-testid="t">s</p><span data-component="c"><b class="k">u</b></span><p>plain</p><aside/>',
    '<div itemtype="https://schema.org/Comment" itemprop="comment">c</div><p id="a" role="b">x</p>'
    '<footer class="f"><form><textarea>t</textarea></form></footer><select><option>o</option></select>',
]


def test_boilerplate_candidates_are_what_their_xpath_definition_selects() -> None:
    """The one walk of the tree selects the elements the XPath query it replaced selects, in order."""
    pages = [parse_html(f"<html><body>{body}</body></html>") for body in CANDIDATE_CASES]
    for page in sorted((Path(__file__).parent / "fixtures" / "pages").glob("*/*.html"))[::3]:
        pages.append(parse_html(page.read_bytes().decode("utf-8", "replace")))
    for root in pages:
        assert _candidates(root) == CANDIDATES_XPATH(root)
        body = root.find(".//body")  # from any element, the whole document (as "/" selects it)
        assert body is not None and _candidates(body) == CANDIDATES_XPATH(body)
    assert [e.tag for e in _candidates(pages[0])][:4] == ["nav", "amp-ad", "header", "p"]


@pytest.mark.parametrize("fast", [True, False])
def test_trafilatura_body_is_the_same_without_its_text_rendering(fast: bool) -> None:
    """Output format "txt" (trafilatura_text's settings) skips bare_extraction's rendering of the
    body to text; the body tree, all we read, is the one the "python" format returns."""
    import copy as copying

    from trafilatura import bare_extraction
    from trafilatura.settings import Document

    from pipeline.extract.article import _options

    pages = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*/*.html"))[::9]
    rendered = 0
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        as_python = copying.copy(_options(fast))
        as_python.format = "python"
        ours, theirs = (bare_extraction(html, options=options) for options in (_options(fast), as_python))
        assert (ours is None) == (theirs is None)
        if ours is not None and theirs is not None:
            assert isinstance(ours, Document) and isinstance(theirs, Document)
            assert etree.tostring(ours.body) == etree.tostring(theirs.body)
            rendered += bool(theirs.text)  # the "python" format did render text: the case is real
    assert rendered >= 3


def could_be_item_by_name(element: etree._Element) -> bool:
    """The comment finders' cheap test as it was written, one attribute asked for at a time."""
    from pipeline.extract.comment_classes import POST_ID_ATTRIBUTES
    from pipeline.extract.comment_rules import COMMENT_TAG

    if COMMENT_TAG.match(element.tag):
        return True
    get = element.get
    names = get("class")
    if names and ("omment" in names or "ost" in names or "essage" in names or "eply" in names or "espons" in names):
        return True
    ident = get("id")
    if ident and ident.startswith(("comment", "Comment", "li-", "dsq-", "p", "P", "reply", "msg")):
        return True
    hooks = f"{get('data-testid') or ''} {get('data-component') or ''}"
    return (
        "omment" in hooks
        or "post" in hooks
        or get("role") == "article"
        or "answer" in (names or "")
        or any(get(name) for name in POST_ID_ATTRIBUTES)
    )


# The XPath definition of the elements the comment finders filter, kept as the reference.
_MARKED = etree.XPath(
    "/descendant::*[@class or @id or @itemtype or @itemprop or @data-testid or @data-component or @role"
    " or contains(local-name(), '-comment')]"
)


def test_comment_item_and_list_tests_read_attributes_once_with_the_same_answers() -> None:
    from pipeline.extract import markers
    from pipeline.extract.comment_classes import could_be_item
    from pipeline.extract.comment_layouts import names_a_list

    body = "".join(
        [
            '<div class="c-comment">a</div><div class="post-body">b</div><div class="menu">c</div>',
            '<div id="p123">d</div><div id="main">e</div><div id="">f</div><div class="">g</div>',
            '<div data-testid="commentCard">h</div><div data-component="postList">i</div>',
            '<div data-testid="card" data-component="x">j</div><div role="article">k</div>',
            '<div role="banner">l</div><div data-post-id="9">m</div><div data-reply-id="">n</div>',
            '<shreddit-comment author="a">o</shreddit-comment><x-comments-list>p</x-comments-list>',
            '<div class="answer-body">q</div><ul class="itemCommentsList"><li>r</li></ul>',
            '<ol id="COMMENTS_LIST">s</ol><div class="playlist">t</div><div id="wishList">u</div>',
            '<div class="message" id="x">v</div><section itemprop="text">w</section>',
        ]
    )
    marked = _MARKED(parse_html(f"<html><body>{body}</body></html>"))
    assert len(marked) == 21
    assert [could_be_item(e) for e in marked] == [could_be_item_by_name(e) for e in marked]
    assert [names_a_list(e) for e in marked] == [markers.marked(e, markers.COMMENT_LIST) for e in marked]
    assert sum(map(could_be_item, marked)) >= 10 and sum(map(names_a_list, marked)) == 2


def test_footer_lead_regex_finds_what_the_alternation_of_classes_found() -> None:
    from pipeline.extract.comment_shapes import _ANY_LEAD

    plain = re.compile(r"[Pp][Oo][Ss]te[Dd][ \t\r\n]|[Ww]ritten[ \t\r\n]|[Ss]ubmitte[Dd][ \t\r\n]")
    texts = [
        "Posted by: Ann at 10:22",
        "xPOSTeD\tby",
        "Written by",
        "written\n",
        "Submitted by",
        "submitteD ",
        "Pritten by",
        "Wosted by",
        "Sosted by",
        "Pubmitted by",
        "posted",
        "reposted by",
        "POSTED by",
        "Writtenby",
        "a posted\rb",
        "",
    ]
    for text in texts:
        found, expected = _ANY_LEAD.search(text), plain.search(text)
        assert (found and found.span()) == (expected and expected.span()), text


def test_profile_href_answers_as_its_regex() -> None:
    from pipeline.extract.comment_rules import PROFILE_HREF, profile_href

    hrefs = [
        "/members/ann/",
        "https://x.org/USERS/bob?tab=1",
        "/u/carl",
        "/community/profile/dan#top",
        "memberlist.php?mode=viewprofile&u=3",
        "MEMBER.PHP?u=4",
        "index.php?showuser=5",
        "profile.php?id=6",
        "/author/eve/",
        "/team/frank",
        "/menu/",
        "/uſers/gina",  # a long s: case-blind to 's' in the regex
        "/Profiles/hal/x",
        "",
        "#comment-3",
    ]
    assert [profile_href(h) for h in hrefs] == [PROFILE_HREF.search(h) is not None for h in hrefs]
    assert sum(profile_href(h) for h in hrefs) >= 9


def test_justext_stop_words_cached_copy_is_the_built_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from justext.utils import get_stoplist, get_stoplists

    from pipeline.extract.article import stoplist_words

    monkeypatch.setenv(cache_dir.CACHE_ENV, str(tmp_path))
    built = frozenset(word.lower() for language in get_stoplists() for word in get_stoplist(language))
    assert stoplist_words() == built  # the first process builds them and writes the copy
    (copy,) = (tmp_path / cache_dir.CACHE_NAME).iterdir()  # one finished file, no leftovers
    assert copy.name.startswith("justext-") and stoplist_words() == built  # later ones read it
    text = copy.read_text(encoding="utf-8").rpartition(cache_dir.DIGEST_LINE)[0] + "\nzzsentinel"
    copy.write_text(text + cache_dir.DIGEST_LINE + hashlib.sha256(text.encode()).hexdigest(), encoding="utf-8")
    assert "zzsentinel" in stoplist_words()  # read from the copy, not built again


def test_a_cached_copy_cut_short_or_emptied_is_built_and_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy renamed into place before its data reached the disk comes back empty or cut after a
    power loss (or a disk error, a hand edit): it was read as a shorter stop-word list, and every
    later extraction on the machine changed without a word. Copies are now fsynced before their
    rename and end with their digest: one that is not whole is built and written again."""
    from pipeline.extract.article import _build_stoplist, stoplist_words

    monkeypatch.setenv(cache_dir.CACHE_ENV, str(tmp_path))
    built = stoplist_words()
    (copy,) = (tmp_path / cache_dir.CACHE_NAME).iterdir()
    whole = copy.read_bytes()
    for damaged in (whole[: len(whole) // 2], b"", whole.rpartition(cache_dir.DIGEST_LINE.encode())[0]):
        copy.write_bytes(damaged)
        assert stoplist_words() == built == _build_stoplist()
        assert copy.read_bytes() == whole  # written again, whole


def test_justext_stop_words_without_a_writable_cache_are_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.extract.article import stoplist_words

    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache_dir.CACHE_ENV, str(blocked))
    words = stoplist_words()
    assert {"the", "und", "le", "и"} <= words and len(words) > 100_000


# The XPath definitions the hidden-element walk and the code strip had, kept as the reference.
HIDDEN_XPATH = etree.XPath(
    "/descendant::*[@hidden or @aria-hidden='true' or (@style and (contains(translate(@style,' ',''),'display:none')"
    " or contains(translate(@style,' ',''),'visibility:hidden')))]"
)
CODE_XPATH = etree.XPath("//script[not(contains(@type, 'ld+json'))] | //style | //template")
HIDDEN_CASES = (
    '<div hidden>a</div><p aria-hidden="true">b</p><p aria-hidden="false">c</p><p aria-hidden="TRUE">d</p>'
    '<span style="display: none">e</span><span style="DISPLAY:none">f</span><i style="visibility : hidden">g</i>'
    '<i style="visibility:\thidden">h</i><b style="color:red">i</b><b style="">j</b><p hidden="" style="x">k</p>'
    '<script type="application/ld+json">{}</script><script>x()</script><style>p{}</style>'
    '<template><script>y()</script></template><script type="text/javascript">z()</script><noscript>n</noscript>'
)


def _reference_pages() -> list[etree._Element]:
    from lxml.html import fromstring

    from pipeline.extract.html import _PARSER

    sources = [f"<html><head><style>h{{}}</style></head><body>{HIDDEN_CASES}</body></html>"]
    sources += [p.read_bytes().decode("utf-8", "replace") for p in sorted(FIXTURES.glob("*/*.html"))[::2]]
    return [fromstring(source.encode("utf-8"), parser=_PARSER) for source in sources]


FIXTURES = Path(__file__).parent / "fixtures" / "pages"


def test_hidden_elements_are_what_their_xpath_definition_selects() -> None:
    """The Python walk finds the elements the XPath it replaced finds, in order, from any element."""
    from pipeline.extract.hidden import _hidden_by_markup

    pages = _reference_pages()
    for root in pages:
        assert _hidden_by_markup(root) == HIDDEN_XPATH(root)
        body = root.find(".//body")
        assert body is not None and _hidden_by_markup(body) == HIDDEN_XPATH(body)
    assert [e.text for e in _hidden_by_markup(pages[0])] == ["a", "b", "e", "g", "k"]


def test_shown_text_outweighs_as_the_whole_count_decides() -> None:
    """Reading the page's text only until it outweighs the hidden part answers as counting it all."""
    from pipeline.extract.hidden import HIDDEN_CONTENT_SHARE, _shown_text_outweighs, _text_chars

    for root in _reference_pages()[:6]:
        total = _text_chars(root)
        for hidden in (0, 1, total // 3, total // 2, total // 2 + 1, total - 1, total, 2 * total):
            assert _shown_text_outweighs(root, hidden) == (hidden < HIDDEN_CONTENT_SHARE * total)


def test_code_stripped_is_what_its_xpath_definition_selects() -> None:
    """The tag walk drops the scripts (but JSON-LD), styles and templates the XPath selected."""
    from pipeline.extract.html import _strip_code, drop

    for root, reference in zip(_reference_pages(), _reference_pages(), strict=True):
        for element in CODE_XPATH(reference):
            drop(element)
        _strip_code(root)
        assert etree.tostring(root) == etree.tostring(reference)
    root = _reference_pages()[0]
    _strip_code(root)
    assert [e.get("type") for e in root.iter("script")] == ["application/ld+json"]
    assert not list(root.iter("style", "template")) and "x()" not in etree.tostring(root, encoding=str)


def test_author_marked_answers_as_its_regexes_over_the_five_attributes() -> None:
    """One read of the attributes and a substring test first: the same answer on every element."""
    from pipeline.extract.marked_authors import _AUTHOR_MARK, _NOT_NAME_MARK, _author_marked

    def by_regex(element: etree._Element) -> bool:
        if not isinstance(element.tag, str) or element.tag in ("meta", "link", "img", "script", "style"):
            return False
        marks = " ".join(element.get(name) or "" for name in ("class", "id", "rel", "itemprop", "data-testid"))
        return bool(_AUTHOR_MARK.search(marks)) and not _NOT_NAME_MARK.search(marks)

    body = (
        '<span class="AUTHOR">a</span><a rel="author">b</a><div class="author-avatar">c</div>'
        '<p data-testid="byline">d</p><p class="x" id="BYLINE-1">e</p><p itemprop="author">f</p>'
        '<p class="authorize">g</p><p class="wrıter">h</p><p class="Writer" id="bio">i</p>'
        '<img class="author">j<meta itemprop="author"><p title="author">k</p>'
    )
    pages = [*_reference_pages(), parse_html(f"<html><body>{body}</body></html>")]
    answers = [(_author_marked(e), by_regex(e)) for root in pages for e in root.iter()]
    assert all(mine == theirs for mine, theirs in answers)
    assert sum(mine for mine, _ in answers) >= 8


def test_htmldate_month_words_cached_copy_is_its_own_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """htmldate's month words, built once and then read back from the cache, are its own set;
    the extensive search asks the cached function once installed."""
    import htmldate.extractors

    from pipeline.extract.published import _htmldate_search, month_words

    monkeypatch.setenv(cache_dir.CACHE_ENV, str(tmp_path))
    _htmldate_search()
    own = getattr(htmldate.extractors.month_words, "__wrapped__", None)
    assert own is not None  # installed: a cache around ours
    built = month_words(lambda: ["janvier", "march"])  # the first process builds and writes the copy
    (copy,) = (tmp_path / cache_dir.CACHE_NAME).iterdir()
    assert built == {"janvier", "march"} and copy.name.startswith("htmldate-") and "month-words" in copy.name
    assert month_words(lambda: ["never", "built"]) == built  # later ones read it
    copy.unlink()
    from dateparser.languages.loader import default_loader
    from htmldate.extractors import MONTH_KEYS, WORD, _fold_month_name

    reference = frozenset(
        _fold_month_name(word)
        for locale in default_loader.get_locales()
        for key in MONTH_KEYS
        for word in locale.info.get(key, [])
        if WORD.fullmatch(word)
    )
    assert htmldate.extractors.month_words() == reference and {"janvier", "märz", "march"} <= reference
    assert month_words(lambda: reference) == reference and copy.exists()
    assert month_words(lambda: []) == reference  # the whole set read back


def test_named_elements_by_finder_hold_all_each_finder_takes() -> None:
    """One walk finds the elements that name themselves (what the XPath it replaced selects, in
    order) and sorts them for the class, list, area and microdata finders: each list holds every
    element its finder's own test accepts, in document order."""
    from pipeline.extract.comment_classes import could_be_item
    from pipeline.extract.comment_finders import _named
    from pipeline.extract.comment_layouts import _comments_named_list, names_a_list
    from pipeline.extract.comment_structure import _area_candidate

    body = (
        '<div class="c-comment">a</div><div class="post-body">b</div><div id="Comments">c</div><ol class="x">d</ol>'
        '<div id="p1">e</div><div id="responses">f</div><div class="discussion">g</div><ul id="y">h</ul>'
        '<div data-testid="commentCard">i</div><div role="article">j</div><div data-postid="3" id="z">k</div>'
        '<shreddit-comment>l</shreddit-comment><div class="comentarios">m</div><div id="wishList">n</div>'
        '<div class="itemCommentsList">o</div><div class="menu" id="top">p</div><div itemprop="text">q</div>'
        '<div data-postid="4">r</div><ol>s</ol><x-comment-box>t</x-comment-box><p itemtype="x">u</p>'
    )

    def listed(element: etree._Element) -> bool:
        return names_a_list(element) or _comments_named_list(element)

    def microdata(element: etree._Element) -> bool:
        return element.get("itemtype") is not None or element.get("itemprop") is not None

    tests = (could_be_item, listed, _area_candidate, microdata)
    pages = [*_reference_pages(), parse_html(f"<html><body>{body}</body></html>")]
    for root in pages:
        marked, *named = _named(root)
        assert marked == _MARKED(root)
        body_element = root.find(".//body")  # from any element, the whole document (as "/" selects it)
        assert body_element is not None and _named(body_element)[0] == marked
        for found, test in zip(named, tests, strict=True):
            assert [e for e in found if test(e)] == [e for e in marked if test(e)]
            assert found == [e for e in marked if e in set(found)]  # document order, all named
    marked, items, lists, areas, micro = _named(pages[-1])
    assert "r" not in [e.text for e in marked] and {"l", "t", "u"} <= {e.text for e in marked}
    assert [e.text for e in micro] == ["q", "u"]
    assert len(items) >= 10 and {e.text for e in lists} >= {"d", "h", "n", "o"} and len(areas) >= 5


def test_disclaimer_found_past_the_page_wide_look_and_none_without_its_words() -> None:
    """The look at the page's whole text lets every disclaimer through (upper case, deep in the
    page, a subtree asked) and answers None only where no text node holds a disclaimer word."""
    from pipeline.extract.disclaimers import find_disclaimer

    said = "<p>Updated May 1.</p><div><section><p>THIS CONTENT DOES NOT REPLACE MEDICAL ADVICE from a doctor.</p>"
    root = parse_html(
        f"<html><head><title>t</title></head><body><article>{said}</section></div></article></body></html>"
    )
    found = find_disclaimer(root, set())
    assert found is not None and found.startswith("THIS CONTENT DOES NOT REPLACE")
    article = root.find(".//article")
    assert article is not None and find_disclaimer(article, set()) == found  # the XPath reads the whole page
    plain = parse_html("<html><head><title>Medical advice</title></head><body><p>Eat well.</p></body></html>")
    assert find_disclaimer(plain, set()) is None


def _near_headline_by_ancestors(hosts: list[tuple[etree._Element, str]]) -> set[int]:
    """The definition _near_headline had: each host's ancestors tested (the reference)."""
    from pipeline.extract.bylines import DATELINE_MAX_HOSTS
    from pipeline.extract.html import INLINE_TAGS

    near: set[int] = set()
    for position, (host, _) in enumerate(hosts):
        if host.tag == "h1" or (host.tag in INLINE_TAGS and next(host.iterancestors("h1"), None) is not None):
            near.update(range(max(0, position - DATELINE_MAX_HOSTS), position + DATELINE_MAX_HOSTS + 1))
    return near


@pytest.mark.parametrize(
    "body",
    [
        "<p>a</p><h1>Own</h1><p>b</p>",
        "<h1><span><em><a href='/a'>Nested</a></em></span> tail</h1>",
        "<h1><div>Block <b>bold in the block</b></div></h1>",  # inline inside a block inside an h1
        "<h1>Outer <h1>inner <i>x</i></h1></h1>",  # an h1 the parser nests or closes
        "<div><b>no headline</b></div><h2><span>h2</span></h2>",
        "",
        "<header><h1><time>May 3, 2024</time></h1></header><main><h1>Second</h1></main>",
    ],
)
def test_near_headline_is_its_ancestor_definition(body: str) -> None:
    from pipeline.extract.bylines import _near_headline
    from pipeline.extract.html import short_text_hosts

    filler = "".join(f"<p>Paragraph {i}.</p>" for i in range(12))
    hosts = short_text_hosts(parse_html(f"<html><body>{filler}{body}{filler}{body}</body></html>"))
    assert _near_headline(hosts) == _near_headline_by_ancestors(hosts)


NEW_YEAR_SHAPES = [
    "2024-01-01", "2024/1/1", "2024.01.01x", "2024-01-011", "20240101", "01/01/2024", "1.1.2024", "101/01/2024",
    "a01-01-2024", "Jan 1, 2024", "JAN.  01st,\n 2024", "january\t1 2024", "xjan 1 2024", "1 January 2024",
    "1er janvier 2024", "01. Jänner 2024", "1 de enero de 2024", "1 DE ENERO  DE\n2024", "11 January 2024",
    "1st Jan. 2024", "1 stycznia 2024", "Styczeń 1, 2024", "2024 Jan 1", "1 January, 2023", "jan 1, 12024",
]  # fmt: skip


@pytest.mark.parametrize("text", NEW_YEAR_SHAPES)
def test_new_year_search_finds_what_its_pattern_finds(text: str) -> None:
    """The year-anchored searches (the ways that end with the year over the text reversed)
    answer as the pattern they stand for, on each shape and beside other text."""
    from pipeline.extract.published import new_year_pattern, shows_new_year

    for page in (text, f"<p>Posted {text} by Ann</p>", f"© 1999-{text}9"):
        for year in ("2024", "2023"):
            expected = re.search(new_year_pattern(year), page, re.IGNORECASE) is not None
            assert shows_new_year(page, year) is expected, (page, year)


def test_new_year_search_matches_its_pattern_on_random_text() -> None:
    import random

    from pipeline.extract.published import new_year_pattern, shows_new_year

    tokens = ["2024", "1", "01", "0", "-", "/", ".", " ", "\n", "\xa0", ",", "st", "er", "de", "DE ", "x", "9",
              "jan", "JANUARY", "janvier", "enero", "Styczeń", "jänner", "gen", "janv", "20240101", "1er"]  # fmt: skip
    rng = random.Random(14)
    found = 0
    for _ in range(20_000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(1, 14)))
        expected = re.search(new_year_pattern("2024"), text, re.IGNORECASE) is not None
        assert shows_new_year(text, "2024") is expected, text
        found += expected
    assert found > 2_000  # the shapes are there, not only misses


def test_new_year_search_is_anchored_on_the_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every search starts with the year's four digits (the reversed text's with them reversed),
    so the engine jumps between the year's occurrences instead of trying each of the pattern's
    ways at every character of a page (20 ms a search on a 250 KB page, 60x slower); a page
    without the year is not searched at all."""
    from pipeline.extract import published

    parser = getattr(re, "_parser", None) or __import__("sre_parse")
    searched: list[str] = []

    def search(pattern: str, text: str, flags: int = 0) -> re.Match[str] | None:
        searched.append(pattern)
        return re.search(pattern, text, flags)

    monkeypatch.setattr(published, "re", type("Re", (), {"search": staticmethod(search), "IGNORECASE": re.IGNORECASE}))
    page = "<footer>Updated 3 March 2024 · 2024 Health Notes</footer>" * 200
    assert not published.shows_new_year(page, "2024")
    assert searched, "the year is on the page: it is searched"
    for pattern in searched:
        head = list(parser.parse(pattern))[:4]
        assert [op for op, _ in head] == [parser.LITERAL] * 4, pattern  # a literal prefix: the year
        assert "".join(chr(value) for _, value in head) in ("2024", "4202")
    searched.clear()
    assert not published.shows_new_year(page.replace("2024", "2023"), "2024")
    assert searched == []
