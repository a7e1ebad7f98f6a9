"""Words and sentence ends in any script: the shape tests ("a sentence of eight words ending in a
full stop", "a menu line of four words or fewer") hold for Chinese and Japanese too.

Chinese and Japanese put no space between words, so ``len(text.split())`` reads a paragraph of
two hundred characters as one word: a Japanese article's lines all looked like menu entries, and
its sentences, which end in "。", never looked like sentences. Here a run of Han, kana or
full-width characters counts as words at CJK_CHARS_PER_WORD characters a word; every other
whitespace-separated token counts as one, as before (so no count of a text in a spaced script
changes: Korean, which spaces its words, counts as English does).
"""

from __future__ import annotations

import re

# Han (CJK unified ideographs, extension A, compatibility), hiragana, katakana and half-width
# katakana: the letters of scripts written without spaces between words.
_CJK_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
# ... and their punctuation (ideographic full stop, comma, brackets; full-width forms), which is
# no letter of a word: removed before the tokens left are counted.
_CJK_ANY = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
# An English word is about this many characters of Japanese or Chinese (a translated text runs to
# 1.5-3 characters per English word: Chinese nearer 1.5, Japanese with its kana nearer 3). The
# lower end, so a sentence of CJK prose is never counted as fewer words than it says.
CJK_CHARS_PER_WORD = 2
# A CJK letter says about as much as this many characters of a spaced script: an English word
# and its space run to about six characters, a Chinese or Japanese word to two letters.
CJK_CHAR_WEIGHT = 3
# What ends a sentence: the Latin full stop, exclamation and question marks, the ideographic and
# full-width ones (Chinese, Japanese), the Arabic question mark and the Devanagari danda.
SENTENCE_ENDS = ".!?\u3002\uff0e\uff01\uff1f\u061f\u0964"


def word_count(text: str, word: re.Pattern[str] | None = None) -> int:
    """Words in ``text``: whitespace-separated tokens (or matches of ``word``), a run of CJK
    letters counting one word per CJK_CHARS_PER_WORD of them (rounded up)."""
    if text.isascii() or not (letters := len(_CJK_LETTER.findall(text))):
        return len(word.findall(text)) if word else len(text.split())
    rest = _CJK_ANY.sub(" ", text)
    return (len(word.findall(rest)) if word else len(rest.split())) + -(-letters // CJK_CHARS_PER_WORD)


def text_size(text: str) -> int:
    """Characters of ``text``, a CJK letter counting CJK_CHAR_WEIGHT: the size a threshold in
    characters measures (a Chinese paragraph of 190 letters says more than 200 Latin
    characters, and was too little for a language to be judged)."""
    if text.isascii():
        return len(text)
    return len(text) + (CJK_CHAR_WEIGHT - 1) * len(_CJK_LETTER.findall(text))


def ends_a_sentence(text: str) -> bool:
    """The text's last character (white space aside) ends a sentence in some script."""
    last = text.rstrip()[-1:]
    return bool(last) and last in SENTENCE_ENDS
