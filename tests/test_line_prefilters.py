"""The per-line prefilters (:mod:`pipeline.extract.prefilters`) pass every line their patterns
match, so the rules behind them decide exactly as without them (issue 9: speed, same output)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from pipeline.extract import byline_patterns as B
from pipeline.extract import dates as D
from pipeline.extract import patterns as P
from pipeline.extract import prefilters as F
from pipeline.extract.article import _TEASER_LINE, drop_boilerplate_lines
from pipeline.extract.boxes import is_byline
from pipeline.extract.phrase_patterns import expansions
from pipeline.extract.textrules import _says_boilerplate
from pipeline.extract.vocabulary import phrases as phrases_of
from pipeline.extract.vocabulary import words

# Characters whose case-blind matches are not their own upper and lower case (ı, İ, ſ, the
# Kelvin sign) and the look-alikes a page may hold: each line is also tried with them.
_SWAPS = (("i", "ı"), ("I", "İ"), ("s", "ſ"), ("k", "\u212a"), ("K", "\u212a"), ("e", "é"), ("u", "ü"))


def variants(line: str) -> list[str]:
    """The line in every case, and with each letter that has an unusual case-blind match swapped."""
    cased = {line, line.upper(), line.lower(), line.title(), line.swapcase(), line.casefold()}
    found = set(cased)
    for text in cased:
        for old, new in _SWAPS:
            found.add(text.replace(old, new))
    return sorted(found)


def every_variant(lines: list[str]) -> list[str]:
    return [v for line in lines for v in variants(line)]


NEXT_REVIEW_LINES = [
    "Next review due: 12 March 2027",
    "next review date 2027",
    "Next review 2026",
    "Review due on 1 May 2026",
    "Nächste Überprüfung: 2026",
    "Próxima revisión: junio de 2026",
    "Prochaine révision : 2026",
    "Page last reviewed: 3 May 2024",
]
DECOY_LINES = [*NEXT_REVIEW_LINES, "Copyright 2024 Acme", "© Acme 2024", "(c) 2024", "All rights reserved"]
BYLINE_LINES = [
    *DECOY_LINES,
    "By Jane Doe",
    "by jane doe",
    "BY JANE DOE, MD",
    "Updated: May 3, 2024",
    "Last updated May 3, 2024",
    "Published on 3 May 2024",
    "Posted on May 3, 2024 by Ann",
    "Posted by x | Updated May 1, 2024",
    "Written by",
    "Written By:",
    "Medically reviewed by Dr. Ann Lee",
    "Fact checked by Bo Li",
    "Editor: X",
    "Editor",
    "Author - X",
    "Authors: A and B",
    "Submitted by the team by Ann",
    "Date: 2024-01-01",
    "Stand: 01.02.2024",
    "Aktualisiert am 3. Mai 2024",
    "Mis à jour le 3 mai 2024",
    "文 山田太郎",
    "更新 2024年5月3日",
    "Copyright 2024 by Me",
    "© 2024 Published by Acme",
    "Bylaws",
    "Updated",
    "Dated May 3, 2024",
    "Reviewed 3 May 2024",
    "Home",
    "",
]
COMMENT_POLICY_LINES = [
    "Comments are moderated",
    "Comment is checked before it appears",
    "Comments will be reviewed",
    "comments are approved",
    "Your email address will not be published.",
    "Required fields are marked *",
    "Please be nice",
    "Please be respectful.",
    "please be civil",
    "Please be kind!",
    "Comment policy",
    "Comments Policy",
    "Community guidelines",
    "Read our commenting guidelines",
]
LINES = [
    "October 14, 1962: The Cuban Missile Crisis began.",
    "OCTOBER 14 , 1962 : a day",
    "Sept. 3, 2001: x",
    "Home > Health Topics > Gout",
    "Home › Health » Gout",
    "A > B > C.",
    "If you enjoyed this article, consider supporting our journalism",
    "Thanks. If you're enjoying this post, please subscribe",
    "IF YOU LIKE OUR WORK, PLEASE SHARE",
    "if you liked reading this story, support us",
    "Did you know? More…",
    "Ten tips for sleep more...",
    "read more ...",
    "Learn more",
    "Advertisement",
    "Next article: Go Wins",
    *COMMENT_POLICY_LINES,
    *BYLINE_LINES,
]


def _old_drop_boilerplate_lines(text: str) -> str:
    """drop_boilerplate_lines as it was before its prefilters: the reference."""
    kept_blocks = []
    for block in text.split("\n\n"):
        lines = [
            line
            for line in block.split("\n")
            if not (
                P.LABEL_ONLY.match(line)
                or (len(line) <= P.STATUS_MAX_CHARS and P.STATUS_MESSAGE.match(line))
                or P.MORE_LINK_LINE.match(line)
                or P.HISTORY_ENTRY.match(line)
                or P.POST_NAVIGATION_LINE.match(line)
                or P.BREADCRUMB_LINE.match(line)
                or (len(line) <= P.SUPPORT_APPEAL_MAX_CHARS and P.SUPPORT_APPEAL.search(line))
                or _TEASER_LINE.match(line)
                or (len(line) <= 70 and P.BOX_LABELS.match(line) and block.count("\n") == 0 and len(block) <= 70)
            )
        ]
        if lines:
            kept_blocks.append("\n".join(lines))
    return "\n\n".join(kept_blocks)


def test_drop_boilerplate_lines_is_its_definition_without_prefilters() -> None:
    lines = every_variant(LINES)
    for text in (
        "\n".join(lines),
        "\n\n".join(lines),
        "\n\n".join("\n".join(lines[i : i + 3]) for i in range(0, len(lines), 3)),
    ):
        assert drop_boilerplate_lines(text) == _old_drop_boilerplate_lines(text)
    dropped = [line for line in lines if not drop_boilerplate_lines(line)]
    assert "October 14, 1962: The Cuban Missile Crisis began." in dropped  # the rules still drop lines
    assert "Home > Health Topics > Gout" in dropped and "Ten tips for sleep more..." in dropped


@pytest.mark.parametrize(
    ("pattern", "prefilter", "lines"),
    [
        (B.NEXT_REVIEW_LABEL.search, F.NEXT_REVIEW_CHARS.search, NEXT_REVIEW_LINES),
        (B.DECOY_DATE_LABEL.search, F.DECOY_DATE_CHARS.search, DECOY_LINES),
        (P.HISTORY_ENTRY.match, lambda line: F.HISTORY_ENTRY_MARK in line, LINES),
        (P.BREADCRUMB_LINE.match, F.BREADCRUMB_CHARS.search, LINES),
        (P.SUPPORT_APPEAL.search, F.SUPPORT_APPEAL_F.search, LINES),
        (P.SUPPORT_APPEAL.search, F.SUPPORT_APPEAL_Y.search, LINES),
        (_TEASER_LINE.match, lambda line: line.endswith(F.TEASER_LINE_ENDS), LINES),
        (P.COMMENT_POLICY.search, lambda line: F.COMMENT_POLICY_WORDS.search(line.lower()), COMMENT_POLICY_LINES),
    ],
)
def test_prefilter_passes_every_line_its_pattern_matches(
    pattern: Callable[[str], object], prefilter: Callable[[str], object], lines: list[str]
) -> None:
    matched = [line for line in every_variant(lines) if pattern(line)]
    assert matched  # the lines exercise the pattern
    assert [line for line in matched if not prefilter(line)] == []


def test_prefilter_classes_hold_every_case_blind_match_of_their_letters() -> None:
    """A class searched case-sensitively must hold each character the engine's case-blind
    matching takes for one of its letters; a word's letters must lower-case to themselves."""
    classes = [F.NEXT_REVIEW_CHARS, F.DECOY_DATE_CHARS, F.SUPPORT_APPEAL_F, F.SUPPORT_APPEAL_Y, F.BREADCRUMB_CHARS]
    members = {c for pattern in classes for c in pattern.pattern.strip("[]")}
    letters = set("".join(F.COMMENT_POLICY_WORDS.pattern.split("|"))) - {" "}
    every = [chr(code) for code in range(0x110000)]
    blind = re.compile("[" + re.escape("".join(sorted(members | letters))) + "]", re.IGNORECASE)
    for char in (c for c in every if blind.fullmatch(c)):
        for pattern in classes:
            held = pattern.pattern.strip("[]")
            if any(re.fullmatch(re.escape(m), char, re.IGNORECASE) for m in held):
                assert char in held, (pattern.pattern, char)
        for letter in letters:
            if re.fullmatch(re.escape(letter), char, re.IGNORECASE):
                assert char.lower() == letter, (letter, char)


def test_byline_test_skipped_only_where_it_is_false() -> None:
    for line in every_variant(BYLINE_LINES):
        prefiltered = B.LABEL_START.match(line) or (F.DECOY_DATE_CHARS.search(line) and is_byline(line))
        assert bool(prefiltered) == bool(B.LABEL_START.match(line) or is_byline(line)), line


def test_word_searches_are_the_word_by_word_tests() -> None:
    for line in every_variant([*LINES, "Photo: Getty Images", "for informational purposes only", "Bild: dpa"]):
        folded = line.lower()
        assert bool(F.DISCLAIMER_WORDS.search(folded)) == any(w in folded for w in P.DISCLAIMER_WORDS)
        assert bool(F.CAPTION_WORDS.search(folded)) == any(w in folded for w in P.CAPTION_WORDS)


YEARLESS = [
    "May 3, 2100",  # a year the patterns do not read
    "3 May 1899",
    "04.02.23",
    "12/03/24 at 4:12 pm",
    "Aug 04, '25",
    "3 days ago",
    "Posted on Monday",
    "2100-01-01T10:00:00Z",
    "21O2-01-01",
    "٢٠٢٤-٠١-٠١",  # Arabic-Indic digits: \d takes them, the year's "19"/"20" does not
    "２０２４年５月１２日",  # full-width digits
    "2l 2O24",
]


def test_date_search_skipped_only_where_no_pattern_reads_a_year() -> None:
    for text in every_variant(YEARLESS):
        assert "19" not in text and "20" not in text, text
        assert [p for p in (D.ISO, D.DAY_MONTH_YEAR, D.MONTH_DAY_YEAR, D.NUMERIC, D.CJK) if p.search(text)] == []
        assert D.find_datetime(text) is None
    for digit in "1290":
        assert [chr(c) for c in range(0x110000) if re.fullmatch(digit, chr(c), re.IGNORECASE)] == [digit]
    found = [D.find_date(t) for t in ("May 3, 2024", "3 May 1999", "2024-05-03", "03.05.2024", "2024年5月3日")]
    assert None not in found


class _Untouchable:
    def search(self, text: str) -> None:
        raise AssertionError(f"searched {text!r}")


def test_date_search_not_run_on_a_text_without_a_year(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ISO", "DAY_MONTH_YEAR", "MONTH_DAY_YEAR", "NUMERIC", "CJK"):
        monkeypatch.setattr(D, name, _Untouchable())
    assert D.find_datetime("Posted on Monday, 3 May") is None
    with pytest.raises(AssertionError):
        D.find_datetime("Posted on 3 May 2024")


# Disclaimers and picture credits as pages print them, in the languages the phrases cover, with
# the look-alike letters a case-blind match takes (Turkish dotless i, the long s).
SAYS_BOILERPLATE_LINES = [
    "This article is not medical advice.",
    "The information on this site is for informational purposes only.",
    "It does not replace the advice of your doctor.",
    "This content does not constitute medical advice",
    "This press release contains forward-looking statements.",
    "Forward-looking statements involve risks.",
    "Dieser Artikel ersetzt keine ärztliche Beratung.",
    "Ce contenu ne remplace pas une consultation médicale.",
    "Este contenido no sustituye el consejo médico.",
    "Bu içerik bilgilendirme amaçlıdır ve doktor tavsiyesi yerine geçmez.",
    "BU İÇERİK BİLGİLENDİRME AMAÇLIDIR",
    "Данная статья не является медицинской рекомендацией.",
    "Photo courtesy of the author",
    "Image credit: NASA",
    "Photo: Getty Images",
    "Bild: dpa",
    "Credit: Shutterstock",
    "© Jane Doe",
    "Illustrations by Ann Lee",
    "A version of this article appears in print on May 3.",
    *COMMENT_POLICY_LINES,
    "Walking after meals lowers blood sugar.",
    "She took a photo of the sunset — and shared it.",
]


def _says_boilerplate_unfiltered(text: str) -> bool:
    """textrules._says_boilerplate as it was before its prefilters: the reference."""
    if len(text) <= P.CAPTION_MAX_CHARS and P.CAPTION_CREDIT.search(text):
        return True
    return len(text) <= P.DISCLAIMER_MAX_CHARS and bool(
        P.DISCLAIMER.search(text) or P.PRINT_NOTE.match(text) or P.COMMENT_POLICY.search(text)
    )


def test_says_boilerplate_is_its_definition_without_prefilters() -> None:
    lines = every_variant(SAYS_BOILERPLATE_LINES)
    lines += [line.replace("i", "ı").replace("s", "ſ") for line in lines]
    said = [line for line in lines if _says_boilerplate_unfiltered(line)]
    assert len(said) > len(lines) // 2  # the lines exercise every pattern
    assert [line for line in lines if _says_boilerplate(line) != _says_boilerplate_unfiltered(line)] == []


@pytest.mark.parametrize(
    ("pattern", "words"),
    [(P.DISCLAIMER, F.DISCLAIMER_FOLDED), (P.CAPTION_CREDIT, F.CAPTION_FOLDED)],
)
def test_folded_words_pass_every_line_their_pattern_matches(pattern: re.Pattern[str], words: re.Pattern[str]) -> None:
    lines = every_variant(SAYS_BOILERPLATE_LINES)
    matched = [line for line in lines if pattern.search(line)]
    assert matched
    assert [line for line in matched if not words.search(F.case_fold(line))] == []


def test_every_disclaimer_phrase_spells_out_one_of_its_words() -> None:
    phrases = [p for template in words("disclaimers") for p in expansions(template)]
    phrases += ["is not medical advice", "contains forward-looking statements", "forward-looking statements"]
    assert [p for p in phrases if not F.DISCLAIMER_FOLDED.search(F.case_fold(p))] == []
    assert P.DISCLAIMER.pattern.endswith(phrases_of("disclaimers"))  # the rest is the three above


def test_case_fold_folds_every_case_blind_match_of_the_words_letters() -> None:
    """Where the engine's case-blind matching takes a character for a letter of the words, the
    two fold alike: so a case-blind match of a word is the folded word in the folded text."""
    letters = sorted(set("".join(P.DISCLAIMER_WORDS + P.CAPTION_WORDS)))
    blind = re.compile("[" + re.escape("".join(letters)) + "]", re.IGNORECASE)
    for char in (chr(code) for code in range(0x110000) if blind.fullmatch(chr(code))):
        for letter in letters:
            if re.fullmatch(re.escape(letter), char, re.IGNORECASE):
                assert F.case_fold(char) == F.case_fold(letter), (letter, char)


def test_plain_text_is_not_searched_for_every_languages_disclaimers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The alternation of every language's phrases (~25 us a text) runs only on a text that
    holds one of their words."""
    searched: list[str] = []

    class Counted:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, text: str) -> re.Match[str] | None:
            searched.append(text)
            return self.pattern.search(text)

    monkeypatch.setattr(P, "DISCLAIMER", Counted(P.DISCLAIMER))
    monkeypatch.setattr(P, "CAPTION_CREDIT", Counted(P.CAPTION_CREDIT))
    assert not _says_boilerplate("Walking after meals lowers blood sugar in most adults.")
    assert searched == []
    assert _says_boilerplate("This article is not medical advice.")
    assert searched == ["This article is not medical advice."]
