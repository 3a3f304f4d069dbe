"""Written text to what a person would say: numbers, units, doses, symbols, abbreviations.

"2–3 times" → "two to three times", "130/80 mm Hg" → "one hundred thirty over eighty
millimeters of mercury", "e.g." → "for example", "Dr." → "Doctor", "0.3%" → "zero point
three percent", "32 °C" → "thirty-two degrees Celsius". Every engine gets the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
         "seventeen", "eighteen", "nineteen")
_TENS = ("_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
         "ninety")
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"))

# unit: (singular, plural); only read as a unit right after a number.
UNITS: dict[str, tuple[str, str]] = {
    "mg": ("milligram", "milligrams"), "mcg": ("microgram", "micrograms"),
    "µg": ("microgram", "micrograms"), "μg": ("microgram", "micrograms"),
    "g": ("gram", "grams"), "kg": ("kilogram", "kilograms"),
    "mL": ("milliliter", "milliliters"), "ml": ("milliliter", "milliliters"),
    "L": ("liter", "liters"), "IU": ("international unit", "international units"),
    "mm Hg": ("millimeter of mercury", "millimeters of mercury"),
    "mmHg": ("millimeter of mercury", "millimeters of mercury"),
    "mmol": ("millimole", "millimoles"),
    "cm": ("centimeter", "centimeters"), "mm": ("millimeter", "millimeters"),
    "km": ("kilometer", "kilometers"), "m": ("meter", "meters"),
    "oz": ("ounce", "ounces"), "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"),
    "ft": ("foot", "feet"),
    "bpm": ("beat per minute", "beats per minute"),
    "kcal": ("calorie", "calories"), "cal": ("calorie", "calories"),
    "hr": ("hour", "hours"), "hrs": ("hour", "hours"), "h": ("hour", "hours"),
    "min": ("minute", "minutes"), "mins": ("minute", "minutes"),
    "sec": ("second", "seconds"), "wk": ("week", "weeks"), "wks": ("week", "weeks"),
    "yr": ("year", "years"), "yrs": ("year", "years"),
    "°C": ("degree Celsius", "degrees Celsius"), "°F": ("degree Fahrenheit",
                                                        "degrees Fahrenheit"),
    "%": ("percent", "percent"), "x": ("time", "times"), "×": ("time", "times"),
}
"""Never "in": "1 in 3 adults" is a proportion far more often than a length."""

PER: dict[str, str] = {
    "kg": "kilogram", "g": "gram", "dL": "deciliter", "mL": "milliliter", "ml": "milliliter",
    "L": "liter", "m2": "square meter", "m²": "square meter", "d": "day", "day": "day",
    "h": "hour", "hr": "hour", "hour": "hour", "min": "minute", "wk": "week",
    "week": "week", "mo": "month", "month": "month", "yr": "year", "year": "year",
    "dose": "dose", "night": "night",
}
"""What may follow a unit after a slash, read "per …": "5 mg/kg/day", "50 mcg/day"."""

ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\be\.\s?g\.,?", "for example,"), (r"\bi\.\s?e\.,?", "that is,"),
    (r"\betc\.", "and so on."), (r"\bvs?\.", "versus"), (r"\bapprox\.", "about"),
    (r"\bDr\.", "Doctor"), (r"\bDrs\.", "Doctors"), (r"\bProf\.", "Professor"),
    (r"\bMr\.", "Mister"), (r"\bMrs\.", "Missus"), (r"\bMs\.", "Miz"),
    (r"\bSt\.(?= [A-Z])", "Saint"), (r"\bU\.\s?S\.(?:\s?A\.)?", "U S"), (r"\bUSA?\b", "U S"),
    (r"\bU\.\s?K\.", "U K"), (r"\b([ap])\.\s?m\.", r"\1 m"),
    (r"\bno\.(?= ?\d)", "number"), (r"\bNo\.(?= ?\d)", "Number"),
    # our own name: one word it is not, and a neural voice says "plain elf"
    (r"\b[Pp]lainhealth\b", "plain health"),
)

SYMBOLS: tuple[tuple[str, str], ...] = (
    ("±", " plus or minus "), ("≥", " at least "), ("≤", " at most "),
    ("&", " and "), ("→", " to "), ("°", " degrees"),
)

_NUM = r"\d[\d,]*(?:\.\d+)?"
_PHONE = re.compile(r"(?<![\d-])(?:1[-. ])?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?![\d-])")
_DIAL = re.compile(r"\b(call|text|dial|phone)( or text| or call)? (\d{3})\b", re.I)
_RANGE = re.compile(rf"({_NUM})\s?[–—-]\s?({_NUM})(?=\s|$|[^\d/])")
_PER = "|".join(re.escape(d) for d in sorted(PER, key=len, reverse=True))
_TIMES_PER = re.compile(rf"\b(times?|doses?|tablets?|pills?|capsules?|drinks?|servings?|"
                        rf"cups?|steps?)/({_PER})\b")
_RATIO = re.compile(r"\b(\d{2,3})/(\d{2,3})(?=\s?(?:mm ?Hg|\b))")
_FRACTIONS = {"1/2": "one half", "1/3": "one third", "2/3": "two thirds",
              "1/4": "one quarter", "3/4": "three quarters", "24/7": "all day, every day"}
_SPACE = re.compile(r"\s+")


def number_words(n: int) -> str:
    """Cardinal number in words: 2300 → "two thousand three hundred"."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    for size, name in _SCALES:
        if n >= size:
            high, rest = divmod(n, size)
            return f"{number_words(high)} {name}" + (f" {number_words(rest)}" if rest else "")
    raise AssertionError(n)  # pragma: no cover


def year_words(n: int) -> str:
    """1998 → "nineteen ninety-eight", 2005 → "two thousand five", 2024 → "twenty twenty-four"."""
    high, low = divmod(n, 100)
    if low == 0:
        return f"{number_words(high)} hundred" if high % 10 else number_words(n)
    if 2000 <= n < 2010:
        return number_words(n)
    return f"{number_words(high)} {'oh ' if low < 10 else ''}{number_words(low)}"


def say_number(text: str) -> str:
    """A written number ("2,300", "1.5", "0.3") in words."""
    whole, _, frac = text.replace(",", "").partition(".")
    words = number_words(int(whole)) if whole else "zero"
    if frac:
        words += " point " + " ".join(_ONES[int(d)] for d in frac)
    return words


def digits(text: str) -> str:
    """Read digit by digit, groups separated by commas: "1-800-662-4357"."""
    groups = [g for g in re.split(r"\D+", text) if g]
    return ", ".join(" ".join(_ONES[int(d)] for d in g) for g in groups)


def _unit_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A number with its unit and any "/kg/day" after it; a range of two ("10%–20%")."""
    names = sorted(UNITS, key=len, reverse=True)
    units = "|".join(re.escape(u).replace(r"\ ", r"\s?") for u in names)
    single = re.compile(rf"({_NUM})\s?({units})((?:/(?:{_PER}))*)(?![\w/])")
    span = re.compile(rf"({_NUM})\s?({units})\s?[–—-]\s?({_NUM})\s?\2(?![\w])")
    return single, span


_UNIT, _UNIT_RANGE = _unit_patterns()
_UNIT_KEYS = {re.sub(r"\s", "", k): v for k, v in UNITS.items()}
_AFTER_RANGE = re.compile(rf"{_NUM}\s(?:to|or)\s$")


def _unit(match: re.Match[str]) -> str:
    number, unit = match.group(1), re.sub(r"\s", "", match.group(2))
    singular, plural = _UNIT_KEYS[unit]
    # "one milligram", but "0.5 to 1 mg" is "…one milligrams"
    alone = number == "1" and not _AFTER_RANGE.search(match.string, 0, match.start())
    per = "".join(f" per {PER[d]}" for d in match.group(3).split("/")[1:])
    return f"{say_number(number)} {singular if alone else plural}{per}"


def _number(match: re.Match[str]) -> str:
    text = match.group(0)
    bare = text.replace(",", "")
    if re.fullmatch(r"1[1-9]\d\d|20\d\d", bare) and "," not in text:
        return year_words(int(bare))
    return say_number(text)


def _ordinal(match: re.Match[str]) -> str:
    words = number_words(int(match.group(1)))
    endings = {"one": "first", "two": "second", "three": "third", "five": "fifth",
               "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
    last = re.split(r"[ -]", words)[-1]
    if last in endings:
        return words[: len(words) - len(last)] + endings[last]
    return (words[:-1] + "ieth") if words.endswith("y") else words + "th"


STEPS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    *((re.compile(p), r) for p, r in ABBREVIATIONS),
    (_PHONE, lambda m: digits(m.group(0))),
    (_DIAL, lambda m: f"{m.group(1)}{m.group(2) or ''} {digits(m.group(3))}"),
    (re.compile(r"(?<![\d/])(1/2|1/3|2/3|1/4|3/4|24/7)(?![\d/])"),
     lambda m: _FRACTIONS[m.group(1)]),
    (_RATIO, r"\1 over \2"),
    (_UNIT_RANGE, r"\1 to \3 \2"),
    (_RANGE, r"\1 to \2"),
    (_TIMES_PER, r"\1 per \2"),
    (re.compile(r"\b(\d+)(?:st|nd|rd|th)\b"), _ordinal),
    (re.compile(rf"({_NUM})\s?\+"), r"\1 or more"),
    (re.compile(rf"([<>])\s?(?={_NUM})"),
     lambda m: "less than " if m.group(1) == "<" else "more than "),
    (re.compile(r"~\s?(?=\d)"), "about "),
    (_UNIT, _unit),
    (re.compile(rf"(?<![\w.]){_NUM}"), _number),
)


def normalize(text: str) -> str:
    """The text as it should be spoken (English)."""
    for pattern, replacement in STEPS:
        text = pattern.sub(replacement, text)
    for symbol, words in SYMBOLS:
        text = text.replace(symbol, words)
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return _SPACE.sub(" ", text).strip()
