"""Lemmas and verb forms from lemminflect's lexicon, read a word at a time.

lemminflect (its data is the NIH SPECIALIST lexicon) parses its whole lexicon, 121,000
lines, into dictionaries the first time it is asked anything, and importing it imports
numpy for the models it uses on unknown words, which we never ask for. Together that was
0.4 s of every run's start-up, spent before a batch can start its worker processes
(bench/batch.py), and 17 MB. Its two files are sorted by word with each word's lines
together, so here a word's lines are found by bisection in the decompressed text and
parsed when the word is asked for.

Only what plainhealth asks is answered, for lower-case words, exactly as lemminflect's
``getAllLemmas(word)`` and ``getInflection(base, tag, inflect_oov=False)`` (for each verb
tag) answer it:
tests/test_plain_words.py compares the two over the lexicon.
"""

from __future__ import annotations

import bisect
import gzip
from functools import cache
from pathlib import Path

from plainhealth.language.packages import package_folder

Forms = dict[str, tuple[str, ...]]

# lemminflect's InflectionLUCodec: the forms on a line, in order, for each category
_FORM_TAGS = {"noun": ("NNS",), "adj": ("JJR", "JJS"), "adv": ("RBR", "RBS"),
              "verb": ("VBD", "VBN", "VBG", "VBZ")}
_BASE_TAGS = {"noun": ("NN",), "adj": ("JJ",), "adv": ("RB",), "verb": ("VB", "VBP"),
              "aux": ("VB",), "modal": ("VB",)}
_AUX_MODAL: dict[str, Forms] = {
    "can": {"VB": ("can",), "VBD": ("could",)}, "may": {"VB": ("may",), "VBD": ("might",)},
    "will": {"VB": ("will",), "VBD": ("would",)},
    "shall": {"VB": ("shall",), "VBD": ("should",)},
    "must": {"VB": ("must",), "VBD": ("must",)}, "ought": {"VB": ("ought",), "VBD": ("ought",)},
    "dare": {"VB": ("dare",)},
    "be": {"VB": ("be",), "VBD": ("was", "were"), "VBG": ("being",), "VBN": ("been",),
           "VBP": ("am", "are"), "VBZ": ("is",)},
}
"""Set by lemminflect itself in place of the file's lines (InflectionLUCodec.updateForAuxMod)."""
VERB_TAGS = ("VB", "VBD", "VBN", "VBG", "VBZ")
_ALTERNATIVE = {"VBD": "VBN", "VBN": "VBD"}
"""Regular verbs' past and past participle are one spelling; the lexicon may list one."""


def _resources() -> Path:
    return package_folder("lemminflect") / "resources"


class _SortedLines:
    """A sorted ``word,…`` file; the lines of one word, by bisection."""

    def __init__(self, path: Path) -> None:
        self._lines = gzip.decompress(path.read_bytes()).decode("utf-8").rstrip("\n") \
            .split("\n")

    def of(self, word: str) -> list[str]:
        i = bisect.bisect_left(self._lines, word, key=_head)
        found = []
        while i < len(self._lines) and _head(self._lines[i]) == word:
            found.append(self._lines[i].strip())
            i += 1
        return found


def _head(line: str) -> str:
    return line.split(",", 1)[0]


def _overrides(path: Path) -> dict[str, Forms]:
    table: dict[str, Forms] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, key, form = line.split(",")
            table.setdefault(word, {})[key] = (form,)
    return table


@cache
def _lemma_file() -> _SortedLines:
    return _SortedLines(_resources() / "lemma_lu.csv.gz")


@cache
def _inflection_file() -> _SortedLines:
    return _SortedLines(_resources() / "infl_lu.csv.gz")


@cache
def _lemma_overrides() -> dict[str, Forms]:
    return _overrides(_resources() / "lemma_overrides.csv")


@cache
def _inflection_overrides() -> dict[str, Forms]:
    return _overrides(_resources() / "infl_overrides.csv")


def lemmas(word: str) -> Forms:
    """Part of speech (NOUN, VERB, AUX …) → lemmas of lower-case ``word``; empty if unknown."""
    found: Forms = {}
    for line in _lemma_file().of(word):
        _word, category, spellings = line.split(",")
        upos = "AUX" if category == "modal" else category.upper()
        found[upos] = tuple(spellings.split("/"))
    found.update(_lemma_overrides().get(word, {}))
    return {upos: tuple(s.lower() for s in forms) for upos, forms in found.items()}


def inflections(base: str) -> Forms:
    """Penn tag (VBD, VBN, NNS …) → spellings of lower-case ``base``; empty if unknown."""
    found: Forms = dict(_AUX_MODAL.get(base, {}))
    for line in () if base in _AUX_MODAL else _inflection_file().of(base):
        word, category, *forms = line.split(",")
        for tag, spellings in zip(_FORM_TAGS.get(category, ()), forms, strict=False):
            if spellings:
                found[tag] = tuple(spellings.split("/"))
        for tag in _BASE_TAGS[category]:
            found[tag] = (word,)
    found.update(_inflection_overrides().get(base, {}))
    return {tag: tuple(s.lower() for s in forms) for tag, forms in found.items()}


def verb_forms(base: str) -> dict[str, str]:
    """Verb tag (VB, VBD, VBN, VBG, VBZ) → the first spelling of lower-case ``base``, for
    each tag the lexicon has a form for."""
    forms = inflections(base)
    out = {}
    for tag in VERB_TAGS:
        found = forms.get(tag)
        if found is None and tag in _ALTERNATIVE:
            found = forms.get(_ALTERNATIVE[tag]) or None
        if found:
            out[tag] = found[0]
    return out
