"""plainhealth: health articles made plain, explained, and safe to act on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plainhealth.version import __version__

if TYPE_CHECKING:
    from plainhealth.pipeline import convert
    from plainhealth.source.extract import extract_text

__all__ = ["__version__", "convert", "extract_text"]

# Imported on first use so that `plainhealth --version` does not load lxml or trafilatura.
_LAZY = {"extract_text": "plainhealth.source.extract", "convert": "plainhealth.pipeline"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'plainhealth' has no attribute {name!r}")
