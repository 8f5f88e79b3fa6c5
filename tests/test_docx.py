"""Word ingestion: body paragraphs and tables in order, headers/footers left out."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from pipeline.ingest import IngestError, read_document
from tests.conftest import CORPUS, metadata_of, needs_shared, shared_pipeline


def _make_docx(path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉：领导学刊"
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    document.add_heading("广州科技创新强市", level=1)
    document.add_paragraph("科技创新是推动城市发展的核心动力。")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("指标", "数值", "单位"), ("在校大学生", "165", "万人")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("联系服务广州地区的两院院士有 63 人。")
    document.save(str(path))


def test_docx_body_is_read_in_order_with_table_rows(tmp_path: Path) -> None:
    path = tmp_path / "brief.docx"
    _make_docx(path)
    doc = read_document(path, str(path), "brief")
    assert doc.encoding == "docx"
    assert doc.text == (
        "广州科技创新强市\n\n科技创新是推动城市发展的核心动力。\n\n"
        "指标\t数值\t单位\n在校大学生\t165\t万人\n\n联系服务广州地区的两院院士有 63 人。\n"
    )


def test_docx_headers_and_footers_stay_out_of_the_body(tmp_path: Path) -> None:
    path = tmp_path / "brief.docx"
    _make_docx(path)
    text = read_document(path, str(path), "brief").text
    assert "页眉" not in text and "第 1 页" not in text


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_files_are_refused_plainly(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"old{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(IngestError, match=r"unsupported: save as \.docx or PDF"):
        read_document(path, str(path), "old")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, r"not a Word \.docx file \(the bytes are a PNG image\)"),
        (b"PK\x03\x04" + b"\0" * 64, r"the \.docx file is damaged"),
    ],
)
def test_bad_docx_files_give_plain_errors(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=message) as err:
        read_document(path, "in/bad.docx", "bad")
    assert "in/bad.docx" in str(err.value)


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    with pytest.raises(IngestError, match="the document is empty"):
        read_document(path, str(path), "empty")


@needs_shared()
def test_seed_docx_gives_the_txt_text_and_metadata() -> None:
    pipeline = shared_pipeline()
    word = pipeline.process(CORPUS / "docs/docx/seed-guangzhou-innovation.docx", "seed.docx", "seed-docx")
    txt = pipeline.process(CORPUS / "docs/txt/seed-guangzhou-innovation.txt", "seed.txt", "seed")
    assert word.document.status == "ok"
    assert re.sub(r"\n+", "\n", word.text.strip()) == re.sub(r"\n+", "\n", txt.text.strip())
    assert metadata_of(word) == metadata_of(txt)
