"""Vocabulary per language is data: every file has every key, and a new language is one file."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.extract.dates import find_date
from pipeline.extract.phrase_patterns import alternation, expansions, prefix_tree, template_pattern
from pipeline.extract.vocabulary import (
    KEYS,
    MAY_BE_EMPTY,
    builtin,
    load_vocabularies,
    month_numbers,
    time_ago,
    words,
)

BUILTIN = Path(str(resources.files("pipeline") / "extract" / "vocab"))


def test_every_builtin_language_has_every_key_and_twelve_months() -> None:
    vocabularies = builtin()
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "pl"} <= set(vocabularies)
    for vocabulary in vocabularies.values():
        assert len(vocabulary.months) == 12 and all(vocabulary.months)
        assert all(getattr(vocabulary, key) for key in KEYS if key not in MAY_BE_EMPTY)
    # The dates module reads its month names from the files: Polish came with pl.toml.
    assert find_date("Opublikowano 3 marca 2024", "pl") == dt.date(2024, 3, 3)


def test_a_new_language_is_one_data_file(tmp_path: Path) -> None:
    shutil.copytree(BUILTIN, tmp_path, dirs_exist_ok=True)
    months = ", ".join(
        f'["{name}"]'
        for name in "tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu "
        "elokuu syyskuu lokakuu marraskuu joulukuu".split()
    )
    (tmp_path / "fi.toml").write_text(
        f'months = [{months}]\ncomment = ["kommentti"]\ndeleted = ["poistettu"]\nui_labels = ["vastaa"]\n'
        'error_pages = ["sivua ei löytynyt"]\nwithheld_pages = ["kirjaudu sisään"]\n'
        'server_error_pages = ["huoltokatko"]\n'
        'time_joiners = ["klo"]\ncomment_headings = ["kommentit"]\n'
        'weekdays = ["maanantai"]\nreply_controls = ["vastaa"]\nuser_card_counts = ["viestejä"]\n'
        'user_card_since = ["liittynyt"]\ntime_ago = ["{n} {unit} sitten"]\ntime_units = ["päivää"]\n'
        'recent_days = ["eilen"]\nreviewer_badges = ["vahvistettu ostaja"]\ncart_buttons = ["lisää ostoskoriin"]\n'
        'reference_headings = ["lähteet"]\nforum_title_prefixes = ["näytä aihe"]\n'
        'mail_from = ["lähettäjä"]\nmail_date = ["päivämäärä"]\n'
        'box_labels = ["aiheeseen liittyvät artikkelit"]\nhelpful_questions = ["oliko tästä artikkelista apua{?|}"]\n'
        'author_box_labels = ["kirjoittajasta"]\ndisclaimers = ["ei korvaa lääkärin {neuvoa|tutkimusta}"]\n'
        'disclaimer_cues = ["korvaa"]\nauthor_labels = ["kirjoittaja"]\nby_words = []\n'
        'published_labels = ["julkaistu"]\nad_labels = ["mainos"]\ntool_links = ["tulosta", "jaa"]\n'
        'reviewer_labels = ["tarkastanut"]\neditor_labels = ["toimittaja"]\nupdated_labels = ["päivitetty"]\n'
        "reviewed_date_labels = []\n"
        'closing_headings = ["katso myös"]\ncontrol_labels = ["siirry sisältöön"]\nteaser_ends = ["lue lisää"]\n'
        'posted_by_labels = ["kirjoittanut"]\nbio_verbs = ["on"]\ninline_markers = ["muokkaa"]\n',
        encoding="utf-8",
    )
    vocabularies = load_vocabularies(tmp_path)
    assert set(vocabularies) == set(builtin()) | {"fi"}
    assert month_numbers(vocabularies)["kesäkuu"] == 6


# Every key but the months, one word each.
OTHER_KEYS = (
    '\ncomment = ["x"]\ndeleted = ["y"]\nui_labels = ["z"]\nerror_pages = ["e"]\nwithheld_pages = ["p"]\n'
    'server_error_pages = ["s"]\ntime_joiners = ["t"]\n'
    'weekdays = ["w"]\ncomment_headings = ["h"]\nreply_controls = ["r"]\nuser_card_counts = ["c"]\n'
    'user_card_since = ["j"]\ntime_ago = ["{unit} ago"]\ntime_units = ["u"]\nrecent_days = ["d"]\n'
    'reviewer_badges = ["b"]\ncart_buttons = ["c"]\nreference_headings = ["f"]\nforum_title_prefixes = ["v"]\n'
    'mail_from = ["f"]\nmail_date = ["m"]\nbox_labels = ["l"]\nhelpful_questions = ["q"]\n'
    'author_box_labels = ["a"]\ndisclaimers = ["n"]\ndisclaimer_cues = ["n"]\nauthor_labels = ["o"]\n'
    'by_words = ["b"]\npublished_labels = ["p"]\nad_labels = ["g"]\ntool_links = ["k"]\n'
    'reviewer_labels = ["rv"]\neditor_labels = []\nupdated_labels = ["up"]\nreviewed_date_labels = []\n'
    'closing_headings = ["ch"]\ncontrol_labels = ["cl"]\nteaser_ends = ["te"]\nposted_by_labels = ["pb"]\n'
    'bio_verbs = []\ninline_markers = ["im"]\n'
)
TWELVE_MONTHS = "months = [" + ", ".join([f'["v{i}"]' for i in range(12)]) + "]"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'comment = ["kommentti"]\ndeleted = ["poistettu"]\n',
            "missing ad_labels, author_box_labels, author_labels, bio_verbs, box_labels, by_words, cart_buttons, "
            "closing_headings, comment_headings, control_labels, disclaimer_cues, disclaimers, editor_labels, "
            "error_pages, forum_title_prefixes, helpful_questions, inline_markers, mail_date, mail_from, months, "
            "posted_by_labels, published_labels, recent_days, reference_headings, reply_controls, "
            "reviewed_date_labels, reviewer_badges, reviewer_labels, server_error_pages, teaser_ends, time_ago, "
            "time_joiners, time_units, tool_links, ui_labels, updated_labels",
        ),
        # A time counted back from now names its unit: a form without one would match any number.
        (
            "months = ["
            + ", ".join([f'["v{i}"]' for i in range(12)])
            + "]"
            + OTHER_KEYS.replace("{unit} ago", "{n} ago"),
            "has no {unit}",
        ),
        ('months = [["a"]]' + OTHER_KEYS, "12 lists"),
        (
            "months = [" + ", ".join(['["x"]'] * 12) + "]" + OTHER_KEYS + "labels = []\n",
            "unknown key",
        ),
        (
            "months = [" + ", ".join(['["Mai"]'] * 12) + "]" + OTHER_KEYS,
            "lower-case",
        ),
        # A phrase template that is none: a group never closed, a '|' outside a group, a group
        # of one choice (which is no choice: a typo for "{s|}"), a group of empty choices.
        (
            TWELVE_MONTHS + OTHER_KEYS.replace('["l"]', '["related{ posts"]'),
            "box_labels: 'related{ posts': a '{' never closed",
        ),
        (
            TWELVE_MONTHS + OTHER_KEYS.replace('["n"]', '["a|b"]', 1),
            "disclaimers: 'a|b': '|' outside",
        ),
        (
            TWELVE_MONTHS + OTHER_KEYS.replace('["q"]', '["helpful{s}"]'),
            "needs two choices",
        ),
        (
            TWELVE_MONTHS + OTHER_KEYS.replace('["a"]', '["a{|}"]'),
            "needs two choices",
        ),
        # A key that every language has words for is never empty (by_words, time_joiners may be).
        (TWELVE_MONTHS + OTHER_KEYS.replace('ui_labels = ["z"]', "ui_labels = []"), "ui_labels must be a non-empty"),
        # "mai" is May in German and French: another file cannot make it June.
        (
            "months = ["
            + ", ".join([f'["q{i}"]' for i in range(5)] + ['["mai"]'] + [f'["z{i}"]' for i in range(6)])
            + "]"
            + OTHER_KEYS,
            "'mai' is month",
        ),
    ],
)
def test_a_broken_language_file_is_an_error_naming_it(tmp_path: Path, text: str, message: str) -> None:
    shutil.copytree(BUILTIN, tmp_path, dirs_exist_ok=True)
    (tmp_path / "xx.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as error:
        load_vocabularies(tmp_path)
    assert "xx.toml" in str(error.value) or "month 5" in str(error.value)


def _expansions(template: str) -> list[str]:
    """Every phrase a template stands for, spelled out (the test's own reading of the syntax)."""
    phrases = [""]
    depth, start, choices = 0, 0, [""]
    for at, ch in enumerate(template):
        if ch == "{":
            depth += 1
            if depth == 1:
                start = at + 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                choices = _choices(template[start:at])
                phrases = [p + c for p in phrases for c in choices]
        elif depth == 0:
            phrases = [p + ch for p in phrases]
    return phrases


def _choices(inside: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for at, ch in enumerate(inside):
        depth += (ch == "{") - (ch == "}")
        if ch == "|" and depth == 0:
            parts.append(inside[start:at])
            start = at + 1
    parts.append(inside[start:])
    return [phrase for part in parts for phrase in _expansions(part)]


def test_a_phrase_template_matches_exactly_its_phrases() -> None:
    template = "{¿|}{te|le} {ha |}{resultado|fue} útil{ {este artículo|esta página}|}{?|}"
    pattern = re.compile(template_pattern(template))
    phrases = _expansions(template)
    assert sorted(expansions(template)) == sorted(phrases)
    assert len(phrases) == 2 * 2 * 2 * 2 * 3 * 2
    assert all(pattern.fullmatch(phrase) for phrase in phrases)
    assert "¿te ha fue útil esta página?" in phrases
    for near in (
        "te ha resultado util",
        "¿te ha resultado útil??",
        "te  fue útil",
        "le fue útil este",
        "¿¿le fue útil",
    ):
        assert not pattern.fullmatch(near), near
    # what the syntax does not use is a character as printed ("." is no wildcard)
    assert re.compile(template_pattern("dr. {a|b}")).fullmatch("dr. a")
    assert not re.compile(template_pattern("dr. {a|b}")).fullmatch("drx a")


def test_every_disclaimer_phrase_holds_one_of_its_languages_cues() -> None:
    """A disclaimer is tried only on text that holds a cue (``disclaimer_cues``): a phrase
    without one would never be read, in any file a language adds."""
    for vocabulary in builtin().values():
        for template in vocabulary.disclaimers:
            for phrase in _expansions(template):
                assert any(cue in phrase for cue in vocabulary.disclaimer_cues), (vocabulary.language, phrase)


def test_the_box_labels_and_disclaimers_are_read_from_the_vocabularies() -> None:
    """Each language's labels, questions and disclaimers reach the rules that use them."""
    from pipeline.extract import patterns as P

    for vocabulary in builtin().values():
        for key in ("box_labels", "helpful_questions", "author_box_labels"):
            for template in getattr(vocabulary, key):
                for phrase in _expansions(template):
                    assert P.BOX_LABELS.match(phrase.upper() + ":"), (vocabulary.language, phrase)
        for template in vocabulary.disclaimers:
            for phrase in _expansions(template)[::7]:
                assert P.DISCLAIMER.search(f"Note: {phrase.capitalize()}."), (vocabulary.language, phrase)


def test_the_ad_labels_and_tool_links_are_read_from_the_vocabularies() -> None:
    """ "Annons", "- Реклама -" alone over an ad; "Skriv ut", "Поделиться" as a page tool's link:
    each file's words reach LABEL_ONLY and TOOL_LINK (the English and the words of de, es, fr
    were written in those patterns before)."""
    from pipeline.extract import patterns as P

    for vocabulary in builtin().values():
        for phrase in (p for template in vocabulary.ad_labels for p in _expansions(template)):
            assert P.LABEL_ONLY.match(phrase.capitalize()) and P.LABEL_ONLY.match(f"- {phrase.upper()} -"), phrase
        for phrase in (p for template in vocabulary.tool_links for p in _expansions(template)):
            assert P.TOOL_LINK.match(phrase.capitalize()), (vocabulary.language, phrase)
    assert not P.TOOL_LINK.match("Skriv ut receptet") and not P.LABEL_ONLY.match("Annons för vaccin")


def test_closing_headings_control_labels_teaser_ends_and_posted_by_labels_are_read_from_the_vocabularies() -> None:
    """The words that were written into CLOSING_SECTIONS, LABEL_ONLY, TEASER_END, the comment
    footer's label, INLINE_MARKER and BIO_VERBS (English, and some German, Spanish and French)
    are each file's keys: a new language's "Se även", "Hoppa till innehåll", "Läs mer »",
    "Skrivet av: NAME | DATE", "[redigera]" and "NAME skriver" reach them."""
    from pipeline.extract import comment_lines as C
    from pipeline.extract import patterns as P

    for vocabulary in builtin().values():
        for phrase in (p for template in vocabulary.closing_headings for p in _expansions(template)):
            assert P.CLOSING_SECTIONS.match(phrase.capitalize() + ":"), (vocabulary.language, phrase)
        for phrase in (p for template in vocabulary.control_labels for p in _expansions(template)):
            assert P.LABEL_ONLY.match(phrase.capitalize()), (vocabulary.language, phrase)
        for phrase in (p for template in vocabulary.teaser_ends for p in _expansions(template)):
            assert P.TEASER_END.search(f"Ny studie om pollen {phrase} »"), (vocabulary.language, phrase)
        for phrase in (p for template in vocabulary.posted_by_labels for p in _expansions(template)):
            footer = C.POSTED_BY_FOOTER.match(f"{phrase.capitalize()}: Anna Berg | 2024-03-02 10:14")
            assert footer and footer.group("name") == "Anna Berg", (vocabulary.language, phrase)
        for phrase in (p for template in vocabulary.inline_markers for p in _expansions(template)):
            assert P.INLINE_MARKER.match(f"[ {phrase.capitalize()} ]"), (vocabulary.language, phrase)
        for verb in vocabulary.bio_verbs:
            assert re.match(rf"Anna Berg {P.BIO_VERBS}\b", f"Anna Berg {verb} "), (vocabulary.language, verb)
    # shapes stay shapes, and a label is a whole line
    assert P.LABEL_ONLY.match("4.5 out of 5 stars") and P.LABEL_ONLY.match("$12.99 Add to cart")
    assert not P.LABEL_ONLY.match("Hoppa till innehållet i rapporten") and not P.CLOSING_SECTIONS.match("Se även här")
    assert P.CLOSING_SECTIONS.match("More from Healthline") and not P.TEASER_END.search("Läs mer om pollen")
    assert P.INLINE_MARKER.match("[12]") and P.INLINE_MARKER.match("[note 3]")
    assert not P.INLINE_MARKER.match("[edit this]")


def test_a_prefix_tree_matches_what_the_alternation_matches() -> None:
    """The user cards' words as a tree of shared prefixes: the same words found in a page's
    text as the plain alternation finds, whole and inside glued text ("MemberPosts: 12")."""
    names = [*words("user_card_counts"), *words("user_card_since")]
    tree, plain = re.compile(prefix_tree(names)), re.compile(alternation(names))
    for name in names:
        assert tree.fullmatch(name), name
    text = "junior memberposts: 12 join date: feb 2012 mitglied seit 2011 nothing here member since: 2010"
    assert [m.group() for m in tree.finditer(text)] == [m.group() for m in plain.finditer(text)]
    assert not tree.search("the post office")


def test_a_forums_title_prefix_and_a_references_heading_are_read_in_every_vocabulary_language() -> None:
    """phpBB's "Zobacz temat - " before a Polish thread's title is no part of it
    (``forum_title_prefixes``); "Źródła:" heads a Polish article's sources (``reference_headings``)."""
    from pipeline.extract import extract_html

    post = "<p>" + "Mój syn ma astmę od trzech lat i inhalator pomaga mu przed wysiłkiem fizycznym. " * 6 + "</p>"
    sources = "".join(f"<li>Kowalski J. Astma u dzieci {i}. Pediatria Polska. 2021;{i}:12-19.</li>" for i in range(3))
    html = (
        "<html lang='pl'><head><title>Zobacz temat - Astma u dzieci - Forum.example</title></head><body><article>"
        f"{post}<h2>Źródła:</h2><ol>{sources}</ol></article></body></html>"
    )
    result = extract_html(html, "https://forum.example/viewtopic.php?t=12")
    assert result.metadata.title == "Astma u dzieci"
    assert len(result.references) == 3


def _time_ago_per_form() -> re.Pattern[str]:
    """time_ago as it was first written: one alternative per form, each with its own copy of
    every unit (12,000 characters: 20-30 ms of every process's start-up, two patterns)."""
    units = "(?:" + alternation(words("time_units")) + ")"
    pieces = {"{n}": r"\d{1,3}", "{unit}": units}
    forms = [r"\s+".join(pieces.get(part) or re.escape(part) for part in form.split()) for form in words("time_ago")]
    return re.compile(r"\b(?:" + "|".join(forms) + r")\b", re.IGNORECASE)


def test_time_ago_holds_the_units_once_per_ending() -> None:
    units = "(?:" + alternation(words("time_units")) + ")"
    endings = {form.split("{unit}")[1] for form in words("time_ago")}
    assert time_ago().count(units) == len(endings) < len(words("time_ago"))


def test_time_ago_matches_what_each_form_matches() -> None:
    per_form, shared = _time_ago_per_form(), re.compile(time_ago(), re.IGNORECASE)
    units = words("time_units")
    texts = [form.replace("{n}", "12").replace("{unit}", unit) for form in words("time_ago") for unit in units]
    assert all(shared.search(text) for text in texts)
    tokens = sorted({part for form in words("time_ago") for part in form.split()} - {"{n}", "{unit}"})
    tokens += ["3", "1234", "x", *words("time_units")[::7]]
    for i, first in enumerate(tokens):
        for second in tokens:
            for third in tokens[i % 5 :: 5]:
                spaced = f"{first}\t{second}  {third}".upper()
                for text in (f"{first} {second} {third}", spaced, f"a{first} {second} {third}x"):
                    assert bool(shared.search(text)) == bool(per_form.search(text)), text
