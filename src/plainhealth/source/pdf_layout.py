"""A PDF's lines in reading order: running headers, footers and page numbers dropped,
columns read one after the other, tables found where the layout shows them.

A page is cut into bands of lines that sit side by side. Consecutive bands that share a
vertical strip of white (a gutter) form a region: its columns are either text, read top
to bottom and then left to right (they are about equally wide and their lines fill
them), or a table, read row by row. Everything else flows from top to bottom.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from plainhealth.source.pdf_lines import Line, PageLines

MARGIN = 0.1
"""Running headers and footers sit in this share of the page at its top and bottom."""
GUTTER = 0.6
"""White at least this many times the body text's height wide separates columns."""
ROW_GAP = 0.3
"""Lines further apart than this many times the body height start a new table row."""
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?#(?:\s*(?:of|/|-)\s*#)?$|^[-–—]\s*#\s*[-–—]$")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Flow:
    """Lines read in order: paragraphs, headings and lists."""

    lines: list[Line]


@dataclass(frozen=True)
class Grid:
    """A table: its cells' text, row by row; ``headed`` when the first row names columns."""

    rows: list[list[str]]
    headed: bool


Region = Flow | Grid


def body_size(lines: Sequence[Line]) -> float:
    """The height of most of the text (by characters), to the nearest half point."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 12.0


def reading_order(pages: Sequence[PageLines]) -> list[Region]:
    """Every page's content, running headers and footers left out, in reading order."""
    every = [line for page in pages for line in page.lines]
    size = body_size(every)
    furniture = _furniture(pages, size)
    regions: list[Region] = []
    for page in pages:
        kept = [line for line in page.lines if id(line) not in furniture]
        regions.extend(_order(kept, size))
    return regions


def _key(line: Line) -> str:
    return _DIGITS.sub("#", " ".join(line.text.lower().split()))


def _furniture(pages: Sequence[PageLines], size: float) -> set[int]:
    """Lines in the top or bottom margin that repeat on other pages (digits aside), that
    are page numbers, or that are small print set apart from the page's text."""
    edges = {page.number: [line for line in page.lines
                           if line.bottom < page.height * MARGIN
                           or line.top > page.height * (1 - MARGIN)] for page in pages}
    pages_with: Counter[str] = Counter()
    for lines in edges.values():
        pages_with.update({_key(line) for line in lines})
    repeated = max(2, len(pages) * 0.3)
    dropped: set[int] = set()
    for page in pages:
        for line in edges[page.number]:
            key = _key(line)
            if pages_with[key] >= repeated or _PAGE_NUMBER.match(key) \
                    or (line.size < 0.9 * size and _set_apart(line, page, size)):
                dropped.add(id(line))
    return dropped


def _set_apart(line: Line, page: PageLines, size: float) -> bool:
    """Nothing else on the page is further out, and the nearest text is a line away."""
    above = [o.bottom for o in page.lines if o.bottom <= line.top]
    below = [o.top for o in page.lines if o.top >= line.bottom]
    if line.bottom < page.height / 2:
        return not above and (not below or min(below) - line.bottom >= 0.8 * size)
    return not below and (not above or line.top - max(above) >= 0.8 * size)


def _bands(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines grouped into bands whose heights overlap, top to bottom."""
    bands: list[list[Line]] = []
    bottom = float("-inf")
    for line in sorted(lines, key=lambda ln: ln.top):
        height = line.bottom - line.top
        if bands and line.top < bottom - 0.4 * height:
            bands[-1].append(line)
            bottom = max(bottom, line.bottom)
        else:
            bands.append([line])
            bottom = line.bottom
    return [sorted(band, key=lambda ln: ln.x0) for band in bands]


def _gutters(lines: Sequence[Line], size: float) -> list[tuple[float, float]]:
    """Vertical strips of white between the lines, at least GUTTER times ``size`` wide."""
    gutters = []
    spans = sorted((line.x0, line.x1) for line in lines)
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= GUTTER * size:
            gutters.append((reach, x0))
        reach = max(reach, x1)
    return gutters


def _order(lines: Sequence[Line], size: float) -> list[Region]:
    if not lines:
        return []
    bands = _bands(lines)
    regions: list[Region] = []
    done = 0
    for begin, end in _runs(bands, size):
        if begin > done:
            regions.append(Flow(_joined(bands[done:begin])))
        run = _joined(bands[begin:end + 1])
        regions.extend(_columns_or_table(bands[begin:end + 1], _gutters(run, size), size))
        done = end + 1
    if done < len(bands):
        regions.append(Flow(_joined(bands[done:])))
    return regions


def _runs(bands: Sequence[list[Line]], size: float) -> list[tuple[int, int]]:
    """(first, last) band of each stretch of columns or table."""
    runs: list[tuple[int, int]] = []
    start = 0
    while start < len(bands):
        end = _run_end(bands, start, size)
        if end is None:
            start += 1
            continue
        floor = runs[-1][1] + 1 if runs else 0
        while start > floor and _joins_above(bands, start - 1, end, size):
            start -= 1
        runs.append((start, end))
        start = end + 1
    return runs


def _joins_above(bands: Sequence[list[Line]], above: int, end: int, size: float) -> bool:
    """A band of text on one side only, just above columns, that the file draws after
    some of their text: the top of a column that starts higher than the one before it."""
    first = min(line.order for band in bands[above + 1:end + 1] for line in band)
    return not _gutters(bands[above], size) and bool(
        _gutters(_joined(bands[above:end + 1]), size)) \
        and min(line.order for line in bands[above]) > first


def _run_end(bands: Sequence[list[Line]], start: int, size: float) -> int | None:
    """The last band of the columns or table that starts at band ``start`` (which holds
    text on both sides of a gutter), or None when it does not start one."""
    if not _gutters(bands[start], size) or start + 1 == len(bands) \
            or not _gutters(_joined(bands[start:start + 2]), size):
        return None  # one line with a wide space in it is no table
    end = start
    while end + 1 < len(bands) and _gutters(_joined(bands[start:end + 2]), size):
        band = bands[end + 1]
        if not _gutters(band, size) and not _continues(band, _joined(bands[start:end + 1])):
            break
        end += 1
    return end


def _continues(band: list[Line], run: list[Line]) -> bool:
    """Whether text on one side only, below columns, is still theirs: the file draws it
    before text already in them (the end of a longer first column) or right after the
    text above it (a column going on), not after all of them (a heading below a table,
    short enough to fit over its first column)."""
    last = max(line.order for line in run)
    for line in band:
        above = [other.order for other in run if other.x0 < line.x1 and line.x0 < other.x1]
        if line.order > last and not (above and line.order == max(above) + 1):
            return False
    return True


def _joined(bands: Sequence[list[Line]]) -> list[Line]:
    return [line for band in bands for line in band]


def _columns_or_table(bands: Sequence[list[Line]], gutters: list[tuple[float, float]],
                      size: float) -> list[Region]:
    run = _joined(bands)
    edges = [min(ln.x0 for ln in run), *(x for g in gutters for x in g),
             max(ln.x1 for ln in run)]
    columns = list(zip(edges[::2], edges[1::2], strict=True))
    members: list[list[Line]] = [[] for _ in columns]
    for line in run:
        members[_column(line, columns)].append(line)
    if _text_columns(columns, members):  # each column may hold columns or tables again
        return [region for lines in members for region in _order(lines, size)]
    return [_grid(bands, columns, size)]


def _column(line: Line, columns: Sequence[tuple[float, float]]) -> int:
    middle = (line.x0 + line.x1) / 2
    return min(range(len(columns)), key=lambda i: 0 if columns[i][0] <= middle <= columns[i][1]
               else min(abs(middle - columns[i][0]), abs(middle - columns[i][1])))


def _text_columns(columns: Sequence[tuple[float, float]],
                  members: Sequence[list[Line]]) -> bool:
    """Two or three columns about equally wide, each with lines that fill it: text set
    in columns, not a table."""
    widths = [x1 - x0 for x0, x1 in columns]
    if not 2 <= len(columns) <= 3 or max(widths) > 1.3 * min(widths):
        return False
    return all(len(lines) >= 3 and statistics.median(
        (ln.x1 - ln.x0) / width for ln in lines) >= 0.6
        for lines, width in zip(members, widths, strict=True))


def _grid(bands: Sequence[list[Line]], columns: Sequence[tuple[float, float]],
          size: float) -> Grid:
    rows: list[list[list[Line]]] = []
    bottom = float("-inf")
    for band in bands:
        top = min(line.top for line in band)
        if not rows or top - bottom > ROW_GAP * size:
            rows.append([[] for _ in columns])
        for line in band:
            rows[-1][_column(line, columns)].append(line)
        bottom = max(line.bottom for line in band)
    headed = all(line.bold for cell in rows[0] for line in cell)
    return Grid([[" ".join(line.text for line in sorted(cell, key=lambda ln: (ln.top, ln.x0)))
                  for cell in row] for row in rows], headed)
