"""scripts/python-wheel makes, offline, a wheel pip installs: the package
with its gazetteers and word lists inside, which imports and extracts on
its own."""
import base64
import hashlib
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


def test_wheel(whosaid, tmp_path):
    build = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(whosaid.__file__))))
    made = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "python-wheel"), "--build", build,
                           "--no-build", "--out", str(tmp_path / "dist")],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    wheel = made.stdout.strip()
    assert os.path.basename(wheel).startswith("whosaid-%s-cp3" % whosaid.__version__)
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        record = z.read([n for n in names if n.endswith(".dist-info/RECORD")][0]).decode()
        for line in record.splitlines():
            name, digest, size = line.rsplit(",", 2)
            if digest:
                data = z.read(name)
                want = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                assert digest == "sha256=" + want and int(size) == len(data), name
        assert set(names) == {line.rsplit(",", 2)[0] for line in record.splitlines()}
    assert "whosaid/gazetteers/people.tsv" in names and "whosaid/gazetteers/README.md" not in names
    assert "whosaid/lexicon/en/speech-verbs.txt" in names and "whosaid/lexicon/README.md" not in names

    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode != 0:
        pytest.skip("pip is not installed for %s (Debian: python3-pip): the wheel is not installed" % sys.executable)
    site = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-index", "--no-deps",
                                "--disable-pip-version-check", "--target", str(site), wheel],
                               capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "WHOSAID_GAZETTEERS", "WHOSAID_LEXICON")}
    env["PYTHONPATH"] = str(site)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # not a cache file per test run in ~/.cache
    check = ("import whosaid\n"
             "print(whosaid.__file__, whosaid.bundled_gazetteers(), whosaid.bundled_lexicon())\n"
             "print(whosaid.Extractor().extract('“Fine,” Peskov said.').quotes[0].speaker)\n")
    ran = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == [str(site / "whosaid" / "__init__.py"), str(site / "whosaid" / "gazetteers"),
                                  str(site / "whosaid" / "lexicon" / "en"), "Dmitry", "Peskov"]
