"""Output names are safe and writes are atomic."""

from __future__ import annotations

from pathlib import Path

import pytest

from plainhealth.batch import expand_sources
from plainhealth.errors import OutputError
from plainhealth.files import write_atomic
from plainhealth.output import slug_for, slugify


@pytest.mark.parametrize(("text", "slug"), [
    ("Kratom & Dopamine: Pain Relief?", "kratom-dopamine-pain-relief"),
    ("../../etc/passwd", "etc-passwd"),
    ("/absolute/path", "absolute-path"),
    ("Café naïve résumé", "cafe-naive-resume"),
    ("CON", "con-page"),
    ("", "article"),
    ("!!!", "article"),
    ("x" * 300, "x" * 80),
])
def test_slugify(text: str, slug: str) -> None:
    """No separators, no dots, no reserved names, bounded length, never empty."""
    assert slugify(text) == slug


def test_slug_for_sources() -> None:
    assert slug_for("samples/kratom-chronic-pain.html", "T") == "kratom-chronic-pain"
    assert slug_for("https://example.org/health/back-pain.html?x=1", "T") == "back-pain"
    assert slug_for("https://example.org/", "Back pain") == "back-pain"
    assert slug_for("-", "Back Pain: What Helps") == "back-pain-what-helps"


def test_two_sources_never_share_an_output_name(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text("<p>x</p>")
    slugs = [item.slug for item in expand_sources([str(tmp_path)])]
    assert slugs == ["index-page", "index-page-2"]


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    write_atomic(target, "new content")
    assert target.read_text() == "new content"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temp file left behind


def test_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(target, "\ud800 cannot be encoded")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_unwritable_destination(tmp_path: Path) -> None:
    """A destination that cannot be a folder is a clear error (a file stands in the way)."""
    blocker = tmp_path / "out"
    blocker.write_text("I am a file")
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(blocker / "a.txt", "x")
