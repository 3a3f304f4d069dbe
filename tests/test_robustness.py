"""Bad input ends in one clear error or a correct result — never a traceback, a hang, a
RecursionError or garbled text. Property-based tests (Hypothesis) over the text stages."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ARTICLE_HTML, KRATOM
from plainhealth import extract_text
from plainhealth.cli import main
from plainhealth.errors import PlainhealthError
from plainhealth.models import Page
from plainhealth.pipeline import glossary_for
from plainhealth.render import RENDERERS
from plainhealth.rewrite.invariants import numbers

EXAMPLES = int(os.environ.get("PLAINHEALTH_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
PROSE = ("Take 2.5 mg of the medicine twice a day. Do not drink alcohol. Kratom is not "
         "approved by the FDA. Most people feel better in 3 to 5 days.")


def cli(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def page(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b" \n\t  \n", "is empty"),
    (b"<html><head><script>var x = 1;</script><style>p{}</style></head><body><script>"
     b"alert(1)</script></body></html>", "no main text found"),
    (b"<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>",
     "no main text found"),
    (b"<html><body><article><p>" + b"- * . ! ? ; : ... --- *** ~ | " * 20 + b"</p></article>"
     b"</body></html>", "no main text found"),
    (b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>",
     "no main text found"),
])
def test_unusable_files_are_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    result = cli("convert", page(tmp_path, "p.html", content), "-o", str(tmp_path / "out"),
                 "--no-audio")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert not (tmp_path / "out" / "p.txt").exists()


@pytest.mark.parametrize("depth", [300, 100_000])
def test_deep_nesting_keeps_the_article_after_it(tmp_path: Path, depth: int) -> None:
    """libxml2 drops everything past a depth of 256; the article after the deep part and the
    text inside it must both survive, with no RecursionError."""
    later = "Later on, the article goes on to say that rest helps 4 in 5 people with pain."
    html = ("<html lang='en'><body>" + "<div>" * depth + f"<p>{PROSE}</p>" + "</div>" * depth
            + f"<article><h1>Pain</h1><p>{later}</p></article></body></html>")
    result = cli("extract", page(tmp_path, "deep.html", html.encode()))
    assert result.exit_code == 0, result.stderr
    assert later in result.stdout
    assert PROSE in result.stdout
    assert result.stderr == ""


def test_markup_before_the_doctype_does_not_lose_or_crash_the_article(tmp_path: Path) -> None:
    """Found by the long fuzz run: an <svg> before <!DOCTYPE> became the parsed root and the
    date finder crashed trying to remove it (an AssertionError inside lxml)."""
    html = (f"<svg onload=alert(2)><!DOCTYPE html><html lang='en'><head><title>T</title>"
            f"</head><body><article><h1>Pain</h1><p>{PROSE}</p></article></body></html>")
    result = cli("extract", page(tmp_path, "svg-first.html", html.encode()))
    assert result.exit_code == 0, result.stderr
    assert PROSE in result.stdout


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_byte_order_marks(tmp_path: Path, encoding: str) -> None:
    html = f"<html lang='en'><body><article><h1>Café</h1><p>{PROSE} Naïve café.</p></article>"
    data = (html + "</body></html>").encode(encoding)
    result = cli("extract", page(tmp_path, "bom.html", data))
    assert result.exit_code == 0
    assert "Naïve café." in result.stdout


@pytest.mark.parametrize(("text", "lang"), [
    ("高血压是一种常见的慢性病。每天少吃盐，多运动，按时服药，可以帮助控制血压。",
     "zh"),
    ("ارتفاع ضغط الدم مرض شائع. قلل من الملح ومارس الرياضة وتناول دواءك في موعده كل يوم.", "ar"),
])
def test_cjk_and_right_to_left_text_stays_intact(tmp_path: Path, text: str, lang: str) -> None:
    """Not garbled; and the English formulas are flagged as not applying."""
    html = f"<html lang='{lang}'><body><article><h1>{text[:6]}</h1><p>{text}</p></article>"
    path = page(tmp_path, "intl.html", (html + "</body></html>").encode())
    extracted = cli("extract", path)
    assert text in extracted.stdout
    scored = cli("score", path)
    assert "formulas are for English" in scored.stderr


SPANISH = ("<h1>Dolor de espalda</h1><p>El dolor de espalda es muy común. Casi siempre mejora "
           "en pocas semanas con movimiento suave. No tome más de 4 gramos de paracetamol al "
           "día. El kratom no es un medicamento aprobado y puede causar daño al hígado. Hable "
           "con su médico si el dolor dura más de seis semanas o si tiene fiebre.</p>")


def test_a_spanish_page_is_not_scored_silently_as_english(tmp_path: Path) -> None:
    html = f"<html lang='es'><body><article>{SPANISH}</article></body></html>"
    result = cli("score", page(tmp_path, "es.html", html.encode()), "--json")
    assert json.loads(result.stdout)["before"]["language_supported"] is False


@pytest.mark.parametrize("html_tag", ["<html lang='es'>", "<html>", "<html lang='en'>"])
def test_a_spanish_page_is_converted_as_written_and_says_why(tmp_path: Path,
                                                             html_tag: str) -> None:
    """Declared Spanish, undeclared, or wrongly declared English: no English explanations,
    notes or rewrites are mixed into Spanish text, every output says so, and stderr warns."""
    path = page(tmp_path, "es.html", f"{html_tag}<body><article>{SPANISH}</article></body>"
                                     "</html>".encode())
    result = cli("convert", path, "-o", str(tmp_path / "out"), "--no-audio")
    assert result.exit_code == 0
    assert "formulas are for English" in result.stderr
    text = (tmp_path / "out" / "es.txt").read_text(encoding="utf-8")
    assert "are for English only, so none of them were applied" in text
    assert "No tome más de 4 gramos de paracetamol al día." in text
    assert "Safety note" not in text and "Word to know" not in text
    report = json.loads((tmp_path / "out" / "es.json").read_text(encoding="utf-8"))
    assert report["notes"] == report["terms"] == report["changes"] == []
    assert report["readability"]["before"]["language_supported"] is False
    assert "none of them were applied" in (tmp_path / "out" / "es.md").read_text("utf-8")
    assert "none of them were applied" in (tmp_path / "out" / "es.html").read_text("utf-8")


def test_the_batch_index_gives_no_english_grade_to_a_spanish_page(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "es.html").write_text(f"<html lang='es'><body><article>{SPANISH}</article>"
                                    "</body></html>", encoding="utf-8")
    (folder / "en.html").write_text(ARTICLE_HTML, encoding="utf-8")
    assert cli("convert", str(folder), "-o", str(tmp_path / "out"), "--no-audio").exit_code == 0
    rows = {Path(r["source"]).stem: r for r in csv.DictReader(
        (tmp_path / "out" / "index.csv").read_text("utf-8").splitlines())}
    assert (rows["es"]["status"], rows["es"]["grade_before"], rows["es"]["grade_after"]) == (
        "converted", "", "")
    assert float(rows["en"]["grade_before"]) > 0


def test_kill_minus_nine_leaves_old_or_new_files_only(tmp_path: Path) -> None:
    """Outputs from an earlier run survive whole a conversion killed while it writes.

    Each kill lands while the item is being made (its staging folder exists), at a
    different point each time; afterwards every output is byte for byte the old one (the
    same input makes the same bytes, so old and new are the same), and nothing else with
    an output's name is there.
    """
    out = tmp_path / "out"
    assert cli("convert", str(KRATOM), "-o", str(out), "--no-audio").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    kills_while_writing = 0
    for delay in (0.0, 0.01, 0.03, 0.06, 0.1):
        process = subprocess.Popen(
            [sys.executable, "-m", "plainhealth", "convert", str(KRATOM), "-o", str(out),
             "--force", "-q", "--no-audio"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not any(out.glob(".plainhealth-*")) and process.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(delay)
        kills_while_writing += process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        outputs = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
        assert outputs == before
    assert kills_while_writing >= 3, "the kills should land while the outputs are written"


# ---- properties -------------------------------------------------------------------------

TAGS = st.sampled_from(["p", "div", "span", "h1", "h2", "li", "ul", "ol", "article", "main",
                        "script", "style", "nav", "table", "td", "tr", "a", "svg", "b", "em"])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(TAGS)
        attrs = draw(st.sampled_from(["", " onerror=alert(1)", " href='javascript:x()'",
                                      " style='width:expression(1)'", " class=x"]))
        parts.append(f"<{tag}{attrs}>{draw(TEXT)}{draw(st.sampled_from(['', PROSE]))}</{tag}>")
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(["&lt;script&gt;x&lt;/script&gt;", "<", "&amp;",
                                               "</div>", "<!--", "<![CDATA[", "\x00"])))
    return "<html lang='en'><body>" + "".join(parts) + "</body></html>"


@FUZZ
@given(html_documents())
def test_extraction_never_raises_anything_but_a_plainhealth_error(html: str) -> None:
    with contextlib.suppress(PlainhealthError):
        extract_text(html)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(data: bytes) -> None:
    with contextlib.suppress(PlainhealthError):
        extract_text(data)


@FUZZ
@given(TEXT)
def test_matcher_spans_are_in_bounds_and_ordered(text: str) -> None:
    matches = glossary_for(None).matcher.find(text + " opioid receptors " + text)
    ends = -1
    for match in matches:
        assert 0 <= match.start < match.end <= len(text) * 2 + 18
        assert match.start >= ends
        ends = match.end


SAMPLE_PAGES = [p.read_bytes().decode("utf-8", "replace")
                for p in sorted(KRATOM.parent.glob("*.html"))]
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(2)>",
           "<a href='javascript:alert(3)'>x</a>", "&lt;script&gt;", "<div>" * 300, "</p></div>",
           "<!--", "<p>Take 2.5 mg, not 25 mg.</p>", "\x00", "<h1>", "</article>", "\ufeff"]


@st.composite
def mutated_samples(draw: st.DrawFn) -> str:
    """A real sample page, cut, duplicated, truncated and spiked with hostile markup."""
    html = draw(st.sampled_from(SAMPLE_PAGES))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(html)))
        end = draw(st.integers(at, min(len(html), at + 4000)))
        action = draw(st.sampled_from(["cut", "copy", "insert", "truncate"]))
        if action == "cut":
            html = html[:at] + html[end:]
        elif action == "copy":
            html = html[:end] + html[at:end] + html[end:]
        elif action == "insert":
            html = html[:at] + draw(st.sampled_from(HOSTILE)) + html[at:]
        else:
            html = html[:end]
    return html


def check_outputs(html: str) -> None:
    """Whatever the page: the rewrite keeps every number; the handout has no live markup."""
    from lxml import html as lxml_html

    from plainhealth.pipeline import convert_article
    from plainhealth.source.extract import extract

    try:
        article = extract(Page("fuzz", None, html, "utf-8"))
        result = convert_article(article, source="fuzz")
    except PlainhealthError:
        return
    assert numbers(" ".join(result.article.prose())) == numbers(" ".join(result.plain.prose()))
    for render in RENDERERS.values():
        render(result)
    handout = lxml_html.document_fromstring(RENDERERS["html"](result).encode())
    assert not handout.xpath("//script")
    assert not [a for el in handout.iter() for a in el.attrib if a.lower().startswith("on")]
    assert not handout.xpath("//@href[starts-with(normalize-space(.), 'javascript:')]")


@FUZZ
@given(html_documents())
def test_every_output_keeps_numbers_and_html_stays_inert(html: str) -> None:
    check_outputs(html)


@FUZZ
@given(mutated_samples())
def test_mutated_samples_keep_numbers_and_stay_inert(html: str) -> None:
    """The same invariants on the real samples, damaged the way real pages are."""
    check_outputs(html)


def test_hostile_page_end_to_end(tmp_path: Path) -> None:
    hostile = ("<html lang='en'><head><title>x<script>alert(1)</script></title></head><body>"
               "<article><h1>Pain <img src=x onerror=alert(1)></h1><p>" + PROSE + " "
               "&lt;script&gt;alert(2)&lt;/script&gt; <a href='javascript:alert(3)'>link</a> "
               "<svg onload=alert(4)><text>svg</text></svg></p></article></body></html>")
    out = tmp_path / "out"
    path = page(tmp_path, "h.html", hostile.encode())
    assert cli("convert", path, "-o", str(out), "--no-audio").exit_code == 0
    handout = (out / "h.html").read_text()
    assert "<script" not in handout and "javascript:" not in handout.replace(
        "&#x27;javascript:", "")
    assert not re.search(r"<[^>]+\son\w+=", handout)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in handout


def test_a_page_with_more_text_than_a_book_is_refused_before_parsing(tmp_path: Path) -> None:
    """Whatever --max-size allows, a page holding millions of characters of text is refused
    with a clear message instead of using gigabytes of memory in extraction."""
    big = tmp_path / "book.html"
    big.write_text("<html lang='en'><body><main>" + f"<p>{PROSE}</p>" * 16_000
                   + "</main></body></html>", encoding="utf-8")
    result = cli("convert", str(big), "-o", str(tmp_path / "out"), "--no-audio",
                 "--max-size", "60")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {big}: the page holds 2.")
    assert "million characters of text, more than the 2 million plainhealth converts at " \
           "once" in result.stderr


def test_a_50_mb_page_is_refused_by_the_size_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as handle:
        handle.write(b"<html><body><article>")
        handle.write(f"<p>{PROSE}</p>".encode() * (50 * 1024 * 1024 // len(PROSE)))
        handle.write(b"</article></body></html>")
    result = cli("convert", str(big), "-o", str(tmp_path / "out"), "--no-audio")
    assert result.exit_code == 1
    assert "is larger than the 10.0 MB limit; raise it with --max-size" in result.stderr


def test_a_file_without_read_permission(tmp_path: Path) -> None:
    """Through the real CLI, as an unprivileged user (root reads everything: as root the
    test drops to nobody; otherwise it runs as itself)."""
    secret = tmp_path / "secret.html"
    secret.write_text(f"<p>{PROSE}</p>")
    secret.chmod(0o000)
    drop = (["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            if os.geteuid() == 0 else [])
    command = [*drop, sys.executable, "-m", "plainhealth", "extract", str(secret)]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env={**os.environ, "HOME": "/tmp"}, cwd="/")
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"Error: {secret}: permission denied; check the file's read permission\n"
