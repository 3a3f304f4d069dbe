"""Urgent passages: where the article tells the reader to get emergency help.

Nothing plainhealth adds may stand between danger signs and what to do about them, or
inside "call 911" instructions. A passage is found from the instruction outwards:

- a sentence that says to call an emergency or help number (911, 999, 112, 000, 988,
  111, an ambulance, poison control) or what to do after calling it or until help comes,
  to go to the emergency room or A&E, to get emergency, immediate or urgent help, to call
  or tell a doctor, nurse or the ward right away, that calls something a medical
  emergency, or to stop a medicine and call or see someone;
- the whole list it belongs to, or the list it introduces ("… if you have any of these
  signs:"), or the list of signs just before it ("Call 911." after the signs of a stroke),
  with that list's lead-in line;
- a sentence that gives an emergency step: a rescue medicine (naloxone, adrenaline, an
  auto-injector, glucagon), CPR, the recovery position;
- the whole section under a heading such as "When to call 911", "Emergency help",
  "Signs of an overdose", "First aid" or "What to do during a seizure".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from plainhealth.language.literals import Screen, build
from plainhealth.models import Article, Block, BlockKind, Section

_NUMBER = r"(?:9\W?1\W?1|999|112|000|988|111|1\W?800\W?222\W?1222)\b"
_SERVICES = (r"(?:an?\s+)?(?:ambulance|paramedics?|emergency\s+(?:services?|number|help|line)|"
             r"(?:your\s+)?local\s+emergency(?:\s+number)?|"
             r"(?:the\s+)?poisons?\s+(?:control|help\s*line|centre|center|information))")
_NOW = r"(?:right\s+away|immediately|at\s+once|straight\s+away|now|urgently|without\s+delay)"
_PLACES = (r"(?:emergency\s+(?:room|department|unit)|ER|A\s?&\s?E|accident\s+and\s+emergency|"
           r"urgent\s+care|hospital)")
_CARERS = (r"(?:doctor|GP|nurse|midwife|pharmacist|surgeon|specialist|care\s+team|team|"
           r"health\s*care\s+(?:provider|professional|team)|provider|unit|ward|clinic)")
_URGENT_PARTS = (
    rf"\b(?:call|dial|phone|ring|text)\b(?:\W+\w+){{0,6}}?\W+(?:{_NUMBER}|{_SERVICES})",
    rf"\b(?:after|before|while|when)\s+(?:calling|you\s+call|you\s+have\s+called)\s+"
    rf"{_NUMBER}|\b(?:{_NUMBER}|emergency)\s+(?:operator|dispatcher|call\s+handler)",
    r"\buntil\s+(?:the\s+)?(?:ambulance|paramedics|emergency\s+services|help|medical\s+help)"
    r"\s+(?:arrives?|comes?|gets?\s+there)\b",
    rf"\b(?:call|phone|ring|contact|see|tell|notify|inform)\s+(?:your|a|the)\s+{_CARERS}\s+"
    rf"{_NOW}",
    rf"\bstop\b[^.!?]{{0,60}}?\s(?:and|then)\s+(?:call|see|contact|tell|talk\s+to|speak\s+to"
    rf"|get\s+help\s+from)\s+(?:your|a|the)\s+{_CARERS}\b",
    rf"\b(?:go|get|come|head|be\s+taken)\s+(?:straight\s+|right\s+|directly\s+)?to\s+"
    rf"(?:the\s+|your\s+)?(?:nearest\s+)?{_PLACES}\b",
    r"\b(?:get|seek|need|needs|call\s+for|requires?|go\s+for)\s+(?:emergency|immediate|urgent)"
    r"\s+(?:medical\s+)?(?:help|care|attention|treatment|advice)\b",
    rf"\b(?:get|seek)\s+(?:medical\s+)?(?:help|care|attention|treatment)\s+{_NOW}",
    r"\b(?:is|are|be|as)\s+an?\s+(?:medical\s+)?emergency\b|\bmedical\s+emergency\b",
    r"\bstop\s+(?:taking|using|giving)\b[^.!?]*\b(?:and|then)\s+(?:call|contact|get|seek|go)"
    r"\b",
    r"\bdo\s+not\s+(?:wait|drive\s+yourself)\b",
    # an emergency step: a rescue medicine given, CPR, the recovery position
    r"(?:^|[.;:!?]\s+|\b(?:then|and)\s+)(?:give|use|inject|spray|administer)\b(?:\W+\w+){0,4}?"
    r"\W+(?:naloxone|narcan|adrenaline|epinephrine|(?:adrenaline\s+|epinephrine\s+)?"
    r"auto-?injectors?|epi-?pens?|glucagon|rescue\s+(?:medicine|medication|inhaler))\b",
    r"\b(?:start|begin|give|do|continue)\s+(?:CPR|chest\s+compressions|rescue\s+breath\w*)\b",
    r"\b(?:put|place|roll|turn)\b(?:\W+\w+){0,4}?\W+(?:in|into)\s+the\s+recovery\s+position\b",
)
_URGENT = re.compile("|".join(_URGENT_PARTS), re.IGNORECASE)
_URGENT_HEADING = re.compile(
    rf"\b(?:emergenc(?:y|ies)|urgent(?:ly)?|call\s+{_NUMBER}|danger\s+signs?|warning\s+signs"
    rf"|when\s+to\s+(?:get|seek)\s+(?:medical\s+)?help|first\s+aid"
    rf"|(?:signs?|symptoms?)\s+of\s+(?:an?\s+)?(?:\w+\s+)?overdose|if\s+someone\b[^.]*\boverdos\w*"
    rf"|(?:how\s+(?:do\s+you\s+|to\s+)?respond|what\s+to\s+do)\s+(?:to|in|during|if|when)\b"
    rf"[^.]*\b(?:overdose|seizure|fit|collapse|anaphyla\w*|allergic\s+reaction|hypo\w*|"
    rf"choking|stroke|heart\s+attack|emergency)\w*)\b", re.IGNORECASE)
_INTRODUCES = re.compile(r":\s*$|\b(?:these|the\s+following|any\s+of)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Passage:
    """Blocks ``first``…``last`` (inclusive) of one section: one urgent passage."""

    section: int
    first: int
    last: int

    def holds(self, section: int, block: int) -> bool:
        return section == self.section and self.first <= block <= self.last


def is_urgent(text: str) -> bool:
    """Whether ``text`` tells the reader to get emergency help: one of the parts of the
    urgent pattern matches (only those whose words the text has, and those the screen
    cannot answer for, are run)."""
    screen, parts, always = _screened_parts()
    return any(parts[key].search(text) for key in (*always, *screen.possible(text)))


@cache
def _screened_parts() -> tuple[Screen, dict[str, re.Pattern[str]], tuple[str, ...]]:
    parts = {str(i): part for i, part in enumerate(_URGENT_PARTS)}
    screen = build({key: (part,) for key, part in parts.items()})
    return (screen, {key: re.compile(part, re.IGNORECASE) for key, part in parts.items()},
            tuple(key for key in parts if key not in screen.screened))


def passages(article: Article) -> tuple[Passage, ...]:
    """Every urgent passage, in reading order, overlapping ones merged."""
    found: list[Passage] = []
    for index, section in enumerate(article.sections):
        spans = _section_spans(section)
        for first, last in sorted(spans):
            if found and found[-1].section == index and first <= found[-1].last + 1:
                found[-1] = Passage(index, found[-1].first, max(last, found[-1].last))
            else:
                found.append(Passage(index, first, last))
    return tuple(found)


def _section_spans(section: Section) -> list[tuple[int, int]]:
    blocks = section.blocks
    if not blocks:
        return []
    if section.heading and _URGENT_HEADING.search(section.heading):
        return [(0, len(blocks) - 1)]
    return [_widen(blocks, i) for i, block in enumerate(blocks) if is_urgent(block.text)]


def _widen(blocks: tuple[Block, ...], i: int) -> tuple[int, int]:
    """The urgent block ``i`` with the list it is in, introduces, or follows."""
    first = last = i
    if blocks[i].kind is BlockKind.LIST_ITEM:
        first, last = _list_around(blocks, i)
        first = _with_lead_in(blocks, first)
    else:
        if i + 1 < len(blocks) and blocks[i + 1].kind is BlockKind.LIST_ITEM \
                and _INTRODUCES.search(blocks[i].text):
            last = _list_around(blocks, i + 1)[1]
        if i > 0 and blocks[i - 1].kind is BlockKind.LIST_ITEM and _leads(blocks[i]):
            first = _with_lead_in(blocks, _list_around(blocks, i - 1)[0])
    return first, last


def _list_around(blocks: tuple[Block, ...], i: int) -> tuple[int, int]:
    first = last = i
    while first > 0 and blocks[first - 1].kind is BlockKind.LIST_ITEM:
        first -= 1
    while last + 1 < len(blocks) and blocks[last + 1].kind is BlockKind.LIST_ITEM:
        last += 1
    return first, last


def _with_lead_in(blocks: tuple[Block, ...], first: int) -> int:
    """Include the paragraph that introduces the list ("Signs of a stroke include:")."""
    if first > 0 and blocks[first - 1].kind is BlockKind.PARAGRAPH \
            and blocks[first - 1].text.rstrip().endswith(":"):
        return first - 1
    return first


def _leads(block: Block) -> bool:
    """Whether the urgent instruction opens the block (it is about the list above it)."""
    match = _URGENT.search(block.text)
    return match is not None and not re.search(r"[.!?]\s", block.text[:match.start()])
