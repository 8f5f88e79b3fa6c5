"""PDF reader: the text layer read with pdfplumber, page by page, into clean raw text.

Each page's characters are read, fake-bold doubles removed (`dedupe_chars`), laid out
into lines and columns (pdf_layout), and the page released before the next one, so
memory stays flat on long files. The pages' lines then become paragraphs (pdf_text).
Unusable files raise IngestError with a plain reason; what could be read despite a
problem (a broken page, glyphs without Unicode, radical code points) comes with a warning.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSEOF
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import dedupe_chars

from pipeline.ingest.errors import IngestError
from pipeline.ingest.pdf_layout import Char, page_blocks
from pipeline.ingest.pdf_sniff import describe
from pipeline.ingest.pdf_text import Page, pages_text
from pipeline.model import RawDocument

# Glyphs without a Unicode mapping come out of pdfminer as "(cid:123)".
_CID = re.compile(r"\(cid:\d+\)")
_MAX_CID_SHARE = 0.5
# Kangxi radicals (U+2F00–U+2FD5) and CJK radicals (U+2E80–U+2EF3) that some PDF fonts
# map their glyphs to, instead of the ordinary characters they look like.
_RADICALS: dict[int, str] = {
    cp: unicodedata.normalize("NFKC", chr(cp))
    for cp in (*range(0x2F00, 0x2FD6), *range(0x2E80, 0x2EF4))
    if unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
}
# CJK Radicals Supplement forms with no NFKC mapping, paired with the ordinary character
# each stands for (Unicode's EquivalentUnifiedIdeograph.txt).
_SUPPLEMENT = (
    "⺠民⺩王⺰纟⻁虎⻄西⻅见⻆角⻈讠⻉贝⻋车⻐钅⻓长⻔门⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食"
    "⻠饣⻡首⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟"
)
_RADICALS |= {ord(_SUPPLEMENT[i]): _SUPPLEMENT[i + 1] for i in range(0, len(_SUPPLEMENT), 2)}
_RADICAL_CHARS = re.compile("[" + "".join(map(chr, sorted(_RADICALS))) + "]")
_PAGE_ERRORS = (PdfminerException, PDFSyntaxError, PSEOF, ValueError, KeyError, TypeError)


@dataclass
class _Reading:
    """What reading a PDF's pages gave: each page's blocks, and what went wrong."""

    pages: list[Page] = field(default_factory=list)
    chars: int = 0
    cid: int = 0
    broken: list[str] = field(default_factory=list)
    imaged: list[int] = field(default_factory=list)


def read_pdf(data: bytes, source: str, doc_id: str) -> RawDocument:
    """The text layer of a PDF as raw text with page starts, or IngestError."""
    kind = describe(data)
    if kind != "a PDF document":
        raise IngestError(f"{source}: not a PDF (the bytes are {kind}); check the file")
    reading = _read(data, source)
    _check_usable(reading, source)
    text, page_starts = pages_text(reading.pages)
    radicals = len(_RADICAL_CHARS.findall(text))
    text = text.translate(_RADICALS)
    return RawDocument(
        doc_id=doc_id,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding="pdf",
        text=text,
        pages=len(reading.pages),
        page_starts=page_starts,
        warnings=_warnings(reading, radicals, source),
    )


def _read(data: bytes, source: str) -> _Reading:
    """Every page's blocks; a page that cannot be parsed is left empty and noted."""
    reading = _Reading()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                reading.pages.append(_read_page(page, number, reading))
                page.close()
    except PdfminerException as exc:
        raise IngestError(_open_error(exc.args[0] if exc.args else exc, source)) from exc
    except (PDFSyntaxError, PSEOF) as exc:
        raise IngestError(_open_error(exc, source)) from exc
    return reading


def _read_page(page: pdfplumber.page.Page, number: int, reading: _Reading) -> Page:
    try:
        chars: list[Char] = page.chars
        if not chars and page.images:
            reading.imaged.append(number)
    except _PAGE_ERRORS as exc:
        reading.broken.append(f"page {number} ({_reason(exc)})")
        return []
    usable = [c for c in chars if not _CID.fullmatch(c["text"])]
    reading.cid += len(chars) - len(usable)
    reading.chars += len(usable)
    return page_blocks(_without_doubles(usable))


def _without_doubles(chars: list[Char]) -> list[Char]:
    """Characters drawn twice at (almost) the same place, as fake bold does, once.

    pdfplumber's `dedupe_chars` is quadratic in the page's characters, so it only runs
    when some character shares its text and rounded position with another."""
    for shift in (0.0, 0.5):  # two grids, so that doubles less than 0.5 pt apart meet in one
        keys = {(c["text"], int(c["x0"] + shift), int(c["top"] + shift)) for c in chars}
        if len(keys) < len(chars):
            return dedupe_chars(chars)
    return chars


def _open_error(exc: BaseException, source: str) -> str:
    if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError):
        return f"{source}: the PDF is encrypted and needs a password; save an unprotected copy and retry"
    return f"{source}: the PDF is damaged ({_reason(exc)}); re-download or re-export it"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    if isinstance(exc, PSEOF):
        return "it ends too early, as if truncated"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _check_usable(reading: _Reading, source: str) -> None:
    if not reading.pages and reading.broken:
        raise IngestError(f"{source}: the PDF is damaged (no page can be read); re-download or re-export it")
    if reading.cid > _MAX_CID_SHARE * (reading.cid + reading.chars):
        raise IngestError(
            f"{source}: the PDF's fonts map {reading.cid} of {reading.cid + reading.chars} glyphs to no "
            "character, so its text cannot be read; run OCR on it or export it again"
        )
    if not reading.chars:
        raise IngestError(f"{source}: no text layer — a scanned PDF needs OCR first")


def _warnings(reading: _Reading, radicals: int, source: str) -> tuple[str, ...]:
    warnings = []
    if reading.broken:
        warnings.append(f"{source}: the PDF is damaged; unreadable, skipped: {', '.join(reading.broken)}")
    if reading.imaged:
        pages = ", ".join(map(str, reading.imaged))
        warnings.append(f"{source}: page(s) {pages} are images without a text layer; their text is missing")
    if reading.cid:
        warnings.append(
            f"{source}: {reading.cid} glyph(s) have no Unicode mapping ((cid:N) codes) and were dropped"
        )
    if radicals:
        warnings.append(
            f"{source}: {radicals} radical code point(s) (U+2E80–U+2FD5) mapped to the ordinary characters"
        )
    return tuple(warnings)
