"""Errors that plainhealth raises; the CLI turns each into ``Error: <message>`` and exit 1."""

import re


class PlainhealthError(Exception):
    """Base class: the message says what failed, for which input, and what to do."""


class FetchError(PlainhealthError):
    """A source could not be read (file, stdin or URL)."""


class ExtractError(PlainhealthError):
    """A page was read but held no usable article text."""


class ReadabilityError(PlainhealthError):
    """Text could not be scored (for example, it is empty)."""


class GlossaryError(PlainhealthError):
    """The glossary or an overlay is missing or invalid."""


class OutputError(PlainhealthError):
    """An output file could not be written."""


class OutputExistsError(OutputError):
    """An output is there already (made by another run meanwhile, or before)."""


def printable(text: str) -> str:
    """``text`` with the bytes of a file name that were not UTF-8 (which Python holds as
    lone surrogates, "caf\\udce9") shown as escapes ("caf\\xe9"), so that it can be
    printed and written as UTF-8."""
    return _SURROGATE.sub(_escape, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"
