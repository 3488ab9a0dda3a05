"""The README's "From Python" example runs as it stands, from a copy of the
project's sample folder (and one of its test pages), and prints what the
README says it prints."""
import doctest
import os
import re
import shutil

import pytest

from conftest import ROOT

pytest.importorskip("pandas", reason="the example shows tables() (Debian: python3-pandas)")


def readme_example():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```pycon\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "one pycon block in the From Python section"
    return blocks[0]


def test_readme_example(tmp_path, monkeypatch):
    shutil.copytree(os.path.join(ROOT, "data", "sample"), tmp_path / "data" / "sample")
    (tmp_path / "tests" / "pages" / "cases").mkdir(parents=True)
    shutil.copy(os.path.join(ROOT, "tests", "pages", "cases", "wordpress.html"), tmp_path / "tests" / "pages" / "cases")
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(readme_example(), {}, "README.md From Python", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    outcome = runner.summarize(verbose=False)
    assert outcome.failed == 0 and outcome.attempted >= 10
    assert (tmp_path / "quotes.db").exists()
