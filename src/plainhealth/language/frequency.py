"""English word frequencies (Zipf scale) from wordfreq's own data file, read directly.

``wordfreq.zipf_frequency(word, "en")`` is the reference. Importing wordfreq costs about
0.09 s (language tags, tokeniser patterns for every script) before its first answer, and
that was start-up time of every run, spent before a batch can start its worker processes
(bench/batch.py). Here the English list (a gzipped msgpack file of frequency bands, see
``wordfreq.read_cBpack``) is read without importing wordfreq. A word of lower-case ASCII
letters, straight apostrophes and hyphens (nearly every word asked) is split into tokens
here as wordfreq splits it; any other word (capitals, digits, accents, curly
apostrophes) is split by wordfreq's own tokeniser, imported then. Either way the tokens
are looked up in the one table and combined with wordfreq's arithmetic.
tests/test_frequency.py compares the answers with wordfreq's over the whole list and
over words of every kind.
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import repeat

import msgpack

from plainhealth.language.packages import package_folder

_MINIMUM = 1e-9
"""wordfreq's floor for ``zipf_frequency(..., minimum=0)``: Zipf 0 as a frequency."""
_PLAIN = re.compile(r"[a-z'-]*\Z")
"""Words tokenised here: lower-case ASCII letters, straight apostrophes and hyphens."""
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*")
_ELISION = re.compile(r"[a-z]{1,2}'(?=[aehiouy])")
"""wordfreq splits "l'amour" and "qu'il" (French-style elision) after the apostrophe."""


def zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``, for any word."""
    if _PLAIN.match(word):
        frequency = _frequency([(token, token) for token in _tokens(word)])
    else:
        from wordfreq.numbers import digit_freq, smash_numbers
        from wordfreq.tokens import lossy_tokenize

        frequency = _frequency([(smash_numbers(token), token)
                                for token in lossy_tokenize(word, "en")], digit_freq)
    return round(math.log(frequency, 10) + 9, 2)


def common_words(min_zipf: float) -> Iterator[str]:
    """The plain lower-case words at Zipf ``min_zipf`` or above, most frequent first."""
    floor = 10 ** (min_zipf - 9)
    for word, frequency in _table().items():
        if frequency < floor:
            return
        if word.isalpha() and word.isascii():
            yield word


def _tokens(word: str) -> list[str]:
    """wordfreq's English tokens of a plain word: letter runs with apostrophes inside,
    elisions split off their start."""
    tokens = []
    for token in _TOKEN.findall(word):
        while elided := _ELISION.match(token):
            tokens.append(token[:elided.end() - 1])
            token = token[elided.end():]
        tokens.append(token)
    return tokens


def _frequency(tokens: list[tuple[str, str]],
               digit_share: Callable[[str], float] | None = None) -> float:
    """As ``wordfreq.word_frequency`` combines its tokens' frequencies (1/f = 1/f1 + 1/f2
    …): the floor when a token is missing, else rounded to 3 significant digits. Each
    token comes as (its digits replaced by 0, as written); where they differ, the listed
    frequency is scaled by ``digit_share`` of the written token, and only once the token
    is found (as wordfreq does: a 400-digit number would overflow it)."""
    table, one_over = _table(), 0.0
    for smashed, written in tokens:
        if smashed not in table:
            return _MINIMUM
        frequency = table[smashed]
        if smashed != written and digit_share is not None:
            frequency *= digit_share(written)
        one_over += 1.0 / frequency
    if not tokens:
        return _MINIMUM
    unrounded = max(1.0 / one_over, _MINIMUM)
    return round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)


@cache
def _table() -> dict[str, float]:
    """Each word's frequency: band ``n`` of the file is ``n`` centibels below 1."""
    path = package_folder("wordfreq") / "data" / "large_en.msgpack.gz"
    packed = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    header, bands = packed[0], packed[1:]
    if not isinstance(header, dict) or header.get("format") != "cB" \
            or header.get("version") != 1:
        raise ValueError(f"{path}: not a wordfreq cBpack file ({header!r})")
    table: dict[str, float] = {}
    for band, words in enumerate(bands):
        if words:
            table.update(zip(words, repeat(10 ** (-band / 100))))
    return table
