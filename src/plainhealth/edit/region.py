"""Whose help lines a page gets: the country the page is written for.

A librarian converting a UK trust's leaflet should not hand a patient a US number. With
``region = "auto"`` (the default) the page's own language tag ("en-GB") says, else the
country domain of its address (``.nhs.uk``, ``.gov.au``, ``.ca``, ``.ie``), else the US,
whose lines the notes were first written with. A named region always wins.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from plainhealth.models import Article

AUTO = "auto"
DEFAULT = "us"
_BY_COUNTRY = {"gb": "uk", "uk": "uk", "us": "us", "ca": "ca", "au": "au", "ie": "ie"}


def page_region(article: Article, requested: str) -> str:
    """``requested``, or for ``auto`` the country the page is written for."""
    if requested != AUTO:
        return requested
    return _from_lang(article.lang) or _from_address(article.address) or DEFAULT


def _from_lang(lang: str) -> str | None:
    parts = lang.lower().replace("_", "-").split("-")
    return _BY_COUNTRY.get(parts[1]) if len(parts) > 1 and parts[0] == "en" else None


def _from_address(address: str | None) -> str | None:
    host = (urlsplit(address).hostname or "") if address else ""
    return _BY_COUNTRY.get(host.rsplit(".", 1)[-1]) if "." in host else None
