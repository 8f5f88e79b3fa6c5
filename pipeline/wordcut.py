"""A faster word cut that returns exactly what `jieba.Tokenizer.lcut(text)` returns.

Why: segmentation is about half of the pipeline's time, and most of jieba's own time goes
to generators, `max()` over tuples, a `log()` per DAG edge and a Viterbi that copies its
paths. `WordCut` replays jieba's accurate mode with HMM (`lcut(text)`, i.e.
`cut_all=False, HMM=True`) step by step -- the same block split, the same DAG rule, the
same float arithmetic in the same order and the same tie-breaks -- so routes and words are
identical. It only fuses `get_DAG` and `calc` into one right-to-left pass over lists,
memoizes each dictionary word's `log(freq) - log(total)`, and runs `jieba.finalseg`'s
Viterbi with back-pointers instead of copied paths.

Invariant: `WordCut(tokenizer).cut(text) == tokenizer.lcut(text)` for every str `text`,
provided the WordCut is built after the tokenizer's dictionary is final (after the last
`add_word`, `del_word`, `load_userdict`, `suggest_freq(..., tune=True)` or
`initialize`): `log(total)` and the memo belong to the dictionary as it was then.
"""

from __future__ import annotations

from math import log

import jieba
import jieba.finalseg

# `finalseg`'s states, as indices: Begin, Middle, End of a word, Single-character word.
_B, _M, _E, _S = 0, 1, 2, 3
_MISS = float("nan")  # a `get` default that no stored value is (compared by identity)


class WordCut:
    """jieba's `Tokenizer.lcut(text)` (accurate mode with HMM), computed faster.

    Build it once, after the last change to the tokenizer's dictionary.
    """

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        tokenizer.check_initialized()  # what `lcut` does on meeting its first Han block
        self.tokenizer = tokenizer
        self._freq: dict[str, int] = tokenizer.FREQ
        self._logtotal = log(tokenizer.total)
        # jieba's `log(FREQ.get(word) or 1) - logtotal` for a one-character step that is
        # no dictionary word (absent, or only a prefix of longer words).
        self._unknown = log(1) - self._logtotal
        # word -> `log(FREQ[word]) - logtotal`, or None for a prefix-only entry (FREQ 0).
        # Only dictionary entries go in, so it is bounded by the dictionary.
        self._memo: dict[str, float | None] = {}
        self._re_han = jieba.re_han_default
        self._re_skip = jieba.re_skip_default
        self._hmm = _Hmm()

    def cut(self, text: str) -> list[str]:
        """The words of `text`, exactly as `self.tokenizer.lcut(text)` returns them."""
        out: list[str] = []
        # `split` with one capturing group alternates: other, han, other, ..., other.
        blocks = self._re_han.split(text)
        cut_han = self._cut_han
        for i in range(1, len(blocks), 2):
            other = blocks[i - 1]
            if other:
                self._cut_other(other, out)
            han = blocks[i]
            if len(han) == 1:
                out.append(han)
            else:
                cut_han(han, out)
        if blocks[-1]:
            self._cut_other(blocks[-1], out)
        return out

    def _cut_other(self, block: str, out: list[str]) -> None:
        """A block outside `re_han_default`: jieba splits it with `re_skip_default` and
        yields each whitespace match, and each other character on its own; so only an
        "\\r\\n" stays one token."""
        if "\r\n" not in block:
            out.extend(block)
            return
        skip = self._re_skip
        for x in skip.split(block):
            if skip.match(x):
                out.append(x)
            else:
                out.extend(x)

    def _cut_han(self, sentence: str, out: list[str]) -> None:
        """jieba's `__cut_DAG` on one block of `re_han_default` characters."""
        freq = self._freq
        memo = self._memo
        get = memo.get
        miss = _MISS
        logtotal = self._logtotal
        unknown = self._unknown
        n = len(sentence)
        # jieba's route[k] = (score[k], end[k]), with route[n] = (0, 0).
        score = [0.0] * (n + 1)
        end = [0] * n
        for k in range(n - 1, -1, -1):
            # get_DAG: the ends i where FREQ[sentence[k:i + 1]] is truthy, scanning while
            # the fragment is in FREQ. calc: the max of (score, i) over them, so the larger
            # i on a tie; none -> i = k with log(1).
            frag = sentence[k]
            best = 0.0
            best_x = -1
            i = k
            while True:
                w = get(frag, miss)
                if w is miss:
                    f = freq.get(frag, miss)
                    if f is miss:
                        break
                    w = memo[frag] = (log(f) - logtotal) if f else None
                if w is not None:
                    s = w + score[i + 1]
                    if best_x < 0 or s >= best:
                        best = s
                        best_x = i
                i += 1
                if i == n:
                    break
                frag = sentence[k : i + 1]
            if best_x < 0:
                best = unknown + score[k + 1]
                best_x = k
            score[k] = best
            end[k] = best_x
        # The walk: one-character steps are buffered; a buffer of two or more characters
        # goes to the HMM unless FREQ[buffer] is truthy, then it splits into characters.
        x = 0
        buf_start = 0
        while x < n:
            y = end[x] + 1
            if y - x > 1:
                if buf_start < x:
                    self._flush(sentence[buf_start:x], out)
                out.append(sentence[x:y])
                buf_start = y
            x = y
        if buf_start < n:
            self._flush(sentence[buf_start:], out)

    def _flush(self, buf: str, out: list[str]) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif not self._freq.get(buf):
            self._hmm.cut(buf, out)
        else:
            out.extend(buf)


class _Hmm:
    """`jieba.finalseg.cut`, with the same arithmetic and tie-breaks, but back-pointers
    instead of a copied path per state and step."""

    def __init__(self) -> None:
        fs = jieba.finalseg
        low = fs.MIN_FLOAT
        self._re_han = fs.re_han
        self._re_skip = fs.re_skip
        self._force_split: set[str] = fs.Force_Split_Words  # the live set add_word(w, 0) adds to
        start, trans, emit = fs.start_P, fs.trans_P, fs.emit_P
        self._start = tuple(start[y] for y in "BMES")
        self._emit = tuple(emit[y] for y in "BMES")
        pairs = ("EB", "SB", "MM", "BM", "BE", "ME", "SS", "ES")  # y0 y: from y0 to y
        self._trans = tuple(trans[p[0]].get(p[1], low) for p in pairs)
        self._low = low

    def cut(self, sentence: str, out: list[str]) -> None:
        """Append the words of `jieba.finalseg.cut(sentence)` to `out`."""
        blocks = self._re_han.split(sentence)
        for i, blk in enumerate(blocks):
            if i % 2:  # a run of Han characters
                self._cut_han(blk, out)
            elif blk:
                out.extend(x for x in self._re_skip.split(blk) if x)

    def _cut_han(self, sentence: str, out: list[str]) -> None:
        pos = self._viterbi(sentence)
        force_split = self._force_split
        begin = 0
        for i, p in enumerate(pos):
            if p == _B:
                begin = i
                continue
            if p == _E:
                word = sentence[begin : i + 1]
            elif p == _S:
                word = sentence[i]
            else:
                continue
            if word in force_split:
                out.extend(word)
            else:
                out.append(word)
        # finalseg then yields any rest after the last E or S; there is none, since the
        # Viterbi path always ends in E or S.

    def _viterbi(self, obs: str) -> list[int]:
        """The state of each character. finalseg takes, per state y, the max of
        `(V[y0] + trans[y0][y] + emit[y][c], y0)` over y0 in PrevStatus[y], so on a tie
        the alphabetically later y0: B <- S over E, M <- M over B, E <- M over B,
        S <- S over E; and at the end S over E. Ties do happen: MIN_FLOAT (-3.14e100)
        for an unseen emission absorbs the smaller terms."""
        low = self._low
        e_b, e_m, e_e, e_s = (d.get for d in self._emit)
        t_eb, t_sb, t_mm, t_bm, t_be, t_me, t_ss, t_es = self._trans
        s_b, s_m, s_e, s_s = self._start
        c = obs[0]
        v_b = s_b + e_b(c, low)
        v_m = s_m + e_m(c, low)
        v_e = s_e + e_e(c, low)
        v_s = s_s + e_s(c, low)
        back: list[tuple[int, int, int, int]] = []
        for c in obs[1:]:
            em = e_b(c, low)
            a, b = v_e + t_eb + em, v_s + t_sb + em
            n_b, p_b = (a, _E) if a > b else (b, _S)
            em = e_m(c, low)
            a, b = v_m + t_mm + em, v_b + t_bm + em
            n_m, p_m = (b, _B) if b > a else (a, _M)
            em = e_e(c, low)
            a, b = v_b + t_be + em, v_m + t_me + em
            n_e, p_e = (a, _B) if a > b else (b, _M)
            em = e_s(c, low)
            a, b = v_s + t_ss + em, v_e + t_es + em
            n_s, p_s = (b, _E) if b > a else (a, _S)
            v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
            back.append((p_b, p_m, p_e, p_s))
        state = _E if v_e > v_s else _S
        pos = [state] * len(obs)
        for t in range(len(back) - 1, -1, -1):
            state = back[t][state]
            pos[t] = state
        return pos
