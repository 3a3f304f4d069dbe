"""The batch index: DIR/index.csv and an accessible DIR/index.html listing every item."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from html import escape

from plainhealth.errors import printable
from plainhealth.models import Outcome

COLUMNS = ("title", "source", "status", "grade_before", "grade_after", "terms_explained",
           "notes_added", "audio_seconds", "error", "warnings", "outputs")
LABELS = ("Title", "Source", "Status", "Grade before", "Grade after", "Terms explained",
          "Notes added", "Audio (s)", "Error", "Warnings")


def _status(outcome: Outcome) -> str:
    return "failed" if outcome.error else "skipped" if outcome.skipped else "converted"


def _row(outcome: Outcome) -> dict[str, str]:
    summary = outcome.summary
    return {
        "title": summary.title if summary else "",
        "source": printable(outcome.source),
        "status": _status(outcome),
        "grade_before": _grade(summary.grade_before if summary else None),
        "grade_after": _grade(summary.grade_after if summary else None),
        "terms_explained": str(summary.terms) if summary else "",
        "notes_added": str(summary.notes) if summary else "",
        "audio_seconds": (f"{summary.audio_seconds:.1f}"
                          if summary and summary.audio_seconds is not None else ""),
        "error": outcome.error or "",
        "warnings": " | ".join(outcome.warnings),
        "outputs": "" if outcome.error else " ".join(p.name for p in outcome.paths),
    }


def _grade(value: float | None) -> str:
    """A grade; empty where there is none (a failed item, a page not in English)."""
    return "" if value is None else f"{value:.1f}"


def render_index_csv(outcomes: Sequence[Outcome]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for outcome in outcomes:
        writer.writerow(_row(outcome))
    return buffer.getvalue()


_CSS = """
body{font:1.125rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;
max-width:70rem;padding:1rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #767676;padding:.4rem;
text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#e8e8e8}
.failed{color:#8b0000;font-weight:bold}a{color:#0b4f9c}
@media (max-width:40rem){table,thead,tbody,tr,th,td{display:block}thead{display:none}
td::before{content:attr(data-label) ": ";font-weight:bold}}
"""


def render_index_html(outcomes: Sequence[Outcome], formats: Sequence[str]) -> str:
    """One accessible table: a row per item, linking to its handout (or first output)."""
    failed = sum(1 for o in outcomes if o.error)
    head = "<tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in LABELS) + "</tr>"
    rows = "\n".join(_html_row(o, formats) for o in outcomes)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>plainhealth batch: {len(outcomes)} items</title><style>{_CSS}</style></head>"
        f"<body><main><h1>Converted articles</h1><p>{len(outcomes)} items, "
        f"{failed} failed. Produced by plainhealth.</p>"
        f"<table><caption>Every item in this batch</caption><thead>{head}</thead>"
        f"<tbody>\n{rows}\n</tbody></table></main></body></html>\n"
    )


def _html_row(outcome: Outcome, formats: Sequence[str]) -> str:
    row = _row(outcome)
    target = next((f"{outcome.slug}.{ext}" for ext in ("html", "md", "txt", "json")
                   if ext in formats), "")
    title = escape(row["title"] or row["source"])
    if target and not outcome.error:
        title = f'<a href="{escape(target, quote=True)}">{title}</a>'
    values = (title, escape(row["source"]),
              f'<span class="{row["status"]}">{row["status"]}</span>',
              row["grade_before"], row["grade_after"], row["terms_explained"],
              row["notes_added"], row["audio_seconds"], escape(row["error"]),
              escape(row["warnings"]))
    cells = "".join(f'<td data-label="{label}">{value}</td>'
                    for label, value in zip(LABELS, values, strict=True))
    return f"<tr>{cells}</tr>"
