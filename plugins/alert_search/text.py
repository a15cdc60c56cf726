"""The folding pipeline: one definition of a searchable word, in Python and JS.

Index terms are made here at build time; query words are made in the reader's
browser by `theme/static/js/search-text.js`. The two must cut and fold every
text identically, or a word indexed here could never be typed there, so both
do exactly this, step by step:

1. lowercase, NFKD-decompose, lowercase again ("ℌ" -> "H" -> "h");
2. drop nonspacing marks (category Mn): "Ñúñez" -> "nunez", "Nguyễn" -> "nguyen",
   Arabic harakat and hamza carriers, "ё" -> "е";
3. fold the letters NFKD does not decompose, from `FOLD_TABLE` ("ı" -> "i");
4. cut into words: a word is a run of BMP letters or digits (L*, N*). Anything
   else, punctuation, spaces and every astral character (emoji, U+10000 and up),
   separates words. Keeping terms inside the BMP makes Python's code-point order
   and JavaScript's UTF-16 order agree, which is what lunr.js needs to load a
   lunr.py index (lunr.py #144, "Out of order word insertion").

The lunr pipeline function built on it is registered under the same name,
`alertFold`, here and in the browser.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from lunr.pipeline import Pipeline
from lunr.token import Token

PIPELINE_LABEL = "alertFold"

# Letters that NFKD leaves whole, folded the way readers type them without the
# special keyboard. search-text.js carries the same table (a test compares them).
FOLD_TABLE: dict[str, str] = {
    "ı": "i",  # dotless i (Turkish, Azerbaijani): "Yılmaz" <- "Yilmaz"
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ŧ": "t",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ĸ": "k",
    "ς": "σ",  # final sigma is a sigma
    "\u0640": "",  # Arabic tatweel (elongation), not a letter of the word
    "\u02bb": "",  # ʻokina / Uzbek oʻ: part of the word, not a break
    "\u02bc": "",  # modifier apostrophe
    "\u02bd": "",
    "\u00b7": "",  # Catalan middle dot (l·l)
}


def _class(ranges: list[tuple[int, int]]) -> str:
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


def _ranges(codepoints) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for cp in codepoints:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


def _compile() -> tuple[dict[int, str | None], re.Pattern]:
    """Steps 2-3 as one translation table, and step 4's word class, from this Python's Unicode data.

    JavaScript writes the same sets as /\\p{Mn}/u and /[\\p{L}\\p{N}]/u.
    Nonspacing marks live in planes 0, 1 and 14 only.
    """
    planes = [*range(0x20000), *range(0xE0000, 0xE1000)]
    table: dict[int, str | None] = {cp: None for cp in planes if unicodedata.category(chr(cp)) == "Mn"}
    table.update(str.maketrans(FOLD_TABLE))
    word = (cp for cp in range(0x10000) if unicodedata.category(chr(cp))[0] in "LN")
    return table, re.compile(f"[{_class(_ranges(word))}]+")


# Made on first use (30 ms): the build's own process imports this module with
# the plugin, but only the search process, forked later, folds any text.
_tables = cache(_compile)


def fold(text: str) -> list[str]:
    """The index terms (before stemming) in a text: folded words, in order."""
    table, word = _tables()
    folded = unicodedata.normalize("NFKD", text.lower()).lower()
    if not folded.isascii():
        folded = folded.translate(table)  # no folded letter is a mark, so one pass does both steps
    return word.findall(folded)


def alert_fold(token: Token, i: int | None = None, tokens: list | None = None) -> list[Token]:
    """lunr pipeline step: one token in, its folded words out (maybe none)."""
    return [Token(word, token.metadata) for word in fold(str(token))]


Pipeline.register_function(alert_fold, PIPELINE_LABEL)
