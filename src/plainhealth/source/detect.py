"""Which format a source is: by its content first, then its content type or file name.

The bytes decide wherever they can (a PDF named .html is a PDF); the server's content type
and the file's extension decide between the text formats; ``--input-format`` overrides all.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from plainhealth.errors import FetchError
from plainhealth.source.decode import sniff_binary

HTML = "text/html"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
MARKDOWN = "text/markdown"
BINARY = (PDF, DOCX)
FORMATS = {"html": HTML, "pdf": PDF, "docx": DOCX, "text": TEXT, "markdown": MARKDOWN}
"""The --input-format names and the format each stands for."""

ACCEPTED_TYPES = {
    "text/html": HTML, "application/xhtml+xml": HTML, "application/pdf": PDF,
    "application/x-pdf": PDF, DOCX: DOCX, "text/plain": TEXT, "text/markdown": MARKDOWN,
    "text/x-markdown": MARKDOWN,
}
"""Content types a server may send, and the format each is read as."""
UNTYPED = ("application/octet-stream", "binary/octet-stream", "application/download")
"""Content types that say nothing: the bytes and the address decide."""

_SUFFIXES = {
    ".html": HTML, ".htm": HTML, ".xhtml": HTML, ".txt": TEXT, ".text": TEXT,
    ".md": MARKDOWN, ".markdown": MARKDOWN, ".pdf": PDF, ".docx": DOCX,
}
READABLE = (".html", ".htm", ".xhtml", ".pdf", ".docx", ".txt", ".md", ".markdown")
"""File endings a folder is searched for."""
WHAT_WE_READ = "HTML, PDF, Word (.docx), plain text or Markdown"
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(rb"<(?:p|div|h[1-6]|ul|ol|li|table|article|main|section|br|span|a)\b"
                       rb"[^>]*>", re.IGNORECASE)
_MARKDOWN = re.compile(rb"^(?:#{1,6}[ \t]+\S|[ \t]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S.*\n"
                       rb"[ \t]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S)", re.MULTILINE)


def detect(data: bytes, name: str, content_type: str = "", forced: str = "auto") -> str:
    """The format to read ``data`` as (one of FORMATS' values); raises FetchError for a
    kind of file plainhealth cannot read."""
    if forced != "auto":
        return FORMATS[forced]
    if b"%PDF-" in data[:1024]:  # the standard lets a few bytes of junk come first
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, name)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise FetchError(f"{name}: this is an old Word (.doc) or Office file; save it as "
                         "Word (.docx) or PDF and give that")
    kind = sniff_binary(data)
    if kind:
        raise FetchError(f"{name}: this is {kind}, which plainhealth cannot read; give it "
                         f"{WHAT_WE_READ}")
    declared = ACCEPTED_TYPES.get(content_type) or _SUFFIXES.get(_suffix(name))
    if declared in (TEXT, MARKDOWN) and _HTML_START.match(data[:4096]):
        return HTML  # a web page saved as .txt or served as text/plain
    if declared in (HTML, TEXT, MARKDOWN):
        return declared if declared != HTML or b"<" in data else TEXT
    return _sniff_text(data[:65536])


def _suffix(name: str) -> str:
    path = urlsplit(name).path if "://" in name else name
    return PurePosixPath(path.replace("\\", "/")).suffix.lower()


def _sniff_text(head: bytes) -> str:
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= 1:
        return HTML
    return MARKDOWN if _MARKDOWN.search(head) else TEXT


def _zip_kind(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FetchError(f"{name}: this ZIP archive or Word file is damaged and cannot be "
                         "opened; save it again and give the new file") from None
    if "word/document.xml" in names:
        return DOCX
    if "content.xml" in names:
        raise FetchError(f"{name}: this is an OpenDocument file; save it as Word (.docx) or "
                         "PDF and give that")
    raise FetchError(f"{name}: this is a ZIP archive, not a Word (.docx) file; give "
                     f"plainhealth {WHAT_WE_READ}")
