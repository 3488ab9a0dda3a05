#!/usr/bin/env python3
"""Attribution test set: who is said to say each quotation.

    python3 tests/attribution/run.py WHOSAID [--cases FILE] [--gazetteers DIR]
                                     [--verbose] [--min-pass FRACTION]

Reads tests/attribution/cases.tsv (format in its header), writes each case's
text to a temporary folder as its own file, runs whosaid once over the folder
(JSON Lines), finds each row's quotation by its first words and compares the
speaker (canonical name, case-insensitive; "-" means no speaker) and, when
given, the kind. Prints one line per failing case, a summary and pass counts
per form (the id's part before the first "-"). Exit 0 when the pass fraction
is at least --min-pass (default 1.0), 1 when it is not, 2 on errors.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["id", "text", "quote", "speaker", "kind", "note"]
KINDS = {"", "direct", "partial", "other"}

# Quote marks and apostrophes of every style map to one straight form.
_MARKS = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2039": "'", "\u203a": "'",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})


def norm(s):
    """Straight quotes, collapsed spaces, no leading/trailing marks or spaces."""
    s = re.sub(r"\s+", " ", (s or "").translate(_MARKS))
    return s.strip(" \"'")


def load_cases(path):
    cases, errors, seen = [], [], set()
    header_seen = False
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if not header_seen and fields[:len(COLUMNS)] == COLUMNS:
                header_seen = True
                continue
            if len(fields) < 4 or len(fields) > len(COLUMNS):
                errors.append(f"{path}:{lineno}: expected {len(COLUMNS)} tab-separated columns, got {len(fields)}")
                continue
            fields += [""] * (len(COLUMNS) - len(fields))
            c = dict(zip(COLUMNS, (x.strip() for x in fields)))
            c["line"] = lineno
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", c["id"]):
                errors.append(f"{path}:{lineno}: bad id {c['id']!r} (letters, digits, . _ - only)")
            elif c["id"] in seen:
                errors.append(f"{path}:{lineno}: duplicate id {c['id']}")
            seen.add(c["id"])
            if c["kind"] not in KINDS:
                errors.append(f"{path}:{lineno}: kind must be direct, partial, other or empty, not {c['kind']!r}")
            if not c["text"] or not c["quote"] or not c["speaker"]:
                errors.append(f"{path}:{lineno}: text, quote and speaker must not be empty (speaker - for none)")
            c["text"] = c["text"].replace("\\n", "\n\n")
            cases.append(c)
    return cases, errors


def run_whosaid(whosaid, cases, gazetteers):
    """Write one file per case, run whosaid once, return {case id: [quote, ...]}."""
    with tempfile.TemporaryDirectory(prefix="whosaid-attribution-") as tmp:
        names = {}
        for i, c in enumerate(cases):
            name = f"c{i:04d}"
            names[name] = c["id"]
            with open(os.path.join(tmp, name + ".txt"), "w", encoding="utf-8") as f:
                f.write(c["text"] + "\n")
        cmd = [whosaid, "extract", "-q"]
        for g in gazetteers or []:
            cmd += ["-g", g]
        cmd.append(tmp)
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # exit 1 is a failed document; a crash or sanitizer report is not
    if proc.returncode not in (0, 1) or b"runtime error:" in proc.stderr or b"Sanitizer" in proc.stderr:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"run.py: {' '.join(cmd)} exited with {proc.returncode}")
    quotes = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        cid = names.get(str(doc.get("doc")))
        if cid is None:
            continue
        if doc.get("error"):
            quotes[cid] = {"error": doc["error"].get("message", "error")}
        else:
            quotes[cid] = doc.get("quotes") or []
    return quotes


def find_quote(quotes, prefix):
    """The quote whose text starts with prefix; else one that contains it."""
    p = norm(prefix)
    texts = [(q, norm(q.get("text"))) for q in quotes]
    for test in (lambda t: t.startswith(p),
                 lambda t: t.lower().startswith(p.lower()),
                 lambda t: p.lower() in t.lower()):
        for q, t in texts:
            if test(t):
                return q
    return None


def short(s, n=110):
    s = s.replace("\n\n", " \\n ")
    return s if len(s) <= n else s[:n - 1] + "…"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("whosaid", help="path to the whosaid program")
    ap.add_argument("--cases", default=os.path.join(HERE, "cases.tsv"), help="cases file (default: cases.tsv here)")
    ap.add_argument("--gazetteers", "-g", action="append", help="gazetteer folder (repeatable; default: whosaid's own)")
    ap.add_argument("--verbose", "-v", action="store_true", help="also list passing cases, and every quote found for a failure")
    ap.add_argument("--min-pass", type=float, default=1.0, help="pass fraction needed for exit 0 (default 1.0)")
    args = ap.parse_args()

    cases, errors = load_cases(args.cases)
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        return 2
    if not cases:
        print(f"run.py: no cases in {args.cases}", file=sys.stderr)
        return 2
    results = run_whosaid(args.whosaid, cases, args.gazetteers)

    per_form = collections.OrderedDict()
    passed = 0
    for c in cases:
        form = c["id"].split("-")[0] + "-"
        per_form.setdefault(form, [0, 0])
        per_form[form][1] += 1
        quotes = results.get(c["id"])
        problem = None
        q = None
        if quotes is None:
            problem = "no output for this case"
        elif isinstance(quotes, dict):
            problem = f"document failed: {quotes['error']}"
        else:
            q = find_quote(quotes, c["quote"])
            if q is None:
                found = "; ".join(repr(short(x.get("text") or "", 40)) for x in quotes) or "none"
                problem = f"quote {c['quote']!r} not found (quotes found: {found})"
        if q is not None:
            got = q.get("speaker")
            want = c["speaker"]
            ok_speaker = (got is None) if want == "-" else (got is not None and got.casefold() == want.casefold())
            if not ok_speaker:
                problem = (f"expected speaker {want}, got {got if got is not None else '-'} "
                           f"(method {q.get('method')}, speaker_text {q.get('speaker_text')})")
            elif c["kind"] and q.get("kind") != c["kind"]:
                problem = (f"expected kind {c['kind']}, got {q.get('kind')} "
                           f"(speaker {got if got is not None else '-'}, method {q.get('method')})")
        if problem is None:
            passed += 1
            per_form[form][0] += 1
            if args.verbose:
                print(f"ok   {c['id']}: {c['speaker']} | {short(c['text'])}")
        else:
            print(f"FAIL {c['id']}: {problem} | {short(c['text'])}")
            if args.verbose and isinstance(quotes, list):
                print(f"     note: {c['note']}")
                for x in quotes:
                    print(f"     {x.get('id')}: {short(x.get('text') or '', 50)!r} -> {x.get('speaker')} "
                          f"[{x.get('kind')}, {x.get('method')}, {x.get('speaker_text')!r}, cue {x.get('cue')!r}]")

    total = len(cases)
    frac = passed / total
    print(f"attribution cases: {passed} passed, {total - passed} failed ({100 * frac:.1f}%)")
    width = max(len(f) for f in per_form)
    for form, (ok, n) in per_form.items():
        print(f"  {form:<{width}} {ok:3d}/{n:<3d} ({100 * ok / n:5.1f}%)")
    if frac + 1e-9 < args.min_pass:
        print(f"pass fraction {frac:.3f} is below --min-pass {args.min_pass}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
