"""The plain-words list's check (part of `plainhealth glossary check`): structure, ids, and
each entry's examples run through the real rewriter."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from plainhealth.explain.check import ID
from plainhealth.explain.glossary import Problem, shipped_dir
from plainhealth.rewrite.plain_words import head_verb, read
from plainhealth.rewrite.swaps import rewrite_words


def check(path: Path | None = None) -> list[Problem]:
    """Every problem with the plain-words list: structure, ids, and each entry's examples
    run through the real rewriter (so an entry the invariants always refuse shows up)."""
    words, problems = read(path)
    name = (path or shipped_dir() / "plain-words.toml").name
    counts = Counter(p.id for p in words.phrases)
    for phrase in words.phrases:
        if not ID.fullmatch(phrase.id):
            problems.append(Problem(name, phrase.id, "id must be lowercase letters, digits "
                                    "and single hyphens"))
        if counts[phrase.id] > 1:
            problems.append(Problem(name, phrase.id, "id is used by more than one entry"))
        if not phrase.examples:
            problems.append(Problem(name, phrase.id, "needs at least one example"))
        if phrase.pos == "verb" and head_verb(phrase.plain) is None:
            problems.append(Problem(name, phrase.id, f"no verb to inflect in {phrase.plain!r}"))
        for before, after in phrase.examples:
            got, refused = rewrite_words(before, phrase)
            if got != after:
                why = f" (refused: {refused})" if refused else ""
                problems.append(Problem(name, phrase.id, f"example {before!r} gives {got!r}, "
                                        f"not {after!r}{why}"))
        for sentence in phrase.keep:
            got, _ = rewrite_words(sentence, phrase)
            if got != sentence:
                problems.append(Problem(name, phrase.id, f"changes {sentence!r} to {got!r}"))
    return problems


def check_files(overlay: str | Path | None = None) -> list[Problem]:
    """The shipped list's problems, and an overlay folder's ``plain-words.toml`` if it has
    one (for ``plainhealth glossary check``)."""
    problems = check()
    extra = Path(overlay) / "plain-words.toml" if overlay else None
    if extra is not None and extra.is_file():
        problems += check(extra)
    return problems
