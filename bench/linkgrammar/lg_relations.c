/*
 * bench/linkgrammar/lg_relations.c: a prototype that derives kgraph relation
 * edges from Link Grammar parses, to measure what a syntactic layer would add
 * to the surface token patterns.  Not part of the kgraph library: built only
 * with -DKG_BUILD_LINKGRAMMAR=ON (see README.md beside it).
 *
 * Pipeline, per document:
 *
 *   text --kg_extract_doc--> mentions (doc order, byte offsets)
 *        --kg_splitter-----> sentences (the extractor's own splitter, so the
 *                            sentence offsets equal those of kgraph's edges)
 *   sentence with >= 2 mentions that some relation accepts
 *        --placeholders----> "Zorbex has awarded a contract to Quilvan ."
 *        --Link Grammar----> linkage 0: words + labelled links
 *        --frames----------> predicate-argument frames: for each verb, its
 *                            subjects, objects and prepositional objects,
 *                            conjunctions expanded, passives turned round
 *        --verb table------> edges (relation, source mention, target mention)
 *        + one nominal rule: PERSON ... role noun ... ORGANISATION over a
 *          short link path (apposition, copula, "of"/"at", compounds)
 *
 * Each mention's tokens are replaced by one invented capitalised word
 * (Zorbex, Quilvan, ...) so the parser sees a simple proper noun, whatever
 * the mention looked like ("NHS Greendale Clinical Commissioning Group
 * (CCG)"); the word index of each placeholder in the linkage maps back to
 * its mention.
 *
 * Link Grammar labels used (major type = the leading capitals):
 *   S   subject -> finite verb          O   verb -> object
 *   PP  have -> past participle         Pv  be -> passive participle
 *   I   modal / do / to -> infinitive   TO  verb -> "to"   IV verb -> infinitive
 *   MV  verb -> modifier (MVp: preposition)   M  noun -> modifier (Mp, Mf, Mv)
 *   J   preposition -> its object       K   verb -> particle ("take over")
 *   SJ  noun conjunction -> conjuncts   VJ  verb conjunction -> conjuncts
 *   MX  apposition / relative clause ("X, which ...")   R  relative clause
 *   N   "not"                           E   adverb ("never") -> verb
 *
 * Output: kgraph edge records (docs/formats.md) written with kg_edge_write,
 * rule "lg_<lemma>" or "lg_role"; a summary of parse costs on stderr.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <link-grammar/link-includes.h>

#include "extract/input.h"
#include "extract/sentence.h"
#include "kgraph/common.h"
#include "kgraph/extract.h"
#include "kgraph/rules.h"
#include "util/util.h"

/* ------------------------------------------------------------------------
 * The language tables.  They say how English states these relations; they
 * are not fitted to any evaluation sentence.
 * ---------------------------------------------------------------------- */

/* Argument roles of a verb, after passives are turned round: SUBJ is the
 * logical subject (the "by" agent of a passive), OBJ the logical object (the
 * grammatical subject of a passive, or the noun a participle modifies).
 * P_x is the object of preposition x attached to the verb or to its object.
 * PAIR relates the members of a coordinated subject to each other. */
enum role { SUBJ, OBJ, P_TO, P_WITH, P_FROM, P_IN, P_INTO, P_OVER, PAIR, NROLES };

typedef struct frame {
    const char *lemma;
    const char *particle; /* NULL, or a word that must be attached (K or MVp) */
    const char *relation;
    enum role src, tgt;
} frame;

static const frame FRAMES[] = {
    /* a buyer gives a contract to a provider */
    {"award", NULL, "awards_contract", SUBJ, P_TO},
    {"award", NULL, "awards_contract", SUBJ, OBJ},  /* "awarded Acme the contract"; passive "Acme was awarded ... by" */
    {"give", NULL, "awards_contract", SUBJ, P_TO},
    {"commission", NULL, "awards_contract", SUBJ, OBJ},
    {"appoint", NULL, "awards_contract", SUBJ, OBJ},
    {"select", NULL, "awards_contract", SUBJ, OBJ},
    {"choose", NULL, "awards_contract", SUBJ, OBJ},
    {"contract", NULL, "awards_contract", SUBJ, OBJ},
    {"hire", NULL, "awards_contract", SUBJ, OBJ},
    {"engage", NULL, "awards_contract", SUBJ, OBJ},
    {"procure", NULL, "awards_contract", SUBJ, P_FROM},
    {"outsource", NULL, "awards_contract", SUBJ, P_TO},
    {"win", NULL, "awards_contract", P_FROM, SUBJ},
    {"secure", NULL, "awards_contract", P_FROM, SUBJ},
    /* the provider that loses a contract, and the one that gains it */
    {"lose", NULL, "loses_contract_to", SUBJ, P_TO},
    {"replace", NULL, "loses_contract_to", OBJ, SUBJ},
    {"succeed", NULL, "loses_contract_to", OBJ, SUBJ},
    {"oust", NULL, "loses_contract_to", OBJ, SUBJ},
    {"take", NULL, "loses_contract_to", P_FROM, SUBJ},
    /* subcontracting */
    {"subcontract", NULL, "subcontracts_to", SUBJ, P_TO},
    {"subcontract", NULL, "subcontracts_to", SUBJ, OBJ},
    /* running a hospital or a service */
    {"run", NULL, "operates", SUBJ, OBJ},
    {"operate", NULL, "operates", SUBJ, OBJ},
    {"manage", NULL, "operates", SUBJ, OBJ},
    {"own", NULL, "operates", SUBJ, OBJ},
    /* partnership (symmetric) */
    {"partner", NULL, "partners_with", SUBJ, P_WITH},
    {"partner", NULL, "partners_with", PAIR, PAIR},
    {"collaborate", NULL, "partners_with", SUBJ, P_WITH},
    {"collaborate", NULL, "partners_with", PAIR, PAIR},
    {"cooperate", NULL, "partners_with", SUBJ, P_WITH},
    {"team", "up", "partners_with", SUBJ, P_WITH},
    {"team", "up", "partners_with", PAIR, PAIR},
    {"ally", NULL, "partners_with", SUBJ, P_WITH},
    {"join", "forces", "partners_with", SUBJ, P_WITH},
    {"join", "forces", "partners_with", PAIR, PAIR},
    /* merger and acquisition (symmetric) */
    {"merge", NULL, "merges_with", SUBJ, P_WITH},
    {"merge", NULL, "merges_with", SUBJ, P_INTO},
    {"merge", NULL, "merges_with", PAIR, PAIR},
    {"amalgamate", NULL, "merges_with", SUBJ, P_WITH},
    {"amalgamate", NULL, "merges_with", PAIR, PAIR},
    {"combine", NULL, "merges_with", SUBJ, P_WITH},
    {"combine", NULL, "merges_with", PAIR, PAIR},
    {"integrate", NULL, "merges_with", SUBJ, P_WITH},
    {"acquire", NULL, "merges_with", SUBJ, OBJ},
    {"buy", NULL, "merges_with", SUBJ, OBJ},
    {"absorb", NULL, "merges_with", SUBJ, OBJ},
    {"take", "over", "merges_with", SUBJ, OBJ},
    {"take", "over", "merges_with", SUBJ, P_OVER},
    /* funding */
    {"fund", NULL, "funds", SUBJ, OBJ},
    {"finance", NULL, "funds", SUBJ, OBJ},
    {"bankroll", NULL, "funds", SUBJ, OBJ},
    {"subsidise", NULL, "funds", SUBJ, OBJ},
    {"subsidize", NULL, "funds", SUBJ, OBJ},
    {"sponsor", NULL, "funds", SUBJ, OBJ},
    {"invest", NULL, "funds", SUBJ, P_IN},
    /* people in roles: "Jane Roe chairs Acme", "Acme appointed Jane Roe" */
    {"chair", NULL, "holds_role", SUBJ, OBJ},
    {"lead", NULL, "holds_role", SUBJ, OBJ},
    {"head", NULL, "holds_role", SUBJ, OBJ},
    {"direct", NULL, "holds_role", SUBJ, OBJ},
    {"found", NULL, "holds_role", SUBJ, OBJ},
    {"join", NULL, "holds_role", SUBJ, OBJ},
    {"appoint", NULL, "holds_role", OBJ, SUBJ},
    {"hire", NULL, "holds_role", OBJ, SUBJ},
    {"name", NULL, "holds_role", OBJ, SUBJ},
};

/* Nouns that name a merger or a partnership, and the relation they state
 * between their arguments: "the merger between X and Y", "X's acquisition
 * of Y", "the takeover of Y by X", "a partnership with Y" (with the subject
 * of the verb that governs the noun: "X formed a partnership with Y"). */
typedef struct noun_frame {
    const char *noun;
    const char *relation;
} noun_frame;

static const noun_frame NOUN_FRAMES[] = {
    {"merger", "merges_with"},      {"mergers", "merges_with"},
    {"amalgamation", "merges_with"}, {"takeover", "merges_with"},
    {"take-over", "merges_with"},   {"acquisition", "merges_with"},
    {"integration", "merges_with"}, {"partnership", "partners_with"},
    {"alliance", "partners_with"},  {"collaboration", "partners_with"},
    {"venture", "partners_with"},   {"consortium", "partners_with"},
};

/* Inflected forms of each verb above: lemma first, then its other forms. */
static const char *const FORMS[] = {
    "award awards awarded awarding", "give gives gave given giving",
    "commission commissions commissioned commissioning",
    "appoint appoints appointed appointing", "select selects selected selecting",
    "choose chooses chose chosen choosing", "contract contracts contracted contracting",
    "hire hires hired hiring", "engage engages engaged engaging",
    "procure procures procured procuring", "outsource outsources outsourced outsourcing",
    "win wins won winning", "secure secures secured securing",
    "lose loses lost losing", "replace replaces replaced replacing",
    "succeed succeeds succeeded succeeding", "oust ousts ousted ousting",
    "take takes took taken taking",
    "subcontract subcontracts subcontracted subcontracting",
    "run runs ran running", "operate operates operated operating",
    "manage manages managed managing", "own owns owned owning",
    "partner partners partnered partnering",
    "collaborate collaborates collaborated collaborating",
    "cooperate cooperates cooperated cooperating", "team teams teamed teaming",
    "ally allies allied allying", "join joins joined joining",
    "merge merges merged merging", "amalgamate amalgamates amalgamated amalgamating",
    "combine combines combined combining", "integrate integrates integrated integrating",
    "acquire acquires acquired acquiring", "buy buys bought buying",
    "absorb absorbs absorbed absorbing", "fund funds funded funding",
    "finance finances financed financing", "bankroll bankrolls bankrolled bankrolling",
    "subsidise subsidises subsidised subsidising", "subsidize subsidizes subsidized subsidizing",
    "sponsor sponsors sponsored sponsoring", "invest invests invested investing",
    "chair chairs chaired chairing", "lead leads led leading", "head heads headed heading",
    "direct directs directed directing", "found founds founded founding",
    "name names named naming",
};

/* Words on a verb's auxiliary chain that cancel or hedge the statement:
 * "did not award", "refused to merge", "could acquire", "failed to win". */
static const char *const VETO[] = {
    "not", "n't", "never", "no", "refuse", "refuses", "refused", "decline", "declines",
    "declined", "reject", "rejects", "rejected", "fail", "fails", "failed", "could",
    "might", "may", "would", "should", "if", "unless", "whether", "abandon", "abandoned",
    "scrap", "scrapped", "consider", "considering", "considered", "cancel", "cancelled",
};

/* Head nouns of job titles, and the verbs that put a person in a role. */
static const char *const ROLE_NOUNS[] = {
    "chief", "executive", "chair", "chairman", "chairwoman", "chairperson", "director",
    "officer", "leader", "head", "president", "secretary", "manager", "founder",
    "governor", "trustee", "member", "spokesman", "spokeswoman", "spokesperson",
    "councillor", "adviser", "advisor", "lead", "deputy", "partner", "consultant",
    "nurse", "surgeon", "doctor", "physician", "chairs", "directors", "members", "boss",
    "treasurer", "ceo", "cfo", "md", "principal", "dean", "professor", "commissioner",
};
static const char *const ROLE_GLUE[] = {
    /* words a role path may pass through besides role nouns */
    "of", "at", "for", "with", "on", "'s", "'", ",", "as", "the", "a", "an", "its",
    "is", "was", "be", "been", "being", "are", "were", "has", "have", "had", "will",
    "become", "becomes", "became", "remain", "remains", "remained", "appointed", "named",
    "made", "elected", "new", "interim", "acting", "former", "joint", "medical", "clinical",
    "finance", "nursing", "operating", "non-executive", "group", "national", "regional",
};

/* Relation signatures: the entity types each relation accepts, copied from
 * examples/nhs/relations.yaml (the rule API exposes no accessor for them). */
typedef struct signature {
    const char *relation;
    bool symmetric;
    const char *src;  /* space-separated type names */
    const char *tgt;
} signature;

#define ORGS6 "COMMISSIONER TRUST COMPANY COUNCIL OTHER_ORG NATIONAL_BODY"
static const signature SIGS[] = {
    {"awards_contract", false, "COMMISSIONER COUNCIL NATIONAL_BODY TRUST", "TRUST COMPANY OTHER_ORG"},
    {"loses_contract_to", false, "TRUST COMPANY OTHER_ORG", "TRUST COMPANY OTHER_ORG"},
    {"subcontracts_to", false, "TRUST COMPANY OTHER_ORG", "TRUST COMPANY OTHER_ORG"},
    {"operates", false, "TRUST COMPANY OTHER_ORG COUNCIL", "TRUST COMPANY OTHER_ORG"},
    {"partners_with", true, ORGS6, ORGS6},
    {"merges_with", true, "COMMISSIONER TRUST COMPANY COUNCIL OTHER_ORG",
     "COMMISSIONER TRUST COMPANY COUNCIL OTHER_ORG"},
    {"funds", false, "COMMISSIONER COUNCIL NATIONAL_BODY OTHER_ORG COMPANY TRUST",
     "TRUST COMPANY OTHER_ORG COUNCIL COMMISSIONER"},
    {"holds_role", false, "PERSON", ORGS6},
};

/* Invented capitalised words that stand for mentions. */
static const char *const PLACEHOLDERS[] = {
    "Zorbex", "Quilvan", "Brantor", "Vexmoor", "Tralvik", "Dunmarch", "Pellawin",
    "Korvane", "Mirsdel", "Hoxbury", "Lantrel", "Gorvish", "Fenwarro", "Caddrell",
    "Wystane", "Jorlith", "Olbrath", "Yarnick", "Esslow", "Ruthmere", "Nabbick",
    "Sarrowin", "Ulvenby", "Ikkerton", "Tepworth", "Harnacle",
};
#define NPH (sizeof PLACEHOLDERS / sizeof *PLACEHOLDERS)
#define COUNT(a) (sizeof(a) / sizeof *(a))

/* ------------------------------------------------------------------------
 * Small helpers.
 * ---------------------------------------------------------------------- */

static bool in_list(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w, list[i])) return true;
    return false;
}

static bool in_words(const char *w, const char *spaced)
{
    size_t n = strlen(w);
    for (const char *p = spaced; *p;) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !strncmp(p, w, n)) return true;
        if (!e) break;
        p = e + 1;
    }
    return false;
}

/* The lemma of an inflected verb form, or NULL. */
static const char *verb_lemma(const char *w, char *buf, size_t cap)
{
    for (size_t i = 0; i < COUNT(FORMS); i++) {
        const char *sp = strchr(FORMS[i], ' ');
        if (in_words(w, FORMS[i])) {
            size_t n = (size_t)(sp - FORMS[i]);
            if (n >= cap) n = cap - 1;
            memcpy(buf, FORMS[i], n);
            buf[n] = 0;
            return buf;
        }
    }
    return NULL;
}

static const signature *find_sig(const char *relation)
{
    for (size_t i = 0; i < COUNT(SIGS); i++)
        if (!strcmp(SIGS[i].relation, relation)) return &SIGS[i];
    return NULL;
}

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------------
 * Mentions of a document, as the extractor reports them.
 * ---------------------------------------------------------------------- */

typedef struct mention {
    size_t start, end;
    char *type, *canonical, *text;
} mention;

typedef struct doc_state {
    mention *m;
    size_t n, cap;
} doc_state;

static int on_mention(void *ud, const kg_mention *km)
{
    doc_state *d = ud;
    KG_GROW(d->m, d->cap, d->n + 1);
    d->m[d->n++] = (mention){km->start, km->end, kg_xstrdup(km->type), kg_xstrdup(km->canonical),
                             kg_xstrdup(km->text)};
    return 0;
}

static int on_edge(void *ud, const kg_edge *e)
{
    (void)ud, (void)e; /* surface edges come from `kgraph extract` itself */
    return 0;
}

static void doc_clear(doc_state *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->m[i].type);
        free(d->m[i].canonical);
        free(d->m[i].text);
    }
    d->n = 0;
}

/* ------------------------------------------------------------------------
 * A parsed sentence: words (base form, lower case) and links.
 * ---------------------------------------------------------------------- */

typedef struct link {
    size_t l, r;
    char major[8];  /* leading capitals of the label: "S", "MV", "SJ" */
    char label[24];
} link;

typedef struct parse {
    size_t nw, nl;
    char **word;     /* base form: subscript and guess mark removed, lower case */
    char **raw;      /* as the linkage prints it */
    int *ment;       /* mention index of each word, or -1 */
    link *links;
} parse;

static void parse_free(parse *p)
{
    for (size_t i = 0; i < p->nw; i++) {
        free(p->word[i]);
        free(p->raw[i]);
    }
    free(p->word);
    free(p->raw);
    free(p->ment);
    free(p->links);
    memset(p, 0, sizeof *p);
}

static bool is_verb(const parse *p, size_t w) { return strstr(p->raw[w], ".v") != NULL; }

static bool is_conj(const parse *p, size_t w)
{
    return strstr(p->raw[w], ".j") != NULL;
}

/* Conjuncts of w (w itself if it is no conjunction), appended to out. */
static void expand(const parse *p, size_t w, size_t *out, size_t *n, size_t cap, int depth)
{
    if (depth > 6) return;
    if (!is_conj(p, w)) {
        for (size_t i = 0; i < *n; i++)
            if (out[i] == w) return;
        if (*n < cap) out[(*n)++] = w;
        return;
    }
    for (size_t i = 0; i < p->nl; i++) {
        const link *k = &p->links[i];
        if (strcmp(k->major, "SJ") && strcmp(k->major, "VJ")) continue;
        if (k->l == w && k->r != w) expand(p, k->r, out, n, cap, depth + 1);
        else if (k->r == w && k->l != w) expand(p, k->l, out, n, cap, depth + 1);
    }
}

/* ------------------------------------------------------------------------
 * Frames: the arguments of one verb.
 * ---------------------------------------------------------------------- */

#define MAXARG 16
typedef struct args {
    size_t w[NROLES][MAXARG];
    size_t n[NROLES];
    bool vetoed;
} args;

static void add_arg(args *a, enum role r, size_t w)
{
    for (size_t i = 0; i < a->n[r]; i++)
        if (a->w[r][i] == w) return;
    if (a->n[r] < MAXARG) a->w[r][a->n[r]++] = w;
}

static void add_expanded(const parse *p, args *a, enum role r, size_t w)
{
    size_t tmp[MAXARG], n = 0;
    expand(p, w, tmp, &n, MAXARG, 0);
    for (size_t i = 0; i < n; i++) add_arg(a, r, tmp[i]);
}

static enum role prep_role(const char *w)
{
    if (!strcmp(w, "to")) return P_TO;
    if (!strcmp(w, "with")) return P_WITH;
    if (!strcmp(w, "from")) return P_FROM;
    if (!strcmp(w, "in")) return P_IN;
    if (!strcmp(w, "into")) return P_INTO;
    if (!strcmp(w, "over")) return P_OVER;
    return NROLES;
}

/* Objects of the prepositions hanging from word `h` by links of major type
 * `major` (MV from verbs, M from nouns); "by" goes to *agents. */
static void collect_preps(const parse *p, size_t h, const char *major, args *a, size_t *agents,
                          size_t *nag)
{
    for (size_t i = 0; i < p->nl; i++) {
        const link *k = &p->links[i];
        if (k->l != h || strcmp(k->major, major)) continue;
        size_t prep = k->r;
        enum role r = prep_role(p->word[prep]);
        bool by = !strcmp(p->word[prep], "by");
        if (r == NROLES && !by) continue;
        for (size_t j = 0; j < p->nl; j++) {
            const link *q = &p->links[j];
            if (q->l != prep || strcmp(q->major, "J")) continue;
            if (by) {
                size_t tmp[MAXARG], n = 0;
                expand(p, q->r, tmp, &n, MAXARG, 0);
                for (size_t t = 0; t < n && *nag < MAXARG; t++) agents[(*nag)++] = tmp[t];
            } else {
                add_expanded(p, a, r, q->r);
            }
        }
    }
}

/* Does word w carry a particle (K link, or an MVp to the word)? */
static bool has_particle(const parse *p, size_t w, const char *particle)
{
    for (size_t i = 0; i < p->nl; i++) {
        const link *k = &p->links[i];
        if (k->l == w && !strcmp(p->word[k->r], particle) &&
            (!strcmp(k->major, "K") || !strcmp(k->major, "MV") || !strcmp(k->major, "O")))
            return true;
    }
    return false;
}

static bool word_vetoes(const parse *p, size_t w)
{
    if (in_list(p->word[w], VETO, COUNT(VETO))) return true;
    for (size_t i = 0; i < p->nl; i++) {
        const link *k = &p->links[i];
        size_t o = k->l == w ? k->r : k->r == w ? k->l : SIZE_MAX;
        if (o == SIZE_MAX) continue;
        if ((!strcmp(k->major, "N") || !strcmp(k->major, "E") || !strcmp(k->major, "EN") ||
             !strcmp(k->major, "CO") || !strcmp(k->major, "MV")) &&
            in_list(p->word[o], VETO, COUNT(VETO)))
            return true;
    }
    return false;
}

/*
 * The arguments of verb v.  Walks the auxiliary chain leftwards (PP, I, Pv,
 * Pg, TO, IV, and VJ for coordinated verbs) to the word that carries the
 * subject link, noting a passive (Pv, or a participle modifying a noun by
 * Mv) and any vetoing word on the way; then reads subjects (through "which"
 * and "who" to their antecedents), objects and prepositional objects.
 */
static void verb_args(const parse *p, size_t v, args *a)
{
    memset(a, 0, sizeof *a);
    bool passive = false;
    size_t chain[32], nc = 0, h = v;
    size_t gsubj[MAXARG], ns = 0, controller = SIZE_MAX;
    chain[nc++] = v;
    for (int guard = 0; guard < 12; guard++) {
        bool moved = false;
        for (size_t i = 0; i < p->nl && !moved; i++) {
            const link *k = &p->links[i];
            const char *m = k->major;
            bool pv = !strncmp(k->label, "Pv", 2), pg = !strncmp(k->label, "Pg", 2);
            if (k->r == h && (!strcmp(m, "PP") || !strcmp(m, "I") || pv || pg ||
                              !strcmp(m, "TO") || !strcmp(m, "IV"))) {
                if (pv) passive = true;
                h = k->l;
                /* object control: in "X required Y to appoint Z" the one
                 * who appoints is Y, the object of "required" */
                if (!strcmp(m, "TO"))
                    for (size_t j = 0; j < p->nl; j++)
                        if (p->links[j].l == h && !strcmp(p->links[j].major, "O")) controller = p->links[j].r;
                moved = true;
            } else if (!strcmp(m, "VJ") && (k->l == h || k->r == h)) {
                size_t c = k->l == h ? k->r : k->l;
                if (is_conj(p, c) && c != h) {
                    h = c;
                    moved = true;
                }
            }
        }
        if (!moved) break;
        if (nc < COUNT(chain)) chain[nc++] = h;
    }
    for (size_t i = 0; i < nc; i++)
        if (word_vetoes(p, chain[i])) a->vetoed = true;
    /* subjects of the chain head; a participle that modifies a noun ("the
     * contract awarded to X", "X, owned by Y") makes that noun its object */
    if (controller != SIZE_MAX) {
        size_t tmp[MAXARG], n = 0;
        expand(p, controller, tmp, &n, MAXARG, 0);
        for (size_t t = 0; t < n && ns < MAXARG; t++) gsubj[ns++] = tmp[t];
    }
    for (size_t i = 0; i < p->nl; i++) {
        const link *k = &p->links[i];
        if (k->r == h && !strcmp(k->major, "S") && controller == SIZE_MAX) {
            size_t s = k->l;
            if (!strcmp(p->word[s], "which") || !strcmp(p->word[s], "who") ||
                !strcmp(p->word[s], "that")) {
                for (size_t j = 0; j < p->nl; j++) {
                    const link *q = &p->links[j];
                    if (q->r == s && (!strcmp(q->major, "MX") || !strcmp(q->major, "R"))) s = q->l;
                }
                for (size_t j = 0; j < p->nl; j++) { /* "the trust that runs X": X -R-> that -RS-> */
                    const link *q = &p->links[j];
                    if (q->r == s && !strcmp(q->major, "B")) s = q->l;
                }
            }
            size_t tmp[MAXARG], n = 0;
            expand(p, s, tmp, &n, MAXARG, 0);
            for (size_t t = 0; t < n && ns < MAXARG; t++) gsubj[ns++] = tmp[t];
        }
        if (k->r == v && (!strcmp(k->major, "M") || !strcmp(k->major, "MX")) &&
            !strncmp(k->label, "Mv", 2)) {
            passive = true;
            size_t tmp[MAXARG], n = 0;
            expand(p, k->l, tmp, &n, MAXARG, 0);
            for (size_t t = 0; t < n && ns < MAXARG; t++) gsubj[ns++] = tmp[t];
        }
    }
    /* objects, and prepositions on the verb (or on the conjunction that
     * holds it) and on its objects */
    size_t heads[2] = {v, h}, nh = h != v && is_conj(p, h) ? 2 : 1;
    size_t agents[MAXARG], nag = 0;
    for (size_t hi = 0; hi < nh; hi++) {
        for (size_t i = 0; i < p->nl; i++) {
            const link *k = &p->links[i];
            if (k->l == heads[hi] && !strcmp(k->major, "O")) add_expanded(p, a, OBJ, k->r);
        }
        collect_preps(p, heads[hi], "MV", a, agents, &nag);
    }
    size_t nobj = a->n[OBJ];
    for (size_t i = 0; i < nobj; i++) collect_preps(p, a->w[OBJ][i], "M", a, agents, &nag);
    /* "Y by X" attached to a noun (the parser often hangs "by" there) */
    for (size_t i = 0; i < a->n[P_TO]; i++) collect_preps(p, a->w[P_TO][i], "M", a, agents, &nag);
    if (passive) {
        for (size_t i = 0; i < ns; i++) add_arg(a, OBJ, gsubj[i]);
        for (size_t i = 0; i < nag; i++) add_arg(a, SUBJ, agents[i]);
    } else {
        for (size_t i = 0; i < ns; i++) add_arg(a, SUBJ, gsubj[i]);
    }
    for (size_t i = 0; i < a->n[SUBJ]; i++) add_arg(a, PAIR, a->w[SUBJ][i]);
}

/* ------------------------------------------------------------------------
 * Edges of one sentence.
 * ---------------------------------------------------------------------- */

typedef struct run {
    const char *doc;
    const char *text;       /* sanitised document */
    kg_span span;
    const mention *ms;      /* the sentence's mentions */
    size_t nm;
    char *evidence;
    FILE *out;
    size_t edges;
    /* per-sentence de-duplication */
    char seen[256][96];
    size_t nseen;
} run;

static bool type_ok(const char *types, const char *t) { return in_words(t, types); }

static void emit(run *R, const char *relation, size_t a, size_t b, const char *rule)
{
    if (a == b) return;
    const mention *s = &R->ms[a], *t = &R->ms[b];
    if (!strcmp(s->type, t->type) && !strcmp(s->canonical, t->canonical)) return;
    const signature *sig = find_sig(relation);
    if (!sig) return;
    if (!type_ok(sig->src, s->type) || !type_ok(sig->tgt, t->type)) {
        /* a symmetric relation may be stated either way round */
        if (!sig->symmetric || !type_ok(sig->src, t->type) || !type_ok(sig->tgt, s->type)) return;
        const mention *x = s;
        s = t;
        t = x;
        size_t y = a;
        a = b;
        b = y;
    }
    if (sig->symmetric && a > b) {
        const mention *x = s;
        s = t;
        t = x;
        size_t y = a;
        a = b;
        b = y;
    }
    char key[96];
    snprintf(key, sizeof key, "%s %zu %zu", relation, a, b);
    for (size_t i = 0; i < R->nseen; i++)
        if (!strcmp(R->seen[i], key)) return;
    if (R->nseen < COUNT(R->seen)) strcpy(R->seen[R->nseen++], key);
    kg_edge e = {
        .doc = R->doc, .line = R->span.line, .start = R->span.start, .end = R->span.end,
        .relation = relation, .symmetric = sig->symmetric,
        .source = s->canonical, .source_type = s->type, .source_text = s->text,
        .target = t->canonical, .target_type = t->type, .target_text = t->text,
        .rule = rule, .rule_at = "bench/linkgrammar/lg_relations.c", .evidence = R->evidence, .attrs = NULL, .nattrs = 0,
    };
    kg_edge_write(R->out, &e);
    R->edges++;
}

static void verb_edges(run *R, const parse *p)
{
    char lemma[32], rule[48];
    for (size_t v = 0; v < p->nw; v++) {
        if (!is_verb(p, v) || !verb_lemma(p->word[v], lemma, sizeof lemma)) continue;
        args a;
        bool have = false;
        for (size_t f = 0; f < COUNT(FRAMES); f++) {
            const frame *fr = &FRAMES[f];
            if (strcmp(fr->lemma, lemma)) continue;
            if (fr->particle && !has_particle(p, v, fr->particle)) continue;
            if (!have) {
                verb_args(p, v, &a);
                have = true;
            }
            if (getenv("LG_TRACE")) {
                fprintf(stderr, "   frame %s/%s vetoed=%d", lemma, fr->relation, a.vetoed);
                for (int r = 0; r < NROLES; r++) {
                    fprintf(stderr, " r%d:", r);
                    for (size_t i = 0; i < a.n[r]; i++) fprintf(stderr, "%s(%d),", p->word[a.w[r][i]], p->ment[a.w[r][i]]);
                }
                fprintf(stderr, "\n");
            }
            if (a.vetoed) break;
            snprintf(rule, sizeof rule, "lg_%s", lemma);
            for (size_t i = 0; i < a.n[fr->src]; i++)
                for (size_t j = 0; j < a.n[fr->tgt]; j++) {
                    int mi = p->ment[a.w[fr->src][i]], mj = p->ment[a.w[fr->tgt][j]];
                    if (mi < 0 || mj < 0) continue;
                    if (fr->src == PAIR && j <= i) continue;
                    emit(R, fr->relation, (size_t)mi, (size_t)mj, rule);
                }
        }
    }
}

/* Mentions among the conjuncts of word w, appended to out. */
static size_t mention_words(const parse *p, size_t w, size_t *out, size_t cap)
{
    size_t tmp[MAXARG], n = 0, k = 0;
    expand(p, w, tmp, &n, MAXARG, 0);
    for (size_t i = 0; i < n && k < cap; i++)
        if (p->ment[tmp[i]] >= 0) out[k++] = tmp[i];
    return k;
}

/* Objects of the prepositions hanging from noun w (M links), by preposition:
 * between/of/with go to *pair or *obj, by to *agent. */
static void noun_edges(run *R, const parse *p)
{
    for (size_t w = 0; w < p->nw; w++) {
        const char *relation = NULL;
        for (size_t f = 0; f < COUNT(NOUN_FRAMES); f++)
            if (!strcmp(p->word[w], NOUN_FRAMES[f].noun)) relation = NOUN_FRAMES[f].relation;
        if (!relation || strstr(p->raw[w], ".v")) continue;
        size_t obj[MAXARG], nobj = 0, agent[MAXARG], nag = 0, owner[MAXARG], now = 0;
        bool vetoed = false;
        for (size_t i = 0; i < p->nl; i++) {
            const link *k = &p->links[i];
            if (k->l == w && !strcmp(k->major, "M")) {
                const char *prep = p->word[k->r];
                bool by = !strcmp(prep, "by");
                if (!by && strcmp(prep, "of") && strcmp(prep, "between") && strcmp(prep, "with") &&
                    strcmp(prep, "involving"))
                    continue;
                for (size_t j = 0; j < p->nl; j++) {
                    const link *q = &p->links[j];
                    if (q->l != k->r || strcmp(q->major, "J")) continue;
                    if (by) nag += mention_words(p, q->r, agent + nag, MAXARG - nag);
                    else nobj += mention_words(p, q->r, obj + nobj, MAXARG - nobj);
                    /* "the takeover of Y by X": the parser often hangs "by" on Y */
                    for (size_t t = 0; t < p->nl; t++) {
                        const link *b = &p->links[t];
                        if (b->l == q->r && !strcmp(b->major, "M") && !strcmp(p->word[b->r], "by"))
                            for (size_t u = 0; u < p->nl; u++)
                                if (p->links[u].l == b->r && !strcmp(p->links[u].major, "J"))
                                    nag += mention_words(p, p->links[u].r, agent + nag, MAXARG - nag);
                    }
                }
            }
            /* possessor: X -YS-> 's -D-> noun */
            if (k->r == w && !strcmp(k->major, "D") && !strcmp(p->word[k->l], "'s"))
                for (size_t j = 0; j < p->nl; j++)
                    if (p->links[j].r == k->l && !strcmp(p->links[j].major, "YS"))
                        now += mention_words(p, p->links[j].l, owner + now, MAXARG - now);
            /* "X formed a partnership with Y": the subject of the verb whose
             * object the noun is */
            if (k->r == w && !strcmp(k->major, "O") && is_verb(p, k->l)) {
                args a;
                verb_args(p, k->l, &a);
                vetoed = vetoed || a.vetoed;
                for (size_t i2 = 0; i2 < a.n[SUBJ] && now < MAXARG; i2++)
                    if (p->ment[a.w[SUBJ][i2]] >= 0) owner[now++] = a.w[SUBJ][i2];
            }
            /* "not", "no merger" */
            if ((k->l == w || k->r == w) && in_list(p->word[k->l == w ? k->r : k->l], VETO, COUNT(VETO)))
                vetoed = true;
        }
        if (vetoed) continue;
        char rule[48];
        snprintf(rule, sizeof rule, "lg_%s", p->word[w]);
        for (size_t i = 0; i < nobj; i++)
            for (size_t j = i + 1; j < nobj; j++)
                emit(R, relation, (size_t)p->ment[obj[i]], (size_t)p->ment[obj[j]], rule);
        for (size_t i = 0; i < nobj; i++) {
            for (size_t j = 0; j < nag; j++)
                emit(R, relation, (size_t)p->ment[agent[j]], (size_t)p->ment[obj[i]], rule);
            for (size_t j = 0; j < now; j++)
                emit(R, relation, (size_t)p->ment[owner[j]], (size_t)p->ment[obj[i]], rule);
        }
    }
}

/* Nominal roles: from a PERSON word, a breadth-first walk over the links
 * that passes only through role nouns and glue words (prepositions of/at/
 * for, possessive, commas, copulas, "appointed"), reaching an organisation
 * word with at least one role noun on the way: "Jane Roe, chief executive of
 * Acme", "Acme's chief executive, Jane Roe", "Acme chief executive Jane Roe",
 * "Jane Roe has been appointed chair of Acme". */
static void role_edges(run *R, const parse *p)
{
    size_t n = p->nw;
    size_t *queue = kg_xmalloc(n * sizeof *queue);
    int *dist = kg_xmalloc(n * sizeof *dist);
    bool *role = kg_xmalloc(n * sizeof *role);
    for (size_t src = 0; src < n; src++) {
        int ms = p->ment[src];
        if (ms < 0 || strcmp(R->ms[ms].type, "PERSON")) continue;
        for (size_t i = 0; i < n; i++) dist[i] = -1, role[i] = false;
        size_t qh = 0, qt = 0;
        queue[qt++] = src;
        dist[src] = 0;
        while (qh < qt) {
            size_t w = queue[qh++];
            if (dist[w] >= 7) continue;
            for (size_t i = 0; i < p->nl; i++) {
                const link *k = &p->links[i];
                size_t o = k->l == w ? k->r : k->r == w ? k->l : SIZE_MAX;
                if (o == SIZE_MAX || dist[o] >= 0) continue;
                if (!strcmp(k->major, "W") || !strcmp(k->major, "X") || !strcmp(k->major, "RW"))
                    continue;
                /* past the role noun, only noun-phrase links lead to the
                 * organisation ("of"/"at" + object, possessive, compound),
                 * never a verb: "Acme appointed Jane Roe as chair at Beta"
                 * makes her chair of Beta, not of Acme */
                if (role[w] && strcmp(k->major, "M") && strcmp(k->major, "J") &&
                    strcmp(k->major, "AN") && strcmp(k->major, "G") && strcmp(k->major, "GN") &&
                    strcmp(k->major, "YS") && strcmp(k->major, "YP") && strcmp(k->major, "D") &&
                    strcmp(k->major, "SJ") && strcmp(k->major, "MX"))
                    continue;
                int mo = p->ment[o];
                bool isrole = in_list(p->word[o], ROLE_NOUNS, COUNT(ROLE_NOUNS));
                dist[o] = dist[w] + 1;
                role[o] = role[w] || isrole;
                if (mo >= 0) {
                    if (role[w] && strcmp(R->ms[mo].type, "PERSON"))
                        emit(R, "holds_role", (size_t)ms, (size_t)mo, "lg_role");
                    continue; /* never walk through another mention */
                }
                if (isrole || in_list(p->word[o], ROLE_GLUE, COUNT(ROLE_GLUE)) || is_conj(p, o))
                    queue[qt++] = o;
            }
        }
    }
    free(queue);
    free(dist);
    free(role);
}

/* ------------------------------------------------------------------------
 * Parsing.
 * ---------------------------------------------------------------------- */

typedef struct lgstate {
    Dictionary dict;
    Parse_Options po;
    bool nulls;            /* accept linkages with null (unlinked) words */
    /* statistics */
    size_t candidates, units, parsed, complete, with_nulls, no_linkage, timeouts, too_long;
    double *times;
    size_t ntimes, tcap;
} lgstate;

static bool base_word(const char *raw, char *out, size_t cap)
{
    size_t n = 0;
    /* "awarded.v-d" -> "awarded", "Zorbex[!<CAPITALIZED-WORDS>]" -> "Zorbex",
     * "[word]" (a null word) -> "word" */
    const char *p = raw;
    if (*p == '[' && p[1]) p++;
    for (; *p && n + 1 < cap; p++) {
        if ((*p == '.' && p != raw && p[1] && isalpha((unsigned char)p[1])) || *p == '[' || *p == ']')
            break;
        out[n++] = *p;
    }
    out[n] = 0;
    return n > 0;
}

/* Parse the placeholder sentence; fill *out and return true when a linkage
 * was found. */
static bool lg_parse(lgstate *L, const char *input, const int *ph_ment, size_t nph, parse *out)
{
    memset(out, 0, sizeof *out);
    double t0 = now_sec();
    Sentence s = sentence_create(input, L->dict);
    bool ok = false;
    if (!s) goto done;
    if (sentence_split(s, L->po) < 0) goto done;
    if (sentence_length(s) > 60) {
        L->too_long++;
        goto done;
    }
    parse_options_set_min_null_count(L->po, 0);
    parse_options_set_max_null_count(L->po, 0);
    parse_options_reset_resources(L->po);
    int nl = sentence_parse(s, L->po);
    bool timed = parse_options_timer_expired(L->po);
    if (nl > 0) L->complete++;
    if (nl <= 0 && L->nulls && !timed) {
        parse_options_set_min_null_count(L->po, 1);
        parse_options_set_max_null_count(L->po, sentence_length(s));
        parse_options_reset_resources(L->po);
        nl = sentence_parse(s, L->po);
        timed = parse_options_timer_expired(L->po);
        if (nl > 0) L->with_nulls++;
    }
    if (timed) L->timeouts++;
    if (nl <= 0) {
        L->no_linkage++;
        goto done;
    }
    Linkage lk = linkage_create(0, s, L->po);
    if (!lk) {
        L->no_linkage++;
        goto done;
    }
    out->nw = linkage_get_num_words(lk);
    out->nl = linkage_get_num_links(lk);
    out->word = kg_xcalloc(out->nw, sizeof *out->word);
    out->raw = kg_xcalloc(out->nw, sizeof *out->raw);
    out->ment = kg_xmalloc(out->nw * sizeof *out->ment);
    out->links = kg_xcalloc(out->nl ? out->nl : 1, sizeof *out->links);
    for (size_t i = 0; i < out->nw; i++) {
        const char *raw = linkage_get_word(lk, i);
        char b[128];
        out->raw[i] = kg_xstrdup(raw ? raw : "");
        out->ment[i] = -1;
        if (!base_word(out->raw[i], b, sizeof b)) b[0] = 0;
        for (size_t j = 0; j < nph; j++)
            if (!strcmp(b, PLACEHOLDERS[j])) out->ment[i] = ph_ment[j];
        for (char *c = b; *c; c++) *c = (char)tolower((unsigned char)*c);
        out->word[i] = kg_xstrdup(b);
    }
    for (size_t i = 0; i < out->nl; i++) {
        link *k = &out->links[i];
        k->l = linkage_get_link_lword(lk, i);
        k->r = linkage_get_link_rword(lk, i);
    }
    /* A capitalised word that a placeholder modifies as part of one name
     * ("Quilvan Ltd", where the mention stopped before "Ltd") stands for
     * the same mention: G and AN link the parts of a proper name. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < out->nl; i++) {
            const char *lab = linkage_get_link_label(lk, i);
            size_t l = linkage_get_link_lword(lk, i), r = linkage_get_link_rword(lk, i);
            if (!lab || (strncmp(lab, "G", 1) && strncmp(lab, "AN", 2))) continue;
            if (out->ment[l] >= 0 && out->ment[r] < 0 && isupper((unsigned char)out->raw[r][0]) &&
                !in_list(out->word[r], ROLE_NOUNS, COUNT(ROLE_NOUNS)))
                out->ment[r] = out->ment[l];
        }
    for (size_t i = 0; i < out->nl; i++) {
        link *k = &out->links[i];
        k->l = linkage_get_link_lword(lk, i);
        k->r = linkage_get_link_rword(lk, i);
        const char *lab = linkage_get_link_label(lk, i);
        snprintf(k->label, sizeof k->label, "%s", lab ? lab : "");
        size_t n = 0;
        while (k->label[n] && isupper((unsigned char)k->label[n]) && n + 1 < sizeof k->major) {
            k->major[n] = k->label[n];
            n++;
        }
        k->major[n] = 0;
    }
    linkage_delete(lk);
    ok = true;
done:
    if (s) sentence_delete(s);
    L->parsed++;
    KG_GROW(L->times, L->tcap, L->ntimes + 1);
    L->times[L->ntimes++] = now_sec() - t0;
    return ok;
}

/* Does some relation accept mentions of types a and b (either order)? */
static bool compatible(const char *a, const char *b)
{
    for (size_t i = 0; i < COUNT(SIGS); i++)
        if ((type_ok(SIGS[i].src, a) && type_ok(SIGS[i].tgt, b)) ||
            (type_ok(SIGS[i].src, b) && type_ok(SIGS[i].tgt, a)))
            return true;
    return false;
}

/* --all-pairs: every type-compatible pair of the sentence under every
 * relation, no parse: the recall ceiling of any sentence-level method that
 * works on the extractor's mentions. */
static bool all_pairs;

/* Is there a pair of mentions among ms[i] whose bytes lie in [a, b) that some
 * relation accepts? */
static bool has_pair(const run *R, size_t a, size_t b)
{
    for (size_t i = 0; i < R->nm; i++) {
        if (R->ms[i].start < a || R->ms[i].end > b) continue;
        for (size_t j = i + 1; j < R->nm; j++) {
            if (R->ms[j].start < a || R->ms[j].end > b) continue;
            if ((strcmp(R->ms[i].type, R->ms[j].type) || strcmp(R->ms[i].canonical, R->ms[j].canonical)) &&
                compatible(R->ms[i].type, R->ms[j].type))
                return true;
        }
    }
    return false;
}

static void put_collapsed(kg_buf *b, unsigned char c)
{
    if (isspace(c) || c == 0x1a) {
        if (b->len && b->ptr[b->len - 1] != ' ') kg_buf_putc(b, ' ');
    } else {
        kg_buf_putc(b, (char)c);
    }
}

/* Parse bytes [a, b) of the sentence with mentions replaced by placeholders,
 * and derive edges from the linkage. */
static void parse_unit(lgstate *L, run *R, size_t a, size_t b, bool debug)
{
    kg_buf in = KG_BUF_INIT;
    int ph_ment[NPH];
    size_t nph = 0, pos = a, mi = 0;
    while (pos < b) {
        while (mi < R->nm && R->ms[mi].start < pos) mi++;
        if (mi < R->nm && R->ms[mi].start == pos && nph < NPH && R->ms[mi].end <= b) {
            kg_buf_puts(&in, PLACEHOLDERS[nph]);
            ph_ment[nph++] = (int)mi;
            pos = R->ms[mi].end;
            mi++;
            continue;
        }
        put_collapsed(&in, (unsigned char)R->text[pos]);
        pos++;
    }
    if (all_pairs) {
        for (size_t i = 0; i < nph; i++)
            for (size_t j = 0; j < nph; j++)
                for (size_t k = 0; k < COUNT(SIGS); k++)
                    emit(R, SIGS[k].relation, (size_t)ph_ment[i], (size_t)ph_ment[j], "all_pairs");
        kg_buf_free(&in);
        return;
    }
    L->units++;
    parse p;
    if (lg_parse(L, in.ptr, ph_ment, nph, &p)) {
        if (debug) {
            fprintf(stderr, "== %s\n", in.ptr);
            for (size_t i = 0; i < p.nl; i++)
                fprintf(stderr, "   %s %s-%s\n", p.links[i].label, p.raw[p.links[i].l], p.raw[p.links[i].r]);
        }
        verb_edges(R, &p);
        noun_edges(R, &p);
        role_edges(R, &p);
        parse_free(&p);
    } else if (debug) {
        fprintf(stderr, "== (no linkage) %s\n", in.ptr);
    }
    kg_buf_free(&in);
}

/* Cut the sentence into clauses at ':', ';' and double quotes (outside
 * mentions): reported speech ("X, chief executive of Y, said: \u201c...")
 * and headlines glued to a sentence are parsed apart, which the parser finds
 * far easier.  --no-split parses whole sentences. */
static bool no_split;

static bool is_cut(const char *t, size_t pos, size_t end, size_t *len)
{
    unsigned char c = (unsigned char)t[pos];
    if (c == ':' || c == ';' || c == '"') {
        *len = 1;
        return true;
    }
    /* U+201C and U+201D, the curly double quotes */
    if (c == 0xE2 && pos + 2 < end && (unsigned char)t[pos + 1] == 0x80 &&
        ((unsigned char)t[pos + 2] == 0x9C || (unsigned char)t[pos + 2] == 0x9D)) {
        *len = 3;
        return true;
    }
    return false;
}

static void do_sentence(lgstate *L, run *R, bool debug)
{
    if (!has_pair(R, R->span.start, R->span.end)) return;
    L->candidates++;
    kg_buf ev = KG_BUF_INIT;
    for (size_t p = R->span.start; p < R->span.end; p++) put_collapsed(&ev, (unsigned char)R->text[p]);
    R->evidence = ev.ptr;
    R->nseen = 0;
    if (no_split) {
        parse_unit(L, R, R->span.start, R->span.end, debug);
    } else {
        size_t a = R->span.start, pos = R->span.start, mi = 0;
        for (;;) {
            size_t len = 0;
            bool cut = pos == R->span.end;
            if (!cut) {
                while (mi < R->nm && R->ms[mi].end <= pos) mi++;
                bool inside = mi < R->nm && R->ms[mi].start <= pos && pos < R->ms[mi].end;
                cut = !inside && is_cut(R->text, pos, R->span.end, &len);
            }
            if (!cut) {
                pos++;
                continue;
            }
            if (has_pair(R, a, pos)) parse_unit(L, R, a, pos, debug);
            if (pos == R->span.end) break;
            a = pos = pos + len;
        }
    }
    R->evidence = NULL;
    kg_buf_free(&ev);
}

/* Link Grammar's messages: keep errors and warnings, drop its notes about
 * the locale and the dictionary. */
static void lg_quiet(lg_errinfo *e, void *ud)
{
    (void)ud;
    if (e->severity == lg_Info || e->severity == lg_Debug || e->severity == lg_Trace) return;
    char *msg = lg_error_formatmsg(e);
    fprintf(stderr, "%s", msg);
    free(msg);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: lg_relations -r RULES.yaml [-o OUT.jsonl] [--max-time SECONDS] [--nulls]\n"
            "                    [--no-split] [--debug] [--all-pairs] INPUT...\n"
            "Extract relation edges from Link Grammar parses of the sentences that hold two\n"
            "mentions some relation accepts.  Edges go to OUT (default stdout) as kgraph edge\n"
            "records; parse statistics go to stderr.\n");
}

int main(int argc, char **argv)
{
    const char *rules_path = NULL, *out_path = "-";
    int max_time = 2;
    bool nulls = false, debug = false;
    const char **inputs = kg_xcalloc((size_t)argc, sizeof *inputs);
    size_t ninputs = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-r") && i + 1 < argc) rules_path = argv[++i];
        else if (!strcmp(argv[i], "-o") && i + 1 < argc) out_path = argv[++i];
        else if (!strcmp(argv[i], "--max-time") && i + 1 < argc) max_time = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--nulls")) nulls = true;
        else if (!strcmp(argv[i], "--debug")) debug = true;
        else if (!strcmp(argv[i], "--all-pairs")) all_pairs = true;
        else if (!strcmp(argv[i], "--no-split")) no_split = true;
        else if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            usage(stderr);
            return 2;
        } else inputs[ninputs++] = argv[i];
    }
    if (!rules_path || !ninputs) {
        usage(stderr);
        return 2;
    }
    int code = 0;
    kg_rules *rules = NULL;
    kg_extractor *ex = NULL;
    kg_doclist docs = {0};
    FILE *out = stdout;
    lgstate L = {0};
    run *R = kg_xcalloc(1, sizeof *R);
    doc_state ds = {0};
    if (kg_rules_load(&rules, (const char *const *)&rules_path, 1, NULL)) {
        fprintf(stderr, "lg_relations: %s\n", kg_error_last());
        code = 3;
        goto done;
    }
    kg_extractor_new(&ex, rules);
    kg_doclist_expand(&docs, inputs, ninputs, NULL, NULL);
    if (strcmp(out_path, "-") && !(out = fopen(out_path, "w"))) {
        fprintf(stderr, "lg_relations: %s: %s\n", out_path, strerror(errno));
        code = 1;
        goto done;
    }
    lg_error_set_handler(lg_quiet, NULL);
    L.dict = dictionary_create_lang("en");
    if (!L.dict) {
        fprintf(stderr, "lg_relations: cannot open the Link Grammar English dictionary\n");
        code = 1;
        goto done;
    }
    L.po = parse_options_create();
    parse_options_set_verbosity(L.po, 0);
    parse_options_set_max_parse_time(L.po, max_time);
    parse_options_set_linkage_limit(L.po, 100);
    parse_options_set_spell_guess(L.po, 0);
    L.nulls = nulls;
    kg_sink sink = {.edge = on_edge, .mention = on_mention, .warn = NULL, .ud = &ds};
    size_t sentences = 0;
    double t_all = now_sec();
    for (size_t d = 0; d < docs.n; d++) {
        const char *path = docs.paths[d];
        if (!strcmp(path, "-")) continue;
        char *buf = NULL;
        size_t len = 0;
        if (kg_read_file(&buf, &len, path)) continue;
        if (strstr(path, "gold.jsonl") || kg_looks_binary(buf, len)) {
            free(buf);
            continue;
        }
        doc_clear(&ds);
        kg_extract_doc(ex, path, buf, len, &sink);
        size_t from = kg_doc_sanitize(buf, len);
        kg_splitter sp;
        kg_span span;
        kg_splitter_init(&sp, buf, len, from);
        size_t mi = 0;
        while (kg_splitter_next(&sp, &span)) {
            sentences++;
            while (mi < ds.n && ds.m[mi].start < span.start) mi++;
            size_t mj = mi;
            while (mj < ds.n && ds.m[mj].end <= span.end) mj++;
            if (mj - mi >= 2) {
                R->doc = path;
                R->text = buf;
                R->span = span;
                R->ms = ds.m + mi;
                R->nm = mj - mi;
                R->out = out;
                do_sentence(&L, R, debug);
            }
            mi = mj;
        }
        free(buf);
    }
    t_all = now_sec() - t_all;
    qsort(L.times, L.ntimes, sizeof *L.times, cmp_double);
    double total = 0;
    for (size_t i = 0; i < L.ntimes; i++) total += L.times[i];
    fprintf(stderr,
            "lg_relations: %zu documents, %zu sentences, %zu with two compatible mentions, %zu clauses parsed\n"
            "lg_relations: parsed %zu (skipped as over 60 words: %zu): complete linkage %zu, "
            "only with null words %zu, no linkage %zu, timed out %zu\n"
            "lg_relations: parse time per sentence: median %.4f s, p90 %.4f s, max %.4f s, "
            "total %.2f s; whole run %.2f s; %zu edges\n",
            docs.n, sentences, L.candidates, L.units, L.parsed, L.too_long, L.complete, L.with_nulls,
            L.no_linkage, L.timeouts, L.ntimes ? L.times[L.ntimes / 2] : 0.0,
            L.ntimes ? L.times[L.ntimes * 9 / 10] : 0.0, L.ntimes ? L.times[L.ntimes - 1] : 0.0,
            total, t_all, R->edges);
done:
    if (out && out != stdout) fclose(out);
    if (L.po) parse_options_delete(L.po);
    if (L.dict) dictionary_delete(L.dict);
    doc_clear(&ds);
    free(ds.m);
    free(L.times);
    free(R);
    free(inputs);
    kg_doclist_free(&docs);
    kg_extractor_free(ex);
    kg_rules_free(rules);
    return code;
}
