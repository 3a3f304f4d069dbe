"""Which language a page that is not English is written in, when it does not say.

A page whose own tag is missing, or says English wrongly (a template's ``lang="en"`` on a
Portuguese article), would otherwise be ``und``: kept as written, with no voice to read it.
py3langid (BSD-3-Clause; langid.py's model of 97 languages, shipped in its wheel, no
download) names the language, so the audio is read by a voice for it. It is a naive Bayes
model over byte n-grams: the same text always gives the same answer.

The model takes about half a second of CPU to load, so it is loaded only for the few pages
that need it, once per process.
"""

from __future__ import annotations

import functools
from typing import Any

SURE = 0.8
"""The model's normalised probability below which the language stays unknown (``und``):
short or mixed text (names, numbers, a table) is not guessed at."""

_SAMPLE = 20_000
"""Characters of the text the model reads: enough to be sure, bounded for long pages."""


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(prose: list[str]) -> str:
    """The language tag (ISO 639-1, as ``lang`` attributes write it) of text that is not
    English, or ``und`` when the model is not sure or finds English after all (the caller
    measured too few common English words to call it English)."""
    text = " ".join(prose)[:_SAMPLE]
    if not text.strip():
        return "und"
    lang, probability = _identifier().classify(text)
    if lang == "en" or probability < SURE:
        return "und"
    return str(lang)
