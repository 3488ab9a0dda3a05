#!/usr/bin/env python3
"""Runs test files of the python suite with pytest, for meson test.

usage: run.py TEST_FILE...   (PYTHONPATH names the build tree's package;
WHOSAID_EXE and WHOSAID_SOURCE_ROOT the command and the source tree)

Exits 77 (skipped) with the reason when pytest is not installed for this
interpreter, or when the module was not built (WHOSAID_PYTHON_SKIP says why).
"""
import os
import sys

reason = os.environ.get("WHOSAID_PYTHON_SKIP")
if reason:
    print("SKIP: the Python module is " + reason)
    sys.exit(77)
try:
    import pytest
except ImportError:
    print("SKIP: pytest is not installed for %s (Debian: python3-pytest; ./scripts/deps --test "
          "installs it)" % sys.executable)
    sys.exit(77)
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-rs", *sys.argv[1:]]))
