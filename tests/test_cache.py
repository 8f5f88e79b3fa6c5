"""Caches of derived data: the same values as building them, rebuilt when stale or damaged."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jieba
import jieba.posseg
import pytest

from pipeline import cache
from pipeline.dictionary import DEFAULT_FREQ, load_dictionary, user_words
from pipeline.rules import load_rules
from pipeline.run import Pipeline
from tests.conftest import ROOT


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    return tmp_path


def test_the_dictionary_is_jiebas_with_the_lexicons_added(pipeline: Pipeline, cache_dir: Path) -> None:
    """Built or read from the cache, it is what a tokenizer gets from `add_word` and
    what jieba.posseg tags."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tags = dict(jieba.posseg.POSTokenizer(tokenizer).word_tag_tab)
    for word, freq, tag in user_words(pipeline.rules):
        if freq == 0:  # split_words: jieba's del_word, minus its global force-split list
            tokenizer.FREQ[word] = 0
            continue
        tokenizer.add_word(word, freq, tag or None)
        if tag:
            tags[word] = tag
    built = load_dictionary(pipeline.rules)
    cached = load_dictionary(pipeline.rules)
    assert list(cache_dir.glob("dictionary-*.pickle"))
    for dictionary in (built, cached):
        assert dictionary.freq == tokenizer.FREQ
        assert dictionary.total == tokenizer.total
        assert dictionary.tags == tags
    assert built.tokenizer().lcut("粤港澳大湾区建设加快推进") == tokenizer.lcut("粤港澳大湾区建设加快推进")


def test_other_lexicon_words_are_another_cache_entry(tmp_path: Path, cache_dir: Path) -> None:
    user = tmp_path / "mine"
    (user / "lexicons").mkdir(parents=True)
    (user / "lexicons" / "mine.yaml").write_text(
        "lexicon: mine\ndescription: test\nsegment: true\ntag: nt\nterms: [某某新词汇]\n", encoding="utf-8"
    )
    assert "某某新词汇" not in load_dictionary(load_rules()).freq
    dictionary = load_dictionary(load_rules(user))
    assert dictionary.freq["某某新词汇"] == DEFAULT_FREQ and dictionary.tags["某某新词汇"] == "nt"
    assert len(list(cache_dir.glob("dictionary-*.pickle"))) == 2


def test_cached_rules_compile_to_the_same_regexes(cache_dir: Path) -> None:
    built, cached = load_rules(), load_rules()
    assert list(cache_dir.glob("rules-*.pickle")) and cached is not built
    patterns = 0
    for a, b in zip(built.rules, cached.rules, strict=True):
        assert a.id == b.id
        for name, value in vars(a).items():
            if isinstance(value, re.Pattern):
                patterns += 1
                assert value == getattr(b, name)  # equal patterns have equal compiled code
    assert patterns > 100


def test_a_damaged_cache_file_is_rebuilt(cache_dir: Path) -> None:
    first = load_rules()
    (path,) = cache_dir.glob("rules-*.pickle")
    path.write_bytes(b"not a pickle")
    again = load_rules()
    assert again.version == first.version and [r.id for r in again.rules] == [r.id for r in first.rules]
    assert path.read_bytes() != b"not a pickle"


def test_an_edited_rule_file_is_a_new_rule_set(tmp_path: Path, cache_dir: Path) -> None:
    user = tmp_path / "mine"
    (user / "lexicons").mkdir(parents=True)
    lexicon = user / "lexicons" / "mine.yaml"
    lexicon.write_text("lexicon: mine\ndescription: test\nterms: [甲乙丙]\n", encoding="utf-8")
    before = load_rules(user)
    lexicon.write_text("lexicon: mine\ndescription: test\nterms: [丁戊己]\n", encoding="utf-8")
    after = load_rules(user)
    assert before.lexicon("mine").terms == ("甲乙丙",)
    assert after.lexicon("mine").terms == ("丁戊己",) and after.version != before.version


def test_old_entries_are_pruned(cache_dir: Path) -> None:
    for n in range(cache.KEEP + 3):
        assert cache.cached("thing", f"k{n}", int, lambda n=n: n) == n  # type: ignore[misc]
    assert len(list(cache_dir.glob("thing-*.pickle"))) == cache.KEEP
    assert cache.cached("thing", f"k{cache.KEEP + 2}", int, lambda: -1) == cache.KEEP + 2


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked / "cache"))
    assert cache.cached("thing", "k", str, lambda: "built") == "built"


def test_a_text_run_never_imports_the_pdf_and_docx_readers(tmp_path: Path) -> None:
    sample = ROOT / "samples" / "seed-guangzhou-innovation.txt"
    code = (
        "import sys; from pathlib import Path; from pipeline.batch import run_batch; "
        f"run_batch([Path({str(sample)!r})], Path({str(tmp_path)!r})); "
        "print(sorted(m for m in ('pdfplumber', 'docx', 'pandas', 'jieba.posseg') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_without_a_home_the_cache_goes_to_the_temp_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (cache.CACHE_ENV, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cache.os.path, "expanduser", lambda path: path)  # what it returns with no home
    assert cache.cache_dir() == Path(cache.tempfile.gettempdir()) / "bulletin"
