"""The whole road a file travels, fuzzed: bytes on disk (any encoding, damaged, under any
name) → read → decode → extract → convert → render → written and published. Whatever
the input, the item ends in a clear error with nothing written, or in every output
whole; never an unexpected exception, a partial set, a staging folder or a .part file.

CI runs a short pass (PLAINHEALTH_FUZZ_EXAMPLES, default 40, always the same inputs); the
long run is in the README's Benchmarks section. PLAINHEALTH_FUZZ_SEED draws other inputs,
so that a long run can be split over processes.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from plainhealth.batch import Job, convert_item, expand_sources
from plainhealth.models import Options
from test_robustness import html_documents, mutated_samples

EXAMPLES = int(os.environ.get("PLAINHEALTH_FUZZ_EXAMPLES", "40"))
SEED = int(os.environ.get("PLAINHEALTH_FUZZ_SEED", "0"))
FORMATS = ("txt", "md", "json", "html")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "shift_jis", "koi8-r")
DAMAGE = (b"\x00", b"\x00" * 9, b"\xff", b"\x93", b"\xc3", b"\xe9t\xe9", b"\xef\xbb\xbf",
          b"\xff\xfe", b" " * 5000, b"\n\t" * 2000, b"<meta charset='utf-8'>",
          b"<meta charset=shift_jis>", b"<meta charset='utf-16'>", b"<!--", b"\r\n", b"</p>")


@st.composite
def page_bytes(draw: st.DrawFn) -> bytes:
    """A page as a file holds it: generated or real-sample HTML in some encoding, then
    damaged (NULs, stray bytes, byte-order marks, whitespace floods, wrong labels); or
    random bytes."""
    kind = draw(st.sampled_from(["sample", "generated", "random"]))
    if kind == "random":
        return draw(st.binary(max_size=3000))
    html = draw(mutated_samples() if kind == "sample" else html_documents())
    data = html.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(DAMAGE)) + data[at:]
    return data


NAMES = st.binary(min_size=1, max_size=12).map(
    lambda stem: stem.replace(b"/", b"_").replace(b"\x00", b"_").lstrip(b".") or b"page")
"""File stems of any bytes a POSIX name may hold, UTF-8 or not."""


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@seed(SEED)  # the same inputs every run, for a given seed
@given(page_bytes(), NAMES)
def test_any_file_converts_whole_or_fails_cleanly(data: bytes, stem: bytes) -> None:
    """Read from a real file, published into a real folder: a clean error and no file,
    or all four outputs, readable, the report naming the file exactly."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(os.fsdecode(os.fsencode(tmp) + b"/" + stem + b".html"))
        source.write_bytes(data)
        out = Path(tmp) / "out"
        [item] = expand_sources([str(source)])
        outcome = convert_item(item, Job(out, FORMATS, Options()))
        written = sorted(p.name for p in out.iterdir()) if out.exists() else []
        if outcome.error:
            assert "please report this as a plainhealth bug" not in outcome.error, outcome.error
            assert written == [], (outcome.error, written)
            return
        assert written == sorted(f"{item.slug}.{ext}" for ext in FORMATS)
        report = json.loads((out / f"{item.slug}.json").read_text(encoding="utf-8"))
        assert os.fsencode(report["source"]) == os.fsencode(source)
        for ext in ("txt", "md", "html"):
            assert (out / f"{item.slug}.{ext}").read_text(encoding="utf-8").strip()
