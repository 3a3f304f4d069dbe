"""The JSON report: scores, terms, notes, changes and provenance.

Deterministic on purpose: the same input gives the same bytes, so no timings or clock
readings go in (``plainhealth -v`` logs the timings instead).
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from plainhealth.models import Change, Readability, Result, Scores, TermUse


def report(result: Result, audio: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report as plain data (also what `score --json` prints)."""
    return {
        "source": result.source,
        "url": result.article.url,
        "canonical": result.article.canonical,
        "title": result.article.title,
        "lang": result.article.lang,
        "byline": result.article.byline,
        "date": result.article.date,
        "retrieved": result.article.retrieved or None,
        "readability": {
            "before": readability_data(result.before),
            "after": readability_data(result.after),
        },
        "terms": [_term(t) for t in result.terms],
        "unexplained": [dataclasses.asdict(u) for u in result.unexplained],
        "explain": result.explain,
        "key_points": [dataclasses.asdict(k) for k in result.key_points],
        "notes": [dataclasses.asdict(n) for n in result.notes],
        "changes": [_change(c) for c in result.changes],
        "rejected_changes": [dataclasses.asdict(c) for c in result.rejected],
        "rewriting": _rewriting(result),
        "glossary": {
            "version": result.glossary_version,
            "overrides": list(result.glossary_overrides),
            "safety_overrides": list(result.safety_overrides),
        },
        "warnings": list(result.warnings),
        "audio": audio,
        "generator": result.generator,
    }


def _rewriting(result: Result) -> dict[str, Any] | None:
    """How far the rules followed the target grade: the grades before and after, whether
    the target was reached, and the sentences still above it."""
    progress = result.rewriting
    if progress is None:
        return None
    return {"target": progress.target, "before": progress.before, "after": progress.after,
            "reached": progress.reached, "sentences": progress.sentences,
            "sentences_above_target": progress.above,
            "sentences_reworded": result.reworded,
            "rewrites_refused": len(result.rejected)}


def _change(change: Change) -> dict[str, Any]:
    data = dataclasses.asdict(change)
    del data["reason"]
    return data


def _term(term: TermUse) -> dict[str, Any]:
    data = dataclasses.asdict(term)
    data["forms"] = list(term.forms)
    return data


def scores_data(scores: Scores) -> dict[str, Any]:
    return dataclasses.asdict(scores)


def readability_data(readability: Readability) -> dict[str, Any]:
    data = scores_data(readability.document)
    data["language_supported"] = readability.language_supported
    data["sections"] = [
        {"heading": s.heading, **{k: v for k, v in scores_data(s.scores).items() if k != "hardest"}}
        for s in readability.sections
    ]
    return data


def render_json(result: Result, audio: dict[str, Any] | None = None) -> str:
    """The report; ``audio`` is `AudioInfo.report()` when audio was made (else null)."""
    text = json.dumps(report(result, audio), ensure_ascii=False, indent=2) + "\n"
    # A file name that is not UTF-8 holds lone surrogates ("caf\udce9"), which UTF-8
    # cannot store; written as JSON escapes they read back as the same name.
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")
