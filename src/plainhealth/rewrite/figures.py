"""Study figures taken out of a sentence, so that the finding reads first.

Two rules. A sentence's one closing set of figures goes right after the finding it ends
(:func:`split_figures`). A list of outcomes that each carry their own figures ("… the risk
of anaemia (RR 1.13 …) or low platelets (RR 0.87 …).") keeps the list and loses the
brackets, and each set of figures follows as a sentence of its own that names what it
measures ("(For anaemia: RR 1.13 ….)"): every figure is kept, with its own outcome
(:func:`move_figures`). A bracket is moved only when what it measures is plainly the noun
phrase right before it: one item of a list of two or more such items, never the thing
something was compared with ("than with rest (MD …)", "compared with placebo (RR …)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plainhealth.rewrite.clauses import AUXILIARY, MODALS, lower_first
from plainhealth.rewrite.plain_words import DETERMINERS, lemma, readings, verb_forms

MIN_WORDS = 12

# What makes a bracket a set of study figures, not an aside ("(or 2 g if you drink)").
STATISTIC = re.compile(r"\b(?:CI|OR|RR|HR|MD|SMD|WMD|RD|IQR|SD|SE|NNTB?|NNTH|NNH|I2|I²|"
                       r"[Pp]\s*[=<>≤]|[Nn]\s*=\s*\d)|\b\d+\s+(?:studies|study|trials?|RCTs?|"
                       r"participants|people|patients|women|men|children|infants|adults)\b")

# The text after the figures may move in front of them ("… (RR 0.7 …) compared with
# placebo." → "… compared with placebo. (RR 0.7 …)"; "… (RR 0.7 …), suggesting that …")
# unless it could be a second finding that the figures would then seem to belong to
# ("… (MD …) and sleep improved", "… (MD …), whereas …"), or holds figures of its own.
_TAIL_CLAUSE = re.compile(r"\b(?:and|or|but|while|whereas|nor|versus|vs|respectively)\b|"
                          r"[\d()\[\];:]", re.IGNORECASE)


def split_figures(text: str) -> str:
    """"X increased Y (OR 4.60; 95% CI 1.53 to 13.85)." → "X increased Y. (OR 4.60; 95% CI
    1.53 to 13.85.)": the finding first, its one set of figures right after it."""
    if len(text.split()) < MIN_WORDS or not re.search(r"[.!?]$", text) or \
            not STATISTIC.search(text):
        return text
    found = _brackets(text)
    if len(found) != 1:
        return text  # two sets: moving them would lose which belongs to which
    figures = found[0]
    head, tail = text[:figures.start], text[figures.end:-1]
    if len(head) < 40 or len(figures.content.split()) < 4 or _TAIL_CLAUSE.search(tail) or \
            _clause(figures.content) or \
            re.search(r"[\d%]$", head) or head.count("(") != head.count(")"):
        return text  # "RR 3.19 (95% CI …)": the figures belong to that number, not a finding
    main = head.rstrip(" ,;:") + (tail if tail.startswith(",") else
                                   " " + tail.strip() if tail.strip() else "")
    return f"{main.rstrip(' ,;:')}{text[-1]} ({figures.content.rstrip('. ')}.)"


_COUNTED = re.compile(r"\b(?:people|patients|women|men|children|infants|adults|participants)"
                      r"\s+(?P<next>[a-z]+)\b")


def _clause(content: str) -> bool:
    """"(about 1 in 20 patients need medicine)": an aside with a verb, not study figures."""
    for found in _COUNTED.finditer(content):
        word = found.group("next")
        forms = verb_forms(lemma(word, "VERB") or "-")
        if word in (forms.get("VB"), forms.get("VBZ"), forms.get("VBD")):
            return True
    return False


@dataclass(frozen=True)
class _Figures:
    start: int
    """Where the bracket opens (its space before included)."""
    end: int
    """Just after the bracket closes."""
    content: str
    label: str | None
    """What the figures measure: the noun phrase right before the bracket."""
    boundary: str
    """What comes before the label: a word ("of", "and" …), "," or "start" or "verb"."""


# What may come before a list's first item (or a single item): it names an outcome ("the
# risk of X", "no effect on X", "such as X", "reduced X"). After "with", "than", "versus",
# a participle ("people taking X") … the bracket measures a comparison or a group, not
# the noun before it.
_FIRST_BOUNDARIES = frozenset({"on", "for", "about", "as", "including", "to", "start",
                               "verb"})
# "compared to X (…)", "similar to X (…)": "to" after these names what is compared with.
_COMPARE_TO = frozenset({"compared", "relative", "similar", "superior", "inferior",
                         "equivalent", "equal", "close", "comparable", "contrast", "opposed",
                         "due", "owing", "related", "linked", "attributable"})
_LABEL_STOPS = frozenset({"on", "for", "about", "as", "including", "and", "or",
                          "nor", "with", "versus", "vs", "vs.", "than", "to", "against",
                          "between", "from", "by", "at", "after", "before", "during", "among",
                          "within", "over", "under", "per", "that", "which", "who", "whom",
                          "where", "when", "if", "not", "no", "compared", "without", "into"})
_ABBREVIATION = re.compile(r"\([A-Za-z][\w/-]*\)")
_MAX_LABEL = 6
# Words that end a label as a verb would: "used less tocolytics (…)" names tocolytics.
_QUANTIFIERS = frozenset({"less", "more", "fewer", "greater", "lower", "higher"})
# Numbers in words: "five RCTs (N = 5470)" gives a size, not an outcome.
_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight",
                           "nine", "ten", "eleven", "twelve", "both", "either", "neither",
                           "single", "first", "second", "third", "half"})
# After a group's name, figures that compare are the comparison's, not the group's.
_GROUPS = frozenset({"group", "groups", "arm", "arms", "placebo", "control", "controls",
                     "comparison", "comparator", "cohort"})
_COMPARING = re.compile(r"\b(?:RR|OR|HR|MD|SMD|WMD|RD|CI|NNTB?|NNH|P)\b")


def move_figures(text: str) -> str:
    """"There was no effect on anaemia (RR 1.13, 95% CI 0.86 to 1.48) or low platelets (RR
    0.87, 95% CI 0.52 to 1.46)." → "There was no effect on anaemia or low platelets. (For
    anaemia: RR 1.13, 95% CI 0.86 to 1.48.) (For low platelets: RR 0.87, 95% CI 0.52 to
    1.46.)" A list moves whole or not at all: each of its items must plainly be a noun
    phrase, named once in the sentence. Other sets of figures stay where they are."""
    if len(text.split()) < MIN_WORDS or not re.search(r"[.!?]$", text) or \
            len(STATISTIC.findall(text)) < 2:
        return text
    moved = [item for chain in _lists(text, _brackets(text)) for item in chain]
    if not moved:
        return text
    kept, at = [], 0
    for figures, _ in moved:
        kept.append(text[at:figures.start])
        at = figures.end
    main = "".join(kept) + text[at:]
    asides = [f"(For {label}: {f.content.rstrip('. ')}.)" for f, label in moved]
    return " ".join([main, *asides])


def _brackets(text: str) -> list[_Figures]:
    """Every top-level bracket that holds study figures, with the label before it."""
    out, depth, opened = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            opened = index if depth == 0 else opened
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            content = text[opened + 1:index]
            if depth == 0 and re.search(r"\d", content) and STATISTIC.search(content) and \
                    not re.search(rf"\b{AUXILIARY}\b", content):
                start = len(text[:opened].rstrip())
                label, boundary = _label(text[:start])
                out.append(_Figures(start, index + 1, content, label, boundary))
    return out


# ", and X", "; or X", "and X" between one set of figures and the next item of a list.
_NEXT_ITEM = re.compile(r"^\s*(?:(?:[,;]\s*)(?:(?:and|or|nor)\s+)?|(?:and|or|nor)\s+)"
                        r"(?P<item>[^,;()]+(?:\([A-Za-z][\w/-]*\)[^,;()]*)?)$")
_ITEM_STOPS = frozenset({"than", "versus", "vs", "vs.", "compared", "between", "against",
                         "who", "which", "that", "whom", "where", "when", "if", "and", "or",
                         "nor", "but", "not", "no"})


def _lists(text: str, found: list[_Figures]) -> list[list[tuple[_Figures, str]]]:
    """The lists of outcomes that each carry their own figures ("X (…), Y (…) and Z (…)")
    whose every item is plainly named, and whose first item follows a word that names an
    outcome ("no effect on X", "reduced X", a subject at the start of the sentence)."""
    runs: list[list[tuple[_Figures, str | None]]] = []
    for index, figures in enumerate(found):
        gap = text[found[index - 1].end:figures.start] if index else ""
        item = _NEXT_ITEM.match(gap) if index else None
        if item is not None and len(item.group("item").split()) <= 2 * _MAX_LABEL:
            runs[-1].append((figures, _item(item.group("item").strip())))
        else:
            runs.append([(figures, figures.label if figures.boundary in _FIRST_BOUNDARIES
                          else None)])
    lists = []
    for run in runs:
        labels = [label for _figures, label in run]
        if len(run) < 2 or None in labels or len(set(labels)) < len(labels) or any(
                len(re.findall(rf"(?<!\w){re.escape(str(label))}(?!\w)", text, re.I)) != 1
                for label in labels):
            continue
        lists.append([(figures, str(label)) for figures, label in run])
    return lists


def _item(phrase: str) -> str | None:
    """A later item of a list, whole ("the need for blood transfusion", "blurred vision"),
    when it is plainly a noun phrase: no digits, no verb, no comparison, a noun last."""
    words = phrase.split()
    if words and words[0].lower() in _QUANTIFIERS:  # "more nausea (…)": the figures are nausea's
        phrase = phrase[len(words[0]):].strip()
        words = words[1:]
    if not words or len(words) > _MAX_LABEL or re.search(r"\d", phrase) or \
            any(w.lower() in _ITEM_STOPS or w.lower() in _NUMBER_WORDS for w in words) or \
            not _noun(words[-1]) or readings(words[0].lower()) == {"ADV"}:
        return None
    if any(_verb_kind(w.lower(), head=False) and not readings(w.lower()) & {"ADJ", "NOUN"}
           for w in words[:-1]):
        return None
    return phrase


def _label(before: str) -> tuple[str | None, str]:
    """The noun phrase that ends ``before`` (up to six words, through "of" and "in": "quality
    of life", "mortality in cardiac surgery"; an abbreviation in brackets allowed:
    "intensive care unit (ICU) admissions"), where it starts, and what comes before it;
    None when the end is not plainly a noun phrase."""
    words = list(re.finditer(r"\S+", before))
    taken: list[re.Match[str]] = []
    boundary = "start"
    for index in range(len(words) - 1, -1, -1):
        word = words[index].group()
        if word[-1] in ",;:" and taken:
            boundary = ","
            break
        if word[-1] in ",;:" or (re.search(r"\d|[()\[\]]", word) and
                not _ABBREVIATION.fullmatch(word)):
            return None, ""
        lower = word.lower()
        if lower in _NUMBER_WORDS:
            return None, ""
        if lower in _LABEL_STOPS:
            boundary = _before_to(words[index - 1].group() if index else "", lower)
            break
        if lower in _QUANTIFIERS:
            boundary = "verb"
            break
        if readings(lower) == {"ADV"}:
            boundary = "adverb"  # "and particularly X": not a plain list item
            break
        kind = _verb_kind(lower, head=not taken)
        if kind == "participle":
            return None, ""
        if kind == "finite" or re.fullmatch(AUXILIARY, lower) or lower in MODALS:
            boundary = "verb"
            break
        taken.insert(0, words[index])
        if lower in DETERMINERS:
            boundary = _boundary(words[index - 1].group()) if index else "start"
            boundary = _before_to(words[index - 2].group() if index > 1 else "", boundary)
            break
    content = [w.group() for w in taken if w.group().lower() not in DETERMINERS]
    if not content or len(content) > _MAX_LABEL or _ABBREVIATION.fullmatch(content[0]) or \
            content[0].lower() in {"of", "in"} or not _noun(content[-1]):
        return None, ""
    label = before[taken[0].start():taken[-1].end()]
    return (lower_first(label) if taken[0].start() == 0 else label), boundary


def _before_to(previous: str, stop: str) -> str:
    """``stop``, or "comparison" for a "to" that says what something is compared with."""
    return "comparison" if stop == "to" and previous.lower() in _COMPARE_TO else stop


def _boundary(word: str) -> str:
    """What the word before a label's determiner is: a stop word, "verb", "," or itself."""
    lower = word.lower().strip(",;:")
    if word[-1] in ",;:":
        return ","
    if lower in _LABEL_STOPS:
        return lower
    kind = _verb_kind(lower, head=False)
    if kind == "finite" or re.fullmatch(AUXILIARY, lower) or lower in MODALS:
        return "verb"
    return kind or lower


def _noun(word: str) -> bool:
    """A label's last word names a thing: a noun, a name or abbreviation the lexicon does
    not know ("ADAS-cog", "(ICU)"), not an adjective ("high", "imprecise")."""
    bare = word.strip("()")
    return "NOUN" in readings(bare.lower()) or not readings(bare.lower()) or \
        (bare[:1].isupper() and bare[1:2].isupper())


def _verb_kind(word: str, head: bool) -> str | None:
    """"finite" for a verb the label cannot run through ("reduced pain", "has X"),
    "participle" for one in -ing or a bare participle ("people taking X", "those given
    X": the bracket may measure the group), None for a noun or adjective; the last word
    may be a noun in -ing ("bleeding", "vomiting")."""
    if head and "NOUN" in readings(word):
        return None
    base = lemma(word, "VERB")
    if not base:
        return None
    forms = verb_forms(base)
    if word == forms.get("VBG") or (word == forms.get("VBN") != forms.get("VBD")):
        return "participle"
    if word == forms.get("VBD") or not readings(word) & {"NOUN", "ADJ"}:
        return "finite"  # "reduced X", "has X", "may reduce X"
    return None
