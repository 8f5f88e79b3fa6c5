"""Plain-text readers: detect the encoding (BOM, strict UTF-8, charset-normalizer), decode."""

from __future__ import annotations

import codecs
import hashlib
import unicodedata

import charset_normalizer

from pipeline.ingest.errors import IngestError
from pipeline.model import RawDocument

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings a Chinese bulletin comes in; detection is limited to these.
CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16", "utf_32"]
# A UTF-8 file with at most this share of bad bytes is read with them replaced.
MAX_BAD_SHARE = 0.001
MAX_CONTROL_SHARE = 0.01


def read_txt(data: bytes, source: str, doc_id: str) -> RawDocument:
    """Decode a text file; a few undecodable UTF-8 bytes are replaced with a warning."""
    encoding, text, bad = decode(data, source)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise IngestError(
            f"{source}: not text in any supported encoding ({', '.join(CANDIDATES)}); is it binary?"
        )
    if not text.strip(" \t\r\n\u3000\ufeff"):
        raise IngestError(f"{source}: the document is empty (only whitespace)")
    warnings = (
        (f"{source}: {bad} undecodable byte(s) replaced with U+FFFD; check the file's encoding",)
        if bad
        else ()
    )
    return RawDocument(
        doc_id=doc_id,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        warnings=warnings,
    )


def decode(data: bytes, source: str) -> tuple[str, str, int]:
    """(encoding, text, number of replaced bytes) for `data`, or IngestError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data.decode(encoding), 0
    try:
        return "utf-8", data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is not None:
        return _name(best.encoding), str(best), 0
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(3, MAX_BAD_SHARE * len(text)):
        return "utf-8", text, bad
    raise IngestError(
        f"{source}: not text in any supported encoding ({', '.join(CANDIDATES)}); is it binary?"
    )


def _name(encoding: str) -> str:
    return codecs.lookup(encoding).name.replace("_", "-")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    return controls / min(len(text), 20000)
