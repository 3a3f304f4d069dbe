"""Whether the page states the date its metadata search found.

trafilatura's date search (htmldate) reads dates from metadata, <time> elements and the
text, and fills in what a date leaves out: "© 2024" in a footer becomes 2024-01-01 and
"Reviewed March 2024" 2024-03-01, days the page never gave. An article date is shown to
patients as a fact, so it is kept only when the page writes that very day in one of the
usual ways (ISO in its metadata or address, "2 May 2024", "May 2, 2024", "02/05/2024" …).
"""

from __future__ import annotations

import re

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_SPACE = re.compile(r"\s+")


def stated(date: str | None, html: str) -> str | None:
    """``date`` (YYYY-MM-DD) when ``html`` writes that day, else None."""
    if not date or not (parts := _ISO.match(date)):
        return None
    page = _SPACE.sub(" ", html.lower()).replace(",", " ").replace("  ", " ")
    return date if any(form in page for form in _forms(*map(int, parts.groups()))) else None


def _forms(year: int, month: int, day: int) -> list[str]:
    """The ways a page may write the day (lower case, commas dropped)."""
    forms = [f"{year}-{month:02d}-{day:02d}", f"{year}/{month:02d}/{day:02d}",
             f"{year}{month:02d}{day:02d}"]
    for d in {f"{day}", f"{day:02d}"}:
        for m in {f"{month}", f"{month:02d}"}:
            forms += [f"{d}/{m}/{year}", f"{m}/{d}/{year}", f"{d}.{m}.{year}",
                      f"{d}-{m}-{year}"]
    for name in (MONTHS[month - 1], MONTHS[month - 1][:3]):
        for d in (f"{day}", f"{day}{_suffix(day)}", f"{day:02d}"):
            forms += [f"{d} {name} {year}", f"{name} {d} {year}", f"{name}. {d} {year}",
                      f"{d} {name}. {year}"]
    return forms


def _suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
