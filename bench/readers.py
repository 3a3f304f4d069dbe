"""The PDF and Word readers on files made from real patient pages, beside pdftotext.

At run time, pages from the measured half of ../shared/data/patient-pages (split by site
as its README says; half A is for tuning) are laid out as leaflets and printed to PDF with
headless Chromium (one column, two columns, a table; Chromium's own header and footer of
date, title, address and page numbers left on) and with LibreOffice (HTML to PDF, and a
two-column Word file to PDF), and saved as Word files by LibreOffice. Each page's text is
the truth. Files go to bench/.cache/readers/, which git ignores.

Figures:
- extraction F1 per file, with the shared scorer's metric (4-word shingles), and the mean;
- headings recovered: the leaflet's headings found as headings (or the title);
- PDF time against `pdftotext FILE -` on the same files, same run (median of 3 each);
- a 500-page PDF: peak memory of a fresh process reading it, and its time against
  pdftotext's.

Usage: python bench/readers.py [--half A|B] [--files N] [--keep]
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import site_halves

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = next((folder / "shared" for folder in ROOT.parents
               if (folder / "shared" / "data").is_dir()), ROOT.parent / "shared")
"""../shared beside the repository (or beside a folder of worktrees)."""
DATA = Path(os.environ.get("PLAINHEALTH_PATIENT_PAGES",
                           SHARED / "data" / "patient-pages" / "pages.jsonl"))
SCORER = SHARED / "tools" / "extraction_score.py"
CACHE = HERE / ".cache" / "readers"
STYLE = {
    "one": "body{font-family:'DejaVu Serif';font-size:11pt;max-width:17cm}",
    "two": "body{font-family:'Liberation Sans';font-size:10pt}"
           "main{columns:2;column-gap:1cm} h1{column-span:all}",
    "table": "body{font-family:'DejaVu Sans';font-size:10.5pt}"
             "td{border:1px solid #444;padding:3px;vertical-align:top}",
}


def halves() -> dict[str, list[dict[str, str]]]:
    """The README's split by site: A for tuning, B for reporting."""
    records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    half = site_halves(records)
    return {h: [r for r in records if half[r["site"]] == h and r["topic"] != "marketing"]
            for h in "AB"}


def blocks(text: str) -> list[tuple[str, str]]:
    """The page's blocks as (kind, text): heading, paragraph or list (lines joined by \\n)."""
    out = []
    for chunk in text.split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1:
            out.append(("list", "\n".join(lines)))
        elif len(lines[0].split()) <= 12 and not lines[0].endswith((".", ":", "?", "!", ",")):
            out.append(("heading", lines[0]))
        else:
            out.append(("paragraph", lines[0]))
    return out


def leaflet(record: dict[str, str], layout: str) -> tuple[str, list[str]]:
    """HTML for the page and its headings (the first block is the title)."""
    parts, headings, tabled = [], [], False
    for number, (kind, text) in enumerate(blocks(record["text"])):
        if kind == "heading":
            tag = "h1" if number == 0 else "h2"
            parts.append(f"<{tag}>{html.escape(text)}</{tag}>")
            headings.append(text)
        elif kind == "list" and layout == "table" and not tabled:
            items = [html.escape(item.lstrip("•·-* ")) for item in text.split("\n")]
            rows = ["<tr>" + "".join(f"<td>{cell}</td>" for cell in items[i:i + 2]) + "</tr>"
                    for i in range(0, len(items), 2)]
            parts.append(f"<table>{''.join(rows)}</table>")
            tabled = True
        elif kind == "list":
            items = [html.escape(item.lstrip("•·-* ")) for item in text.split("\n")]
            parts.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
        else:
            parts.append(f"<p>{html.escape(text)}</p>")
    body = "".join(parts)
    page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>"
            f"{html.escape(record['title'])}</title><style>{STYLE[layout]}</style></head>"
            f"<body><main>{body}</main></body></html>")
    return page, headings


def chromium_pdf(source: Path, target: Path, header: bool = True) -> None:
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    *([] if header else ["--no-pdf-header-footer"]),
                    f"--print-to-pdf={target}", source.as_uri()],
                   check=True, capture_output=True, timeout=300)


def soffice(source: Path, target_format: str, out: Path) -> Path:
    # Writer's own HTML filter: the default (Writer/Web) drops a page's first sentence
    reader = ["--infilter=HTML (StarWriter)"] if source.suffix == ".html" else []
    subprocess.run(["soffice", "--headless", *reader, "--convert-to", target_format,
                    "--outdir", str(out), str(source)], check=True, capture_output=True,
                   timeout=300)
    return out / f"{source.stem}.{target_format.split(':')[0]}"


def two_column_docx(record: dict[str, str], target: Path) -> list[str]:
    """A Word file in two columns (python-docx), for LibreOffice to print: its headings."""
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document()
    columns = document.sections[0]._sectPr.find(qn("w:cols"))
    if columns is None:
        columns = etree.SubElement(document.sections[0]._sectPr, qn("w:cols"))
    columns.set(qn("w:num"), "2")
    headings = []
    for number, (kind, text) in enumerate(blocks(record["text"])):
        if kind == "heading":
            document.add_heading(text, level=1 if number == 0 else 2)
            headings.append(text)
        elif kind == "list":
            for item in text.split("\n"):
                document.add_paragraph(item.lstrip("•·-* "), style="List Bullet")
        else:
            document.add_paragraph(text)
    document.save(str(target))
    return headings


def make_files(records: list[dict[str, str]], count: int) -> list[tuple[Path, dict, list]]:
    """(file, record, headings): PDFs by Chromium and LibreOffice, Word files by LibreOffice."""
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE.parent / ".gitignore").write_text("*\n")
    plan = (["chromium-one", "chromium-two", "chromium-table", "lo-pdf", "lo-two-pdf",
             "lo-docx"] * count)[:count]
    made = []
    for kind, record in zip(plan, records, strict=False):
        layout = "two" if "two" in kind else "table" if "table" in kind else "one"
        page, headings = leaflet(record, layout)
        source = CACHE / f"{record['id']}-{kind}.html"
        source.write_text(page, encoding="utf-8")
        if kind.startswith("chromium"):
            target = source.with_suffix(".pdf")
            chromium_pdf(source, target)
        elif kind == "lo-pdf":
            target = soffice(source, "pdf", CACHE)
        elif kind == "lo-docx":
            target = soffice(source, "docx:MS Word 2007 XML", CACHE)
        else:
            word = CACHE / f"{record['id']}-{kind}.docx"
            headings = two_column_docx(record, word)
            target = soffice(word, "pdf", CACHE / "pdf")
        made.append((target, record, headings))
    return made


def scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("extraction_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(path: Path):  # type: ignore[no-untyped-def]
    from plainhealth.models import Limits
    from plainhealth.source.fetch import load
    from plainhealth.source.read import read_article

    return read_article(load(str(path)), Limits())


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def quality(made: list[tuple[Path, dict, list]]) -> None:
    from plainhealth.models import BlockKind
    from plainhealth.source.extract import article_text

    score = scorer()
    f1s, found, total = [], 0, 0
    print(f"{'file':<34} {'F1':>6} {'P':>6} {'R':>6}  headings")
    for path, record, headings in made:
        article = read(path)
        tp, fp, fn = score.page_tp_fp_fn(record["text"], article_text(article))
        p, r = score.page_precision(tp, fp, fn), score.page_recall(tp, fp, fn)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        ours = {_norm(article.title)} | {_norm(b.text) for b in article.blocks()
                                         if b.kind is BlockKind.HEADING}
        hit = sum(_norm(h) in ours for h in headings)
        found, total = found + hit, total + len(headings)
        f1s.append(f1)
        print(f"{path.name:<34} {f1:6.3f} {p:6.3f} {r:6.3f}  {hit}/{len(headings)}")
    print(f"mean F1 {statistics.fmean(f1s):.3f} over {len(f1s)} files "
          f"(min {min(f1s):.3f}); headings recovered {found}/{total} "
          f"= {found / max(1, total):.1%}")


def _median_seconds(run, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def speed(pdfs: list[Path]) -> None:
    ours = sum(_median_seconds(lambda p=p: read(p)) for p in pdfs)
    theirs = sum(_median_seconds(lambda p=p: subprocess.run(
        ["pdftotext", str(p), "-"], check=True, capture_output=True)) for p in pdfs)
    print(f"PDF time, {len(pdfs)} files: plainhealth {ours * 1000:.0f} ms, pdftotext "
          f"{theirs * 1000:.0f} ms: ratio {ours / theirs:.2f} (median of 3 each, summed)")


def big_pdf(records: list[dict[str, str]], pages: int = 500) -> Path:
    """A PDF of at least ``pages`` pages: the pages' leaflets one after another."""
    target = CACHE / f"book-{pages}.pdf"  # Chromium fits about 1.5 leaflets a page
    if target.exists():
        return target
    parts, at = [], 0
    while len(parts) < pages * 1.4:
        parts.append(leaflet(records[at % len(records)], "one")[0].split("<main>")[1]
                     .split("</main>")[0] + "<div style='break-after:page'></div>")
        at += 1
    source = CACHE / "book.html"
    source.write_text("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><style>"
                      f"{STYLE['one']}</style></head><body>{''.join(parts)}</body></html>")
    chromium_pdf(source, target)
    return target


def memory_and_time(path: Path) -> None:
    """Peak RSS and CPU time of a fresh process reading ``path``, beside pdftotext's CPU
    time (the machine is shared: wall time there says more about the neighbours)."""
    import pypdfium2

    count = len(pypdfium2.PdfDocument(path))
    setup = f"import resource, sys; sys.path.insert(0, {str(HERE)!r}); import readers; "
    usage = ("u = resource.getrusage(resource.RUSAGE_SELF); "
             "print(u.ru_utime + u.ru_stime, u.ru_maxrss / 1024)")
    ours = [subprocess.run([sys.executable, "-c", setup + f"readers.read(readers.Path("
                            f"{str(path)!r})); " + usage], check=True, capture_output=True,
                           text=True).stdout.split() for _ in range(3)]
    idle = subprocess.run([sys.executable, "-c", setup + "from plainhealth.source import "
                           "pdf, read, fetch; " + usage], check=True, capture_output=True,
                          text=True).stdout.split()
    theirs = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        theirs.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    cpu = statistics.median(float(run[0]) - float(idle[0]) for run in ours)
    peak = max(float(run[1]) for run in ours)
    print(f"{count}-page PDF ({path.stat().st_size / 2**20:.1f} MB): peak RSS {peak:.0f} MB "
          f"(a process that only imports the readers: {float(idle[1]):.0f} MB); CPU "
          f"{cpu:.2f} s beyond start-up, pdftotext {statistics.median(theirs):.2f} s: ratio "
          f"{cpu / statistics.median(theirs):.2f} (median of 3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="B", choices="AB")
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep bench/.cache/readers")
    args = parser.parse_args()
    if not DATA.is_file() or not shutil.which("chromium") or not shutil.which("soffice"):
        print("readers: needs the patient pages, chromium and soffice (LibreOffice); skipped")
        return
    records = halves()[args.half]
    made = make_files(records, args.files)
    print(f"readers: {len(made)} files from half {args.half} of the patient pages")
    quality(made)
    if shutil.which("pdftotext"):
        speed([path for path, _, _ in made if path.suffix == ".pdf"])
        memory_and_time(big_pdf(records))
    if not args.keep:
        shutil.rmtree(CACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
