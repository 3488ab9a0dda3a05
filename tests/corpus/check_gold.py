#!/usr/bin/env python3
"""The gold annotations agree with the texts they annotate.

usage: check_gold.py CORPUS_DIR [--update] [--candidates]

CORPUS_DIR holds NAME.txt files and gold.jsonl (one line per text; see
README.md beside this file). Checks, for every document:
  - every text has exactly one gold line and every gold line a text;
  - each quote's text is an exact slice of the file, found in file order
    right after an opening quote mark, and ends at a closing mark or at the
    end of its paragraph (a quote that runs on into the next paragraph);
    "offset" and "byte_offset" (code points and UTF-8 bytes) say where;
  - every span between quote marks in the file is a gold quote (nothing
    left out), kinds are known, speakers are lists, cues occur in the file;
  - every entity has a known type and aliases that occur in the file as
    whole words; no two entities share an alias; "count" is the number of
    mentions (aliases matched case-sensitively as whole words, longest
    first, no stretch counted twice).
--update rewrites gold.jsonl with the computed offsets and counts instead
of reporting them as wrong. --candidates lists capitalised words that no
alias covers, for the annotator to review (not an error).
"""
import json
import os
import re
import sys
import unicodedata

KINDS = {"direct", "partial", "scare", "nested"}
TYPES = {"PERSON", "PLACE", "ORG"}
OPENERS = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019", "'": "'"}
CLOSERS = set(OPENERS.values())


def is_word_char(c):
    return c.isalnum() or unicodedata.category(c) == "Mn"


def whole_word_spans(text, alias):
    """Where alias occurs with no letter or digit right before or after."""
    spans, start = [], 0
    while True:
        i = text.find(alias, start)
        if i < 0:
            return spans
        j = i + len(alias)
        before = text[i - 1] if i else " "
        after = text[j] if j < len(text) else " "
        if not is_word_char(before) and not is_word_char(after):
            spans.append((i, j))
        start = i + 1


def count_mentions(text, entities):
    """Mentions per entity: all aliases of the document, longest first; a
    stretch of text counts once."""
    taken = [False] * len(text)
    counts = [0] * len(entities)
    aliases = sorted(((a, k) for k, e in enumerate(entities) for a in e["aliases"]),
                     key=lambda x: -len(x[0]))
    for alias, k in aliases:
        for i, j in whole_word_spans(text, alias):
            if not any(taken[i:j]):
                counts[k] += 1
                for p in range(i, j):
                    taken[p] = True
    return counts


def paragraph_end(text, pos):
    """The end of the paragraph holding pos (a line break ends one)."""
    j = text.find("\n", pos)
    return len(text) if j < 0 else j


def double_quote_spans(text):
    """The spans between double quote marks (curly or straight), paired within
    each paragraph; a mark left open at a paragraph's end closes there. Single
    marks are left out: they are apostrophes too often to pair blindly."""
    spans = []
    pos = 0
    for para in text.split("\n"):
        open_at = None
        for i, c in enumerate(para):
            if c == "\u201c" or (c == '"' and open_at is None):
                if open_at is None:
                    open_at = i + 1
            elif c == "\u201d" or c == '"':
                if open_at is not None:
                    spans.append((pos + open_at, pos + i))
                    open_at = None
        if open_at is not None:
            spans.append((pos + open_at, pos + len(para)))
        pos += len(para) + 1
    return spans


def check_doc(name, text, gold, errors, update):
    def err(msg):
        errors.append("%s: %s" % (name, msg))

    # ---- quotes ----
    at = 0
    found = []
    for n, q in enumerate(gold.get("quotes", [])):
        qt = q.get("text", "")
        where = "quote %d %r" % (n + 1, qt[:40])
        if q.get("kind") not in KINDS:
            err("%s: kind %r" % (where, q.get("kind")))
        if not isinstance(q.get("speaker"), list):
            err("%s: speaker is not a list" % where)
        if q.get("cue") is not None and q["cue"] not in text:
            err("%s: cue %r is not in the text" % (where, q["cue"]))
        i = text.find(qt, at) if qt else -1
        while i > 0 and text[i - 1] not in OPENERS:
            i = text.find(qt, i + 1)
        if i <= 0:
            err("%s: not found after the previous quote, after an opening mark" % where)
            continue
        j = i + len(qt)
        if not (j < len(text) and text[j] in CLOSERS) and j != paragraph_end(text, i):
            err("%s: no closing mark or paragraph end after it" % where)
        if "\n" in qt:
            err("%s: spans paragraphs (one entry per paragraph)" % where)
        byte = len(text[:i].encode("utf-8"))
        if update:
            q["offset"], q["byte_offset"] = i, byte
        elif (q.get("offset"), q.get("byte_offset")) != (i, byte):
            err("%s: offset %r/%r, the text has %d/%d" % (where, q.get("offset"), q.get("byte_offset"), i, byte))
        found.append((i, j))
        at = i + 1
    for i, j in double_quote_spans(text):
        if (i, j) not in found and text[i:j].strip():
            err("quote marks around %r: not in the gold" % text[i:j][:50])

    # ---- entities ----
    ents = gold.get("entities", [])
    owner = {}
    for e in ents:
        where = "entity %r" % e.get("name")
        if e.get("type") not in TYPES:
            err("%s: type %r" % (where, e.get("type")))
        if not e.get("aliases"):
            err("%s: no aliases" % where)
        for a in e.get("aliases", []):
            if not whole_word_spans(text, a):
                err("%s: alias %r is not a whole word of the text" % (where, a))
            key = a.casefold()
            if key in owner and owner[key] is not e:
                err("%s: alias %r is also an alias of %r" % (where, a, owner[key]["name"]))
            owner[key] = e
    for e, c in zip(ents, count_mentions(text, ents)):
        if update:
            e["count"] = c
        elif e.get("count") != c:
            err("entity %r: count %r, the text has %d" % (e.get("name"), e.get("count"), c))
        if c == 0:
            err("entity %r: every alias is inside a longer one" % e.get("name"))
    return found


def candidates(name, text, gold):
    """Capitalised words no alias covers (sentence starts included)."""
    covered = [False] * len(text)
    for e in gold.get("entities", []):
        for a in e["aliases"]:
            for i, j in whole_word_spans(text, a):
                for p in range(i, j):
                    covered[p] = True
    seen = {}
    for m in re.finditer(r"[A-ZÀ-Ý][\w’'.-]*", text):
        if not covered[m.start()]:
            seen[m.group()] = seen.get(m.group(), 0) + 1
    print("%s: %s" % (name, ", ".join("%s%s" % (w, "" if n == 1 else " x%d" % n) for w, n in sorted(seen.items()))))


def main(argv):
    update = "--update" in argv
    show = "--candidates" in argv
    argv = [a for a in argv if not a.startswith("--")]
    if len(argv) != 1:
        sys.stderr.write(__doc__)
        return 2
    corpus = argv[0]
    gold_path = os.path.join(corpus, "gold.jsonl")
    with open(gold_path, encoding="utf-8") as f:
        golds = [json.loads(line) for line in f if line.strip()]
    errors = []
    names = sorted(n[:-4] for n in os.listdir(corpus) if n.endswith(".txt"))
    docs = [g["doc"] for g in golds]
    for d in sorted(set(docs)):
        if docs.count(d) > 1:
            errors.append("%s: %d gold lines" % (d, docs.count(d)))
    for n in names:
        if n not in docs:
            errors.append("%s.txt: no gold line" % n)
    quotes = entities = 0
    for g in golds:
        path = os.path.join(corpus, g["doc"] + ".txt")
        if not os.path.exists(path):
            errors.append("%s: gold line without a text" % g["doc"])
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        check_doc(g["doc"], text, g, errors, update)
        quotes += len(g.get("quotes", []))
        entities += len(g.get("entities", []))
        if show:
            candidates(g["doc"], text, g)
    if update:
        with open(gold_path, "w", encoding="utf-8") as f:
            for g in golds:
                f.write(json.dumps(g, ensure_ascii=False) + "\n")
    for e in errors:
        print(e)
    print("%d documents, %d quotes, %d entities: %d problems" % (len(golds), quotes, entities, len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
