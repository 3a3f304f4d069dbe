"""Outputs for every page in samples/ match the reviewed golden files byte for byte.

The golden files change only on purpose: regenerate with
``PLAINHEALTH_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from plainhealth.batch import Item, Job, convert_item
from plainhealth.models import Options
from plainhealth.render import FORMATS

GOLDEN = Path(__file__).parent / "golden"
PAGES = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".html")


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_sample_outputs_match_golden(page: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the report records the source as given: keep it relative
    source = str(page.relative_to(ROOT))
    outcome = convert_item(Item(source, page.stem), Job(tmp_path, FORMATS, Options()))
    assert outcome.error is None
    for ext in FORMATS:
        produced = (tmp_path / f"{page.stem}.{ext}").read_text(encoding="utf-8")
        golden = GOLDEN / f"{page.stem}.{ext}"
        if os.environ.get("PLAINHEALTH_UPDATE_GOLDEN"):
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(produced, encoding="utf-8")
        assert produced == golden.read_text(encoding="utf-8"), f"{golden.name} changed"


def test_conversion_is_reproducible(tmp_path: Path) -> None:
    """Same input, same bytes: two runs give identical files."""
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        convert_item(Item(str(PAGES[0]), "x"), Job(out, FORMATS, Options()))
    for ext in FORMATS:
        assert (first / f"x.{ext}").read_bytes() == (second / f"x.{ext}").read_bytes()
