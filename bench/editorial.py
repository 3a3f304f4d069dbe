"""What a patient reads: additions in proportion to the article (issue #22).

For the kratom sample and for the real pages of ../shared/data/patient-pages/ (read from
there, never copied; split by site as its README shows, both halves reported, marketing
pages apart), with the default options:

- added words in the body (the text output before "Words to know"/"About this handout")
  as a share of the article's own words: the same render with nothing added is the baseline;
- full safety notes repeated within one document (a concern's full note more than once);
- additions inside an urgent passage ("call 911" and the signs it belongs to);
- words spoken in the audio script against the article's own words (title, headings, prose).

    .venv/bin/python bench/editorial.py
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import statistics
from collections import Counter

from _common import ROOT, site_halves
from glossary_coverage import PAGES
from plainhealth import convert
from plainhealth.edit.urgent import passages
from plainhealth.errors import PlainhealthError
from plainhealth.models import AdditionKind, Result
from plainhealth.render.text import ABOUT_LABEL, WORDS_LABEL, render_text
from plainhealth.speech.script import build

KRATOM = ROOT / "samples" / "kratom-chronic-pain.html"
_TOKEN = re.compile(r"\S*\w\S*")


def words(text: str) -> int:
    return len(_TOKEN.findall(text))


def body(text: str) -> str:
    """The text output up to the word list (or "About this handout")."""
    cut = min(i for i in (text.find(f"\n\n{WORDS_LABEL}"), text.find(f"\n\n{ABOUT_LABEL}"),
                          len(text)) if i >= 0)
    return text[:cut]


def bare(result: Result) -> Result:
    """The same result with nothing added: the baseline for added words."""
    sections = tuple(dataclasses.replace(s, blocks=tuple(
        dataclasses.replace(b, additions=()) for b in s.blocks)) for s in result.plain.sections)
    return dataclasses.replace(result, plain=dataclasses.replace(result.plain,
                                                                 sections=sections),
                               key_points=(), notes=(), terms=())


def own_words(result: Result) -> int:
    article = result.article
    return words(" ".join([article.title, *(s.heading for s in article.sections),
                           *article.prose()]))


@dataclasses.dataclass
class Measure:
    added: float
    repeated: int
    urgent_additions: int
    urgent_passages: int
    spoken: float


def measure(result: Result) -> Measure:
    added = words(body(render_text(result))) - words(body(render_text(bare(result))))
    full = Counter(a.ref for b in result.plain.prose_blocks() for a in b.additions
                   if a.kind is AdditionKind.NOTE)
    repeated = sum(n - 1 for n in full.values())
    spans = passages(result.plain)
    inside = 0
    for span in spans:
        blocks = result.plain.sections[span.section].blocks
        for index in range(span.first, span.last + 1):
            for addition in blocks[index].additions:
                after_passage = index == span.last and addition.kind in (
                    AdditionKind.NOTE, AdditionKind.POINTER)
                inside += not after_passage
    spoken = words(build(result).text()) / max(own_words(result), 1)
    return Measure(added / max(own_words(result), 1), repeated, inside, len(spans), spoken)


def page_html(record: dict[str, str]) -> str:
    """A page for a corpus text: blank-line blocks, "• " items as lists, short lines
    without a full stop as headings."""
    out = [f"<html lang='en'><head><title>{html.escape(record['title'])}</title></head>"
           f"<body><article><h1>{html.escape(record['title'])}</h1>"]
    blocks = record["text"].split("\n\n")
    if blocks and blocks[0].strip() == record["title"].strip():
        blocks = blocks[1:]  # the title, already the page's <h1>
    for block in blocks:
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("•") for line in lines):
            items = "".join(f"<li>{html.escape(line.lstrip('• '))}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        elif len(lines) == 1 and len(lines[0].split()) <= 10 and lines[0][-1] not in ".!?:":
            out.append(f"<h2>{html.escape(lines[0])}</h2>")
        else:
            out.append(f"<p>{html.escape(' '.join(lines))}</p>")
    return "".join(out) + "</article></body></html>"


def main() -> None:
    kratom = measure(convert(str(KRATOM)))
    print("editorial proportion (default options: --explain inline)")
    print(f"  kratom sample: added words {kratom.added:.0%} of the article's (goal <= 50%), "
          f"full notes repeated {kratom.repeated} (goal 0), additions inside urgent passages "
          f"{kratom.urgent_additions}, spoken words {kratom.spoken:.2f}x the article's "
          "(goal <= 1.5)")
    records = [json.loads(line) for line in PAGES.read_text(encoding="utf-8").splitlines()]
    half = site_halves(records)
    every: list[float] = []
    for name, keep in (("A patient pages", lambda r: half[r["site"]] == "A"
                        and r["topic"] != "marketing"),
                       ("B patient pages", lambda r: half[r["site"]] == "B"
                        and r["topic"] != "marketing"),
                       ("marketing pages", lambda r: r["topic"] == "marketing")):
        results, failed = [], 0
        for record in filter(keep, records):
            try:
                results.append(measure(convert("-", data=page_html(record).encode("utf-8"))))
            except PlainhealthError:
                failed += 1
        added = [m.added for m in results]
        every += added
        repeated = sum(m.repeated for m in results)
        urgent = sum(m.urgent_passages for m in results)
        inside = sum(m.urgent_additions for m in results)
        spoken = statistics.median(m.spoken for m in results)
        print(f"  {name:<16} {len(results):>3} pages ({failed} not converted): added words "
              f"median {statistics.median(added):.0%} (max {max(added):.0%}); repeated full "
              f"notes {repeated}; urgent passages {urgent}, additions inside {inside}; "
              f"spoken median {spoken:.2f}x")
    print(f"  all {len(every)} real pages (agency and marketing together): added words median "
          f"{statistics.median(every):.0%} (goal <= 25%)")


if __name__ == "__main__":
    main()
