"""Pronunciation hints from the glossary ("KRAT-um") turned into what an engine says right.

A hint is a respelling: syllables joined by hyphens, the stressed ones in capitals. Each
engine that can take phonemes gets them built syllable by syllable from its own
phonemizer with the hint's stress put back; any other engine gets plain respelled words
("krat um").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from plainhealth.models import TermUse

_WORD = re.compile(r"[A-Za-z]+")
_AIR = re.compile(r"(?<=[^aeiou])air$")  # "thair": engines read "ai" as in "Thai"


@dataclass(frozen=True)
class Hint:
    """How to say one written word."""

    word: str
    """The word as the glossary entry writes it, lower case ("receptor")."""
    say: str
    """Its respelling, one word ("ree-SEP-ter")."""


@dataclass(frozen=True)
class PhonemeStyle:
    """How an engine writes phonemes: stress marks, its schwa, and how to quote them."""

    primary: str
    secondary: str
    unstressed: tuple[tuple[str, str], ...]
    """Replacements inside unstressed syllables (a full vowel reduced to schwa)."""
    plural: str
    """The phoneme added for a written plural or possessive "s"."""
    vowels: tuple[tuple[str, str], ...]
    """Syllables that are a vowel alone ("uh", "ih"), which engines read as letters."""
    nucleus: str
    """A regular expression for one vowel sound: each syllable must have exactly one."""
    open: str = "[["
    close: str = "]]"


def hints_from_terms(terms: Iterable[TermUse]) -> tuple[Hint, ...]:
    """One hint per respelled word of each term, each matched to the term's words in order.

    An entry may respell only some of its words: "skluh-ROH-sis" for
    "multiple-sclerosis" is the second word's, so each respelling goes to the next word
    it fits, never simply to the word in the same place.
    """
    hints: dict[str, Hint] = {}
    for term in terms:
        words, at = term.id.split("-"), 0
        for say in term.say.split():
            here = next((i for i in range(at, len(words)) if _fits(words[i], say)), None)
            if here is not None:
                hints.setdefault(words[here].lower(), Hint(words[here].lower(), say))
                at = here + 1
    return tuple(hints.values())


def _fits(word: str, say: str) -> bool:
    """A respelling of this very word: letters only, as many syllables, the same first sound.

    Guards against a hint written for another form of the word ("YUR-ih-nayt" for
    "urination") or for another word of the term: a wrong hint is worse than none, so the
    counts must agree exactly.
    """
    from plainhealth.language import syllables as counts

    if len(word) < 3 or not _WORD.fullmatch(word):
        return False
    parts = say.split("-")
    if not all(_WORD.fullmatch(p) for p in parts):
        return False
    return _first_sound(word) == _first_sound(say) and counts.count(word) == len(parts)


_SILENT_START = re.compile(r"^(?:k(?=n)|w(?=r)|p(?=[sn]))")
_SOUNDS = ("aeiouy", "ckqsxz", "gj")
"""Letters that can start the same sound: "circadian" "sur-", "crohns" "krohnz",
"sjogrens" "SHOW-", "urination" "YUR-", "generic" "juh-"."""


def _first_sound(letters: str) -> str:
    """The class of sound a word or respelling starts with ("pneumonia" and "noo-": n)."""
    start = _SILENT_START.sub("", letters.lower())
    start = "f" + start[2:] if start.startswith("ph") else start
    return next((group for group in _SOUNDS if start[:1] in group), start[:1])


def syllables(say: str) -> list[tuple[str, bool]]:
    """("krat", True), ("um", False) for "KRAT-um"."""
    return [(s.lower(), s.isupper()) for s in say.split("-") if s]


def respell(say: str) -> str:
    """Plain words any engine reads: "KRAT-um" → "krat um"."""
    return " ".join(s for s, _ in syllables(say))


def phonemes(say: str, phonemize: Callable[[str], str], style: PhonemeStyle) -> str | None:
    """Phonemes for a respelling: each syllable from the engine, the hint's stress.

    None when the engine reads a syllable as anything but one vowel sound ("byoo" as
    "b-eye-oo"): the engine's own reading of the word is then safer than a wrong one.
    """
    parts = syllables(say)
    stressed = [i for i, (_, loud) in enumerate(parts) if loud] or [0]
    primary = stressed[-1]
    out = []
    vowels = dict(style.vowels)
    for i, (text, _) in enumerate(parts):
        spelled = _AIR.sub("are", text)
        sounds = vowels.get(text) or _strip_stress(phonemize(spelled), style)
        if len(re.findall(style.nucleus, sounds)) != 1:
            return None
        if i in stressed:
            # before the vowel, as the engines themselves write it ("kr'at", "kɹˈæt")
            at = re.search(style.nucleus, sounds)
            mark = style.primary if i == primary else style.secondary
            sounds = sounds[:at.start()] + mark + sounds[at.start():] if at else sounds
        else:
            for full, reduced in style.unstressed:
                sounds = sounds.replace(full, reduced)
        out.append(sounds)
    return "".join(out)


def _strip_stress(sounds: str, style: PhonemeStyle) -> str:
    return re.sub(r"\s+", "", sounds.replace(style.primary, "").replace(style.secondary, ""))


Render = Callable[[Hint, str, str], str]
"""(hint, plural or possessive ending, the word as written) → what to send the engine."""


def apply(text: str, hints: Sequence[Hint], render: Render) -> str:
    """Replace every hinted word in ``text`` (also its plural or possessive) with ``render``."""
    if not hints:
        return text
    by_word = {h.word: h for h in hints}
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(w) for w in sorted(by_word, key=len, reverse=True))
        + r")('s|’s|s'|s|es)?\b", re.IGNORECASE)
    return pattern.sub(
        lambda m: render(by_word[m.group(1).lower()], m.group(2) or "", m.group(0)), text)


def phoneme_renderer(phonemize: Callable[[str], str],
                     style: PhonemeStyle) -> Render:
    """A ``render`` for :func:`apply` that writes the engine's inline phoneme syntax."""
    cache: dict[str, str | None] = {}

    def render(hint: Hint, suffix: str, written: str) -> str:
        if hint.say not in cache:
            cache[hint.say] = phonemes(hint.say, phonemize, style)
        sounds = cache[hint.say]
        if sounds is None:
            return written
        tail = style.plural if suffix else ""
        return f"{style.open}{sounds}{tail}{style.close}"

    return render


def respell_renderer(hint: Hint, suffix: str, written: str) -> str:
    """A ``render`` for engines without phoneme input: "krat um", "ree sep ters"."""
    return respell(hint.say) + ("s" if suffix else "")
