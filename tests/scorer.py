#!/usr/bin/env python3
"""Scores whosaid's JSON Lines output against gold annotations.

usage: scorer.py GOLD.jsonl SYSTEM.jsonl [--json] [--kinds direct,partial]
                 [--entity-types PERSON,PLACE,ORG] [--min-quote-f1 X]
                 [--min-attr-f1 X] [--min-entity-f1 X]

GOLD.jsonl is one object per document as tests/corpus/README.md describes
it; SYSTEM.jsonl what `whosaid extract --format jsonl` writes. Both are
keyed by "doc". This is the project's own implementation of the metric the
team's scorer documents, so that figures on the project corpus and on other
gold sets in that format compare:

Quotes. Texts are compared normalised: NFKC, curly quote marks and
apostrophes as straight ones, dashes as "-", spaces collapsed, quote marks,
spaces and . , ; : stripped at both ends, lower case. A system quote and a
gold quote of the same document match when their normalised texts are at
least 80% similar (difflib's ratio); each quote matches at most one, the
most similar pairs first. Gold quotes of a kind not scored (--kinds; scare
and nested quotes by default) are optional: matching one counts nothing,
missing one costs nothing. System quotes of kind "indirect" are left out
unless indirect is scored; an unmatched system quote of kind "other" costs
nothing (whosaid marks nobody as saying it).
  detection    matched scored gold quotes (tp), unmatched system quotes
               (fp), unmatched scored gold quotes (fn);
  attribution  over gold quotes with a speaker: tp when the matched system
               quote's speaker is one of the gold names or has the same
               surname as the first (last word, honorifics left out); a
               wrong or missing speaker is a fn, a wrong one also a fp, and
               so is a speaker on an unmatched system quote.

Entities, per document and type filter (--entity-types). A system entity
matches the first gold entity one of whose names or aliases equals its name
or one of its mention texts (normalised as above, then a possessive 's and
a leading "the" removed). Unmatched: a fp. Matching a gold entity already
matched: a split, also a fp. Matching an optional gold entity: nothing.
Gold entities nobody matched are fns (optional ones excepted). The typed
score also asks for the same type.

Prints the errors and one line per measure (--json: everything as JSON);
exits 1 when a --min-* F1 is not met.
"""
import argparse
import difflib
import json
import re
import sys
import unicodedata

SIMILAR = 0.8
TYPE_NAMES = {"PERSON": "PERSON", "PER": "PERSON",
              "PLACE": "PLACE", "LOC": "PLACE", "LOCATION": "PLACE", "GPE": "PLACE",
              "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG"}
TITLES = frozenset("mr mrs ms dr president gov sen rep gen lt the".split())
FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                      "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def fold(text):
    """A quote text or name, normalised for comparison."""
    text = unicodedata.normalize("NFKC", text or "").translate(FOLD)
    return " ".join(text.split()).strip(" \"'.,;:").lower()


def name_key(name):
    key = fold(name)
    if key.endswith("'s"):
        key = key[:-2]
    if key.startswith("the "):
        key = key[4:]
    return key


def surname(name):
    words = [w for w in re.split(r"[\s.]+", name_key(name)) if w and w not in TITLES]
    return words[-1] if words else None


def same_speaker(system, gold_names):
    """Is the system's speaker one of the gold speaker's names?"""
    if not system or not gold_names:
        return False
    key = name_key(system)
    if any(key == name_key(g) for g in gold_names):
        return True
    last = surname(system)
    return last is not None and last == surname(gold_names[0])


def canonical_type(t):
    return TYPE_NAMES.get(str(t).upper(), t)


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def read_jsonl(path):
    """{doc: object}; a line that is not JSON stops the run."""
    docs = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit("%s:%d: not JSON: %s" % (path, n, e))
            docs[str(obj.get("doc"))] = obj
    return docs


def pair_quotes(gold_quotes, system_quotes):
    """[(gold index, system index)]: one-to-one, most similar first (ties in
    document order), at least SIMILAR."""
    system_texts = [fold(q.get("text", "")) for q in system_quotes]
    candidates = []
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for i, gq in enumerate(gold_quotes):
        gold_text = fold(gq.get("text", ""))
        if not gold_text:
            continue
        matcher.set_seq2(gold_text)
        for j, text in enumerate(system_texts):
            if not text:
                continue
            matcher.set_seq1(text)
            # both quick ratios bound ratio() from above and cost far less
            if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                continue
            r = matcher.ratio()
            if r >= SIMILAR:
                candidates.append((-r, i, j))
    candidates.sort()
    used_gold, used_system, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_system:
            used_gold.add(i)
            used_system.add(j)
            pairs.append((i, j))
    return pairs


class Counts:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def result(self):
        return prf(self.tp, self.fp, self.fn)


def score_quotes(doc, gold_quotes, system_quotes, kinds, det, att, errors):
    system_quotes = [q for q in system_quotes if q.get("kind") != "indirect" or "indirect" in kinds]
    pairs = dict(pair_quotes(gold_quotes, system_quotes))
    matched_system = set(pairs.values())
    for i, gq in enumerate(gold_quotes):
        if gq.get("kind") not in kinds:
            continue  # optional either way
        names = gq.get("speaker") or []
        if i not in pairs:
            det.fn += 1
            att.fn += bool(names)
            errors.append("%s: missed quote %r" % (doc, gq["text"][:60]))
            continue
        det.tp += 1
        if not names:
            continue
        speaker = system_quotes[pairs[i]].get("speaker")
        if same_speaker(speaker, names):
            att.tp += 1
        else:
            att.fn += 1
            att.fp += bool(speaker)
            errors.append("%s: speaker %r for %r, gold %r" % (doc, speaker, gq["text"][:50], names[0]))
    for j, sq in enumerate(system_quotes):
        if j in matched_system or sq.get("kind") in ("other", "scare"):
            continue
        det.fp += 1
        att.fp += bool(sq.get("speaker"))
        errors.append("%s: extra quote %r" % (doc, (sq.get("text") or "")[:60]))


def score_entities(doc, gold_entities, system_entities, types, ents, typed, errors):
    gold = [g for g in gold_entities if canonical_type(g.get("type")) in types]
    gold_keys = [{name_key(n) for n in [g["name"]] + list(g.get("aliases", []))} for g in gold]
    matched, matched_typed = set(), set()
    splits = 0
    for se in system_entities:
        stype = canonical_type(se.get("type"))
        if stype not in types:
            continue
        forms = {name_key(se.get("name", ""))}
        forms.update(name_key(m.get("text", "")) for m in se.get("mentions") or [])
        k = next((k for k, keys in enumerate(gold_keys) if forms & keys), None)
        if k is None:
            ents.fp += 1
            typed.fp += 1
            errors.append("%s: extra entity %r (%s)" % (doc, se.get("name"), stype))
            continue
        if gold[k].get("optional"):
            continue
        if k in matched:
            splits += 1
            ents.fp += 1
        else:
            matched.add(k)
            ents.tp += 1
        if stype == canonical_type(gold[k]["type"]) and k not in matched_typed:
            matched_typed.add(k)
            typed.tp += 1
        else:
            typed.fp += 1
    for k, g in enumerate(gold):
        if g.get("optional"):
            continue
        if k not in matched:
            ents.fn += 1
            errors.append("%s: missed entity %r (%s)" % (doc, g["name"], g["type"]))
        if k not in matched_typed:
            typed.fn += 1
    return splits


def score(gold, system, kinds=("direct", "partial"), types=("PERSON", "PLACE", "ORG")):
    """The measures of system against gold, both {doc: object}."""
    det, att, ents, typed = Counts(), Counts(), Counts(), Counts()
    errors = []
    splits = 0
    for doc, g in gold.items():
        s = system.get(doc, {})
        score_quotes(doc, g.get("quotes", []), s.get("quotes") or [], kinds, det, att, errors)
        splits += score_entities(doc, g.get("entities", []), s.get("entities") or [], types, ents, typed, errors)
    return {
        "documents": len(gold),
        "documents_missing": sorted(d for d in gold if d not in system),
        "quote_detection": det.result(),
        "quote_attribution": att.result(),
        "entities": dict(ents.result(), splits=splits),
        "entities_typed": typed.result(),
        "errors": errors,
    }


def calibration(gold, system, threshold):
    """(right, total): of the system quotes with confidence >= threshold that
    match a gold quote with a speaker, how many have the right speaker."""
    right = total = 0
    for doc, g in gold.items():
        gq = [q for q in g.get("quotes", []) if q.get("speaker")]
        sq = system.get(doc, {}).get("quotes") or []
        for i, j in pair_quotes(gq, sq):
            if (sq[j].get("confidence") or 0) >= threshold:
                total += 1
                right += same_speaker(sq[j].get("speaker"), gq[i]["speaker"])
    return right, total


def report(res):
    lines = ["  " + e for e in res["errors"]]
    if res["documents_missing"]:
        lines.append("documents with no output: " + ", ".join(res["documents_missing"]))
    for key in ("quote_detection", "quote_attribution", "entities", "entities_typed"):
        m = res[key]
        lines.append("%-18s P %.3f  R %.3f  F1 %.3f  (tp %d fp %d fn %d)%s" % (
            key, m["precision"], m["recall"], m["f1"], m["tp"], m["fp"], m["fn"],
            " splits %d" % m["splits"] if "splits" in m else ""))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("system")
    ap.add_argument("--json", action="store_true", help="print the whole result as JSON")
    ap.add_argument("--kinds", default="direct,partial", help="gold quote kinds scored")
    ap.add_argument("--entity-types", default="PERSON,PLACE,ORG", help="entity types scored")
    ap.add_argument("--min-quote-f1", type=float, default=0.0)
    ap.add_argument("--min-attr-f1", type=float, default=0.0)
    ap.add_argument("--min-entity-f1", type=float, default=0.0)
    a = ap.parse_args()
    res = score(read_jsonl(a.gold), read_jsonl(a.system), tuple(a.kinds.split(",")),
                tuple(canonical_type(t) for t in a.entity_types.split(",")))
    print(json.dumps(res, indent=2, ensure_ascii=False) if a.json else report(res))
    ok = (res["quote_detection"]["f1"] >= a.min_quote_f1 and res["quote_attribution"]["f1"] >= a.min_attr_f1
          and res["entities"]["f1"] >= a.min_entity_f1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
