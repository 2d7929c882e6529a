#!/usr/bin/python3
"""bench/gen_corpus.py: a seeded, news-like corpus and a large gazetteer.

The workload of bench/scale-bench.sh (issue 15): text in the style of the
example corpus (headlines, bullets, contract awards, lost contracts,
subcontracts, pooled budgets, people with posts, quotes) with organisation
names drawn from a generated gazetteer, and distractor sentences with no
relation in them.  Nothing large is committed; the benchmark generates it.

  --out DIR      writes DIR/names.txt    the gazetteer, in kgraph's format
                                         (canonical<TAB>alias..., docs/rules.md)
                        DIR/names-KIND.txt the same, one file per kind
                                         (ccg, trust, council, company)
                        DIR/literals.txt every name and alias, one per line,
                                         for grep -F -f and the other scanners
                        DIR/corpus/NNNNNN.txt the documents (2-24 KB each)
  --mb N         corpus size in MB (10^6 bytes; default 10)
  --names N      gazetteer size (default 50000)
  --seed S       (default 1); the same arguments always give the same bytes

Names are built from invented place syllables, so they collide with no real
organisation, and follow the shapes of English NHS and supplier names:
"NHS Foo CCG", "Foo and Bar NHS Foundation Trust", "Foo County Council",
"Foo Healthcare Ltd".  Mentions follow a Zipf law over the names (a few
organisations are in the news often, most rarely), as in real news.
"""
import argparse
import os
import random

ONSETS = ["Ash", "Brad", "Carr", "Dun", "Eld", "Fen", "Glen", "Hart", "Ire", "Kel",
          "Lang", "Mar", "Nor", "Oak", "Pen", "Quar", "Ros", "Sal", "Thorn", "Ul",
          "Wend", "Yar", "Bel", "Cor", "Dray", "Elm", "Fal", "Grim", "Hol", "Ley"]
MIDDLES = ["", "", "", "en", "ing", "er", "i", "o", "an", "el"]
CODAS = ["ford", "ham", "ton", "by", "well", "mere", "stead", "bury", "wick", "dale",
         "field", "combe", "hurst", "minster", "port", "worth", "ley", "thorpe"]
TRUST_KINDS = ["NHS Trust", "NHS Foundation Trust", "Hospitals NHS Trust",
               "Community Health NHS Trust", "Teaching Hospitals NHS Foundation Trust",
               "Mental Health NHS Trust", "Ambulance Service NHS Trust"]
COMPANY_KINDS = ["Healthcare Ltd", "Health Partnership", "Medical Group plc", "Care Ltd",
                 "Diagnostics Ltd", "Mobility Ltd", "Clinical Services LLP", "Health Group"]
FIRST = ["Helen", "Tom", "Priya", "Kwame", "Sarah", "James", "Aisha", "David", "Ruth", "Owen"]
LAST = ["Marsh", "Okafor", "Patel", "Reyes", "Hughes", "Lowe", "Brennan", "Tait", "Ng", "Vale"]
POSTS = ["chief executive", "clinical chair", "finance director", "medical director",
         "chair", "director of commissioning"]
SERVICES = ["community services", "district nursing", "musculoskeletal", "wheelchair",
            "diagnostic imaging", "out-of-hours", "mental health", "patient transport",
            "dermatology", "sexual health"]

AWARD = ["{a} has awarded a {n}-year {s} contract worth £{m}m to {b}.",
         "{b} has won a £{m}m contract from {a} to run {s} services.",
         "The {s} contract was awarded by {a} to {b} after a two-year procurement.",
         "{a} chose {b} as the new provider of {s} services."]
LOSE = ["{b} lost the {s} contract to {c}.",
        "The contract, previously held by {b}, went to {c}.",
        "{b} will no longer provide {s} services after losing the tender to {c}."]
SUB = ["{c} will subcontract the {s} service to {d}.",
       "{b} refused to become a subcontractor to {c}, according to board papers.",
       "{d} will deliver {s} care as a subcontractor of {c}."]
POOL = ["{e} and {a} have agreed to pool budgets for {s} care.",
        "A pooled budget between {e} and {a} will fund {s} services."]
PERSON = ["{p}, {post} of {a}, said the change would improve care.",
          "\"We want one provider to take responsibility for the whole pathway,\" said {p}, {post} of {b}.",
          "{p} has been appointed {post} of {c}."]
FILLER = ["The board will meet again in the spring to review progress.",
          "Waiting times for routine operations rose again in the last quarter.",
          "Staff were told about the changes at a meeting on Tuesday.",
          "The plans will be published for consultation later this year.",
          "Local campaigners said they would continue to oppose the move.",
          "Demand for services has grown faster than the budget in each of the last three years.",
          "A spokesperson declined to comment on the figures.",
          "The report found that half of the beds were occupied by patients fit to leave.",
          "Unions said they had not been consulted before the decision was taken.",
          "The scheme is expected to save about £4m a year by 2028."]
HEADLINES = ["{s} contract goes to new provider", "Trust loses {s} tender",
             "Council and CCG agree pooled budget", "New chief executive for {s} provider",
             "Board papers reveal subcontract dispute"]


def place(rng):
    return rng.choice(ONSETS) + rng.choice(MIDDLES) + rng.choice(CODAS)


def make_names(rng, count):
    """count distinct (canonical, aliases, kind) tuples, kind in ccg/trust/council/company."""
    names, seen = [], set()
    while len(names) < count:
        p1, p2 = place(rng), place(rng)
        kind = rng.choices(["ccg", "trust", "council", "company"], [1, 3, 2, 4])[0]
        if kind == "ccg":
            canon, aliases = f"NHS {p1} CCG", [f"{p1} CCG", f"NHS {p1} Clinical Commissioning Group"]
        elif kind == "trust":
            head = p1 if rng.random() < 0.6 else f"{p1} and {p2}"
            canon, aliases = f"{head} {rng.choice(TRUST_KINDS)}", []
        elif kind == "council":
            canon = f"{p1} {rng.choice(['County', 'City', 'Borough', 'District'])} Council"
            aliases = [f"{p1} Council"]
        else:
            canon, aliases = f"{p1} {rng.choice(COMPANY_KINDS)}", []
        if canon in seen or any(a in seen for a in aliases):
            continue
        seen.add(canon)
        seen.update(aliases)
        names.append((canon, aliases, kind))
    return names


def zipf_picker(rng, names):
    """A function returning a name of the given kind, Zipf-distributed."""
    by_kind = {}
    for n in names:
        by_kind.setdefault(n[2], []).append(n)
    weights = {k: [1.0 / (i + 1) for i in range(len(v))] for k, v in by_kind.items()}
    cum = {}
    for k, w in weights.items():
        acc, c = 0.0, []
        for x in w:
            acc += x
            c.append(acc)
        cum[k] = c

    def pick(kind):
        pool = by_kind[kind]
        n = rng.choices(pool, cum_weights=cum[kind])[0]
        # an alias now and then, as news writes "Foo CCG" after "NHS Foo CCG"
        if n[1] and rng.random() < 0.3:
            return rng.choice(n[1])
        return n[0]
    return pick


def sentence(rng, pick):
    f = dict(a=pick("ccg"), b=pick("trust"), c=pick("company"), d=pick("company"),
             e=pick("council"), s=rng.choice(SERVICES), n=rng.randint(2, 10),
             m=rng.randint(3, 400), post=rng.choice(POSTS),
             p=f"{rng.choice(['Dr ', ''])}{rng.choice(FIRST)} {rng.choice(LAST)}")
    group = rng.choices([AWARD, LOSE, SUB, POOL, PERSON, FILLER], [3, 2, 2, 1, 2, 9])[0]
    return rng.choice(group).format(**f)


def document(rng, pick, size):
    s = rng.choice(SERVICES)
    out = [rng.choice(HEADLINES).format(s=s).capitalize(), "",
           f"  \u2022 Deal worth £{rng.randint(5, 300)}m", ""]
    length = sum(len(x) + 1 for x in out)
    while length < size:
        para = " ".join(sentence(rng, pick) for _ in range(rng.randint(1, 4)))
        out.append(para)
        out.append("")
        length += len(para.encode()) + 2
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--mb", type=float, default=10)
    ap.add_argument("--names", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    names = make_names(rng, args.names)
    os.makedirs(os.path.join(args.out, "corpus"), exist_ok=True)
    with open(os.path.join(args.out, "names.txt"), "w", encoding="utf-8") as f:
        f.write("# Generated by bench/gen_corpus.py: invented organisations (canonical<TAB>alias...).\n")
        for canon, aliases, _ in names:
            f.write("\t".join([canon] + aliases) + "\n")
    for kind in ("ccg", "trust", "council", "company"):
        with open(os.path.join(args.out, f"names-{kind}.txt"), "w", encoding="utf-8") as f:
            for canon, aliases, k in names:
                if k == kind:
                    f.write("\t".join([canon] + aliases) + "\n")
    with open(os.path.join(args.out, "literals.txt"), "w", encoding="utf-8") as f:
        for canon, aliases, _ in names:
            for n in [canon] + aliases:
                f.write(n + "\n")
    pick = zipf_picker(rng, names)
    total, i = int(args.mb * 1e6), 0
    while total > 0:
        doc = document(rng, pick, rng.randint(2000, 24000))
        with open(os.path.join(args.out, "corpus", f"{i:06d}.txt"), "w", encoding="utf-8") as f:
            f.write(doc)
        total -= len(doc.encode())
        i += 1


if __name__ == "__main__":
    main()
