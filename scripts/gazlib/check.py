"""The check of data/gazetteers/: every *.tsv gazetteer, the QID evidence of the
hand-curated files, demonyms.txt and common-words.txt. It reads the files and
writes nothing; scripts/check-gazetteers and scripts/build-gazetteers --check
run it."""

import os
import re
import sys
import unicodedata
from collections import defaultdict

from common import (ATTR_KEYS, HEADER, OUT, PLACE_WORD_DROP, SHORT_OK, SOURCE_FILES, SOURCE_OTHER,
                    SOURCES, TYPES, WORD_ALIAS_OK, WORDS_FILE, country_id, fold, is_common_word,
                    parse_list, parse_table, words)
from common_words import common_word_candidates

# Hand-curated files whose QIDs need a row of evidence, and where it is kept.
QID_EVIDENCE = {
    "people.tsv": "qid-evidence-people.tsv",
    "organisations.tsv": "qid-evidence-orgs.tsv",
    "media.tsv": "qid-evidence-orgs.tsv",
}


def check(verbose=True):
    errors = []
    ids = {}
    country_ids = set()
    place_ids = set()
    regions = []  # (where, id, region id), checked once every file is read
    alias_owners = defaultdict(set)
    counts = []
    total_entities = total_aliases = 0
    curated_qids = defaultdict(dict)  # file -> {QID: (name, where)}
    files = sorted(OUT.glob("*.tsv"))
    if not files:
        errors.append("no .tsv files in %s" % OUT)
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            errors.append("%s: not valid UTF-8 (%s)" % (path.name, e))
            continue
        if raw.startswith(b"\xef\xbb\xbf"):
            errors.append("%s: has a UTF-8 BOM" % path.name)
        if "\r" in text:
            errors.append("%s: has CR characters" % path.name)
        header_seen = False
        n_ent = n_al = 0
        for ln, line in enumerate(text.split("\n"), 1):
            where = "%s:%d" % (path.name, ln)
            if line.startswith("#") or line.strip() == "":
                continue
            if not header_seen:
                if line != HEADER:
                    errors.append("%s: bad header %r" % (where, line))
                header_seen = True
                continue
            f = line.split("\t")
            if len(f) != 5:
                errors.append("%s: %d columns, want 5" % (where, len(f)))
                continue
            eid, etype, name, aliases, attrs = f
            if any(x != x.strip() for x in f):
                errors.append("%s: field with leading/trailing space" % where)
            if not re.fullmatch(r"Q\d+|[a-z0-9]+:[A-Za-z0-9._-]+", eid):
                errors.append("%s: bad id %r" % (where, eid))
            if eid in ids:
                errors.append("%s: duplicate id %s (also %s)" % (where, eid, ids[eid]))
            ids[eid] = where
            if etype not in TYPES:
                errors.append("%s: unknown type %r" % (where, etype))
            if not name:
                errors.append("%s: empty name" % where)
            al = [a for a in aliases.split("|")] if aliases else []
            if "" in al:
                errors.append("%s: empty alias" % where)
            if name in al:
                errors.append("%s: name repeated as alias" % where)
            if len(set(al)) != len(al):
                errors.append("%s: duplicate alias" % where)
            for a in [name] + al:
                if a.startswith("#"):
                    errors.append("%s: alias starts with #" % where)
                if len(a) <= 2 and a not in SHORT_OK:
                    errors.append("%s: short alias %r" % (where, a))
                if a == "TT":
                    errors.append("%s: alias TT" % where)
                if a in PLACE_WORD_DROP and " " not in a and a not in WORD_ALIAS_OK:
                    errors.append("%s: alias %r is in PLACE_WORD_DROP" % (where, a))
                elif (etype != "PLACE" and is_common_word(a) and a not in WORD_ALIAS_OK
                      and a not in SHORT_OK):
                    errors.append("%s: alias %r is a common English word" % (where, a))
                if (a.endswith("'s") or a.endswith("’s")) and a[:-2] in [name] + al:
                    errors.append("%s: possessive alias %r" % (where, a))
                alias_owners[a].add((etype, eid))
            kv_pairs = {}
            if attrs:
                keys = set()
                for kv in attrs.split(";"):
                    if "=" not in kv:
                        errors.append("%s: bad attribute %r" % (where, kv))
                        continue
                    k, v = kv.split("=", 1)
                    kv_pairs[k] = v
                    if k not in ATTR_KEYS:
                        errors.append("%s: unknown attribute key %r" % (where, k))
                    if k in keys:
                        errors.append("%s: repeated attribute key %r" % (where, k))
                    keys.add(k)
                    if not v:
                        errors.append("%s: empty value for %r" % (where, k))
                    if k == "gender" and v not in ("m", "f"):
                        errors.append("%s: bad gender %r" % (where, v))
                    if k == "country" and not re.fullmatch(r"[A-Z]{2}", v):
                        errors.append("%s: bad country %r" % (where, v))
                    if k == "population" and not re.fullmatch(r"[0-9]+", v):
                        errors.append("%s: bad population %r" % (where, v))
            if path.name in QID_EVIDENCE and eid.startswith("Q"):
                curated_qids[path.name][eid] = (name, where)
            if path.name == "regions.tsv" and eid.startswith("Q"):
                want = country_id(kv_pairs.get("country", ""))
                if eid != want:
                    errors.append("%s: territory id %s, want %s, the QID of its own code in "
                                  "sources/owid-country-qids.tsv" % (where, eid, want))
            if "region" in kv_pairs:
                regions.append((where, eid, kv_pairs["region"]))
            if etype == "PLACE":
                place_ids.add(eid)
            if etype == "PLACE" and kv_pairs.get("subtype") == "country":
                country_ids.add(eid)
                want = country_id(kv_pairs.get("country", ""))
                if eid != want:
                    errors.append("%s: country id %s, want %s (sources/owid-country-qids.tsv)"
                                  % (where, eid, want))
            n_ent += 1
            n_al += 1 + len(al)
        if not header_seen:
            errors.append("%s: no header" % path.name)
        counts.append((path.name, n_ent, n_al))
        total_entities += n_ent
        total_aliases += n_al
    for where, eid, region in regions:
        if region not in place_ids or region == eid:
            errors.append("%s: region %r is no other place of the gazetteers" % (where, region))
    check_qid_evidence(curated_qids, errors)
    check_sources(errors)
    n_demonyms = check_demonyms(ids, country_ids, alias_owners, errors)
    n_words = check_common_words(alias_owners, errors)
    n_given = check_given_names(errors)
    if verbose:
        print("%-22s %8s %8s" % ("file", "entities", "aliases"))
        for name, e, a in counts:
            print("%-22s %8d %8d" % (name, e, a))
        print("%-22s %8d %8d" % ("total", total_entities, total_aliases))
        print("demonyms.txt: %d demonyms; common-words.txt: %d words" % (n_demonyms, n_words))
        print("../lexicon/en/given-names.tsv: %d names" % n_given)
        shared = {a: o for a, o in alias_owners.items()
                  if len(o) > 1 and any(t != "PLACE" for t, _ in o)}
        print("aliases shared by several entities (not only places): %d" % len(shared))
        for a in sorted(shared):
            if any(t == "PERSON" for t, _ in shared[a]) or os.environ.get("WS_VERBOSE"):
                print("  %-28s %s" % (a, " ".join(sorted(e for _, e in shared[a]))))
    for e in errors[:200]:
        print("error: " + e, file=sys.stderr)
    if errors:
        print("%d error(s)" % len(errors), file=sys.stderr)
    return not errors


def check_qid_evidence(curated_qids, errors):
    """Every QID of a hand-curated file has its row in the evidence file, under the
    same name, and every evidence row has its entity: a QID is never typed in
    without a record of where it was seen paired with that name."""
    for evidence_name in sorted(set(QID_EVIDENCE.values())):
        path = OUT / "sources" / evidence_name
        files = [f for f, e in QID_EVIDENCE.items() if e == evidence_name]
        wanted = {q: v for f in files for q, v in curated_qids.get(f, {}).items()}
        seen = set()
        lines = read_text_file(path, errors)
        if lines is None:
            continue
        header = None
        for ln, line in enumerate(lines, 1):
            if line.startswith("#") or not line:
                continue
            f = line.split("\t")
            where = "sources/%s:%d" % (evidence_name, ln)
            if header is None:
                header = f
                if f != ["qid", "former_id", "name", "evidence"]:
                    errors.append("%s: bad header %r" % (where, line))
                continue
            if len(f) != 4 or not re.fullmatch(r"Q[1-9][0-9]*", f[0]) or not f[3].strip():
                errors.append("%s: want qid, former_id, name and evidence" % where)
                continue
            if f[0] in seen:
                errors.append("%s: %s repeated" % (where, f[0]))
            seen.add(f[0])
            if f[0] not in wanted:
                errors.append("%s: %s is not an id of %s" % (where, f[0], " or ".join(files)))
            elif wanted[f[0]][0] != f[2]:
                errors.append("%s: %s is %r there, %r here" % (where, f[0], wanted[f[0]][0], f[2]))
        for q, (name, where) in sorted(wanted.items()):
            if q not in seen:
                errors.append("%s: QID %s (%s) has no evidence row in sources/%s"
                              % (where, q, name, evidence_name))


def read_text_file(path, errors):
    """Lines of a .txt data file after the UTF-8/BOM/CR checks, or None."""
    if not path.exists():
        errors.append("%s: missing" % path.name)
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        errors.append("%s: not valid UTF-8 (%s)" % (path.name, e))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("%s: has a UTF-8 BOM" % path.name)
    if "\r" in text:
        errors.append("%s: has CR characters" % path.name)
    if not text.endswith("\n"):
        errors.append("%s: does not end with a newline" % path.name)
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def check_demonyms(ids, country_ids, alias_owners, errors):
    """demonyms.txt: demonym<TAB>id of a country in the gazetteers, sorted, unique, not an alias."""
    path = OUT / "demonyms.txt"
    lines = read_text_file(path, errors)
    if lines is None:
        return 0
    seen = []
    for ln, line in enumerate(lines, 1):
        where = "%s:%d" % (path.name, ln)
        if line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) != 2 or not f[0] or f[0] != f[0].strip() or "  " in f[0]:
            errors.append("%s: want demonym<TAB>country id, got %r" % (where, line))
            continue
        d, eid = f
        if not d[0].isupper():
            errors.append("%s: demonym %r does not start with a capital" % (where, d))
        if eid not in ids:
            errors.append("%s: unknown id %r" % (where, eid))
        elif eid not in country_ids:
            errors.append("%s: %s is not a country id" % (where, eid))
        if d in alias_owners:
            errors.append("%s: demonym %r is also an alias (%s)" % (
                where, d, " ".join(sorted(e for _, e in alias_owners[d]))))
        seen.append(d)
    if len(set(seen)) != len(seen):
        errors.append("%s: repeated demonym" % path.name)
    if seen != sorted(seen, key=lambda d: (fold(d), d)):
        errors.append("%s: not sorted" % path.name)
    return len(seen)


def check_common_words(alias_owners, errors):
    """common-words.txt: lowercase single words, sorted, unique, and exactly the word
    list's lowercase words but the gazetteers' acronyms."""
    path = OUT / "common-words.txt"
    lines = read_text_file(path, errors)
    if lines is None:
        return 0
    found = []
    for ln, line in enumerate(lines, 1):
        where = "%s:%d" % (path.name, ln)
        if line.startswith("#"):
            if found:
                errors.append("%s: comment after the first word" % where)
            continue
        if not line or line != line.lower() or not re.fullmatch(r"[^\s#]+", line):
            errors.append("%s: %r is not a lowercase single word" % (where, line))
            continue
        if line not in words():
            errors.append("%s: %r is not in %s" % (where, line, WORDS_FILE))
        found.append(line)
    if found != sorted(set(found)):
        errors.append("%s: not sorted, or has repeated words" % path.name)
    want = common_word_candidates()
    missing, extra = sorted(want - set(found)), sorted(set(found) - want)
    if missing:
        errors.append("%s: %d word(s) missing (rebuild): %s" % (path.name, len(missing), " ".join(missing[:20])))
    if extra:
        errors.append("%s: %d word(s) that are no alias (rebuild): %s" % (path.name, len(extra), " ".join(extra[:20])))
    return len(found)


def check_sources(errors):
    """The curated files of sources/ parse (comments, header, columns, unique list
    entries), and sources/ holds no file the build does not know."""
    for name in sorted(SOURCE_FILES):
        if SOURCE_FILES[name] is None:
            parse_list(name, errors)
        else:
            parse_table(name, SOURCE_FILES[name], errors)
    for path in sorted(SOURCES.iterdir()):
        if path.name not in SOURCE_FILES and path.name not in SOURCE_OTHER:
            errors.append("sources/%s: unknown file (list it in SOURCE_FILES, scripts/gazlib/common.py)"
                          % path.name)


def check_given_names(errors):
    """data/lexicon/en/given-names.tsv: comments then the header, six well-formed
    columns, sorted by name and unique, the npm pins of the build in its header,
    and `ambiguous`/`why` as the current gazetteers give them."""
    import given_names as gn
    path = gn.PATH
    name = "lexicon/en/" + path.name
    if not path.exists():
        errors.append("%s: missing (scripts/build-gazetteers --given-names-from DIR)" % name)
        return 0
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        errors.append("%s: not valid UTF-8 (%s)" % (name, e))
        return 0
    if raw.startswith(b"\xef\xbb\xbf") or "\r" in text or not text.endswith("\n"):
        errors.append("%s: a BOM, CR characters, or no final newline" % name)
        return 0
    sets = gn.ambiguity_sets()
    header = False
    pins = False
    prev = None
    n = stale = 0
    for ln, line in enumerate(text[:-1].split("\n"), 1):
        where = "%s:%d" % (name, ln)
        if not header:
            if line == gn.HEADER:
                header = True
            elif line == "# " + gn.packages_line():
                pins = True
            elif not line.startswith("#"):
                errors.append("%s: want comment lines, then the header %r" % (where, gn.HEADER))
                return 0
            continue
        f = line.split("\t")
        if len(f) != len(gn.COLUMNS):
            errors.append("%s: %d columns, want %d (%s)" % (where, len(f), len(gn.COLUMNS), gn.HEADER))
            continue
        nm, g, freq, srcs, amb, why = f
        if (len(nm) < 2 or not gn.NAME_RE.fullmatch(nm) or unicodedata.normalize("NFC", nm) != nm
                or nm != gn.capitalise(nm.lower())):
            errors.append("%s: bad name %r (letters, hyphenated parts, each capitalised)" % (where, nm))
        if prev is not None and nm <= prev:
            errors.append("%s: %r not after %r: not sorted, or repeated" % (where, nm, prev))
        prev = nm
        if g not in ("m", "f", "u"):
            errors.append("%s: gender %r, want m, f or u" % (where, g))
        if not re.fullmatch(r"0|[1-9][0-9]*", freq):
            errors.append("%s: frequency %r is no integer" % (where, freq))
        elif (freq != "0") != ("u" in srcs):
            errors.append("%s: frequency %s but sources %r (u: in the US data)" % (where, freq, srcs))
        if not srcs or list(srcs) != sorted(set(srcs)) or set(srcs) - set(gn.SOURCE_LETTERS):
            errors.append("%s: sources %r, want sorted letters of %s" % (where, srcs, gn.SOURCE_LETTERS))
        if amb not in ("0", "1") or (amb == "1") != (why != "-"):
            errors.append("%s: ambiguous %r with why %r" % (where, amb, why))
        elif why != gn.why(nm, sets):
            stale += 1
            if stale <= 5:
                errors.append("%s: why %r, the gazetteers say %r (stale: run scripts/build-gazetteers)"
                              % (where, why, gn.why(nm, sets)))
        n += 1
    if not header:
        errors.append("%s: no header %r" % (name, gn.HEADER))
    if not pins:
        errors.append("%s: no comment line %r (the pins of sources/npm-packages.tsv)"
                      % (name, "# " + gn.packages_line()))
    if stale > 5:
        errors.append("%s: %d stale rows in all" % (name, stale))
    return n
