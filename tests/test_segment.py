"""Segmentation: own jieba tokenizer with the rules' lexicons, spaCy Doc over its tokens."""

from __future__ import annotations

import jieba

from pipeline.run import Pipeline
from pipeline.segment import Segmenter
from pipeline.text import canonicalize

TEXT = "粤港澳大湾区建设加快推进。环五山创新策源区面积约12平方公里；广州市发改委牵头。"


def segmentation(pipeline: Pipeline, text: str = TEXT):  # type: ignore[no-untyped-def]
    return segmentation_by(pipeline.segmenter, text)


def segmentation_by(segmenter: Segmenter, text: str = TEXT):  # type: ignore[no-untyped-def]
    canonical = canonicalize(text)
    return segmenter.segment(canonical.text, canonical.sentences)


def test_lexicon_words_segment_as_wholes(pipeline: Pipeline) -> None:
    words = segmentation(pipeline).words
    assert "粤港澳大湾区" in words
    assert "广州市" in words


def test_tokens_cover_the_text_exactly(pipeline: Pipeline) -> None:
    seg = segmentation(pipeline)
    assert "".join(seg.words) == TEXT
    for start, word in zip(seg.starts, seg.words, strict=True):
        assert TEXT[start : start + len(word)] == word
        assert seg.is_edge(start)
    assert not seg.is_edge(1)  # inside 粤港澳大湾区


def test_spacy_doc_shares_tokens_offsets_and_sentences(pipeline: Pipeline) -> None:
    seg = segmentation(pipeline)
    doc = seg.doc
    assert doc.text == TEXT
    assert [t.idx for t in doc] == list(seg.starts)
    assert [s.text for s in doc.sents] == [s.text for s in canonicalize(TEXT).sentences]


def test_no_global_jieba_state_is_touched(pipeline: Pipeline) -> None:
    segmentation(pipeline)
    jieba.dt.initialize()
    assert pipeline.segmenter.tokenizer is not jieba.dt
    assert "粤港澳大湾区" in pipeline.segmenter.tokenizer.FREQ
    assert "粤港澳大湾区" not in jieba.dt.FREQ


def test_an_added_word_changes_the_cut(pipeline: Pipeline) -> None:
    segmenter = Segmenter(pipeline.rules)
    assert "环五山创新" not in segmentation_by(segmenter).words
    segmenter.add_word("环五山创新", 100000, "nt")
    seg = segmentation_by(segmenter)
    assert "环五山创新" in seg.words and seg.tags[seg.words.index("环五山创新")] == "nt"
    assert "环五山创新" not in segmentation(pipeline).words  # the pipeline's own is untouched
