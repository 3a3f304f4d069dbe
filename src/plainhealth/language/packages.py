"""Data files of installed packages, found without importing the packages.

Importing a package to learn where its data lies can cost more than reading the data:
textstat imports NLTK, lemminflect numpy, wordfreq its tokenisers for every script.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def package_folder(name: str) -> Path:
    """The folder of the installed package ``name`` (found, not imported); raises
    ModuleNotFoundError when it is not installed."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))
