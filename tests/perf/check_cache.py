#!/usr/bin/env python3
"""The gazetteer cache and the given-name table's: built on first use, then
used; the same output with them, without them (WHOSAID_NO_CACHE=1) and
after one was damaged (a flipped byte, a truncated file), which is detected
and rebuilt; a source file touched makes a cache stale; an unwritable cache
folder only costs time.

usage: check_cache.py WHOSAID SAMPLE_DIR
"""
import os
import subprocess
import sys
import tempfile


def run(whosaid, args, env):
    proc = subprocess.run([whosaid] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, timeout=120)
    if proc.returncode != 0:
        raise SystemExit("%s: exit %d: %s" % (" ".join(args), proc.returncode, proc.stderr.decode()))
    return proc.stdout


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    whosaid, samples = argv
    texts = sorted(os.path.join(samples, n) for n in os.listdir(samples) if n.endswith(".txt"))
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "cache"))
        env.pop("WHOSAID_NO_CACHE", None)

        def cache_state(line):
            out = run(whosaid, ["gazetteer", "stats"], env).decode()
            return "used" if "\n%s: used" % line in "\n" + out else "not used"

        def check(what, want_cache, line="cache"):
            state = cache_state(line)
            if state != want_cache:
                failures.append("%s: cache %s, expected %s" % (what, state, want_cache))
            if run(whosaid, ["extract"] + texts, env) != reference:
                failures.append("%s: output differs" % what)

        reference = run(whosaid, ["extract"] + texts, dict(env, WHOSAID_NO_CACHE="1"))
        cache_dir = os.path.join(tmp, "cache", "whosaid")
        check("first run", "not used")  # stats built it, extract used it
        check("second run", "used")
        names = sorted(os.listdir(cache_dir))
        if [n.split("-")[0] for n in names] != ["gaz", "words"]:
            failures.append("cache files %s, expected one gaz-*.bin and one words-*.bin" % names)
        for name, line in zip(names, ["cache", "given-name cache"]):
            path = os.path.join(cache_dir, name)
            check("%s: used" % name, "used", line)
            with open(path, "r+b") as f:  # one byte flipped in the middle
                f.seek(os.path.getsize(path) // 2)
                byte = f.read(1)
                f.seek(-1, os.SEEK_CUR)
                f.write(bytes([byte[0] ^ 0x40]))
            check("%s: flipped byte" % name, "not used", line)
            check("%s: rebuilt after flipped byte" % name, "used", line)
            with open(path, "r+b") as f:
                f.truncate(os.path.getsize(path) - 4096)
            check("%s: truncated" % name, "not used", line)
            with open(path, "r+b") as f:
                f.truncate(10)
            check("%s: cut to 10 bytes" % name, "not used", line)
            check("%s: rebuilt after truncation" % name, "used", line)
        # a source changed (size and mtime): the cache is stale
        own = os.path.join(tmp, "gaz")
        os.mkdir(own)
        with open(os.path.join(own, "mine.tsv"), "w") as f:
            f.write("id\ttype\tname\taliases\tattributes\nws:a\tPERSON\tAnna Alpha\t\t\n")
        mine = ["gazetteer", "stats", "--no-bundled-gazetteers", "-g", own]
        run(whosaid, mine, env)
        with open(os.path.join(own, "mine.tsv"), "a") as f:
            f.write("ws:b\tPERSON\tBeth Beta\t\t\n")
        out = run(whosaid, mine, env).decode()
        if "cache: not used" not in out or "entities: 2" not in out:
            failures.append("changed source: %s" % out.replace("\n", ", "))
        # a file where the cache folder would be: no cache, same output
        open(os.path.join(tmp, "nowhere"), "w").close()
        env_nowhere = dict(env, XDG_CACHE_HOME=os.path.join(tmp, "nowhere"))
        if run(whosaid, ["extract"] + texts, env_nowhere) != reference:
            failures.append("unwritable cache folder: output differs")
    for f in failures:
        print(f)
    print("cache: %s" % ("FAIL" if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
