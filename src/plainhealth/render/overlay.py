"""The book's Media Overlay: which element shows each utterance, and when it is said.

Each utterance of the narration goes to the element of the page with its spoken id (or,
for a line without an element of its own, the one that holds it); where the engine gave
word times, each word of that element is put in an element of its own, and the overlay
gives a clip per word. Written as SMIL 3.0, the EPUB 3 Media Overlays profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class Clip:
    """One utterance of the narration: the piece of the article it says, and when."""

    id: str
    """The piece's :func:`spoken_id`."""
    start: float
    end: float
    words: tuple[float, ...] = ()
    """When each word of the piece's own text starts, where the engine told."""


@dataclass(frozen=True)
class Narration:
    """The audio of a book: an MP3 and where each piece of the article is in it."""

    mp3: bytes
    duration: float
    clips: tuple[Clip, ...]
    narrator: str
    """Who reads: the engine and voice ("espeak-ng, en-us")."""


def with_words(page: str, clips: tuple[Clip, ...]) -> tuple[str, dict[str, Clip]]:
    """The page with every word that has a time of its own in an element (``…-wN``), and
    each clip under the id of the element that shows it (an utterance without an element
    of its own goes to the one that holds it, with the utterances before it there)."""
    root = etree.fromstring(page.encode("utf-8"))
    found = {node.get("id"): node for node in root.iter() if node.get("id")}
    synced: dict[str, Clip] = {}
    for clip in clips:
        spot = clip.id
        while spot and spot not in found:
            spot = spot.rpartition("-")[0]
        if not spot:
            continue
        if spot in synced:
            synced[spot] = Clip(spot, synced[spot].start, clip.end)
            continue
        words = clip.words if spot == clip.id and _wrap(found[spot], len(clip.words)) else ()
        synced[spot] = Clip(spot, clip.start, clip.end, words)
    return _serialize(root), synced


_WORD = re.compile(r"\S+")


def _wrap(element: etree._Element, count: int) -> bool:
    """Put each word of ``element``'s text in a span ``<its id>-wN``, when it has exactly
    ``count`` words; the part of a word after a change of markup ("kratom" then "'s")
    stays outside, with the word's start."""
    slots: list[tuple[etree._Element, str]] = []  # (node, "text" or "tail"), in order

    def walk(node: etree._Element) -> None:
        if node.text:
            slots.append((node, "text"))
        for child in node:
            walk(child)
            if child.tail:
                slots.append((child, "tail"))

    walk(element)
    texts = [str(getattr(node, where)) for node, where in slots]
    if count == 0 or len("".join(texts).split()) != count:
        return False
    number, previous = 0, " "
    for (node, where), text in zip(slots, texts, strict=True):
        starts = [m for m in _WORD.finditer(text) if m.start() or previous.isspace()]
        previous = text[-1]
        if not starts:
            continue
        spans = []
        for i, match in enumerate(starts):
            span = etree.Element(f"{{{XHTML}}}span", id=f"{element.get('id')}-w{number + i}")
            span.text = match.group()
            span.tail = text[match.end():starts[i + 1].start() if i + 1 < len(starts) else None]
            spans.append(span)
        number += len(starts)
        setattr(node, where, text[:starts[0].start()])
        parent = node if where == "text" else node.getparent()
        assert parent is not None  # a tail belongs to a child of ``element``
        at = 0 if where == "text" else parent.index(node) + 1
        for offset, span in enumerate(spans):
            parent.insert(at + offset, span)
    return True


def _serialize(root: etree._Element) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            + etree.tostring(root, encoding="unicode") + "\n")


def clock(seconds: float) -> str:
    """A SMIL clock value: 0:01:05.250."""
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def smil(narration: Narration, synced: dict[str, Clip]) -> str:
    """The Media Overlay: a par per utterance, or a seq of a par per word. The first word's
    clip starts with the utterance (so what we say before the text, "Safety note:", is
    heard), and each word's clip runs to the next one's: a word the engine said with the
    next one ("the", "a" run into the word after them) has no time of its own, and is
    heard in the clip of the word before it."""
    pars = []
    for n, clip in enumerate(synced.values()):
        def par(ref: str, start: float, end: float, n: str = str(n)) -> str:
            return (f'<par id="p{n}"><text src="content.xhtml#{ref}"/><audio src="audio.mp3" '
                    f'clipBegin="{clock(start)}" clipEnd="{clock(end)}"/></par>')
        starts = dict(enumerate((clip.start, *clip.words[1:]))) if clip.words else {}
        timed = [(i, t) for i, t in starts.items()
                 if clock(t) != clock(starts.get(i + 1, clip.end))]
        ends = [*(t for _, t in timed[1:]), clip.end][:len(timed)]
        words = [par(f"{clip.id}-w{i}", start, end, f"{n}-{i}")
                 for (i, start), end in zip(timed, ends, strict=True)]
        pars.append(f'<seq id="s{n}" epub:textref="content.xhtml#{clip.id}">{"".join(words)}'
                    "</seq>" if words else par(clip.id, clip.start, clip.end))
    body = "\n".join(pars)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<smil xmlns="http://www.w3.org/ns/SMIL" '
            'xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n<body>\n'
            f"{body}\n</body>\n</smil>\n")
