"""Word, plain-text and Markdown leaflets written for the project, read from real files
(Word files saved by python-docx), standard input and a real HTTP server; formats told
apart by content and name; short inputs; hostile Word files; a mixed folder."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainhealth.cli import main
from plainhealth.errors import ExtractError, FetchError
from plainhealth.models import Article, BlockKind, Limits
from plainhealth.source.detect import DOCX, HTML, MARKDOWN, PDF, TEXT, detect
from plainhealth.source.fetch import load
from plainhealth.source.read import read_article

NOTES = """Caring for a cold sore

Cold sores are small blisters around the mouth. They are caused by a common virus and
usually clear up on their own in 7 to 10 days.

What you can do

- Use a cream from the pharmacy as soon as you feel tingling.
- Wash your hands after touching the sore.
- Do not kiss babies while you have a cold sore.

When to see a doctor

1. The sore has not healed after 10 days.
2. You are pregnant or have a weak immune system.
"""

GUIDE = """# Looking after your feet with diabetes

High blood sugar can damage the nerves in your feet, so you may not feel a cut.

## Every day

* Check both feet for cuts, blisters or redness.
* Wash them in warm water and dry *well* between the toes.
  * Use a mirror to see the soles.

## Foot checks

| Risk | How often |
|------|-----------|
| Low | Once a year |
| High | Every 1 to 3 months |

See [your podiatrist](https://example.org) if a sore does not heal.
"""


def article_of(tmp_path: Path, name: str, content: bytes | str) -> Article:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return read_article(load(str(path)))


def kinds(article: Article) -> list[tuple[str, str]]:
    return [(block.kind.value, block.text) for block in article.blocks()]


def test_plain_text_paragraphs_lists_and_headings(tmp_path: Path) -> None:
    """Blank lines part paragraphs; a short line alone is a heading; "-" and "1." lines
    are list items; the first line is the title; wrapped lines join."""
    article = article_of(tmp_path, "cold-sores.txt", NOTES)
    assert article.title == "Caring for a cold sore"
    assert kinds(article) == [
        ("paragraph", "Cold sores are small blisters around the mouth. They are caused by a "
                      "common virus and usually clear up on their own in 7 to 10 days."),
        ("heading", "What you can do"),
        ("list_item", "Use a cream from the pharmacy as soon as you feel tingling."),
        ("list_item", "Wash your hands after touching the sore."),
        ("list_item", "Do not kiss babies while you have a cold sore."),
        ("heading", "When to see a doctor"),
        ("list_item", "The sore has not healed after 10 days."),
        ("list_item", "You are pregnant or have a weak immune system."),
    ]
    assert [b.ordered for b in article.blocks() if b.kind is BlockKind.LIST_ITEM] == [
        False, False, False, True, True]


def test_markdown_headings_lists_and_tables(tmp_path: Path) -> None:
    """Markdown's headings, nested lists and tables are kept; emphasis and links leave
    their words."""
    article = article_of(tmp_path, "feet.md", GUIDE)
    assert article.title == "Looking after your feet with diabetes"
    assert kinds(article) == [
        ("paragraph", "High blood sugar can damage the nerves in your feet, so you may not "
                      "feel a cut."),
        ("heading", "Every day"),
        ("list_item", "Check both feet for cuts, blisters or redness."),
        ("list_item", "Wash them in warm water and dry well between the toes."),
        ("list_item", "Use a mirror to see the soles."),
        ("heading", "Foot checks"),
        ("paragraph", "Risk: Low; How often: Once a year"),
        ("paragraph", "Risk: High; How often: Every 1 to 3 months"),
        ("paragraph", "See your podiatrist if a sore does not heal."),
    ]
    assert [b.level for b in article.blocks() if b.kind is BlockKind.LIST_ITEM] == [0, 0, 1]


def word_leaflet() -> bytes:
    """A leaflet saved by python-docx: Word's own heading, list and table styles."""
    import docx

    document = docx.Document()
    document.add_heading("Taking warfarin safely", level=0)
    document.add_paragraph("Warfarin stops blood clots from forming. You need regular "
                           "blood tests to check that your dose is right.")
    document.add_heading("Before you take it", level=1)
    document.add_paragraph("Tell your doctor about all the medicines you take.",
                           style="List Bullet")
    document.add_paragraph("Avoid large amounts of cranberry juice.", style="List Bullet")
    document.add_heading("If you miss a dose", level=2)
    document.add_paragraph("Take it as soon as you remember on the same day.",
                           style="List Number")
    document.add_paragraph("Never take two doses at once.", style="List Number")
    plain = document.add_paragraph()
    plain.add_run("Your blood test results").bold = True
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Result", "What it means"), ("INR 2 to 3", "On "
                          "target"), ("INR over 4", "Call your clinic today")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_headings_lists_and_tables_from_styles(tmp_path: Path) -> None:
    """Title and heading styles give the title and headings with their levels; Word's
    bullet and number lists give list items; a bold line alone is a heading; a table
    with a bold first row reads "heading: cell"."""
    article = article_of(tmp_path, "warfarin.docx", word_leaflet())
    assert article.title == "Taking warfarin safely"
    assert [(b.kind.value, b.text, b.level, b.ordered) for b in article.blocks()] == [
        ("paragraph", "Warfarin stops blood clots from forming. You need regular blood "
                      "tests to check that your dose is right.", 0, False),
        ("heading", "Before you take it", 1, False),
        ("list_item", "Tell your doctor about all the medicines you take.", 0, False),
        ("list_item", "Avoid large amounts of cranberry juice.", 0, False),
        ("heading", "If you miss a dose", 2, False),
        ("list_item", "Take it as soon as you remember on the same day.", 0, True),
        ("list_item", "Never take two doses at once.", 0, True),
        ("heading", "Your blood test results", 3, False),
        ("paragraph", "Result: INR 2 to 3; What it means: On target", 0, False),
        ("paragraph", "Result: INR over 4; What it means: Call your clinic today", 0, False),
    ]


@pytest.mark.parametrize(("data", "name", "content_type", "expected"), [
    (b"%PDF-1.7\n...", "leaflet.html", "", PDF),
    (b"<!DOCTYPE html><p>Hi there.</p>", "notes.txt", "", HTML),
    (b"Rest and drink water.", "page.html", "", TEXT),
    (b"# Flu\n\nRest.", "-", "", MARKDOWN),
    (b"- Rest\n- Drink water", "-", "", MARKDOWN),
    (b"Rest and drink water.", "-", "", TEXT),
    (b"<p>Rest and drink water.</p>", "-", "", HTML),
    (b"# Flu", "https://example.org/flu", "text/markdown", MARKDOWN),
    (b"Rest.", "https://example.org/flu", "text/plain", TEXT),
    (b"Rest.", "notes.md", "", MARKDOWN),
])
def test_the_format_comes_from_content_then_type_then_name(
        data: bytes, name: str, content_type: str, expected: str) -> None:
    """The bytes decide where they can; the content type, then the name, decide between
    the text formats; text with no name is sniffed."""
    assert detect(data, name, content_type) == expected


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)),
     "this is a PNG image, which plainhealth cannot read; give it HTML, PDF, Word (.docx), "
     "plain text or Markdown"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
     "this is an old Word (.doc) or Office file; save it as Word (.docx) or PDF and give "
     "that"),
])
def test_formats_plainhealth_cannot_read_are_named(tmp_path: Path, data: bytes,
                                                   message: str) -> None:
    path = tmp_path / "leaflet.html"
    path.write_bytes(data)
    with pytest.raises(FetchError) as caught:
        load(str(path))
    assert str(caught.value) == f"{path}: {message}"


def test_a_zip_that_is_no_word_file(tmp_path: Path) -> None:
    """A ZIP archive without a Word document inside is refused by name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/one.txt", "not a document")
    path = tmp_path / "leaflet.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(FetchError) as caught:
        load(str(path))
    assert str(caught.value) == (f"{path}: this is a ZIP archive, not a Word (.docx) file; "
                                 "give plainhealth HTML, PDF, Word (.docx), plain text or "
                                 "Markdown")


def test_input_format_forces_a_reader(tmp_path: Path) -> None:
    """--input-format markdown reads a .txt file's "#" lines as headings."""
    path = tmp_path / "guide.txt"
    path.write_text(GUIDE)
    result = CliRunner().invoke(main, ["extract", str(path), "--input-format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Looking after your feet with diabetes\n\nHigh blood")
    plain = CliRunner().invoke(main, ["extract", str(path)])
    assert plain.stdout.startswith("# Looking after your feet with diabetes\n\n")


@pytest.mark.parametrize(("name", "content"), [
    ("note.txt", "Drink plenty of water."),
    ("note.md", "Drink plenty of water."),
    ("note.html", "<html><body><p>Drink plenty of water.</p></body></html>"),
    ("fragment.html", "<p>Drink plenty of water.</p>"),
])
def test_one_short_sentence_converts(tmp_path: Path, name: str, content: str) -> None:
    """A note of one sentence is an article: its own title and its only paragraph."""
    article = article_of(tmp_path, name, content)
    assert article.prose() == ("Drink plenty of water.",)
    assert article.title in ("Drink plenty of water.", "")


def test_one_sentence_on_standard_input(tmp_path: Path) -> None:
    """Pasted text on stdin converts, named after its sentence."""
    result = CliRunner().invoke(main, ["convert", "-", "-o", str(tmp_path), "--no-audio",
                                       "-f", "txt"], input="Wash your hands before meals.\n")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "wash-your-hands-before-meals.txt").read_text().startswith(
        "Wash your hands before meals.")


def test_a_menu_is_still_no_article(tmp_path: Path) -> None:
    """Two links with no sentence are no article, however short articles may be."""
    with pytest.raises(ExtractError, match="no main text found"):
        article_of(tmp_path, "menu.html", "<html><body><nav><a href='/'>Home</a> "
                                          "<a href='/a'>About us</a></nav></body></html>")


def test_text_with_no_words_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractError) as caught:
        article_of(tmp_path, "dots.txt", "... --- ***\n\n!!!")
    assert str(caught.value).endswith("dots.txt: no text found; the file holds no words to "
                                      "convert")


def _docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A real Word file from python-docx with its document part replaced."""
    source = zipfile.ZipFile(io.BytesIO(word_leaflet()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            body = document_xml if item.filename == "word/document.xml" \
                else source.read(item.filename)
            archive.writestr(item.filename, body)
        for name, body in (extra or {}).items():
            archive.writestr(name, body)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_a_zip_bomb_is_refused_unopened(tmp_path: Path) -> None:
    """A Word file whose text part unpacks to 80 MB is refused from the archive's table of
    contents, quickly, without unpacking it."""
    bomb = _docx_with(b"<w:document " + W.encode() + b"><w:body>" + b" " * (80 * 2**20)
                      + b"</w:body></w:document>")
    started = time.perf_counter()
    with pytest.raises(FetchError) as caught:
        article_of(tmp_path, "bomb.docx", bomb)
    assert time.perf_counter() - started < 2
    assert re.fullmatch(re.escape(f"{tmp_path / 'bomb.docx'}: this Word file would unpack "
                                  "to ") + r"8\d MB in \d+ parts, " + re.escape(
        "more than plainhealth unpacks (256 MB, 64 MB of text); it may be a ZIP bomb. Save "
        "the leaflet as a new Word file or a PDF"), str(caught.value))


def test_entity_expansion_is_refused_in_bounded_time(tmp_path: Path) -> None:
    """A "billion laughs" part (entities that would expand to gigabytes) is refused by
    the XML parser in a moment, and the error says what it is."""
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">{laughs}]>'
           f"<w:document {W}><w:body><w:p><w:r><w:t>Take your tablets with food.</w:t></w:r>"
           "</w:p><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>").encode()
    started = time.perf_counter()
    with pytest.raises(FetchError) as caught:
        article_of(tmp_path, "laughs.docx", _docx_with(xml))
    assert time.perf_counter() - started < 5
    assert str(caught.value) == (f"{tmp_path / 'laughs.docx'}: this Word file's XML defines "
                                 "entities that expand without end (an XML bomb); "
                                 "plainhealth does not read it. Save the leaflet again from "
                                 "Word")


def test_an_external_entity_is_never_fetched(tmp_path: Path) -> None:
    """An entity that names a file on this machine is not read into the article."""
    secret = tmp_path / "secret.txt"
    secret.write_text("PRIVATE")
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
           f'"{secret.as_uri()}">]><w:document {W}><w:body><w:p><w:r><w:t>Rest well.</w:t>'
           "</w:r></w:p><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>").encode()
    assert article_of(tmp_path, "xxe.docx", _docx_with(xml)).prose() == ("Rest well.",)


def test_a_huge_image_is_never_decoded(tmp_path: Path) -> None:
    """A picture that claims 100,000 × 100,000 pixels is carried, not opened."""
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (100_000).to_bytes(4, "big") * 2
           + b"\x08\x02\x00\x00\x00" + bytes(4))
    docx = _docx_with(zipfile.ZipFile(io.BytesIO(word_leaflet())).read("word/document.xml"),
                      {"word/media/image1.png": png})
    assert article_of(tmp_path, "photo.docx", docx).title == "Taking warfarin safely"


def test_a_damaged_word_file(tmp_path: Path) -> None:
    """A Word file cut short in the download is a clear error."""
    with pytest.raises(FetchError) as caught:
        article_of(tmp_path, "cut.docx", word_leaflet()[:3000])
    assert str(caught.value) == (f"{tmp_path / 'cut.docx'}: this ZIP archive or Word file is "
                                 "damaged and cannot be opened; save it again and give the "
                                 "new file")


def test_a_folder_of_every_format_and_bad_files(tmp_path: Path) -> None:
    """A folder with Word, text, Markdown and HTML leaflets, a ZIP bomb and a locked-out
    PDF: the good ones convert, the bad ones are reported, nothing half-written."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "warfarin.docx").write_bytes(word_leaflet())
    (folder / "cold-sores.txt").write_text(NOTES)
    (folder / "feet.md").write_text(GUIDE)
    (folder / "note.html").write_text("<p>Drink plenty of water.</p>")
    (folder / "bomb.docx").write_bytes(_docx_with(b" " * (70 * 2**20)))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # not a leaflet: not picked up
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(folder), "-o", str(out), "--no-audio",
                                       "-f", "txt", "--jobs", "1"])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*.txt")) == [
        "cold-sores.txt", "feet.txt", "note.txt", "warfarin.txt"]
    assert f"Error: {folder / 'bomb.docx'}: this Word file would unpack" in result.stderr
    assert (f"Error: {folder / 'broken.pdf'}: this PDF is damaged or not a PDF and cannot "
            "be opened") in result.stderr
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(("path", "title"), [
    ("/leaflet.docx", "Taking warfarin safely"),
    ("/notes.txt", "Caring for a cold sore"),
    ("/guide", "Looking after your feet with diabetes"),
])
def test_urls_are_read_by_their_content_type(server_with: str, path: str, title: str) -> None:
    """A URL serving Word, text/plain or text/markdown is read with the right reader."""
    page = load(f"{server_with}{path}", Limits())
    assert read_article(page).title == title


@pytest.fixture(scope="module")
def server_with(server: str) -> str:
    from conftest import ROUTES, _send

    ROUTES["/leaflet.docx"] = lambda h: _send(h, 200, word_leaflet(), DOCX)
    ROUTES["/notes.txt"] = lambda h: _send(h, 200, NOTES.encode(), "text/plain; charset=utf-8")
    ROUTES["/guide"] = lambda h: _send(h, 200, GUIDE.encode(), "text/markdown")
    return server
