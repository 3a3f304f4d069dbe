"""Latin abbreviations said in words: "e.g." → "for example", "i.e." → "that is". Many
readers do not know them, and screen readers spell them out letter by letter."""

from __future__ import annotations

import re

_LATIN = re.compile(r"(?<![\w.])(?P<word>[Ee]\.\s?[Gg]|[Ii]\.\s?[Ee])\.(?![\w])")
_WORDS = {"e": "for example", "i": "that is"}


def in_words(text: str) -> str:
    """``text`` with each "e.g." and "i.e." in words (a capital at the start of a
    sentence: "E.g. …" → "For example …")."""
    def said(found: re.Match[str]) -> str:
        word = found.group("word")
        plain = _WORDS[word[0].lower()]
        return plain[0].upper() + plain[1:] if word[0].isupper() else plain
    return _LATIN.sub(said, text)
