#!/usr/bin/env python3
"""speech_corpus.py - the text the domain language model is counted from.

Gathers, normalizes and writes one sentence a line, in the words the
recognizer writes (lowercase, numbers as words, acronyms as one token):
  - data/speech/corpus/*.txt except templates.txt: hand-written sentences of
    how engineers talk about backend work;
  - data/speech/corpus/templates.txt expanded with slots.yaml, and with the
    concept lexicon's terms (data/lexicon.yaml) when it exists;
  - the interviewer's own lines from data/playbooks/*.yaml (candidates echo
    the question's words);
  - the lexicon's terms, each alone and in a few carrier phrases.
Nothing is read from the candidate files or the benchmark sentences: the
model must not be tuned on what it is measured on.

usage: speech_corpus.py DATA_DIR DICTIONARY_TXT OUT
"""
import glob
import os
import random
import re
import sys

import yaml

CMUDICT = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"
ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = ["", "thousand", "million", "billion", "trillion"]

# Written forms that normalization would otherwise mangle, in the words said.
PHRASES = [
    (r"\be\.g\.", " for example "), (r"\bi\.e\.", " that is "), (r"\betc\.", " et cetera "),
    (r"\bvs\.?(?=\s)", " versus "), (r"&", " and "), (r"%", " percent "),
    (r"\bN\+1\b", " n plus one "), (r"\bC\+\+", " c plus plus "), (r"\bC#", " c sharp "),
    (r"\bASP\.NET\b", " a s p dot net "), (r"\.NET\b", " dot net "),
    (r"\bNode\.js\b", " nodejs "), (r"\bExpress\.js\b", " express "),
    (r"\bCI/CD\b", " ci cd "), (r"\bTCP/IP\b", " tcp ip "), (r"\bI/O\b", " i o "),
    (r"\bA/B\b", " a b "), (r"\bgh-ost\b", " g h ost "), (r"\bUTF-8\b", " u t f eight "),
    (r"\bSHA-?256\b", " sha two fifty six "), (r"\bHTTP/2\b", " http two "),
    (r"\bk6\b", " k six "), (r"\bp999\b", " p triple nine "),
    (r"\b([2-5])xx\b", lambda m: " " + ONES[int(m.group(1))] + " hundreds "),
]
UNITS = {"k": "thousand", "K": "thousand", "M": "million", "B": "billion", "ms": "milliseconds",
         "s": "seconds", "m": "minutes", "h": "hours", "x": "times", "GB": "gigabytes",
         "MB": "megabytes", "KB": "kilobytes", "TB": "terabytes", "rps": "requests per second"}


def below_1000(n):
    words = []
    if n >= 100:
        words += [ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(TENS[n // 10])
        n %= 10
        if n:
            words.append(ONES[n])
    elif n or not words:
        words.append(ONES[n])
    return words


def number_words(n):
    if n == 0:
        return ["zero"]
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words = []
    for i in range(len(groups) - 1, -1, -1):
        if groups[i]:
            words += below_1000(groups[i]) + ([SCALES[i]] if SCALES[i] else [])
    return words


def say_number(token):
    """'1,000' -> one thousand, '3.5' -> three point five, '10k' -> ten thousand."""
    m = re.fullmatch(r"(\d[\d,]*)(?:\.(\d+))?([A-Za-z]*)", token)
    if not m:
        return None
    whole, frac, unit = m.groups()
    digits = whole.replace(",", "")
    if len(digits) > 15:
        return [ONES[int(d)] for d in digits]
    words = number_words(int(digits))
    if frac:
        words += ["point"] + [ONES[int(d)] for d in frac]
    if unit:
        if unit in UNITS:
            words += UNITS[unit].split()
        elif unit.lower() in ("st", "nd", "rd", "th"):
            pass  # ordinals are rare in answers: leave the cardinal
        else:
            words += list(unit.lower()) if len(unit) <= 3 else [unit.lower()]
    return words


ACRONYMS = set()


def note_acronyms(text):
    """Words written in capitals ("ACL", "BFF") are said letter by letter;
    build_dict.py spells the ones no dictionary has."""
    for w in re.findall(r"\b[A-Z][A-Z0-9]*[A-Z]s?\b", text):
        w = w[:-1] if w.endswith("s") and w[:-1].isupper() else w
        if 2 <= len(w) <= 6 and w.isalpha():
            ACRONYMS.add(w.lower())


def normalize(text, digit_words):
    """Sentences of one text, each a list of recognizer words."""
    note_acronyms(text)
    for pattern, repl in PHRASES:
        text = re.sub(pattern, repl, text)
    text = re.sub(r"\{[a-z_]+\}", " ", text)  # placeholders like {name}
    sentences = re.split(r"(?<=[.?!;:])\s+|\n+", text)
    out = []
    for s in sentences:
        words = []
        for raw in re.split(r"[\s/_\-\u2014\u2013]+", s):
            token = raw.strip(".,;:!?\"'()[]`*<>=+~|\u201c\u201d\u2019\u2018")
            token = token.replace("\u2019", "'")
            if not token:
                continue
            if token.lower() in digit_words:
                words.append(token.lower())
                continue
            if token[0].isdigit():
                said = say_number(token)
                if said:
                    words += said
                    continue
            for part in re.findall(r"[A-Za-z']+|\d+", token):
                if part.isdigit():
                    words += number_words(int(part)) if len(part) < 15 else list(part)
                else:
                    part = part.strip("'").lower()
                    if part:
                        words.append(part)
        if words:
            out.append(words)
    return out


def strings_in(node, found):
    if isinstance(node, str):
        found.append(node)
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in ("id", "phase", "version", "categories", "probes", "topic", "after"):
                strings_in(v, found)
    elif isinstance(node, list):
        for v in node:
            strings_in(v, found)
    return found


def lexicon_terms(data_dir):
    """Each concept's name and first term: how engineers say it.  The other
    terms include recognizer mishearings ("post grass"), which must not be
    taught to the recognizer."""
    path = os.path.join(data_dir, "lexicon.yaml")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    terms = set()
    for concept in doc.get("concepts", []) or []:
        if concept.get("name"):
            terms.add(str(concept["name"]))
        for t in (concept.get("terms") or [])[:1]:
            if not str(t).endswith("*"):  # a stem ("cach*") is not a word
                terms.add(str(t).strip())
    return sorted(t for t in terms if t)


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def lexicon_all_terms(data_dir, known):
    """The lexicon's terms, so that the recognizer can write every form a
    candidate uses ("rate limiter": "limiter" is in no stock dictionary).
    Left out: stems whose stem is not a word ("throttl*"), and terms with a
    word the dictionaries lack that is a near-spelling of a concept's own
    word ("reddis", "kafta", "graphana"): those are recorded mishearings for
    the understanding layer, not words to teach the recognizer."""
    path = os.path.join(data_dir, "lexicon.yaml")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    concepts = doc.get("concepts", []) or []
    canonical = set()
    for concept in concepts:
        for t in [concept.get("name", "")] + list(concept.get("terms") or [])[:1]:
            canonical.update(w.lower() for w in re.findall(r"[A-Za-z]+", str(t)) if len(w) > 3)

    def misspelling(word):
        return any(edit_distance(word, c) <= 2 for c in canonical if abs(len(c) - len(word)) <= 2)

    terms = set()
    for concept in concepts:
        for t in concept.get("terms") or []:
            t = str(t)
            words = t.rstrip("*").split()
            if not words:
                continue
            if any(w not in known and misspelling(w) for w in words[:-1] if w.isalpha()):
                continue
            if t.endswith("*"):
                for form in stem_forms(words[-1], known, len(words) == 1):
                    terms.add(" ".join(words[:-1] + [form]))
                continue
            if words[-1].isalpha() and words[-1] not in known and misspelling(words[-1]):
                continue
            terms.add(" ".join(words))
    return sorted(terms)


# Endings a lexicon stem stands for.  A stem that is a word ("cache*",
# "rate limit*") mostly means its plural; one that is not ("decoupl*",
# "throttl*") means the words made from it.
WORD_STEM_ENDINGS = ("", "s", "es")  # "es" only after s, x, z, ch, sh
WORD_STEM_ENDINGS_ALONE = ("ed", "ing")
PART_STEM_ENDINGS = ("e", "es", "ed", "ing", "s", "er", "ers", "ion", "ions", "ation",
                     "ations", "y", "ies")


def stem_forms(stem, known, alone):
    """The dictionary words a lexicon stem stands for: "decoupl*" ->
    decouple, decoupled, decouples, decoupling.  Without them a candidate's
    "decouples" is a word the model has barely seen, and the recognizer
    writes "dad couples".  Only known words and common endings, so that
    "test*" does not bring "testy"."""
    if stem in known:
        ends = WORD_STEM_ENDINGS + (WORD_STEM_ENDINGS_ALONE if alone else ())
    elif len(stem) >= 5:  # "var*" (variable) is too short to guess from
        ends = PART_STEM_ENDINGS
    else:
        return []
    sibilant = stem.endswith(("s", "x", "z", "ch", "sh"))
    return sorted({stem + end for end in ends
                   if stem + end in known and (end != "es" or sibilant or stem not in known)})


def known_words(dictionary_txt):
    words = set()
    for path in (CMUDICT, dictionary_txt):
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                w = line.split("#", 1)[0].split()
                if w:
                    words.add(w[0].split("(", 1)[0].lower())
    return words


def signal_phrases(data_dir, apostrophes):
    """The ways of talking the interviewer listens for ("the trade off is",
    "in production"), apostrophes restored ("dont" -> "don't")."""
    path = os.path.join(data_dir, "signals.yaml")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    phrases = []
    for name, items in (doc.get("signals") or {}).items():
        if name in ("instruction", "rude", "off_topic"):
            continue  # said rarely; not worth teaching the recognizer
        for p in items or []:
            if str(p).endswith("*"):
                continue
            words = [apostrophes.get(w, w) for w in str(p).split()]
            phrases.append(" ".join(words))
    return phrases


def apostrophe_forms(cmudict_path):
    """'dont' -> "don't" for the words cmudict only knows with an apostrophe."""
    plain, forms = set(), {}
    if not os.path.exists(cmudict_path):
        return forms
    with open(cmudict_path, encoding="utf-8") as f:
        for line in f:
            w = line.split(" ", 1)[0].split("(", 1)[0]
            if "'" in w:
                forms.setdefault(w.replace("'", ""), w)
            else:
                plain.add(w)
    return {k: v for k, v in forms.items() if k not in plain}


def spelled_forms(dictionary_txt):
    """('j', 'w', 't') -> 'jwt': the dictionary's words said as letters ("word = j w t"),
    for text that writes them as said (the blind answers write "j w t", "s three",
    "rabbit m q"): the recognizer writes the one word."""
    forms = {}
    with open(dictionary_txt, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0]
            if " = " not in line:
                continue
            word, said = line.split(" = ", 1)
            toks = tuple(said.split())
            if len(toks) >= 2 and any(len(t) == 1 for t in toks):
                forms.setdefault(toks, word.strip())
    return forms


def join_spelled(words, forms, longest):
    out, i = [], 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 1, -1):
            word = forms.get(tuple(words[i:i + n]))
            if word:
                out.append(word)
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


def main():
    data_dir, dictionary_txt, out = sys.argv[1:4]
    digit_words = set()
    with open(dictionary_txt, encoding="utf-8") as f:
        for line in f:
            w = line.split("#", 1)[0].split()
            if w and any(c.isdigit() for c in w[0]):
                digit_words.add(w[0].lower())

    corpus_dir = os.path.join(data_dir, "speech", "corpus")
    lines = []
    for path in sorted(glob.glob(os.path.join(corpus_dir, "*.txt"))):
        if os.path.basename(path) == "templates.txt":
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    lines += normalize(line, digit_words)
    hand = len(lines)

    with open(os.path.join(corpus_dir, "slots.yaml"), encoding="utf-8") as f:
        slots = {k: [str(v) for v in vals] for k, vals in yaml.safe_load(f).items()}
    terms = lexicon_terms(data_dir)
    slots["concept"] = sorted(set(slots.get("concept", [])) | set(terms))
    rng = random.Random(20261101)
    with open(os.path.join(corpus_dir, "templates.txt"), encoding="utf-8") as f:
        templates = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    for t in templates:
        names = re.findall(r"\{(\w+)\}", t)
        for name in names:
            if name not in slots:
                sys.exit(f"templates.txt: unknown slot {{{name}}} in: {t}")
        for _ in range(40):
            filled = re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots[m.group(1)]), t)
            lines += normalize(filled, digit_words)
    generated = len(lines) - hand

    for path in sorted(glob.glob(os.path.join(data_dir, "playbooks", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for s in strings_in(doc, []):
            if len(s.split()) >= 3:
                lines += normalize(s, digit_words)
    for term in terms:
        lines += normalize(term, digit_words)
        for carrier in ("we used {} for that", "I would use {}", "what about {}"):
            lines += normalize(carrier.format(term), digit_words)
    all_terms = lexicon_all_terms(data_dir, known_words(dictionary_txt))
    for term in all_terms:
        lines += normalize(term, digit_words)
    apostrophes = apostrophe_forms(CMUDICT)
    signals = signal_phrases(data_dir, apostrophes)
    for phrase in signals:
        lines += normalize(phrase, digit_words)

    forms = spelled_forms(dictionary_txt)
    longest = max((len(k) for k in forms), default=0)
    lines = [join_spelled(words, forms, longest) for words in lines]
    with open(out, "w", encoding="utf-8") as f:
        for words in lines:
            f.write(" ".join(words) + "\n")
    with open(out + ".acronyms", "w", encoding="utf-8") as f:
        for w in sorted(ACRONYMS):
            f.write(w + "\n")
    print(f"speech_corpus: {len(lines)} sentences ({hand} hand-written, {generated} from "
          f"templates, {len(terms)} lexicon names, {len(all_terms)} lexicon terms, "
          f"{len(signals)} signal phrases)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
