"""Fixtures of the python suite: the package from the build tree, the
command line it is compared with, and the project's own texts."""
import glob
import json
import os
import subprocess

import pytest

ROOT = os.environ.get("WHOSAID_SOURCE_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
WHOSAID_EXE = os.environ.get("WHOSAID_EXE")
TEST_GAZETTEERS = os.path.join(ROOT, "tests", "data", "gazetteers")


def texts():
    """(path relative to ROOT, bytes) of the project's own texts: the golden
    cases, the sample articles and the test corpus."""
    found = []
    for pattern in ("tests/cases/*.txt", "data/sample/*.txt", "tests/corpus/*.txt"):
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            with open(path, "rb") as f:
                found.append((os.path.relpath(path, ROOT), f.read()))
    assert found, "no texts under " + ROOT
    return found


def run_cli(*args, cwd=ROOT, check=True):
    """Runs the command line; returns its standard output as text."""
    assert WHOSAID_EXE, "WHOSAID_EXE names the whosaid program (meson test sets it)"
    proc = subprocess.run([WHOSAID_EXE, *args], cwd=cwd, capture_output=True, timeout=300)
    if check and proc.returncode not in (0, 1):
        raise AssertionError("whosaid %s: exit %d\n%s" % (" ".join(args), proc.returncode,
                                                          proc.stderr.decode("utf-8", "replace")))
    return proc.stdout.decode("utf-8")


def records(jsonl_text):
    return [json.loads(line) for line in jsonl_text.splitlines()]


@pytest.fixture(scope="session")
def whosaid():
    import whosaid as module
    # the build tree's package, not one installed earlier
    build = os.environ.get("PYTHONPATH", "").split(os.pathsep)[0]
    if build:
        assert os.path.realpath(module.__file__).startswith(os.path.realpath(build)), module.__file__
    return module


@pytest.fixture(scope="session")
def extractor(whosaid):
    return whosaid.Extractor()
