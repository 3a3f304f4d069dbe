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
    "ft": ("foot", "feet"), "m²": ("square meter", "square meters"),
    "cm²": ("square centimeter", "square centimeters"), "tsp": ("teaspoon", "teaspoons"),
    "tbsp": ("tablespoon", "tablespoons"), "Tbsp": ("tablespoon", "tablespoons"),
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
    (r"\bno\.(?= ?\d)", "number"), (r"\bNo\.(?= ?\d)", "Number"), (r"\bvs\b", "versus"),
    *((rf"\b{m[:3]}t?\.(?= ?\d)", m) for m in (
        "January", "February", "March", "April", "June", "July", "August", "September",
        "October", "November", "December")),
    # our own name: one word it is not, and a neural voice says "plain elf"
    (r"\b[Pp]lainhealth\b", "plain health"),
)

SYMBOLS: tuple[tuple[str, str], ...] = (
    ("±", " plus or minus "), ("≥", " at least "), ("≤", " at most "),
    ("&", " and "), ("→", " to "), ("°", " degrees"),
)

_NUM = r"(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+)"
"""A written number: "2,300" (commas only between groups of three), "1.5", ".05"."""
_PHONE = re.compile(r"(?<![\d-])(?:1[-. ])?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?![\d-])|"
                    r"(?<![\d-])(?:1-)?\d{3}-(?:\d{3}|[A-Z]{3,})-(?:\d{4}|[A-Z]{3,})(?:-[A-Z]{2,})*"
                    r"(?: \(\d{4}\))?(?![\d-])")
"""North American, letters too: "1-800-662-4357", "1-800-662-HELP (4357)", "1-800-QUIT-NOW"
(letters only between hyphens: "TAKE 100 MCG TABLETS" is a dose)."""
_LOCAL_PHONE = re.compile(r"(?<![\w.,-])0\d{2,4}[ -]\d{3,4}(?:[ -]\d{3,4})?(?![\w-]|[.,]\d)")
"""A leading zero, as in the UK: "0800 1111", "0300 123 1100"."""
_SERVICE = r"(?:[2-9]11|988|999|112|111|000)"
"""The three-digit numbers people call: 911, 988, 999, 112 (EU), 111 (NHS), 211, 311 …"""
_DIAL = re.compile(r"\b(call|text|dial|phone)( or text| or call)? (\d{3})\b", re.I)
_COUNTED = (r"(?:people|persons|patients|participants|women|men|children|adults|infants|"
            r"babies|subjects|individuals|cases|deaths|births|admissions|visits|studies|trials|"
            r"respondents|volunteers|residents|users|smokers|mothers|pregnancies|controls|"
            r"samples|events|episodes|injuries|households|families|students|workers|veterans|"
            r"calls|days|weeks|months|years|hours|times|doses|tablets|items|eyes|teeth)")
"""Plural nouns that make the number before them a count ("911 patients", "1998 women")."""
_CALL = re.compile(rf"\b((?:call|dial|phone|ring)(?:ing|ed|s)?\b[^\d.!?;:]{{0,100}}?"
                   rf"(?<![\w,.-]))({_SERVICE})(?![\w%-]|[.,]\d|\s+{_COUNTED}\b)", re.I)
"""A service number a few words after "call": "Call your doctor or 911"."""
_NAMED_LINE = re.compile(rf"\b(?:(NHS) ({_SERVICE})|({_SERVICE})(?= (?:Suicide|Lifeline|Crisis|"
                         rf"[Hh]otline|[Hh]elpline)))\b")
_TEXT_TO = re.compile(r"\b(text|txt)( [A-Z]{2,} to) (\d{5,6})\b", re.I)
_MINUS = re.compile(r"(?:(?<=^)|(?<=[\s(\[=:;/,]))[-−](?=\.?\d)|(?<!\d)−(?=\.?\d)")
"""A minus sign, never a hyphen: "CI -1.30 to -0.87", "-20 °C", "−5"."""
_BAD_COMMA = re.compile(r"(?<![\d,.-])(\d+),(\d{1,2}|\d{4,})(?![\d.-]|,\d)")
"""A comma that cannot be a thousands separator ("1,14", "5,10"): said as written."""
_CLOCK = re.compile(r"(?<![\w:*.])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])"
                    r"(?!\s?(?:dilution|ratio|solution|odds)\b)")
"""A time, not a ratio: "at 10:05", "a 4:25 kickoff", "8:00-17:00", not "a 1:20 dilution"."""
_COLON_RATIO = re.compile(r"(?<![\w:*.])(\d+):(?!0\d)(\d+)(?![\d:])")
_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
_MONEY = re.compile(rf"([$£€])\s?({_NUM})(?:\s?[–—-]\s?\1?({_NUM}))?"
                    rf"(\s(?:thousand|million|billion|trillion)\b)?")
"""An amount or a range of two: "$5", "$40-50 billion", "€5–€10"."""
_CURRENCY = {"$": ("dollar", "dollars", "cent", "cents"), "£": ("pound", "pounds", "penny",
                                                                "pence"),
             "€": ("euro", "euros", "cent", "cents")}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10}
_ROMAN_NUMERAL = r"(?:VIII|VII|VI|IX|IV|X|V|III|II|I(?!'| (?:[a-z]+ed|am|was|have|had|think|" \
    r"feel|felt|did|do|can|could|will|would|should|know|began|went|got|need|want|take|took|" \
    r"saw|see|said|told|came|became|found|hope|believe|remember)\b))(?:[A-C]\b)?"
"""One Roman numeral, with a sub-stage letter ("IIIB"); "I" only where it cannot be "I felt"."""
_NAMED_BY_NUMBER = "type|stage|grade|class|phase|level|schedule|category|tier|step|part|group"
"""Words a number names a kind of: "type 2", "stage IV", "grade 3/4"."""
_ROMAN_AFTER = re.compile(rf"\b((?i:{_NAMED_BY_NUMBER}|chapter|factor)s?|NYHA|DSM) "
                          rf"({_ROMAN_NUMERAL}(?:(?:,? and |,? or | to |, (?!I\b)|[–/-])"
                          rf"{_ROMAN_NUMERAL})*)\b(?!-)")
"""Roman numerals in a name, one or a list: "type II", "stages III and IV", "NYHA IV"."""
_ROMAN_PARTS = re.compile(f"({'|'.join(sorted(_ROMAN, key=len, reverse=True))})([A-C]?)")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SLASHED = re.compile(rf"\b((?i:{_NAMED_BY_NUMBER})s?) (\d+)/(\d+)\b")
_MIXED = re.compile(r"(?<![\d/.])(\d+)(?:[ -](1/2|1/3|2/3|1/4|3/4)|([½⅓⅔¼¾]))(?![\d/])")
_PART_OF = {"1/2": "a half", "1/3": "a third", "2/3": "two thirds", "1/4": "a quarter",
            "3/4": "three quarters"}
_GLYPHS = {"½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4"}
_COUNT_AFTER = re.compile(rf"(?:\s+(?!(?:of|in|for|on|with|from|and|or|to|the|a|an)\b)[a-z-]+)"
                          rf"{{0,2}}?\s+{_COUNTED}\b")
"""A count noun right after, or after one or two words ("1924 elderly participants")."""
_TEMPERATURES = re.compile(rf"({_NUM})\s?(°[CF])\s?/\s?({_NUM})\s?(°[CF])")
_RANGE = re.compile(rf"({_NUM})\s?[–—−-]\s?({_NUM})(?=\s|$|[^\d/])")
_PER = "|".join(re.escape(d) for d in sorted(PER, key=len, reverse=True))
_TIMES_PER = re.compile(rf"\b(times?|doses?|tablets?|pills?|capsules?|drinks?|servings?|"
                        rf"cups?|steps?)/({_PER})\b")
_POWER = re.compile(rf"(?<![\d.,])(10)(?:\^(-?\d+)|([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))((?:/(?:{_PER}))*)"
                    rf"(?![\w/])")
"""10⁹/L, 10^-3: "ten to the power of nine per liter" (powers of ten only: "2019¹" is a
footnote)."""
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
    single = re.compile(rf"({_NUM})\s?({units})((?:/(?:{_PER}))*)(?:(?<=%)|(?![\w/]))")
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
    glued = match.string[match.end():match.end() + 1].isalnum()  # "95%CI"
    return f"{say_number(number)} {singular if alone else plural}{per}{' ' if glued else ''}"


def _number(match: re.Match[str]) -> str:
    text = match.group(0)
    if re.fullmatch(r"0\d{2,}", text):  # a code or a phone number: "0800" (not "07 May")
        return digits(text)
    if re.fullmatch(r"1[89]\d\d|20\d\d", text) and _is_year(match):
        return year_words(int(text))
    return say_number(text)


def _is_year(match: re.Match[str]) -> bool:
    """"In 2019", "(2019)", "1998 was": a year; "2000 participants", "1924 elderly women":
    a count."""
    return not _COUNT_AFTER.match(match.string, match.end())


def _phone(match: re.Match[str]) -> str:
    """Digit by digit, group by group, words kept: "one, eight zero zero, quit, now"."""
    groups = re.findall(r"\d+|[A-Z]+", match.group(0))
    return ", ".join(" ".join(_ONES[int(d)] for d in g) if g.isdigit() else g.lower()
                     for g in groups)


def _clock(match: re.Match[str]) -> str:
    """"4:30" → "four thirty", "10:05" → "ten oh five", "8:00" → "eight o'clock"."""
    hour, minute = int(match.group(1)), int(match.group(2))
    if minute:
        return f"{number_words(hour)} {'oh ' if minute < 10 else ''}{number_words(minute)}"
    if hour > 12:
        return f"{number_words(hour)} hundred"
    marked = re.match(r"\s?(?:[ap] m\b|[AaPp]\.?[Mm]\b)", match.string[match.end():])
    return number_words(hour) + ("" if marked else " o'clock")


def _money(match: re.Match[str]) -> str:
    """"$5" → "five dollars", "$4.99" → "four dollars and ninety-nine cents", "$40-50
    billion" → "forty to fifty billion dollars"."""
    one, many, cent, cents = _CURRENCY[match.group(1)]
    amount, upper, scale = match.group(2), match.group(3), match.group(4) or ""
    if upper:
        return f"{say_number(amount)} to {say_number(upper)}{scale} {many}"
    whole, _, frac = amount.replace(",", "").partition(".")
    if scale or len(frac) != 2:
        return f"{say_number(amount)}{scale} {one if amount == '1' and not scale else many}"
    said = f"{say_number(whole or '0')} {one if whole == '1' else many}"
    part = int(frac)
    return said + (f" and {number_words(part)} {cent if part == 1 else cents}" if part else "")


def _power(match: re.Match[str]) -> str:
    exponent = match.group(2) or match.group(3).translate(_SUPERSCRIPT)
    said = exponent.replace("-", "minus ")
    per = "".join(f" per {PER[d]}" for d in match.group(4).split("/")[1:])
    return f"{match.group(1)} to the power of {said}{per}"


def _roman_list(match: re.Match[str]) -> str:
    """"stages IIIB–IV" → "stages three B to four"."""
    numerals = re.sub(r"[–-]", " to ", match.group(2)).replace("/", " slash ")
    said = _ROMAN_PARTS.sub(lambda n: " ".join(filter(None, (
        number_words(_ROMAN[n.group(1)]), n.group(2)))), numerals)
    return f"{match.group(1)} {said}"


def _plural(words: str) -> str:
    """"nineteen ninety" → "nineteen nineties", "two thousand" → "two thousands"."""
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def _mixed(match: re.Match[str]) -> str:
    part = match.group(2) or _GLYPHS[match.group(3)]
    return f"{match.group(1)} and {_PART_OF[part]}"


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
    # numbers to call, digit by digit
    (re.compile(r"(?<![\d-])9-1-1(?![\d-])"), "nine one one"),
    (_PHONE, _phone),
    (_LOCAL_PHONE, lambda m: digits(m.group(0))),
    (_DIAL, lambda m: f"{m.group(1)}{m.group(2) or ''} {digits(m.group(3))}"),
    (_CALL, lambda m: f"{m.group(1)}{digits(m.group(2))}"),
    (_NAMED_LINE, lambda m: f"{m.group(1)} {digits(m.group(2))}" if m.group(1)
     else digits(m.group(3))),
    (_TEXT_TO, lambda m: f"{m.group(1)}{m.group(2)} {digits(m.group(3))}"),
    # dates, clock times, ratios, money
    (_DATE, r"\1 slash \2 slash \3"),
    (re.compile(rf"{_CLOCK.pattern}\s?[–—-]\s?(?={_CLOCK.pattern})"),
     lambda m: f"{_clock(m)} to "),
    (_CLOCK, _clock),
    (_COLON_RATIO, r"\1 to \2"),
    (_MONEY, _money),
    # numerals in names: "type II", "stage IV", "CD4+", "grade 3/4"
    (_ROMAN_AFTER, _roman_list),
    (re.compile(r"\b([A-Z]{2,})-(IV|III|II)\b"), lambda m: f"{m.group(1)} "
     f"{number_words(_ROMAN[m.group(2)])}"),  # "DSM-IV"
    (re.compile(r"(?<![\w-])IV\b(?!-)"), "I V"),  # intravenous, not Roman four
    (re.compile(r"\b(CD\d+|HER2|ER|PR|HR|EGFR|A|B|AB|O|Rh)([+−-])(?=[\s,.;:)/]|$)"),
     lambda m: f"{m.group(1)} {'positive' if m.group(2) == '+' else 'negative'}"),
    # "CD4+", "HER2-", blood type "O+"; but "ASCUS+" means "or worse"
    (_SLASHED, r"\1 \2 slash \3"),
    # powers, fractions, ranges, signs
    (_POWER, _power),
    (_TEMPERATURES, r"\1 \2 (\3 \4)"),
    (re.compile(r"(?<=[\d)\].,;])[⁰¹²³⁴⁵⁶⁷⁸⁹]+"), ""),  # a footnote mark: "in 2019¹"
    (_MIXED, _mixed),
    (re.compile(r"\b([Aa]) (?:½|1/2)(?![\d/])"), r"\1 half"),  # "a ½ hour"
    (re.compile(r"(?<!\d)([½⅓⅔¼¾])"), lambda m: _GLYPHS[m.group(1)]),
    (re.compile(r"(?<![\d/])(1/2|1/3|2/3|1/4|3/4|24/7)(?![\d/])"),
     lambda m: _FRACTIONS[m.group(1)]),
    (re.compile(r"\b(half|third|thirds|quarter|quarters)\s?[–—-]\s?(?=\d)"), r"\1 to "),
    (_RATIO, r"\1 over \2"),
    (_BAD_COMMA, r"\1 comma \2"),
    (_UNIT_RANGE, r"\1 to \3 \2"),
    (_RANGE, r"\1 to \2"),
    (_TIMES_PER, r"\1 per \2"),
    (re.compile(r"\b(\d+)(?:st|nd|rd|th)\b"), _ordinal),
    (re.compile(r"\b(1[89]\d0|20\d0)'?s\b"), lambda m: _plural(year_words(int(m.group(1))))),
    (re.compile(rf"(?<![\w.])({_NUM})\s?\+"), r"\1 or more"),
    (re.compile(rf"([<>])\s?(?={_NUM})"),
     lambda m: " less than " if m.group(1) == "<" else " more than "),
    (re.compile(r"~\s?(?=\d)"), "about "),
    (re.compile(r"\b(MD|SMD|WMD|RD) - (?=\.?\d)"), r"\1 minus "),  # a difference, spaced
    (_MINUS, "minus "),
    (_UNIT, _unit),
    (re.compile(r"(?<=[A-Za-z])([²³])"), lambda m: " squared" if m.group(1) == "²" else " cubed"),
    (re.compile(rf"(?<![\w.]){_NUM}"), _number),
)


_RESTATED = re.compile(r"\b((?:[\w-]+ ){0,5}[\w-]+) \(\1\)", re.IGNORECASE)
"""Words said twice because the page spelled out a unit we read out already: "130/80 mm Hg
(millimeters of mercury)" is "… millimeters of mercury (millimeters of mercury)"."""


def normalize(text: str) -> str:
    """The text as it should be spoken (English)."""
    for pattern, replacement in STEPS:
        text = pattern.sub(replacement, text)
    for symbol, words in SYMBOLS:
        text = text.replace(symbol, words)
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return _RESTATED.sub(r"\1", _SPACE.sub(" ", text)).strip()
