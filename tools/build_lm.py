#!/usr/bin/env python3
"""build_lm.py - the domain language model, an ARPA trigram.

Interpolated Kneser-Ney smoothing (Chen & Goodman 1998, one absolute discount
per order estimated from counts of counts), written here because Debian 12
ships no n-gram toolkit that PocketSphinx's converter reads (cmuclmtk is
gone, SRILM and KenLM are not packaged).  The ARPA file is then converted to
PocketSphinx's binary format by sphinx_lm_convert.

Input: one normalized sentence per line (tools/speech_corpus.py).
usage: build_lm.py CORPUS OUT.arpa
"""
import math
import sys
from collections import defaultdict

BOS, EOS = "<s>", "</s>"


def discount(counts):
    """D = n1 / (n1 + 2 n2) from the counts of counts, kept in (0.1, 0.9)."""
    n1 = sum(1 for c in counts.values() if c == 1)
    n2 = sum(1 for c in counts.values() if c == 2)
    d = n1 / (n1 + 2 * n2) if n1 + n2 else 0.5
    return min(max(d, 0.1), 0.9)


def main():
    corpus, out = sys.argv[1:3]
    c3 = defaultdict(int)
    c2_raw = defaultdict(int)
    for line in open(corpus, encoding="utf-8"):
        words = line.split()
        if not words:
            continue
        s = [BOS] + words + [EOS]
        for i in range(1, len(s)):
            c2_raw[(s[i - 1], s[i])] += 1
        for i in range(2, len(s)):
            c3[(s[i - 2], s[i - 1], s[i])] += 1

    # Kneser-Ney counts for the lower orders: how many different words come
    # before an n-gram, except for n-grams starting with <s>, which nothing
    # precedes and which keep their raw counts.
    c2 = defaultdict(int)
    for (u, v, w) in c3:
        c2[(v, w)] += 1
    for (v, w), n in c2_raw.items():
        if v == BOS:
            c2[(v, w)] = n
    c1 = defaultdict(int)
    for (v, w) in c2:
        c1[w] += 1
    vocab = sorted(set(c1) | {BOS})

    d2, d3 = discount(c2), discount(c3)

    total1 = sum(c1.values())
    p1 = {w: c1[w] / total1 for w in c1}

    # Bigram: interpolated with the unigram.
    ctx2_sum = defaultdict(int)
    ctx2_types = defaultdict(int)
    for (v, w), n in c2.items():
        ctx2_sum[v] += n
        ctx2_types[v] += 1
    gamma2 = {v: d2 * ctx2_types[v] / ctx2_sum[v] for v in ctx2_sum}
    p2 = {}
    for (v, w), n in c2.items():
        p2[(v, w)] = max(n - d2, 0) / ctx2_sum[v] + gamma2[v] * p1[w]

    def p2_full(v, w):
        if (v, w) in p2:
            return p2[(v, w)]
        return gamma2.get(v, 1.0) * p1[w]

    ctx3_sum = defaultdict(int)
    ctx3_types = defaultdict(int)
    for (u, v, w), n in c3.items():
        ctx3_sum[(u, v)] += n
        ctx3_types[(u, v)] += 1
    gamma3 = {k: d3 * ctx3_types[k] / ctx3_sum[k] for k in ctx3_sum}
    p3 = {}
    for (u, v, w), n in c3.items():
        p3[(u, v, w)] = max(n - d3, 0) / ctx3_sum[(u, v)] + gamma3[(u, v)] * p2_full(v, w)

    def lg(x):
        return math.log10(x) if x > 0 else -99.0

    with open(out, "w", encoding="utf-8") as f:
        f.write("\\data\\\n")
        f.write(f"ngram 1={len(vocab)}\nngram 2={len(p2)}\nngram 3={len(p3)}\n\n")
        f.write("\\1-grams:\n")
        for w in vocab:
            prob = -99.0 if w == BOS else lg(p1[w])
            bow = gamma2.get(w)
            f.write(f"{prob:.6f} {w}" + (f" {lg(bow):.6f}\n" if bow else "\n"))
        f.write("\n\\2-grams:\n")
        for (v, w) in sorted(p2):
            bow = gamma3.get((v, w))
            f.write(f"{lg(p2[(v, w)]):.6f} {v} {w}" + (f" {lg(bow):.6f}\n" if bow else "\n"))
        f.write("\n\\3-grams:\n")
        for (u, v, w) in sorted(p3):
            f.write(f"{lg(p3[(u, v, w)]):.6f} {u} {v} {w}\n")
        f.write("\n\\end\\\n")
    print(f"build_lm: {len(vocab)} words, {len(p2)} bigrams, {len(p3)} trigrams, "
          f"discounts {d2:.2f} {d3:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
