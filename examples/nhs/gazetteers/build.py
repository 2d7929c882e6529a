#!/usr/bin/env python3
"""Build the NHS pack's generated gazetteers from the reference data in sources/.

    python3 examples/nhs/gazetteers/build.py        # rewrites the three files

Reads the vendored extracts in sources/ (SOURCES.md says where each came
from, who published it and under which licence) and writes

    trusts-ods.txt          NHS trusts and foundation trusts, open and closed
                            (type TRUST)
    commissioners-ods.txt   CCGs 2013-2022, ICBs, PCTs, SHAs (type COMMISSIONER)
    councils-ons.txt        English county, district, unitary, metropolitan and
                            London borough councils, current and abolished
                            (type COUNCIL)
    known-names.yaml        the word list known_names: names of two words or
                            more from the hand lists and the trust stems, for
                            the name patterns' "and" guard (types.yaml)

in the gazetteer format of docs/rules.md: one entity a line,
canonical<TAB>alias...<TAB>@key=value...  The hand-written lists beside them
(trusts.txt, commissioners.txt, councils.txt, ...) are read, never written.

Design:
  * Names.  ODS names are upper case; mixed_case() rebuilds the usual
    spelling (NHS, UK and other acronyms kept, "and", "of", "upon" lower,
    "Stoke-on-Trent", "Guy's").
  * Canonical names agree with what the type's `canonical:` steps in
    types.yaml make of a pattern match, so a name found by a pattern and the
    same organisation found here merge: a trust's canonical name is its stem
    ("Mersey Care NHS Foundation Trust" -> "Mersey Care"), a CCG's is
    "<stem> CCG", an ICB's "<stem> ICB", a PCT's "<stem> PCT".  Every
    canonical name is also matched in text, so a stem that is not safe on its
    own (one word, or a bare place such as "Isle of Wight") is never made a
    name: such a trust keeps its full official name as canonical name.
  * No alias is ever a bare place name ("Kent", "Bath"): every alias keeps an
    organisation word (Trust, CCG, Council, ...) or a word such as Hospital,
    Health, Care that a stem must hold to be used bare (SAFE_WORDS).
  * Conflicts: an alias that two canonical names (of any type sharing the
    gazetteer) would claim is dropped from every generated entry; an entity
    whose name or alias is already a hand-written entry of the same type takes
    that entry's canonical name, so the hand lists win.
  * Attributes: code (the ODS code, or the ONS code where the organisation
    has no ODS code in the data), ons_code, closed (YYYY-MM-DD), successor and
    successor_name (ODS successions), icb (a CCG's ICB after July 2022),
    former_codes (other codes the same name was published under).
  * Deterministic: everything is sorted; the same sources give the same bytes.

Only the Python standard library is used.
"""
import csv
import os
import re
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "sources")

ACRONYMS = {"NHS", "UK", "CCG", "ICB", "PCT", "HQ", "FT", "II", "III", "SHA", "GP"}
SMALL = {"and", "of", "the", "for", "upon", "on", "in", "with", "under", "at", "by", "to",
         "super", "le", "en", "de"}
# A stem may stand alone as an alias only if it has two words or more and
# one of these (so "Mid and South Essex" or "Isle of Wight" never does).
SAFE_WORDS = {"hospital", "hospitals", "health", "healthcare", "care", "partnership",
              "community", "ambulance", "mental", "centre", "teaching", "university",
              "royal", "children's", "women's", "infirmary", "orthopaedic", "cancer",
              "clinic", "services", "heart", "chest", "eye", "hospice", "integrated"}
ROYAL_BOROUGHS = {"Greenwich", "Kensington and Chelsea", "Kingston upon Thames",
                  "Windsor and Maidenhead"}


# ---------------------------------------------------------------- reading

def read_csv(name):
    with open(os.path.join(SRC, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_hand_list(name):
    """canonical -> set of keys of its names, from a hand-written list."""
    out = {}
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = [x.strip() for x in line.split("\t") if x.strip()]
            names = [x for x in fields if not x.startswith("@")]
            out.setdefault(names[0], set()).update(key(n) for n in names)
    return out


def ymd(d):
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}" if re.fullmatch(r"\d{8}", d or "") else ""


# ---------------------------------------------------------------- names

def _word_case(w, first):
    if not w:
        return w
    if w.upper() in ACRONYMS and w.isupper():
        return w.upper()
    low = w.lower()
    if not first and low in SMALL:
        return low
    if "-" in w:
        parts = w.split("-")
        return "-".join(_word_case(p, first and i == 0) for i, p in enumerate(parts))
    if "'" in w:  # GUY'S -> Guy's, THOMAS' -> Thomas'
        head, _, tail = w.partition("'")
        return _word_case(head, first) + "'" + tail.lower()
    m = re.match(r"^([^A-Za-z0-9]*)(.*)$", w)
    lead, rest = m.group(1), m.group(2)
    return lead + rest[:1].upper() + rest[1:].lower()


def mixed_case(name):
    """An upper-case ODS name in its usual mixed-case spelling."""
    words = name.split()
    return " ".join(_word_case(w, i == 0) for i, w in enumerate(words))


def key(s):
    """The matcher's view of a name (docs/rules.md: case folded, quotes
    straightened, & = and, hyphens ignored), for finding conflicts."""
    s = s.replace("\u2019", "'").replace("\u2018", "'").lower()
    s = s.replace("&", " and ").replace("-", " ")
    return " ".join(re.findall(r"[\w']+|[^\w\s]", s))


def spelling_variants(s):
    """s, and s with St/Saint, apostrophes and commas written the other ways."""
    out = {s}
    for v in list(out):
        if re.search(r"\bSt\b", v):
            out.add(re.sub(r"\bSt\b", "Saint", v))
    for v in list(out):
        if "'" in v:
            out.add(re.sub(r"'s\b", "s", v).replace("'", ""))
    for v in list(out):
        if "," in v:
            out.add(re.sub(r"\s*,\s*", " ", v).strip())
    return out


def is_safe_stem(stem):
    words = stem.split()
    return len(words) >= 2 and any(w.lower().strip(",") in SAFE_WORDS for w in words)


# ---------------------------------------------------------------- entities

class Entity:
    def __init__(self, canonical):
        self.canonical = canonical
        self.aliases = set()
        self.attrs = {}

    def add(self, *names):
        for n in names:
            for v in spelling_variants(n):
                self.aliases.add(v)


def successors():
    succ = defaultdict(set)
    for r in read_csv("ods-succ-2026.csv"):
        if r["predecessor"] != r["successor"]:
            succ[r["predecessor"]].add(r["successor"])
    return succ


def build_trusts():
    """TRUST entities from ODS etr.csv, keyed by canonical name."""
    ents = {}
    recs = sorted(read_csv("ods-etr-2026.csv"),
                  key=lambda r: (r["closed"] != "", r["closed"] or "", r["opened"], r["code"]),
                  reverse=False)
    for r in recs:
        name = r["name"].strip()
        m = re.match(r"^(.*?)[,\s]*\bNHS (FOUNDATION )?TRUST$", name)
        if not m:
            continue
        ft = bool(m.group(2))
        stem = mixed_case(m.group(1)).rstrip(", ")
        core = stem[4:] if stem.startswith("The ") else stem
        official = f"{stem} NHS {'Foundation ' if ft else ''}Trust"
        canonical = core if is_safe_stem(core) else official
        e = ents.get(canonical)
        if e is None:
            e = ents[canonical] = Entity(canonical)
            e.attrs["code"] = r["code"]
            if r["closed"]:
                e.attrs["closed"] = ymd(r["closed"])
        elif e.attrs["code"] != r["code"]:
            e.attrs.setdefault("former", set()).add(r["code"])
        for s in {stem, core}:
            e.add(f"{s} NHS Trust", f"{s} Trust")
            if ft:
                e.add(f"{s} NHS Foundation Trust", f"{s} Foundation Trust", f"{s} NHS FT")
        if is_safe_stem(core):
            e.add(core)
        # "Pennine Acute Hospitals" is also "the Pennine Acute Trust": the
        # stem without its Hospital(s), when two words or more are left, with
        # the word Trust kept (never a bare place)
        short = re.sub(r"\s+Hospitals?$", "", core)
        if short != core and len(short.split()) >= 2:
            e.add(f"{short} NHS Trust", f"{short} Trust")
            if ft:
                e.add(f"{short} NHS Foundation Trust", f"{short} Foundation Trust")
    return ents


def ccg_stem(name):
    n = name.strip()
    n = re.sub(r"^NHS\s+", "", n, flags=re.I)
    n = re.sub(r"\s+(CCG|Clinical Commissioning Group)$", "", n, flags=re.I)
    return n.strip()


def build_commissioners():
    ents = {}

    def ccg(stem, code, ons=None, closed=None, icb=None):
        stem = mixed_case(stem) if stem.isupper() else stem
        canonical = f"{stem} CCG"
        e = ents.setdefault(canonical, Entity(canonical))
        if code:
            if "code" in e.attrs and e.attrs["code"] != code:
                e.attrs.setdefault("former", set()).add(code)
            else:
                e.attrs["code"] = code
        if ons:
            e.attrs.setdefault("ons_code", ons)
        if closed:
            e.attrs.setdefault("closed", closed)
        if icb:
            e.attrs["icb"] = icb
        e.add(f"{stem} CCG", f"NHS {stem} CCG", f"{stem} Clinical Commissioning Group",
              f"NHS {stem} Clinical Commissioning Group")
        return e

    # ONS names of CCGs (2017-2021 snapshots), keyed by ODS code
    ons_to_ods = {}
    names = defaultdict(set)  # ods code -> stems
    ons_of = {}
    for r in read_csv("ons-ccg-names.csv"):
        if r["ods_code"]:
            ons_to_ods[r["ons_code"]] = r["ods_code"]
    for r in read_csv("ons-ccg-names.csv"):
        ods = r["ods_code"] or ons_to_ods.get(r["ons_code"], "")
        stem = ccg_stem(r["name"])
        if ods and stem:
            names[ods].add(stem)
            ons_of[ods] = r["ons_code"]
    icbs = {}
    for r in read_csv("ons-icb-2024.csv"):
        stem = re.sub(r"^NHS\s+", "", r["ICB24NM"])
        stem = re.sub(r"\s+Integrated Care Board$", "", stem)
        canonical = f"{stem} ICB"
        e = ents.setdefault(canonical, Entity(canonical))
        e.attrs.update(code=r["ICB24CDH"], ons_code=r["ICB24CD"])
        e.add(canonical, f"NHS {stem} ICB", f"{stem} Integrated Care Board",
              f"NHS {stem} Integrated Care Board")
        icbs[key(stem)] = canonical
    for r in read_csv("ods-eccg-2025.csv"):
        name, code = r["name"].strip(), r["code"]
        m = re.match(r"^NHS (.*) ICB - \w+$", name)
        if m:  # a sub-ICB location: the CCG it was, by its ONS names
            icb = icbs.get(key(mixed_case(m.group(1))))
            for stem in sorted(names.get(code, ())):
                ccg(stem, code, ons_of.get(code), "2022-06-30", icb)
        elif name.startswith("NHS ") and name.endswith(" CCG"):
            ccg(ccg_stem(name), code, ons_of.get(code), ymd(r["closed"]))
    for src, short, long in (("ons-pct.csv", "PCT", "Primary Care Trust"),
                             ("ons-sha.csv", "SHA", "Strategic Health Authority")):
        for r in read_csv(src):
            stem = r["name"].strip()
            canonical = f"{stem} {short}"
            e = ents.setdefault(canonical, Entity(canonical))
            e.attrs["code"] = r["code"]
            e.add(canonical, f"NHS {stem} {short}", f"{stem} {long}", f"NHS {stem} {long}")
    return ents


def council_forms(code, name):
    """(canonical, aliases) of the council of ONS area `name` with GSS code."""
    kind = code[:3]
    if name == "City of London":
        return "City of London Corporation", {"City of London Corporation",
                                              "Corporation of London"}
    stem, city = name, False
    m = re.match(r"^(.*), (City|County) of$", name)
    if m:
        stem, city = m.group(1), m.group(2) == "City"
    if stem.startswith("County "):  # County Durham
        stem = stem[len("County "):]
        return f"{stem} County Council", {f"{stem} County Council", f"{stem} Council"}
    if kind == "E10":
        return f"{stem} County Council", {f"{stem} County Council", f"{stem} Council"}
    canonical = f"{stem} City Council" if city else f"{stem} Council"
    al = {f"{stem} Council", f"{stem} City Council", f"City of {stem} Council",
          f"{stem} Borough Council", f"{stem} District Council"}
    if kind == "E06":
        al.add(f"{stem} County Council")
    if kind == "E08":
        al |= {f"{stem} Metropolitan Borough Council", f"{stem} MBC"}
    if kind == "E09":
        al |= {f"London Borough of {stem}", f"{stem} London Borough Council"}
    if stem in ROYAL_BOROUGHS:
        al |= {f"Royal Borough of {stem}", f"Royal Borough of {stem} Council"}
    return canonical, al


def build_councils():
    ents = {}
    rows = [(r["LAD23CD"], r["LAD23NM"], "9999") for r in read_csv("ons-lad-2023.csv")]
    rows += [(r["code"], r["name"], r["snapshot"]) for r in read_csv("ons-lad-names.csv")]
    rows += [(r["code"], r["name"], "2015") for r in read_csv("ons-cty-2015.csv")]
    current = {r["LAD23CD"] for r in read_csv("ons-lad-2023.csv")}
    # newest first, so an entity's code is its latest
    for code, name, snap in sorted(rows, key=lambda x: (x[2], x[0]), reverse=True):
        canonical, al = council_forms(code, name.strip())
        e = ents.get(canonical)
        if e is None:
            e = ents[canonical] = Entity(canonical)
            e.attrs["code"] = code
            if code[:3] != "E10" and code not in current:
                e.attrs["abolished"] = "yes"
        elif e.attrs["code"] != code:
            e.attrs.setdefault("former", set()).add(code)
        e.add(canonical, *al)
    return ents


# ---------------------------------------------------------------- resolve

def adopt_hand_names(ents, hand):
    """Rename a generated entity to the hand-written canonical name that
    lists one of its names, so the hand list's choice wins."""
    by_key = {}
    for canon, keys in hand.items():
        for k in keys:
            by_key.setdefault(k, canon)
    out = {}
    for canon in sorted(ents):
        e = ents[canon]
        hit = sorted({by_key[key(n)] for n in e.aliases | {canon} if key(n) in by_key})
        if hit:
            e.aliases.add(canon)
            e.canonical = hit[0]
        if e.canonical in out:  # two entities meet in one hand entry: merge
            o = out[e.canonical]
            o.aliases |= e.aliases
            for k, v in e.attrs.items():
                if k == "former":
                    o.attrs.setdefault("former", set()).update(v)
                elif k not in o.attrs:
                    o.attrs[k] = v
                elif o.attrs[k] != v and k == "code":
                    o.attrs.setdefault("former", set()).add(v)
        else:
            out[e.canonical] = e
    return out


def drop_conflicts(groups, hand_all):
    """Drop every alias that two canonical names claim (across all the
    generated files and the hand lists, since the types share a gazetteer)."""
    owners = defaultdict(set)
    for tname, ents in groups.items():
        for e in ents.values():
            for n in e.aliases | {e.canonical}:
                owners[key(n)].add((tname, e.canonical))
    for tname, hand in hand_all.items():
        for canon, keys in hand.items():
            for k in keys:
                owners[k].add((tname, canon))
    dropped = 0
    for tname, ents in groups.items():
        for e in ents.values():
            keep = set()
            for n in e.aliases:
                if len(owners[key(n)]) == 1 or key(n) == key(e.canonical):
                    keep.add(n)
                else:
                    dropped += 1
            e.aliases = keep
    canon_owners = defaultdict(set)
    for tname, ents in groups.items():
        for e in ents.values():
            canon_owners[key(e.canonical)].add((tname, e.canonical))
    clash = sorted(k for k, v in canon_owners.items() if len(v) > 1)
    return dropped, clash


def finish_attrs(groups):
    """successor / successor_name from the ODS successions; former_codes."""
    succ = successors()
    by_code = {}
    for ents in groups.values():
        for e in ents.values():
            by_code.setdefault(e.attrs.get("code"), e.canonical)
    for ents in groups.values():
        for e in ents.values():
            code = e.attrs.get("code")
            nxt = sorted(c for c in succ.get(code, ()) if c != code)
            if nxt and ("closed" in e.attrs):
                e.attrs["successor"] = ";".join(nxt)
                nm = [by_code[c] for c in nxt if c in by_code]
                if nm:
                    e.attrs["successor_name"] = ";".join(nm)
            former = e.attrs.pop("former", None)
            if former:
                e.attrs["former_codes"] = ";".join(sorted(former))


# ---------------------------------------------------------------- writing

HEADER = """# GENERATED by examples/nhs/gazetteers/build.py -- do not edit; edit the
# script or the hand-written lists and run `python3 {script}`.
# {what}
# From: {sources} (see sources/SOURCES.md; Open Government Licence v3.0).
# Format: canonical<TAB>alias...<TAB>@key=value... (docs/rules.md, Gazetteers).
# {n} entities, {a} aliases.
"""


def write(name, ents, what, sources):
    lines = []
    na = 0
    for canon in sorted(ents):
        e = ents[canon]
        aliases = sorted(a for a in e.aliases if a != canon)
        na += len(aliases)
        attrs = [f"@{k}={v}" for k, v in sorted(e.attrs.items()) if v]
        for a in attrs:
            assert "\t" not in a and re.fullmatch(r"@[a-z_][a-z0-9_]*=.+", a), a
        lines.append("\t".join([canon] + aliases + attrs))
    text = HEADER.format(script="examples/nhs/gazetteers/build.py", what=what, sources=sources,
                         n=len(ents), a=na) + "\n".join(lines) + "\n"
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return len(ents), na


# The hand-written lists, and the trusts of the ODS list by their stems.  Not
# the generated CCGs and councils: their names end in a word no name pattern
# takes inside a name (CCG, Council), so no pattern runs through them, and the
# engine scans a list's phrases one by one at every "and" a name pattern meets.
KNOWN_FILES = ["national.txt", "other.txt", "companies.txt", "trusts.txt", "commissioners.txt",
               "councils.txt", "trusts-ods.txt"]


# Words that open the second half of one name as often as a name of its own
# ("Tarnside Health and Care Partnership", "Overview and Scrutiny Panel"):
# a known name starting with one of them does not stop a name at "and".
GENERIC_FIRST = {"care", "health", "social", "community", "communities", "mental", "public",
                 "wellbeing", "well-being", "housing", "education", "adult", "adults", "children",
                 "children's", "families", "environment", "economic", "learning", "disability",
                 "disabilities", "science", "research", "innovation", "support", "safety",
                 "quality", "finance", "performance", "improvement", "development", "skills",
                 "training", "enterprise", "sport", "leisure", "culture", "transport", "planning",
                 "regeneration", "scrutiny"}


def write_known_names():
    """known-names.yaml: the word list `known_names`, the names and aliases of
    two words or more in KNOWN_FILES (for trusts-ods.txt, the stems only).  The name patterns of
    types.yaml do not let "and" join two names when what follows it is one
    of these ("Acme Ltd and Kent Community Health NHS Trust")."""
    names = {}
    for f in KNOWN_FILES:
        with open(os.path.join(HERE, f), encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                for n in line.split("\t"):
                    n = n.strip()
                    if n.startswith("@") or len(n.split()) < 2:
                        continue
                    if f.endswith("-ods.txt"):  # the stem: "Pennine Acute NHS Trust" -> "Pennine Acute"
                        n = re.sub(r"\s+(NHS\s+)?(Foundation\s+)?(Trust|FT)$", "", n)
                        if len(n.split()) < 2:
                            continue
                    if n.split()[0].lower() in ("the", "a", "an") or n.split()[0].lower() in GENERIC_FIRST:
                        continue
                    names.setdefault(n.lower(), n)
    # A list entry matches where its words start, whatever follows, so a name
    # that begins with a shorter known name adds nothing ("Mersey Care NHS
    # Foundation Trust" after "Mersey Care"); the engine scans a list's
    # phrases one by one, so fewer entries is faster matching.
    keys = {tuple(k.replace(",", " ,").split()) for k in names}
    names = {k: v for k, v in names.items()
             if not any(tuple(k.replace(",", " ,").split()[:n]) in keys
                        for n in range(2, len(k.replace(",", " ,").split())))}
    lines = [HEADER_YAML]
    lines.append("lists:")
    lines.append("  known_names:")
    for k in sorted(names):
        v = names[k].replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'    - "{v}"')
    with open(os.path.join(HERE, "known-names.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"known-names.yaml: {len(names)} names", file=sys.stderr)
    return len(names)


HEADER_YAML = """# Generated by examples/nhs/gazetteers/build.py from the gazetteer files
# beside it; do not edit.  Names of two words or more (hand lists, trust
# stems), as a word list for the "and" guard of the name patterns (types.yaml)."""


def main():
    hand = {"TRUST": read_hand_list("trusts.txt"),
            "COMMISSIONER": read_hand_list("commissioners.txt"),
            "COUNCIL": read_hand_list("councils.txt")}
    groups = {"TRUST": adopt_hand_names(build_trusts(), hand["TRUST"]),
              "COMMISSIONER": adopt_hand_names(build_commissioners(), hand["COMMISSIONER"]),
              "COUNCIL": adopt_hand_names(build_councils(), hand["COUNCIL"])}
    dropped, clash = drop_conflicts(groups, hand)
    finish_attrs(groups)
    out = [
        write("trusts-ods.txt", groups["TRUST"],
              "NHS trusts and foundation trusts, open and closed (type TRUST).",
              "ods-etr-2026.csv, ods-succ-2026.csv"),
        write("commissioners-ods.txt", groups["COMMISSIONER"],
              "CCGs 2013-2022, ICBs, PCTs and SHAs (type COMMISSIONER).",
              "ods-eccg-2025.csv, ons-ccg-names.csv, ons-icb-2024.csv, ons-pct.csv, "
              "ons-sha.csv, ods-succ-2026.csv"),
        write("councils-ons.txt", groups["COUNCIL"],
              "English local authorities, current and abolished (type COUNCIL).",
              "ons-lad-2023.csv, ons-lad-names.csv, ons-cty-2015.csv"),
    ]
    n_known = write_known_names()
    for (n, a), f in zip(out, ["trusts-ods.txt", "commissioners-ods.txt", "councils-ons.txt"]):
        print(f"{f}: {n} entities, {a} aliases", file=sys.stderr)
    print(f"aliases dropped as claimed by two names: {dropped}", file=sys.stderr)
    for k in clash:
        print(f"warning: canonical name shared: {k}", file=sys.stderr)


if __name__ == "__main__":
    main()
