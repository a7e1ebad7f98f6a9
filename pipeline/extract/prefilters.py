"""Cheap first tests in front of the per-line rules: a line that cannot match a rule's pattern is
never handed to the pattern.

The byline reader, the boilerplate label tests, the text rules and ``drop_boilerplate_lines``
test every short text of a page (~37,000 on ScrapingHub's 181 pages) or every line of the
rendered text against case-blind alternations; Python's regex engine tries each alternative at
each place, so a line that matches nothing (nearly all of them) costs the most. Each test here
is a NECESSARY condition of one pattern, so the rule's verdict is exactly the same with it in
front (it passes a superset of what the pattern matches):

- a character class (``*_CHARS``): every match of the pattern holds at least one of these
  characters, because every alternative of the pattern has one of them as a literal. The class
  is searched case-sensitively on the line as it is, so it holds every character the engine's
  case-blind matching takes for each of its letters (``v`` and ``V``; never a letter like ``i``
  or ``s``, which also match ``ı``, ``İ`` or ``ſ``): a test checks that closure against every
  code point.
- literal words (``*_WORDS``) searched in the line lower-cased by ``str.lower``: every match
  of the pattern holds one of them. Only letters whose case-blind matches all lower-case to the
  letter itself are used (the same test checks each against every code point), so a case-blind
  match of the word is found in the lower-cased line.

A new alternative in one of these patterns must hold one of its prefilter's characters or words
(``tests/test_extract_fastpaths.py`` runs each pattern and its prefilter over lines that hold
every alternative and asserts that the prefilter passes each line the pattern matches).
"""

from __future__ import annotations

import re

from pipeline.extract import patterns as P

# byline_patterns.NEXT_REVIEW_LABEL: "next review", "review due", "próxima revisión" and
# "prochaine révision" hold a "v", "nächste überprüfung" an "ü".
NEXT_REVIEW_CHARS = re.compile("[vVüÜ]")
# byline_patterns.DECOY_DATE_LABEL: NEXT_REVIEW_LABEL's words, "copyright" (a "y") and "©".
DECOY_DATE_CHARS = re.compile("[vVüÜyY©]")
# patterns.BREADCRUMB_LINE: two or more of its separators.
BREADCRUMB_CHARS = re.compile("[>›»]")
# patterns.SUPPORT_APPEAL: every match starts "if you": an "f" and a "y" (both tested).
SUPPORT_APPEAL_F = re.compile("[fF]")
SUPPORT_APPEAL_Y = re.compile("[yY]")
# patterns.HISTORY_ENTRY: "October 14, 1962:" ends in a colon.
HISTORY_ENTRY_MARK = ":"
# article._TEASER_LINE: "... more..." ends in an ellipsis.
TEASER_LINE_ENDS = ("...", "…")
# patterns.COMMENT_POLICY, in the lower-cased line: "comments are moderated", "comment policy"
# and "community guidelines" hold "comm", then "your email address...", "required fields..."
# and "please be nice".
COMMENT_POLICY_WORDS = re.compile("comm|your e|requ|plea")
# patterns.DISCLAIMER_WORDS and CAPTION_WORDS as one search each: "any word of the tuple is
# in the lower-cased line", the test the text rules made word by word.
DISCLAIMER_WORDS = re.compile("|".join(re.escape(w) for w in P.DISCLAIMER_WORDS))
CAPTION_WORDS = re.compile("|".join(re.escape(w) for w in P.CAPTION_WORDS))
# patterns.CONSENT_LINE: every match says "cookies", in any of the cases a notice is written in.
CONSENT_WORDS = ("ookie", "OOKIE")


# The characters a case-blind match takes for a letter of DISCLAIMER_WORDS or CAPTION_WORDS whose
# lower-cased form is not that letter's: Turkish dotless "ı" matches "I" and "i", "İ" lower-cases
# to two characters, the long "ſ" and the old Cyrillic forms lower-case to themselves. Mapped
# first (:func:`case_fold`), each such character and its letter fold alike
# (``tests/test_line_prefilters.py`` checks every code point).
_CASE_BLIND = {"İ": "i", "ı": "i", "ſ": "s", "ᲀ": "в", "ᲃ": "с", "ᲄ": "т", "ᲅ": "т"}
_CASE_BLIND_TABLE = str.maketrans(_CASE_BLIND)
_CASE_BLIND_CHARS = re.compile("[" + "".join(_CASE_BLIND) + "]")


def case_fold(text: str) -> str:
    """``text`` lower-cased after :data:`_CASE_BLIND`: where a case-blind pattern matches a word
    of DISCLAIMER_WORDS or CAPTION_WORDS, the folded text holds the folded word. (A text without
    those characters, nearly every one, is lower-cased alone: a translation costs 3-5 us.)"""
    if _CASE_BLIND_CHARS.search(text) is None:
        return text.lower()
    return text.translate(_CASE_BLIND_TABLE).lower()


# patterns.DISCLAIMER and CAPTION_CREDIT (case-blind), in the :func:`case_fold`-ed text: each of
# their alternatives spells out one of these words ("is not medical advice", every language's
# disclaimer phrase; "photo credit", "getty images", "©").
DISCLAIMER_FOLDED = re.compile("|".join(re.escape(case_fold(w)) for w in P.DISCLAIMER_WORDS))
CAPTION_FOLDED = re.compile("|".join(re.escape(case_fold(w)) for w in P.CAPTION_WORDS))
