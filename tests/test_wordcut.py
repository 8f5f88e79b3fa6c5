"""WordCut.cut must return exactly what jieba's own `Tokenizer.lcut(text)` returns."""

from __future__ import annotations

import random
from pathlib import Path

import jieba
import jieba.finalseg
import pytest

from pipeline.ingest import read_document
from pipeline.text import canonicalize
from pipeline.wordcut import WordCut, _Hmm
from tests.conftest import CORPUS, needs_shared, shared_pipeline

TXT = CORPUS / "docs" / "txt"
DOCS = sorted(p for p in TXT.iterdir() if p.is_file()) if TXT.is_dir() else []


@pytest.fixture(scope="module")
def tokenizer() -> jieba.Tokenizer:
    """The project's tokenizer: jieba's dictionary plus the rules' lexicons."""
    return shared_pipeline().segmenter.tokenizer


@pytest.fixture(scope="module")
def wordcut(tokenizer: jieba.Tokenizer) -> WordCut:
    return WordCut(tokenizer)


def assert_same(wordcut: WordCut, tokenizer: jieba.Tokenizer, text: str) -> None:
    want = tokenizer.lcut(text)
    got = wordcut.cut(text)
    if got != want:
        same = (a == b for a, b in zip(got, want, strict=False))
        i = next((i for i, equal in enumerate(same) if not equal), min(len(got), len(want)))
        pytest.fail(f"word {i} of {text[:60]!r} differs: got {got[i : i + 5]}, jieba {want[i : i + 5]}")


# --- (a) the corpus --------------------------------------------------------------------


@needs_shared()
@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_corpus_document(path: Path, wordcut: WordCut, tokenizer: jieba.Tokenizer) -> None:
    raw = read_document(path, str(path), path.stem).text
    assert_same(wordcut, tokenizer, canonicalize(raw).text)
    assert_same(wordcut, tokenizer, raw)  # the raw text too: "\r\n", full-width forms, edge spaces


@needs_shared()
def test_corpus_is_there() -> None:
    assert len(DOCS) >= 20


# --- (b) seeded random strings ---------------------------------------------------------

COMMON_HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从"
    "业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又"
    "么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位"
    "入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处理府研质信省市县镇乡村增长亿万元百分点投资消费出口"
)
RARE_HAN = "䶮鿕鿔龘龖靐齉爩麤厵灪癵驫鱻猋犇羴掱骉飝赑蟁淼焱垚"  # rare, 9FD5 and below (jieba's range)
OUTSIDE_HAN = "\u9fd6\u9fea\u9fff\u3400\u4db5\U00020000\U0002a6d6\uf900"  # Han outside jieba's range
ASCII = "abcxyzABCXYZ0123456789" + "+#&._%-"
FULL_WIDTH = "ＡＢＣｘｙｚ０１２３％．＋＃－，。：（）［］｛｝！？　"
PUNCTUATION = "，。、；：？！“”‘’《》（）【】…—·,.;:?!()[]{}<>/\\|'\"@$^*=~`"
SPACES = [" ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", "\r\r\n", "\u3000", "\xa0", "\u2028", "\x0b\x0c"]
EMOJI = ["😀", "👍🏽", "👨\u200d👩\u200d👧", "🇨🇳", "\u200b", "\ufeff", "©", "™", "①", "Ⅻ", "²"]
ENGLISH = ["GDP", "R&D", "5G", "AI", "iPhone", "C++", "C#", "3.14", "5.2%", "100%", "No.1", "e-mail", "a_b"]


def _pieces(tokenizer: jieba.Tokenizer) -> list[list[str]]:
    lexicons = shared_pipeline().rules.lexicons.values()
    lexicon = sorted(word for lexicon in lexicons if lexicon.segment for word in lexicon.words())
    dictionary = sorted(word for word, freq in tokenizer.FREQ.items() if freq >= 1000)
    return [
        list(COMMON_HAN),
        list(RARE_HAN),
        list(OUTSIDE_HAN),
        list(ASCII),
        list(FULL_WIDTH),
        list(PUNCTUATION),
        SPACES,
        EMOJI,
        ENGLISH,
        lexicon,
        dictionary,
    ]


def random_texts(tokenizer: jieba.Tokenizer, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = _pieces(tokenizer)
    weights = [30, 3, 2, 6, 3, 6, 5, 2, 3, 8, 20]
    texts = []
    for _ in range(count):
        length = rng.choice((1, 2, 3, 5, 10, 20, 40, 80))
        texts.append("".join(rng.choice(rng.choices(pieces, weights)[0]) for _ in range(length)))
    return texts


@pytest.mark.parametrize("seed", range(4))
def test_random_strings(seed: int, wordcut: WordCut, tokenizer: jieba.Tokenizer) -> None:
    for text in random_texts(tokenizer, 1000, seed):
        assert_same(wordcut, tokenizer, text)


def test_random_han_runs(wordcut: WordCut, tokenizer: jieba.Tokenizer) -> None:
    """Long runs of Han characters only, common and rare: long DAG routes and HMM buffers."""
    rng = random.Random(7)
    alphabet = COMMON_HAN * 3 + RARE_HAN + "".join(map(chr, range(0x4E00, 0x4E00 + 300)))
    for _ in range(500):
        assert_same(wordcut, tokenizer, "".join(rng.choices(alphabet, k=rng.randint(1, 200))))


def test_hmm_matches_finalseg() -> None:
    """The Viterbi replica against `jieba.finalseg.cut` itself, on strings the HMM is given."""
    rng = random.Random(11)
    alphabet = COMMON_HAN + RARE_HAN + "abZ09.%" + "".join(map(chr, range(0x4E00, 0x4E00 + 500)))
    hmm = _Hmm()
    for _ in range(2000):
        text = "".join(rng.choices(alphabet, k=rng.randint(2, 60)))
        out: list[str] = []
        hmm.cut(text, out)
        assert out == list(jieba.finalseg.cut(text)), text


def test_hmm_force_split_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word added with frequency 0 is split into characters by finalseg (a global set)."""
    text = "他来到了网易杭研大厦"
    words = [w for w in jieba.finalseg.cut(text) if len(w) > 1]
    monkeypatch.setattr(jieba.finalseg, "Force_Split_Words", set(words))
    out: list[str] = []
    _Hmm().cut(text, out)
    assert out == list(jieba.finalseg.cut(text)) == list(text)


# --- (c) hand-picked edge cases ------------------------------------------------------

EDGE_CASES = [
    "",
    " ",
    "     ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\r\r\n\n",
    "\r\n\r\n",
    "a\r\nb",
    "中",
    "a",
    "5",
    "%",
    "-",
    "，",
    "😀",
    "\u9fd6",
    "GDP增长5.2%",
    "全年GDP增长5.2%，CPI上涨2.0%。",
    "R&D经费投入强度达到2.68%",
    "iPhone15和5G手机",
    "C++与C#程序员",
    "第1.2.3条",
    "--- ### ___ ...",
    "a-b_c.d+e#f&g%h",
    "ＧＤＰ增长５．２％",
    "他来到了网易杭研大厦",  # 杭研: an unknown word the HMM recognizes
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "韩玉鉴赏王小二李小三张晓明赵大宝钱多多孙悟饭",  # unknown-name runs
    "欧阳娜娜和诸葛亮亮在龙泉驿区见面",
    "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
    "结婚的和尚未结婚的",
    "粤港澳大湾区建设加快推进。环五山创新策源区面积约12平方公里；广州市发改委牵头。",
    "成渝地区双城经济圈成渝双城经济圈",
    "中国工商银行中国农业银行",
    "abc中文def",
    "中文 English 中文",
    "中文\t\t中文\n\n中文\r\n中文",
    "2026年1月1日起施行",
    "一二三四五六七八九十百千万亿",
    "鿕鿔龘龖靐齉爩麤",
    "中" * 300,
    "的" * 50 + "a" * 50,
    "。" * 10,
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_case(text: str, wordcut: WordCut, tokenizer: jieba.Tokenizer) -> None:
    assert_same(wordcut, tokenizer, text)


def test_edge_cases_reach_the_hmm(wordcut: WordCut, monkeypatch: pytest.MonkeyPatch) -> None:
    """The name runs above do go through the HMM (so its replica is exercised)."""
    seen: list[str] = []
    real = wordcut._hmm.cut

    def spy(buf: str, out: list[str]) -> None:
        seen.append(buf)
        real(buf, out)

    monkeypatch.setattr(wordcut._hmm, "cut", spy)
    words = wordcut.cut("他来到了网易杭研大厦")
    assert seen and "杭研" in words


# --- dictionaries with known ties, and jieba's lazy initialization ----------------------


def small_tokenizer(tmp_path: Path, entries: str) -> jieba.Tokenizer:
    path = tmp_path / "dict.txt"
    path.write_text(entries, encoding="utf-8")
    tokenizer = jieba.Tokenizer(str(path))
    tokenizer.tmp_dir = str(tmp_path)  # its cache file goes here, not in the system temp dir
    return tokenizer


def test_equal_scores_take_the_longer_first_word(tmp_path: Path) -> None:
    """ab|c and a|bc score the same bits; jieba's max over (score, x) takes the larger x."""
    tokenizer = small_tokenizer(tmp_path, "a 5\nbc 5\nab 5\nc 5\n")
    wordcut = WordCut(tokenizer)
    for text in ("abc", "abcabc", "xabcx", "ab c"):
        assert wordcut.cut(text) == tokenizer.lcut(text)
    assert wordcut.cut("abc") == ["ab", "c"]


def test_a_character_that_starts_no_word_scores_log_1(tmp_path: Path) -> None:
    """No word starts at "y", so jieba scores it `log(1) - logtotal`: "xy" (1/101) just
    beats "x" (100/101) then "y" (1/101)."""
    tokenizer = small_tokenizer(tmp_path, "x 100\nxy 1\n")
    wordcut = WordCut(tokenizer)
    assert wordcut.cut("xy") == tokenizer.lcut("xy") == ["xy"]


def test_builds_an_uninitialized_tokenizer(tmp_path: Path) -> None:
    tokenizer = small_tokenizer(tmp_path, "中文 10\n分词 8\n中 3\n文 3\n")
    assert not tokenizer.initialized
    wordcut = WordCut(tokenizer)
    assert tokenizer.initialized
    for text in ("中文分词", "分词中文abc", "中文，分词。", "中中文文", "未知的字"):
        assert wordcut.cut(text) == tokenizer.lcut(text)


def test_user_words_added_before_building(tmp_path: Path) -> None:
    tokenizer = small_tokenizer(tmp_path, "中文 10\n分词 8\n中 3\n文 3\n")
    tokenizer.add_word("文分", 100)
    tokenizer.add_word("分词器", 2)
    wordcut = WordCut(tokenizer)
    for text in ("中文分词", "中文分词器", "分词器中文", "文分词器"):
        assert wordcut.cut(text) == tokenizer.lcut(text)
