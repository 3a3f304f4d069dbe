"""The PDF reader on real PDFs: a leaflet written for the project, printed by headless
Chromium (with its own running header and footer), and PDFs built with PDFium itself (a
scan with no text layer, a book of thousands of pages), one locked by pypdf."""

from __future__ import annotations

import io
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainhealth.cli import main
from plainhealth.errors import ExtractError, FetchError
from plainhealth.models import Article, BlockKind, Limits
from plainhealth.source.fetch import load
from plainhealth.source.read import read_article

CHROMIUM = Path("/usr/bin/chromium")
LEAFLET = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Asthma print copy</title><style>
body{font-family:"DejaVu Serif";font-size:11pt;width:15cm} h1{font-size:22pt}
h2{font-size:15pt} ul{list-style-type:"•  "} .narrow{width:6cm}
.cols{columns:2;column-gap:1cm} td,th{border:1px solid #000;padding:4px}
.next{break-before:page}</style></head><body>
<h1>Living with asthma</h1>
<p>Asthma affects the small tubes that carry air in and out of your lungs. With the right
treatment most people live a full and active life. This leaflet tells you how to ﬁnd help
and what to do when a cold or the ﬂu makes your breathing worse.</p>
<p class="narrow">Your nurse will check your inhaler tech&shy;nique and your medi&shy;cation
at every review, and will write a personal action plan with you.</p>
<h2>Signs of an asthma attack</h2>
<ul><li>You are coughing or wheezing more than usual.</li>
<li>Your reliever inhaler does not help, or you need it more than every four hours.</li>
<li>You are too breathless to speak, eat or sleep.</li></ul>
<h2>What to do in an attack</h2>
<ol><li>Sit up straight and try to keep calm.</li>
<li>Take one puff of your reliever inhaler every 30 to 60 seconds, up to 10 puffs.</li>
<li>If you do not feel better after 10 puffs, call 999.</li></ol>
<div class="cols"><h2>Your medicines</h2><p>Most people with asthma use two inhalers. The
preventer calms the swelling in your airways over time, so you use it every day, even
when you feel well. The reliever opens your airways quickly when you have symptoms.</p>
<p>Rinse your mouth after using the preventer. This lowers the chance of a sore throat
and of thrush in your mouth. Keep your reliever with you at all times.</p>
<h2>Triggers</h2><p>Common triggers are colds, pollen, dust, smoke and cold air. Keep a
diary of when your symptoms start, and talk to your nurse about the triggers you find.</p>
</div>
<h2 class="next">Peak flow zones</h2>
<table><tr><th>Zone</th><th>Peak flow</th><th>What to do</th></tr>
<tr><td>Green</td><td>Over 80% of your best</td><td>Carry on as usual</td></tr>
<tr><td>Amber</td><td>50 to 80%</td><td>Use your reliever and call your GP</td></tr>
<tr><td>Red</td><td>Under 50%</td><td>Call 999</td></tr></table>
<h2>More help</h2><p>Ask your pharmacist to show you how to use a spacer. A spacer helps
more of the medicine reach your lungs.</p></body></html>"""


def chromium_pdf(tmp: Path, html: str, name: str) -> Path:
    """``html`` printed by headless Chromium, its default header and footer left on."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is needed to print the test PDFs (make system)")
    source = tmp / f"{name}.html"
    source.write_text(html, encoding="utf-8")
    target = tmp / f"{name}.pdf"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                    f"--print-to-pdf={target}", source.as_uri()], check=True,
                   capture_output=True, timeout=120)
    return target


@pytest.fixture(scope="session")
def leaflet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return chromium_pdf(tmp_path_factory.mktemp("pdf"), LEAFLET, "asthma")


@pytest.fixture(scope="session")
def article(leaflet: Path) -> Article:
    return read_article(load(str(leaflet)))


def texts(article: Article, kind: BlockKind) -> list[str]:
    return [block.text for block in article.blocks() if block.kind is kind]


def test_title_and_headings_come_from_the_font_sizes(article: Article) -> None:
    """The largest text is the title; the section headings are headings one level down."""
    assert article.title == "Living with asthma"
    assert [(s.heading, s.level) for s in article.sections if s.heading] == [
        ("Signs of an asthma attack", 2), ("What to do in an attack", 2),
        ("Your medicines", 2), ("Triggers", 2), ("Peak flow zones", 2), ("More help", 2)]


def test_lists_come_from_their_markers(article: Article) -> None:
    """Bullets and numbers start list items; numbered ones are ordered; a wrapped item
    stays one item."""
    items = [b for b in article.blocks() if b.kind is BlockKind.LIST_ITEM]
    assert [(b.text, b.ordered) for b in items] == [
        ("You are coughing or wheezing more than usual.", False),
        ("Your reliever inhaler does not help, or you need it more than every four hours.",
         False),
        ("You are too breathless to speak, eat or sleep.", False),
        ("Sit up straight and try to keep calm.", True),
        ("Take one puff of your reliever inhaler every 30 to 60 seconds, up to 10 puffs.",
         True),
        ("If you do not feel better after 10 puffs, call 999.", True)]


def test_two_columns_are_read_one_after_the_other(article: Article) -> None:
    """The first column's paragraphs come before the second's, each whole."""
    paragraphs = texts(article, BlockKind.PARAGRAPH)
    first = next(i for i, p in enumerate(paragraphs) if p.startswith("Most people with"))
    assert paragraphs[first].endswith("quickly when you have symptoms.")
    assert paragraphs[first + 1] == ("Rinse your mouth after using the preventer. This "
                                     "lowers the chance of a sore throat and of thrush in "
                                     "your mouth. Keep your reliever with you at all times.")


def test_a_table_is_read_row_by_row_with_its_headings(article: Article) -> None:
    """Each row reads as "column heading: cell", as the HTML path reads a table."""
    rows = [text for text in texts(article, BlockKind.PARAGRAPH) if text.startswith("Zone")]
    assert rows == [
        "Zone: Green; Peak flow: Over 80% of your best; What to do: Carry on as usual",
        "Zone: Amber; Peak flow: 50 to 80%; What to do: Use your reliever and call your GP",
        "Zone: Red; Peak flow: Under 50%; What to do: Call 999"]


def test_running_header_footer_and_page_numbers_are_dropped(article: Article) -> None:
    """Chromium prints the date, the page's <title>, its address and "1/2" on each page;
    none of it is the leaflet's text."""
    text = " ".join(block.text for block in article.blocks())
    for furniture in ("Asthma print copy", "file://", "1/2", "2/2"):
        assert furniture not in text


def test_hyphenated_words_are_joined_and_ligatures_spelled_out(article: Article) -> None:
    """Words broken at a line end come back whole; ﬁ and ﬂ become their letters."""
    text = " ".join(block.text for block in article.blocks())
    assert "inhaler technique and your medication at every review" in text
    assert "how to find help" in text and "the flu makes" in text
    assert "ﬁ" not in text and "ﬂ" not in text and "\u2010" not in text


def test_convert_writes_outputs_for_a_pdf(leaflet: Path, tmp_path: Path) -> None:
    """`plainhealth convert leaflet.pdf` makes the usual outputs, named after the file."""
    result = CliRunner().invoke(main, ["convert", str(leaflet), "-o", str(tmp_path),
                                       "--no-audio", "-f", "txt,json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "asthma.txt").read_text().startswith("Living with asthma")


def _pdfium_document(pages: int, image: bool = False) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        page = document.new_page(595, 842)
        if image:  # a scanned page: one picture and no text
            bitmap = pypdfium2.PdfBitmap.new_native(200, 200, pypdfium2.raw.FPDFBitmap_BGR)
            bitmap.fill_rect((250, 250, 250, 255), 0, 0, 200, 200)
            picture = pypdfium2.PdfImage.new(document)
            picture.set_bitmap(bitmap)
            picture.set_matrix(pypdfium2.PdfMatrix().scale(500, 700).translate(40, 60))
            page.insert_obj(picture)
            page.gen_content()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_scan_is_a_clear_error(tmp_path: Path) -> None:
    """A PDF of page images has no text to read, and the error says so."""
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_pdfium_document(2, image=True))
    with pytest.raises(ExtractError) as caught:
        read_article(load(str(scan)))
    assert str(caught.value) == (
        f"{scan}: the PDF has no text layer, only images of its 2 pages (a scan); run it "
        "through OCR software to add the text, then convert that")


def test_thousands_of_pages_are_refused_at_once(tmp_path: Path) -> None:
    """A 2,500-page PDF is over the page limit: refused in well under a second, before
    any page is read."""
    book = tmp_path / "book.pdf"
    book.write_bytes(_pdfium_document(2500))
    started = time.perf_counter()
    with pytest.raises(ExtractError) as caught:
        read_article(load(str(book)), Limits(max_pages=2000))
    assert time.perf_counter() - started < 2
    assert str(caught.value) == (
        f"{book}: the PDF has 2,500 pages, more than the 2,000 plainhealth reads at once; "
        "split it, or raise the limit with --max-pages")


def test_max_pages_on_the_command_line(leaflet: Path, tmp_path: Path) -> None:
    """--max-pages 1 refuses the two-page leaflet and writes nothing for it."""
    result = CliRunner().invoke(main, ["convert", str(leaflet), "-o", str(tmp_path),
                                       "--no-audio", "--max-pages", "1"])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {leaflet}: the PDF has 2 pages, more than the 1 "
                             "plainhealth reads at once; split it, or raise the limit with "
                             "--max-pages\n")
    assert list(tmp_path.iterdir()) == []


def test_a_locked_pdf_is_a_clear_error(leaflet: Path, tmp_path: Path) -> None:
    """A PDF that needs a password to open says so."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(leaflet))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(FetchError) as caught:
        read_article(load(str(locked)))
    assert str(caught.value) == (f"{locked}: the PDF is locked with a password; open it "
                                 "with the password, save an unlocked copy and give that")


def test_a_pdf_locked_only_against_editing_is_read(leaflet: Path, tmp_path: Path) -> None:
    """Restrictions that every reader opens without a password (no editing, no copying)
    do not stop a reader that makes the leaflet accessible."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(leaflet))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128",
                   permissions_flag=0)
    restricted = tmp_path / "restricted.pdf"
    with restricted.open("wb") as handle:
        writer.write(handle)
    assert read_article(load(str(restricted))).title == "Living with asthma"


@pytest.mark.parametrize("cut", [40, 2000])
def test_a_damaged_pdf_is_a_clear_error(leaflet: Path, tmp_path: Path, cut: int) -> None:
    """A truncated download is refused as damaged, not a crash."""
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(leaflet.read_bytes()[:cut])
    with pytest.raises(FetchError) as caught:
        read_article(load(str(broken)))
    assert str(caught.value) == (f"{broken}: this PDF is damaged or not a PDF and cannot be "
                                 "opened; save or download it again")
