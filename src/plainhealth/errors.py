"""Errors that plainhealth raises; the CLI turns each into ``Error: <message>`` and exit 1."""


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
