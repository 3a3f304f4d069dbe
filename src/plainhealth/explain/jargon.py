"""Words a lay reader is unlikely to know: word frequency plus medical word parts.

Frequencies come from ``wordfreq``'s English list (it ships with the package; nothing is
downloaded), read by :mod:`plainhealth.language.frequency`. A word is hard when it is rare in
general English, or moderately rare and built from medical Greek/Latin parts (-itis,
-algia, neuro-, hepato- …). Names (a capitalised word inside a sentence), numbers, units
and short words are never hard; abbreviations in capitals are hard unless they are
common (HIV, DNA). Addresses and code are skipped like the glossary matcher skips them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from plainhealth.language.frequency import zipf
from plainhealth.language.matcher import in_spans, normalize, skipped_spans
from plainhealth.language.memo import per_word
from plainhealth.language.readability import familiar_words
from plainhealth.language.syllables import count as syllables

# Thresholds chosen on the odd-numbered half of tests/data/jargon-labelled.jsonl and
# measured on the even half (bench/jargon_detection.py).
RARE = 2.8
"""Zipf frequency below which any word is hard (3.0 ≈ once per million words)."""
MEDICAL_RARE = 3.7
"""Zipf frequency below which a word with a medical word part is hard."""
UNFAMILIAR_RARE = 3.8
"""Zipf frequency below which a word of 3+ syllables off the Dale-Chall list is hard."""
COMMON_ABBREVIATION = 4.0

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*[0-9]*")
_MEDICAL_PARTS = re.compile(
    r"(itis|osis|emia|aemia|algia|opathy|ectomy|otomy|ostomy|plasty|scopy|ology|ologist|"
    r"genic|lytic|trophy|plasia|penia|uria|oma|ase|mab|nib|pril|olol|sartan|statin|azepam|"
    r"cillin|mycin|oxacin|azole|ergic|mimetic)s?$"
    r"|^(neuro|cardio|hepat|nephr|gastr|derm|oste|arthr|myo|hem|haem|immun|endo|cyto|"
    r"pharmaco|psych|pulmon|vaso|thromb|onco|hypo|hyper|intra|sub|peri|poly|anti)",
    re.IGNORECASE)


@dataclass(frozen=True)
class HardWord:
    word: str
    start: int
    end: int
    zipf: float


@per_word
def _zipf(word: str) -> float:
    return zipf(word)


@per_word
def familiarity(word: str) -> float:
    """The higher Zipf frequency of the word and its plainest inflection."""
    lower = word.lower().replace("’", "'")
    forms = {lower, lower.rstrip("s"), re.sub(r"(ing|ed|es)$", "", lower),
             re.sub(r"(ing|ed)$", "e", lower), re.sub(r"ies$", "y", lower)}
    return max((_zipf(f) for f in forms if len(f) > 2), default=_zipf(lower))


@per_word
def is_hard(word: str, *, sentence_start: bool = False) -> bool:
    """Whether a lay reader at grade 6 is unlikely to know ``word``."""
    if _is_abbreviation(word):
        return all(_zipf(form) < COMMON_ABBREVIATION for form in {word.lower(),
                                                                   word.lower().rstrip("s")})
    if len(word) < 4 or any(ch.isdigit() for ch in word):
        return False
    if normalize(word) in everyday_words():
        return False
    if word[0].isupper() and not sentence_start:
        return False  # a name: a person, a place, a brand
    if "-" in word:
        return any(is_hard(part) for part in word.split("-") if len(part) > 2)
    score = familiarity(word)
    if score < RARE or (score < MEDICAL_RARE and _MEDICAL_PARTS.search(word)):
        return True
    return score < UNFAMILIAR_RARE and not _familiar(word) and syllables(word) >= 3


def _is_abbreviation(word: str) -> bool:
    capitals = sum(ch.isupper() for ch in word)
    return len(word) >= 2 and capitals >= 2 and not word[1:].islower()


def _familiar(word: str) -> bool:
    lower = word.lower()
    return lower in familiar_words() or normalize(lower) in _familiar_keys()


@cache
def _familiar_keys() -> frozenset[str]:
    return frozenset(normalize(w) for w in familiar_words())


@cache
def everyday_words() -> frozenset[str]:
    """Words rare in print that readers know from daily life (glossary/everyday.toml)."""
    import tomllib

    from plainhealth.explain.glossary import shipped_dir

    path = shipped_dir() / "everyday.toml"
    words = tomllib.loads(path.read_text("utf-8")).get("words", []) if path.is_file() else []
    return frozenset(normalize(str(w)) for w in words)


def hard_words(text: str, covered: Iterable[tuple[int, int]] = ()) -> list[HardWord]:
    """Hard words in ``text`` outside the ``covered`` spans (terms the glossary explains),
    never inside a URL, a domain, an e-mail address or code."""
    spans = [*covered, *skipped_spans(text)]
    inside = in_spans(spans) if spans else None  # most blocks of a long list have none
    out: list[HardWord] = []
    for match in _WORD.finditer(text):
        if inside and inside(match.start()):
            continue
        word = match.group()
        if word[0].isupper():  # where a sentence starts counts only for a capital
            start = _starts_sentence(text, match.start()) and not _names_next(text, match.end())
            hard = is_hard(word, sentence_start=start)
        else:
            hard = is_hard(word)
        if hard:
            out.append(HardWord(word, match.start(), match.end(), familiarity(word)))
    return out


_NEXT_CAPITALISED = re.compile(r" [A-Z][a-z]")


def _names_next(text: str, index: int) -> bool:
    """A capitalised word followed by another one ("Riverbend Regional Health") is a name
    even at the start of a sentence."""
    return bool(_NEXT_CAPITALISED.match(text, index))


def _starts_sentence(text: str, index: int) -> bool:
    while index and text[index - 1] in " \"“‘'(":  # look back only to the last word
        index -= 1
    return not index or text[index - 1] in ".!?:;\n"
