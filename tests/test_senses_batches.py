"""Every glossary batch's sense checks, kept: an entry explains the sense it is written for
and stays out of the others (tests/data/senses.jsonl, written by each batch's second
reader). A new entry or guard that breaks another batch's senses fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plainhealth.explain.glossary import load

ROWS = [json.loads(line) for line in (Path(__file__).parent / "data" / "senses.jsonl")
        .read_text(encoding="utf-8").splitlines()]
GLOSSARY = load()


def test_the_sense_data_covers_every_reviewed_batch() -> None:
    assert len(ROWS) >= 700
    assert {r["batch"] for r in ROWS} >= {"w6", "w7", "w8", "w9", "w10", "w11", "w12", "w14"}


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['batch']}-{i}" for i, r in enumerate(ROWS)])
def test_each_entry_keeps_to_its_sense(row: dict[str, str | None]) -> None:
    found = {m.key for m in GLOSSARY.find(str(row["sentence"]))}
    if row["finds"] is not None:
        assert row["finds"] in found, found
    if row["not"] is not None:
        assert row["not"] not in found, found
