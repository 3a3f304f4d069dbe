"""Numbers made easier to read, every figure the same: numerals for counts written in words
("three trials" → "3 trials", as plain-language guides advise), "%" for "percent" after a
numeral, and thousands separators in long counts ("14623 people" → "14,623 people").

A sentence's first word stays a word ("Three trials …": a sentence does not open with a
numeral), and so does "one" (often not a count: "one of the", "no one"). A number word
is changed only before a plural noun or a unit of time ("two weeks"); a long number only
before a word that says what it counts (never a year, a phone number or a code). The
invariants read all of these as the same figure (:func:`canonical`)."""

from __future__ import annotations

import re

from plainhealth.rewrite.clauses import looks_plural

_UNITS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_ONES = {"one": 1, **{k: v for k, v in _UNITS.items() if v < 10}}
_NUMBER_WORD = (r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_ONES) + r"))?|"
                + "|".join(_UNITS) + r")")
_WORDS = re.compile(rf"(?<![\w-])(?P<word>{_NUMBER_WORD})(?P<gap>\s+)"
                    rf"(?P<next>[A-Za-z][\w’'-]*)", re.IGNORECASE)
# "two to three weeks", "two or three times": both ends of a range alike.
_RANGE = re.compile(rf"(?<![\w-])(?P<low>{_NUMBER_WORD})(?P<join>\s+(?:to|or|and)\s+)"
                    rf"(?P<high>{_NUMBER_WORD})(?P<gap>\s+)(?P<next>[A-Za-z][\w’'-]*)",
                    re.IGNORECASE)
_PER_CENT_WORDS = re.compile(rf"(?<![\w-])(?P<word>{_NUMBER_WORD})\s+(?:percent|per cent)\b",
                             re.IGNORECASE)
_NO = re.compile(r"\bno\s+$", re.IGNORECASE)
_PERCENT = re.compile(r"(?<=\d)\s*(?:percent|per cent)\b", re.IGNORECASE)
_LONG = re.compile(r"(?<![\w.,/:-])(?P<digits>\d{5,})(?P<gap>\s+)(?P<next>[a-z][\w’'-]*)")
# Anything :func:`canonical` would change (most sentences have none).
_ANY = re.compile(rf"(?<![\w-]){_NUMBER_WORD}\b|per ?cent|\d,\d{{3}}", re.IGNORECASE)
# "1,500", "14,623": digit groups of three (read as one figure).
_GROUPED = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def value(words: str) -> int | None:
    """"twenty-five" → 25, "seven" → 7; None for anything else."""
    parts = re.split(r"[- ]", words.lower())
    if len(parts) == 1:
        return _UNITS.get(parts[0], _TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _ONES:
        return _TENS[parts[0]] + _ONES[parts[1]]
    return None


def easier(text: str) -> str:
    """``text`` with counts in numerals, "%" and thousands separators (see the module)."""
    return "".join(_easier(piece) for piece in _SENTENCE.findall(text))


# A sentence with the space after it: each is made easier on its own.
_SENTENCE = re.compile(r".+?(?:[.!?][)\"”’]*(?:\s+|$)|$)", re.DOTALL)
# Number words side by side ("one versus two people", "three of five"): all stay words.
_NEAR = re.compile(rf"(?<![\w-])(?:one|{_NUMBER_WORD})\s+(?:\w+\s+){{0,2}}?{_NUMBER_WORD}\b",
                   re.IGNORECASE)


def _easier(sentence: str) -> str:
    def numeral(found: re.Match[str]) -> str:
        number = value(found.group("word"))
        following = found.group("next")
        if number is None or found.start() == 0 or not _counted(following) or \
                _NO.search(sentence[:found.start()]):
            return found.group()  # "No two studies …" is an idiom, not a count
        return f"{number}{found.group('gap')}{following}"

    def range_(found: re.Match[str]) -> str:
        low, high = value(found.group("low")), value(found.group("high"))
        if low is None or high is None or found.start() == 0 or \
                not _counted(found.group("next")):
            return found.group()
        return f"{low}{found.group('join')}{high}{found.group('gap')}{found.group('next')}"

    def grouped(found: re.Match[str]) -> str:
        digits = found.group("digits")
        if not _counted(found.group("next")):
            return found.group()
        return f"{int(digits):,}{found.group('gap')}{found.group('next')}"

    text = sentence
    if not _NEAR.search(_RANGE.sub("", text)):
        text = _PER_CENT_WORDS.sub(lambda m: f"{value(m.group('word'))}%"
                                   if m.start() and value(m.group("word")) else m.group(), text)
        text = _RANGE.sub(range_, text)
        text = _WORDS.sub(numeral, text)
    text = _PERCENT.sub("%", text)
    return _LONG.sub(grouped, text)


_TIME_UNITS = frozenset({"weeks", "days", "months", "years", "hours", "minutes", "seconds",
                         "times", "doses", "tablets", "cups", "glasses", "drinks", "units",
                         "steps", "people", "children", "women", "men", "adults", "percent"})


def _counted(word: str) -> bool:
    """A word a number before it counts: a plural noun ("trials", "people")."""
    lower = word.lower()
    return lower in _TIME_UNITS or (looks_plural(lower) and lower not in {"is", "was", "has"})


def canonical(text: str) -> str:
    """The text with every figure in one form, for comparing figures before and after:
    counts in words as numerals, "percent" as "%", no thousands separators."""
    if not _ANY.search(text):
        return text
    text = _PER_CENT_WORDS.sub(lambda m: f"{value(m.group('word'))}%", text)
    text = _RANGE.sub(lambda m: f"{value(m.group('low'))}{m.group('join')}"
                      f"{value(m.group('high'))}{m.group('gap')}{m.group('next')}", text)
    text = _WORDS.sub(lambda m: f"{value(m.group('word')) or m.group('word')}"
                      f"{m.group('gap')}{m.group('next')}", text)
    return _GROUPED.sub("", _PERCENT.sub("%", text))
