#!/usr/bin/env python3
"""build_dict.py - the recognizer's pronunciation dictionary for interviews.

Writes the stock cmudict-en-us extended with the project's additions
(data/speech/dictionary.txt: hand-checked phones for backend words, or a word
written as the joined pronunciations of other words and letter names) and,
for any other word of the domain corpus that no dictionary has, Flite's
letter-to-sound guess (the flite_g2p helper).  Every word of the domain
language model must be in the dictionary or PocketSphinx drops it.

With GENERAL_VOCAB (a word a line, tools/general_vocab's output), the stock
dictionary's words are kept only if they are in it or in the corpus: the
recognizer can then write only common English and the domain's words.

usage: build_dict.py CMUDICT ADDITIONS CORPUS G2P_TOOL OUT [GENERAL_VOCAB]
"""
import subprocess
import sys

LETTERS = {
    "a": "EY", "b": "B IY", "c": "S IY", "d": "D IY", "e": "IY", "f": "EH F",
    "g": "JH IY", "h": "EY CH", "i": "AY", "j": "JH EY", "k": "K EY", "l": "EH L",
    "m": "EH M", "n": "EH N", "o": "OW", "p": "P IY", "q": "K Y UW", "r": "AA R",
    "s": "EH S", "t": "T IY", "u": "Y UW", "v": "V IY", "w": "D AH B AH L Y UW",
    "x": "EH K S", "y": "W AY", "z": "Z IY",
}
PHONES = set("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY "
             "P R S SH T TH UH UW V W Y Z ZH".split())


def read_cmudict(path):
    prons = {}
    order = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            word = parts[0]
            if "(" in word:
                word = word[: word.index("(")]
            if word not in prons:
                prons[word] = []
                order.append(word)
            prons[word].append(" ".join(parts[1:]))
    return prons, order


def g2p(tool, words):
    if not words:
        return {}
    out = subprocess.run([tool], input="\n".join(words) + "\n", capture_output=True,
                         text=True, check=True).stdout
    result = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            result[parts[0]] = " ".join(parts[1:])
    return result


def main():
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__.strip().splitlines()[-1])
    cmudict, additions, corpus, tool, out = sys.argv[1:6]
    general = None
    if len(sys.argv) == 7:
        with open(sys.argv[6], encoding="utf-8") as f:
            general = {line.strip() for line in f if line.strip()}
        if len(general) < 1000:
            sys.exit(f"{sys.argv[6]}: only {len(general)} words; expected the common "
                     "English words (tools/general_vocab)")
    prons, order = read_cmudict(cmudict)
    extra = {}       # word -> list of pronunciations, in file order
    joins = []       # (line number, word, tokens)
    with open(additions, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            word = parts[0].lower()
            if len(parts) > 2 and parts[1] == "=":
                joins.append((n, word, parts[2:]))
                extra.setdefault(word, [])
                continue
            phones = parts[1:]
            bad = [p for p in phones if p not in PHONES]
            if bad or not phones:
                sys.exit(f"{additions}:{n}: unknown phones {bad} for {word}")
            extra.setdefault(word, []).append(" ".join(phones))

    def first_pron(token):
        if token in extra and extra[token]:
            return extra[token][0]
        if token in prons:
            return prons[token][0]
        if len(token) == 1 and token in LETTERS:
            return LETTERS[token]
        return None

    # Joins may refer to words defined by later joins: resolve to a fixpoint.
    pending = list(joins)
    missing_parts = set()
    for _ in range(5):
        still = []
        for n, word, tokens in pending:
            if len(tokens) == 1 and len(tokens[0]) == 1:
                parts = [LETTERS.get(tokens[0])]
            else:
                parts = [LETTERS[t] if len(t) == 1 and t in LETTERS else first_pron(t)
                         for t in tokens]
            if None in parts:
                still.append((n, word, tokens))
                continue
            extra[word].append(" ".join(parts))
        pending = still
        if not pending:
            break
        # Parts nobody defines: ask Flite once, then retry.
        unknown = {t for _, _, toks in pending for t in toks if first_pron(t) is None}
        guessed = g2p(tool, sorted(unknown - missing_parts))
        missing_parts |= unknown
        for w, p in guessed.items():
            # A part is a word too ("mongo" in "mongodb = mongo d b"): it
            # goes into the dictionary with the guess, not only into joins.
            if w not in prons and not extra.get(w):
                extra.setdefault(w, []).append(p)
    for n, word, tokens in pending:
        sys.exit(f"{additions}:{n}: cannot resolve {' '.join(tokens)} for {word}")

    vocab = set()
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            vocab.update(line.split())
    unknown = sorted(w for w in vocab if w not in prons and not extra.get(w))
    acronyms = set()
    try:
        with open(corpus + ".acronyms", encoding="utf-8") as f:
            acronyms = {line.strip() for line in f if line.strip()}
    except OSError:
        pass
    spelled = [w for w in unknown if w in acronyms and w.isalpha()]
    for w in spelled:
        extra.setdefault(w, []).append(" ".join(LETTERS[c] for c in w))
    unknown = [w for w in unknown if w not in spelled]
    guessed = g2p(tool, unknown)
    for w in unknown:
        if w in guessed:
            extra.setdefault(w, []).append(guessed[w])
        # Short unknown words are mostly acronyms written in lowercase
        # ("acl", "bff", "gb"): the spelled form is an alternative.
        if len(w) <= 4 and w.isalpha():
            extra.setdefault(w, []).append(" ".join(LETTERS[c] for c in w))
    if spelled:
        print(f"build_dict: {len(spelled)} acronyms spelled letter by letter: "
              + " ".join(spelled[:40]) + (" ..." if len(spelled) > 40 else ""), file=sys.stderr)
    if unknown:
        print(f"build_dict: {len(unknown)} corpus words pronounced by Flite's rules: "
              + " ".join(unknown[:40]) + (" ..." if len(unknown) > 40 else ""),
              file=sys.stderr)

    if general is not None:
        keep = general | vocab | set(extra)
        order = [w for w in order if w in keep]
        print(f"build_dict: kept {len(order)} stock words (common English and the "
              f"domain corpus's)", file=sys.stderr)

    with open(out, "w", encoding="utf-8") as f:
        for word in order:
            seen = list(prons[word])
            for p in extra.get(word, []):
                if p not in seen:
                    seen.append(p)
            for i, p in enumerate(seen):
                f.write(f"{word} {p}\n" if i == 0 else f"{word}({i + 1}) {p}\n")
        for word in sorted(w for w in extra if w not in prons):
            seen = []
            for p in extra[word]:
                if p not in seen:
                    seen.append(p)
            for i, p in enumerate(seen):
                f.write(f"{word} {p}\n" if i == 0 else f"{word}({i + 1}) {p}\n")


if __name__ == "__main__":
    main()
