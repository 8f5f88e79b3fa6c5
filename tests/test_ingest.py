"""Ingest: encodings detected and recorded, bad inputs become plain error messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import IngestError, discover, doc_ids, read_document
from tests.conftest import CORPUS, ROOT, needs_shared

SEED = (ROOT / "samples" / "seed-guangzhou-innovation.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "recorded"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, recorded: str) -> None:
    path = tmp_path / "seed.txt"
    path.write_bytes(SEED.encode(encoding))
    doc = read_document(path, str(path), "seed")
    assert doc.text == SEED
    assert doc.encoding == recorded


def test_big5_is_detected(tmp_path: Path) -> None:
    text = "廣州在校大學生165萬人，規模穩居全國第一。外籍人才數量比2019年底增長40%，居全國第三。\n" * 3
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    doc = read_document(path, str(path), "big5")
    assert doc.encoding == "big5"
    assert doc.text == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the document is empty"),
        (" \n\t\u3000\n".encode(), "the document is empty"),
        (bytes(range(256)) * 16, "not text in any supported encoding"),
    ],
)
def test_unusable_text_files_give_plain_errors(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=message) as err:
        read_document(path, "in/bad.txt", "bad")
    assert "in/bad.txt" in str(err.value)


def test_a_few_bad_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(SEED[:1000].encode() + b"\xff\xfe" + SEED[1000:].encode())
    doc = read_document(path, str(path), "broken")
    assert doc.text.count("\ufffd") == 2
    assert "2 undecodable byte(s)" in doc.warnings[0]


def test_unsupported_types_list_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(IngestError, match=r"unsupported file type '\.xlsx'; supported: .*\.txt"):
        read_document(path, str(path), "table")


def test_doc_ids_stay_unique_when_stems_clash() -> None:
    ids = doc_ids(["a/report.txt", "b/report.txt", "report.pdf", "other.txt"])
    assert len(set(ids.values())) == 4
    assert ids["other.txt"] == "other"
    assert all(i.startswith("report-") for s, i in ids.items() if "report" in s)
    assert ids == doc_ids(["a/report.txt", "b/report.txt", "report.pdf", "other.txt"])


def test_discover_walks_folders_and_skips_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    assert discover([tmp_path]) == [tmp_path / "a.txt", tmp_path / "sub" / "b.md"]


@needs_shared()
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "the document is empty"),
        ("whitespace-only.txt", "the document is empty"),
        ("binary-garbage.txt", "not text in any supported encoding"),
        ("unsupported.xlsx", "unsupported file type"),
    ],
)
def test_shared_bad_inputs(name: str, message: str) -> None:
    path = CORPUS / "bad" / name
    with pytest.raises(IngestError, match=message):
        read_document(path, str(path), "bad")


@needs_shared()
@pytest.mark.parametrize(
    ("name", "encoding"),
    [("seed-utf16.txt", "utf-16"), ("seed-gb18030.txt", "gb18030"), ("seed-big5-traditional.txt", "big5")],
)
def test_shared_encoded_seeds(name: str, encoding: str) -> None:
    path = CORPUS / "bad" / name
    assert read_document(path, str(path), "seed").encoding == encoding
