"""PDF ingestion: layout repair on synthetic pages, and every corpus PDF read cleanly.

Each bug found on a real file has a test named after the file and the bug.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.ingest import IngestError, read_document
from pipeline.ingest.pdf import _RADICALS, _check_usable, _Reading, _without_doubles
from pipeline.ingest.pdf_layout import Line, page_blocks
from pipeline.ingest.pdf_text import pages_text
from pipeline.model import DocumentResult
from tests.conftest import CORPUS, metadata_of, needs_shared, shared_pipeline

PDFS = CORPUS / "docs" / "pdf"
SCANNED = "scanned-image-only-zh-book-page.pdf"
REAL = sorted(p.name for p in PDFS.glob("*.pdf") if p.name != SCANNED) if PDFS.is_dir() else []
CJK_SPACE_CJK = re.compile(r"[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]")
PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[-—]\s*\d+\s*[-—]|第\s*\d+\s*页.*|\d+\s*/\s*\d+|\d{1,3})\s*$", re.M)


def _chars(
    text: str, x: float, bottom: float, size: float = 10.0, step: float | None = None
) -> list[dict[str, Any]]:
    """Synthetic pdfplumber characters for `text`, left to right from `x`."""
    step = step or size
    return [
        {
            "text": ch,
            "x0": x + i * step,
            "x1": x + i * step + size,
            "top": bottom - size,
            "bottom": bottom,
            "size": size,
            "upright": True,
            "doctop": bottom - size,
            "fontname": "F",
        }
        for i, ch in enumerate(text)
    ]


def _line(text: str, x0: float, baseline: float, size: float = 10.0, x1: float | None = None) -> Line:
    return Line(text, x0, x1 if x1 is not None else x0 + size * len(text), baseline - size, baseline, size)


# --- layout on synthetic pages ------------------------------------------------------------


def test_superscript_footnote_marker_is_dropped_not_glued_to_the_figure() -> None:
    chars = _chars("常住人口", 0, 100) + _chars("1761.48万人", 45, 100, step=8)
    marker = _chars("1", 40, 94, size=5)  # small and raised, just before the figure
    [block] = page_blocks(chars + marker)
    assert block.lines[0].text == "常住人口 1761.48万人"


def test_word_gap_becomes_a_space_and_a_wide_gap_a_tab() -> None:
    chars = _chars("福田", 0, 50) + _chars("124.88", 40, 50, step=6) + _chars("实施", 84, 50)
    [block] = page_blocks(chars)
    assert block.lines[0].text == "福田\t124.88 实施"


def test_two_columns_are_read_column_by_column() -> None:
    rows = []
    for i in range(8):
        rows += _chars(f"左栏第{i}行的正文内容很长很长", 0, 20 + 15 * i) + _chars(
            f"右栏第{i}行的正文也很长很长", 200, 20 + 15 * i
        )
    blocks = page_blocks(rows)
    assert [b.column for b in blocks] == ["left", "right"]
    assert blocks[0].lines[0].text.startswith("左栏第0行")
    assert blocks[1].lines[-1].text.startswith("右栏第7行")


def test_one_column_page_is_not_split() -> None:
    rows = [c for i in range(8) for c in _chars("一二三四五六七八九十" * 3, 0, 20 + 15 * i)]
    assert [b.column for b in page_blocks(rows)] == ["full"]


def test_fake_bold_doubles_are_removed() -> None:
    chars = _chars("加粗标题", 0, 50)
    doubled = [dict(c, x0=c["x0"] + 0.3, x1=c["x1"] + 0.3) for c in chars]
    [block] = page_blocks(_without_doubles(chars + doubled))
    assert block.lines[0].text == "加粗标题"


def _page(*lines: Line) -> list[Any]:
    from pipeline.ingest.pdf_layout import Block

    return [Block("full", tuple(lines))]


def _body_page(number: int, first: str) -> list[Any]:
    body = [_line(first, 100, 100)] + [
        _line("这是正文的一行文字，长度足够填满整个版心宽度。" * 1, 80, 100 + 20 * i) for i in range(1, 6)
    ]
    header = _line("领导学刊 2025年第7期", 80, 40, size=9)
    footer = _line(f"- {number} -", 290, 800, size=9)
    return _page(header, *body, footer)


def test_running_header_and_page_numbers_are_removed() -> None:
    openings = ("第一页的段落开头有缩进。", "第二页另起一段，也缩进。", "第三页又是新的一段。")
    text, starts = pages_text([_body_page(n, first) for n, first in enumerate(openings, start=1)])
    assert "领导学刊" not in text
    assert not PAGE_NUMBER_LINE.search(text)
    assert len(starts) == 3
    assert text[starts[1] :].startswith("第二页")


def test_body_line_that_merely_looks_like_a_header_stays() -> None:
    pages = [_body_page(n, f"第{n}页的段落开头有缩进。") for n in (1, 2, 3)]
    pages[1] = _page(*pages[1][0].lines[:-1], _line("领导学刊 2025年第7期的读者来信摘登如下。", 80, 240))
    text, _ = pages_text(pages)
    assert "读者来信" in text


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("《广州市国土空间总体规划（2", "021—2035年）》明确了定位。", "（2021—2035年）"),
        ("从五十四万亿元增长到八十", "万亿元，稳居世界第二。", "八十万亿元"),
        ("构建形成了“2+2", "+N”科技创新平台体系。", "“2+2+N”"),
    ],
)
def test_a_wrap_inside_a_number_is_rejoined(first: str, second: str, joined: str) -> None:
    full = _line("近年来广州的创新发展值得关注：获国务院批复的" + first, 80, 100, x1=500)
    text, _ = pages_text([_page(full, _line(second, 80, 120))])
    assert joined in text


def test_indent_short_line_and_gap_start_paragraphs() -> None:
    lines = [
        _line("第一段的第一行有缩进，文字很长很长很长很长。", 100, 100, x1=500),
        _line("第一段的最后一行。", 80, 120),
        _line("第二段开头缩进了两个字符的位置。", 100, 140, x1=500),
        _line("第二段继续写到行末的文字内容。", 80, 160, x1=500),
        _line("空了一行之后的第三段。", 80, 200, x1=500),
    ]
    text, _ = pages_text([_page(*lines)])
    assert text.count("\n\n") == 2


def test_radicals_map_to_ordinary_characters() -> None:
    assert "⼈⺠⻓⻔".translate(_RADICALS) == "人民长门"


def test_fonts_without_unicode_are_an_error_and_a_few_cid_glyphs_a_warning() -> None:
    with pytest.raises(IngestError, match="cannot be read"):
        _check_usable(_Reading(chars=10, cid=90), "x.pdf")
    _check_usable(_Reading(chars=90, cid=10), "x.pdf")


# --- bad inputs -----------------------------------------------------------------------------


@needs_shared()
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("bad/png-renamed.pdf", r"not a PDF \(the bytes are a PNG image\)"),
        ("bad/encrypted-needs-password.pdf", "the PDF is encrypted and needs a password"),
        ("bad/truncated.pdf", "the PDF is damaged"),
        (f"docs/pdf/{SCANNED}", "no text layer — a scanned PDF needs OCR first"),
    ],
)
def test_unusable_pdfs_give_plain_errors(path: str, message: str) -> None:
    with pytest.raises(IngestError, match=message) as err:
        read_document(CORPUS / path, path, "bad")
    assert path in str(err.value)


def test_pdf_suffix_on_text_bytes_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "note.pdf"
    path.write_text("这不是 PDF", encoding="utf-8")
    with pytest.raises(IngestError, match=r"not a PDF \(the bytes are text\)"):
        read_document(path, str(path), "note")


# --- the corpus PDFs ------------------------------------------------------------------------


@cache
def _result(name: str) -> DocumentResult:
    return shared_pipeline().process(PDFS / name, name, Path(name).stem)


@needs_shared()
@pytest.mark.parametrize("name", REAL)
def test_corpus_pdf_is_read_cleanly(name: str) -> None:
    result = _result(name)
    assert result.document.status == "ok", result.document.error
    text = result.text
    assert not CJK_SPACE_CJK.search(text)
    assert not PAGE_NUMBER_LINE.search(text)
    assert result.document.pages and result.document.pages > 1


@needs_shared()
@pytest.mark.parametrize("name", REAL)
def test_corpus_pdf_has_no_number_split_by_a_line_break(name: str) -> None:
    lines = [ln for ln in _result(name).text.split("\n") if ln.strip()]
    for line, following in itertools.pairwise(lines):
        prose = len(line) >= 25 and "\t" not in line + following and not re.match(r"\d+[.、]", following)
        assert not (prose and re.search(r"\d$", line) and re.match(r"[\d万亿%]", following)), (
            line,
            following,
        )


@needs_shared()
def test_seed_pdf_gives_the_txt_text_and_metadata() -> None:
    pdf = _result("seed-guangzhou-innovation.pdf")
    txt = shared_pipeline().process(CORPUS / "docs/txt/seed-guangzhou-innovation.txt", "seed.txt", "seed")
    assert re.sub(r"\s", "", pdf.text) == re.sub(r"\s", "", txt.text)
    assert metadata_of(pdf) == metadata_of(txt)
    assert pdf.document.encoding == "pdf" and pdf.document.pages == 5


@needs_shared()
def test_seed_pdf_rows_carry_their_page() -> None:
    figures = _result("seed-guangzhou-innovation.pdf").figures
    pages = {f.text.replace(" ", ""): f.page for f in figures}
    assert pages.get("近30个") == 1
    assert pages.get("63人") == 5


@needs_shared()
def test_shenzhen_footnote_digit_is_not_glued_to_the_population_figure() -> None:
    text = _result("shenzhen-2021-gender-stat-report.pdf").text
    assert "常住人口 1761.48 万人" in text or "常住人口1761.48 万人" in text
    assert "11761.48" not in text and "4630.94" not in text


@needs_shared()
def test_shenzhen_table_rows_do_not_move_the_left_margin() -> None:
    text = _result("shenzhen-2021-gender-stat-report.pdf").text
    assert "其中女性20.94 万人" in text


@needs_shared()
def test_shenzhen_footnotes_wait_for_the_interrupted_paragraph() -> None:
    text = _result("shenzhen-2021-gender-stat-report.pdf").text
    assert "注：此数据不包含深汕特别合作区常住人口数据" in text
    assert "注：此处户籍人口数据来自市公安局。" in text.split("\n")


@needs_shared()
def test_ndrc_contents_page_is_not_taken_for_footnotes() -> None:
    lines = _result("ndrc-overseas-compliance-guideline-draft-2018.pdf").text.split("\n")
    assert sum(1 for ln in lines if ln.startswith("第") and "......" in ln) == 8


@needs_shared()
def test_broker_sidebar_is_not_interleaved_with_the_body() -> None:
    text = _result("broker-research-note-gaoce-2022.pdf").text
    assert "预计一期总投资额约6.66 亿元" in text
    assert "扩产 4000 万公里金刚线" in text
    assert "固结1.《" not in text


@needs_shared()
def test_browserprint_figures_split_across_lines_are_whole() -> None:
    text = _result("cn-19th-party-congress-report-2017-browserprint.pdf").text
    assert "从五十四万亿元增长到八十万亿元" in text
