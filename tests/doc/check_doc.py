#!/usr/bin/env python3
"""The manual page and the bash completion against the program: every
command of `whosaid --help` and every option that exists (the getopt tables
of src/cli, and each command's --help) is in docs/whosaid.1; the completion,
sourced in bash, completes commands, subcommands, options and their values,
and offers every option of each command; meson install installs both.

usage: check_doc.py WHOSAID SOURCE_ROOT BUILD_ROOT
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

failures = []


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else " " + str(detail)[:800]))
    if not cond:
        failures.append(name)


def help_of(whosaid, *command):
    p = subprocess.run([whosaid, *command, "--help"], capture_output=True, text=True)
    return p.stdout if p.returncode == 0 else ""


def options_in(text):
    """Long and short options a text names (--name, -x)."""
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\w-])", text))


def man_text(root):
    """The page's words: roff escapes for dashes and fonts undone."""
    with open(os.path.join(root, "docs", "whosaid.1"), encoding="utf-8") as f:
        raw = f.read()
    text = raw.replace("\\-", "-").replace("\\(em", "-")
    text = re.sub(r"\\f[BIRP]", "", text)
    return raw, text


def table_options(root):
    """Long option names of the getopt tables in src/cli, macros included."""
    names = set()
    for path in glob.glob(os.path.join(root, "src", "cli", "*.[ch]")):
        with open(path, encoding="utf-8") as f:
            names |= set(re.findall(r'\{"([a-z][a-z0-9-]*)",\s*(?:no|required|optional)_argument', f.read()))
    return {"--" + n for n in names}


def complete(completion, words, cwd="/"):
    """What the completion offers for the command line words (the last one
    being completed)."""
    script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); '
              'COMP_LINE="${COMP_WORDS[*]}"; _whosaid; printf "%s\\n" "${COMPREPLY[@]}"')
    p = subprocess.run(["bash", "-c", script, "bash", completion, *words], capture_output=True, text=True,
                       cwd=cwd)
    return set(filter(None, p.stdout.splitlines())) if p.returncode == 0 else {"<error: %s>" % p.stderr}


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    whosaid, root, build = os.path.abspath(argv[0]), os.path.abspath(argv[1]), os.path.abspath(argv[2])
    raw, man = man_text(root)

    # ---- whosaid --help lists every command, and the page does too ----
    general = help_of(whosaid)
    commands = ["extract", "db add", "db stats", "db export", "search", "who-said", "gazetteer aliases",
                "gazetteer stats", "gazetteer clashes"]
    for c in commands:
        check(f"--help lists '{c}'", re.search(r"^  %s\b" % re.escape(c), general, re.M), general)
        check(f"the man page has '{c}'", re.search(r"^\.B %s\s*$" % re.escape(c), man, re.M)
              or ("whosaid " + c) in man)

    # ---- every option: in the page, and in some command's help ----
    helps = {c: help_of(whosaid, c) for c in ("extract", "db", "search", "who-said", "gazetteer")}
    helps[""] = general
    shown = set().union(*(options_in(h) for h in helps.values()))
    for option in sorted(table_options(root)):
        check(f"option {option} is in the man page", option in options_in(man))
        check(f"option {option} is in a --help", option in shown)
    for c, h in sorted(helps.items()):
        missing = sorted(options_in(h) - options_in(man))
        check(f"every option of '{c or 'whosaid'} --help' is in the man page", not missing, missing)
    check("man page sections", all(s in raw for s in (".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION",
                                                       ".SH EXIT STATUS", ".SH ENVIRONMENT", ".SH EXAMPLES")))
    if shutil.which("groff") or shutil.which("nroff"):
        tool = shutil.which("nroff") or shutil.which("groff")
        p = subprocess.run([tool, "-man", "-Tutf8", "-ww", os.path.join(root, "docs", "whosaid.1")],
                           capture_output=True, text=True)
        check("the page formats without warnings", p.returncode == 0 and not p.stderr.strip(), p.stderr)

    # ---- bash completion ----
    completion = os.path.join(root, "docs", "whosaid.bash")
    p = subprocess.run(["bash", "-c", 'source "$1" && complete -p whosaid', "bash", completion],
                       capture_output=True, text=True)
    check("complete -p whosaid", p.returncode == 0 and "-F _whosaid" in p.stdout, p.stdout + p.stderr)
    cases = [
        (["whosaid", ""], {"extract", "db", "search", "who-said", "gazetteer", "--help", "--version"}),
        (["whosaid", "ex"], {"extract"}),
        (["whosaid", "w"], {"who-said"}),
        (["whosaid", "db", ""], {"add", "stats", "export", "--help"}),
        (["whosaid", "gazetteer", "c"], {"clashes"}),
        (["whosaid", "extract", "--for"], {"--format"}),
        (["whosaid", "extract", "-f", ""], {"jsonl", "json", "csv", "html", "explain"}),
        (["whosaid", "extract", "--input-encoding", "w"], {"windows-1252"}),
        (["whosaid", "extract", "--inc"], {"--include"}),
        (["whosaid", "db", "export", "q.db", "--format", ""], {"csv", "jsonl"}),
        (["whosaid", "search", "q.db", "--sp"], {"--speaker"}),
        (["whosaid", "search", "q.db", "-f", "c"], {"csv"}),
        (["whosaid", "who-said", "q.db", "--a"], {"--all"}),
        (["whosaid", "search", "q.db", "--speaker", ""], set()),
    ]
    for words, want in cases:
        got = complete(completion, words)
        check("completes %r" % " ".join(words), got == want, (sorted(got), sorted(want)))
    got = complete(completion, ["whosaid", "extract", "docs/whosaid."], cwd=root)
    check("completes file names", got == {"docs/whosaid.1", "docs/whosaid.bash"}, got)
    offered = {c: complete(completion, ["whosaid", *c.split(), "-"]) for c in
               ("extract", "db add", "db export", "db stats", "search", "who-said", "gazetteer stats")}
    for c, h, union in (("extract", helps["extract"], offered["extract"]),
                        ("db", helps["db"], offered["db add"] | offered["db export"] | offered["db stats"]),
                        ("search", helps["search"], offered["search"] | offered["who-said"]),
                        ("gazetteer", helps["gazetteer"], offered["gazetteer stats"])):
        missing = sorted(options_in(h) - union)
        check(f"completion offers every option of '{c} --help'", not missing, missing)

    # ---- meson install puts them where man and bash-completion look ----
    p = subprocess.run(["meson", "introspect", build, "--installed"], capture_output=True, text=True)
    installed = json.loads(p.stdout) if p.returncode == 0 else {}
    targets = {os.path.relpath(src, root): dest for src, dest in installed.items() if src.startswith(root)}
    check("meson install installs the man page",
          targets.get("docs/whosaid.1", "").endswith("/share/man/man1/whosaid.1"), targets.get("docs/whosaid.1"))
    check("meson install installs the completion",
          targets.get("docs/whosaid.bash", "").endswith("/share/bash-completion/completions/whosaid"),
          targets.get("docs/whosaid.bash"))

    print("%d failed" % len(failures) if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
