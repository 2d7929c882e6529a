/*
 * rules/pattern.c: the token-pattern compiler.
 *
 * A pattern such as
 *
 *     {source} [0-3 !ENT -not] @award_verbs [0-6 !ENT] to {target}
 *
 * is parsed into a small tree (sequence, alternative, repetition, negative
 * look-ahead, leaves) and then emitted as a program for the backtracking
 * matcher in extract/match.c:
 *
 *     0 SLOT source        3 LIST award_verbs
 *     1 GAP 0..3           4 GAP 0..6
 *     2 ...                5 WORD "to"  6 SLOT target  7 MATCH
 *
 * Optional elements and bounded repetitions become SPLIT instructions
 * (greedy: the element is tried first); alternatives become a chain of
 * SPLITs tried left to right.  Every element consumes a bounded number of
 * tokens, so each program has a finite max_len; unbounded forms ('*' and '+'
 * as quantifiers) are refused here, which is what makes matching linear in
 * the sentence length.
 */
#include <ctype.h>
#include <stdarg.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "rules/pattern.h"

/* ---------------------------------------------------------------- lists */

/* Append phrase key p (owned by the list from now on) and chain it behind
 * the earlier phrases with its first key (kg_wordlist.phrase_heads). */
static void add_phrase(kg_wordlist *l, char *p)
{
    size_t i = l->nphrases++;
    l->phrases = kg_xrealloc(l->phrases, l->nphrases * sizeof(char *));
    l->phrase_next = kg_xrealloc(l->phrase_next, l->nphrases * sizeof(int32_t));
    l->phrases[i] = p;
    l->phrase_next[i] = -1;
    if (!l->phrase_heads) l->phrase_heads = kg_map_new();
    const char *sp = strchr(p, ' ');
    size_t first = sp ? (size_t)(sp - p) : strlen(p);
    bool inserted;
    size_t slot = kg_map_intern(l->phrase_heads, p, first, (intptr_t)i, &inserted);
    if (inserted) return;
    size_t k = (size_t)kg_map_value(l->phrase_heads, slot);
    while (l->phrase_next[k] >= 0) k = (size_t)l->phrase_next[k];
    l->phrase_next[k] = (int32_t)i;
}

void kg_wordlist_add(kg_wordlist *l, const char *entry, size_t len)
{
    unsigned flags = KG_NORM_FOLD | KG_NORM_QUOTES | KG_NORM_AMP;
    bool prefix = len > 1 && entry[len - 1] == '*';
    kg_buf key = KG_BUF_INIT;
    size_t ntok = kg_phrase_key(&key, entry, prefix ? len - 1 : len, flags);
    if (ntok == 0) {
        kg_buf_free(&key);
        return;
    }
    if (ntok > l->max_tokens) l->max_tokens = ntok;
    if (!l->words) l->words = kg_map_new();
    if (prefix && ntok == 1) {
        l->prefixes = kg_xrealloc(l->prefixes, (l->nprefixes + 1) * sizeof(char *));
        l->prefixes[l->nprefixes++] = kg_buf_detach(&key);
    } else if (ntok == 1) {
        kg_map_intern(l->words, key.ptr, key.len, 1, NULL);
        kg_buf_free(&key);
    } else {
        add_phrase(l, kg_buf_detach(&key));
    }
}

void kg_wordlist_free(kg_wordlist *l)
{
    free(l->name);
    kg_map_free(l->words);
    for (size_t i = 0; i < l->nphrases; i++) free(l->phrases[i]);
    free(l->phrases);
    kg_map_free(l->phrase_heads);
    free(l->phrase_next);
    for (size_t i = 0; i < l->nprefixes; i++) free(l->prefixes[i]);
    free(l->prefixes);
    memset(l, 0, sizeof *l);
}

/* ---------------------------------------------------------------- tree */

typedef enum { N_SEQ, N_ALT, N_REPEAT, N_NOT, N_NOTBEFORE, N_LEAF } node_kind;

typedef struct node {
    node_kind kind;
    struct node **kids;
    size_t nkids;
    int min, max;             /* N_REPEAT */
    kg_inst leaf;             /* N_LEAF */
    size_t at;                /* byte offset in the source, for messages */
    kg_srcspan span;          /* the element as written (len 0: not an element
                                 of its own, e.g. a word of a quoted phrase) */
    int pc;                   /* N_LEAF: its first emitted instruction, or -1 */
} node;

typedef struct parser {
    const kg_pattern_ctx *ctx;
    const char *src;
    size_t pos, len;
    char *err;
    size_t errsz;
    size_t erroff, errlen;      /* the offending text: src[erroff, erroff + errlen) */
    bool failed;
    int slots_seen[2];
    int ncaptures;
    int depth;
} parser;

static node *new_node(node_kind k, size_t at)
{
    node *n = kg_xcalloc(1, sizeof *n);
    n->kind = k;
    n->at = at;
    n->pc = -1;
    n->leaf.gap_excl_list = -1;
    n->leaf.list = -1;
    return n;
}

static void free_node(node *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->nkids; i++) free_node(n->kids[i]);
    free(n->kids);
    free(n->leaf.str);
    free(n->leaf.name);
    if (n->leaf.re) kg_regex_free(n->leaf.re);
    free(n);
}

/* Record that n was written as src[s, e); returns n. */
static node *spanned(node *n, size_t s, size_t e)
{
    if (n) n->span = (kg_srcspan){s, e - s};
    return n;
}

static void add_kid(node *n, node *k)
{
    n->kids = kg_xrealloc(n->kids, (n->nkids + 1) * sizeof(node *));
    n->kids[n->nkids++] = k;
}

static node *vfail(parser *p, size_t at, size_t len, const char *fmt, va_list ap)
{
    if (!p->failed) {
        vsnprintf(p->err, p->errsz, fmt, ap);
        p->erroff = at;
        p->errlen = len ? len : 1;
        p->failed = true;
    }
    return NULL;
}

/* Record the first error, at byte `at` of the pattern (fail_span: the
 * `len` bytes from there, which the message underlines). */
static node *fail_at(parser *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static node *fail_at(parser *p, size_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(p, at, 1, fmt, ap);
    va_end(ap);
    return NULL;
}

static node *fail_span(parser *p, size_t at, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static node *fail_span(parser *p, size_t at, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(p, at, len, fmt, ap);
    va_end(ap);
    return NULL;
}

static void skip_space(parser *p)
{
    while (p->pos < p->len && isspace((unsigned char)p->src[p->pos])) p->pos++;
}

static bool at_end(parser *p) { return p->pos >= p->len; }
static char cur(parser *p) { return p->pos < p->len ? p->src[p->pos] : '\0'; }

static bool is_word_stop(char c)
{
    return isspace((unsigned char)c) || strchr("()[]{}|?\"", c) != NULL || c == '\0';
}

/* Read a name [A-Za-z0-9_]+ at p->pos. */
static size_t read_name(parser *p)
{
    size_t s = p->pos;
    while (p->pos < p->len && (isalnum((unsigned char)p->src[p->pos]) || p->src[p->pos] == '_'))
        p->pos++;
    return p->pos - s;
}

static int find_type(const kg_rules *r, const char *name, size_t len)
{
    for (size_t i = 0; i < r->ntypes; i++)
        if (strlen(r->types[i].name) == len && memcmp(r->types[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

static int find_list(const kg_rules *r, const char *name, size_t len)
{
    for (size_t i = 0; i < r->nlists; i++)
        if (!r->lists[i].anonymous && strlen(r->lists[i].name) == len &&
            memcmp(r->lists[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

static node *unknown_name(parser *p, size_t at, const char *name, size_t len, bool type)
{
    const kg_rules *r = p->ctx->rules;
    size_t n = type ? r->ntypes : r->nlists;
    const char **cands = kg_xcalloc(n + 1, sizeof(char *));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (type) cands[k++] = r->types[i].name;
        else if (!r->lists[i].anonymous) cands[k++] = r->lists[i].name;
    }
    char *word = kg_xstrndup(name, len);
    /* underline from `at` (the '@' of a list) to the end of the name */
    fail_span(p, at, (size_t)(name - p->src) + len - at, "unknown %s '%s'%s",
              type ? "entity type" : "word list", word, kg_suggest(word, cands, k, false));
    free(word);
    free(cands);
    return NULL;
}

/* TYPE[,|]TYPE... -> type set */
static bool parse_types(parser *p, kg_typeset *out, char sep1, char sep2)
{
    *out = 0;
    for (;;) {
        size_t at = p->pos;
        size_t l = read_name(p);
        if (!l) {
            fail_at(p, at, "expected an entity type name");
            return false;
        }
        int t = find_type(p->ctx->rules, p->src + at, l);
        if (t < 0) {
            unknown_name(p, at, p->src + at, l, true);
            return false;
        }
        *out |= (kg_typeset)1 << t;
        if (cur(p) != sep1 && cur(p) != sep2) return true;
        p->pos++;
    }
}

static node *leaf(kg_opcode op, size_t at)
{
    node *n = new_node(N_LEAF, at);
    n->leaf.op = op;
    return n;
}

/* A run of literal text: tokenised like document text, one WORD per token. */
static node *literal(parser *p, const char *s, size_t len, size_t at, bool case_sensitive)
{
    kg_tokens t = {0};
    kg_tokenize(&t, s, 0, len, 1);
    if (t.n == 0) {
        kg_tokens_free(&t);
        return fail_at(p, at, "empty literal");
    }
    node *seq = t.n > 1 ? new_node(N_SEQ, at) : NULL;
    node *one = NULL;
    for (size_t i = 0; i < t.n; i++) {
        node *w = leaf(case_sensitive ? KG_OP_WORD_CS : KG_OP_WORD, at);
        if (case_sensitive) {
            w->leaf.str = kg_xstrndup(s + t.v[i].start, t.v[i].end - t.v[i].start);
            w->leaf.len = t.v[i].end - t.v[i].start;
        } else {
            w->leaf.str = kg_xstrdup(kg_token_key(&t, i));
            w->leaf.len = t.v[i].keylen;
        }
        if (seq) add_kid(seq, w);
        else one = w;
    }
    kg_tokens_free(&t);
    return seq ? seq : one;
}

static node *parse_alt(parser *p);

static node *parse_gap(parser *p)
{
    size_t at = p->pos++;
    skip_space(p);
    node *n = leaf(KG_OP_GAP, at);
    char *end;
    long lo = strtol(p->src + p->pos, &end, 10);
    if (end == p->src + p->pos) {
        free_node(n);
        return fail_at(p, p->pos, "expected a gap such as [0-5]");
    }
    p->pos = (size_t)(end - p->src);
    long hi = lo;
    if (cur(p) == '-') {
        p->pos++;
        if (cur(p) == '*' || cur(p) == ']' || isspace((unsigned char)cur(p))) {
            free_node(n);
            return fail_at(p, at, "unbounded gap: give an upper bound such as [0-8]");
        }
        hi = strtol(p->src + p->pos, &end, 10);
        if (end == p->src + p->pos) {
            free_node(n);
            return fail_at(p, p->pos, "expected the gap's upper bound");
        }
        p->pos = (size_t)(end - p->src);
    }
    if (lo < 0 || hi < lo || hi > KG_MAX_GAP) {
        free_node(n);
        char msg[64];
        snprintf(msg, sizeof msg, "%d", KG_MAX_GAP);
        return fail_at(p, at, "gap bounds must satisfy 0 <= min <= max <= %s", msg);
    }
    n->leaf.min = (int)lo;
    n->leaf.max = (int)hi;
    kg_wordlist excl = {0};
    for (;;) {
        skip_space(p);
        if (cur(p) == ']') {
            p->pos++;
            break;
        }
        if (at_end(p)) {
            kg_wordlist_free(&excl);
            free_node(n);
            return fail_at(p, at, "unclosed gap '['");
        }
        size_t cat = p->pos;
        if (cur(p) == '!') {
            p->pos++;
            if (strncmp(p->src + p->pos, "ENT", 3) == 0 && is_word_stop(p->src[p->pos + 3]) ) {
                p->pos += 3;
                n->leaf.gap_no_entity = true;
                continue;
            }
            kg_typeset ts;
            if (!parse_types(p, &ts, ',', '|')) {
                kg_wordlist_free(&excl);
                free_node(n);
                return NULL;
            }
            n->leaf.gap_no_entity = true;
            n->leaf.gap_banned |= ts;
            continue;
        }
        if (cur(p) == '-') {
            p->pos++;
            if (cur(p) == '@') {
                p->pos++;
                size_t lat = p->pos, l = read_name(p);
                int li = find_list(p->ctx->rules, p->src + lat, l);
                if (li < 0) {
                    kg_wordlist_free(&excl);
                    free_node(n);
                    return unknown_name(p, lat - 1, p->src + lat, l, false);
                }
                kg_wordlist *src = &p->ctx->rules->lists[li];
                src->used = true;
                for (size_t i = 0; i < kg_map_count(src->words); i++)
                    kg_wordlist_add(&excl, kg_map_key(src->words, i), strlen(kg_map_key(src->words, i)));
                for (size_t i = 0; i < src->nphrases; i++)
                    kg_wordlist_add(&excl, src->phrases[i], strlen(src->phrases[i]));
                for (size_t i = 0; i < src->nprefixes; i++) {
                    char *pe = kg_xasprintf("%s*", src->prefixes[i]);
                    kg_wordlist_add(&excl, pe, strlen(pe));
                    free(pe);
                }
                continue;
            }
            size_t ws = p->pos;
            if (cur(p) == '"') {
                const char *q = memchr(p->src + ws + 1, '"', p->len - ws - 1);
                if (!q) {
                    kg_wordlist_free(&excl);
                    free_node(n);
                    return fail_at(p, ws, "unclosed quote");
                }
                kg_wordlist_add(&excl, p->src + ws + 1, (size_t)(q - p->src) - ws - 1);
                p->pos = (size_t)(q - p->src) + 1;
                continue;
            }
            while (!at_end(p) && !isspace((unsigned char)cur(p)) && cur(p) != ']') p->pos++;
            if (p->pos == ws) {
                kg_wordlist_free(&excl);
                free_node(n);
                return fail_at(p, cat, "expected a word after '-' in a gap");
            }
            kg_wordlist_add(&excl, p->src + ws, p->pos - ws);
            continue;
        }
        kg_wordlist_free(&excl);
        free_node(n);
        return fail_at(p, cat, "unexpected text in a gap: use !ENT, !TYPE or -word");
    }
    if (excl.words || excl.nphrases || excl.nprefixes) {
        kg_rules *r = p->ctx->rules;
        KG_GROW(r->lists, r->lists_cap, r->nlists + 1);
        excl.name = kg_xstrdup("<gap exclusions>");
        excl.anonymous = true;
        excl.used = true;
        r->lists[r->nlists] = excl;
        n->leaf.gap_excl_list = (int)r->nlists++;
    }
    return n;
}

static node *parse_braces(parser *p)
{
    size_t at = p->pos++;
    size_t nat = p->pos, l = read_name(p);
    if (!l) return fail_at(p, nat, "expected {source}, {target} or {name:TYPE}");
    char *name = kg_xstrndup(p->src + nat, l);
    node *n = NULL;
    if (cur(p) == '}') {
        int slot = strcmp(name, "source") == 0 ? KG_SLOT_SOURCE
                 : strcmp(name, "target") == 0 ? KG_SLOT_TARGET : -1;
        if (slot < 0) {
            fail_at(p, at, "unknown slot '{%s}': use {source}, {target} or {name:TYPE}", name);
        } else if (!p->ctx->relation) {
            fail_at(p, at, "slot '{%s}' is only allowed in relation patterns", name);
        } else if (p->ctx->context_slot == slot) {
            fail_at(p, at, "the rule takes {%s} from the context, so its patterns cannot hold it",
                    name);
        } else {
            p->pos++;
            n = leaf(KG_OP_SLOT, at);
            n->leaf.slot = slot;
            n->leaf.types = slot == KG_SLOT_SOURCE ? p->ctx->source_types : p->ctx->target_types;
            p->slots_seen[slot]++;
        }
    } else if (cur(p) == ':') {
        p->pos++;
        kg_typeset ts;
        if (parse_types(p, &ts, '|', ',')) {
            if (cur(p) != '}') {
                fail_at(p, p->pos, "expected '}' to close the capture");
            } else if (!p->ctx->relation) {
                fail_at(p, at, "captures like '{%s:TYPE}' are only allowed in relation patterns", name);
            } else if (p->ncaptures == KG_MAX_CAPTURES) {
                fail_at(p, at, "more than %d captures in one pattern", KG_MAX_CAPTURES);
            } else {
                p->pos++;
                n = leaf(KG_OP_CAPTURE, at);
                n->leaf.types = ts;
                n->leaf.name = kg_xstrdup(name);
                n->leaf.slot = p->ncaptures++;
            }
        }
    } else {
        fail_at(p, p->pos, "expected '}' or ':TYPE' in '{%s'", name);
    }
    free(name);
    return n;
}

static node *parse_regex_leaf(parser *p)
{
    size_t at = p->pos++;
    kg_buf re = KG_BUF_INIT;
    while (!at_end(p) && cur(p) != '/') {
        if (cur(p) == '\\' && p->pos + 1 < p->len && p->src[p->pos + 1] == '/') p->pos++;
        kg_buf_putc(&re, cur(p));
        p->pos++;
    }
    if (at_end(p)) {
        kg_buf_free(&re);
        return fail_at(p, at, "unclosed regex '/'");
    }
    p->pos++;
    bool caseless = false;
    if (cur(p) == 'i' && is_word_stop(p->pos + 1 < p->len ? p->src[p->pos + 1] : '\0')) {
        caseless = true;
        p->pos++;
    }
    char err[256];
    size_t off = 0;
    kg_regex *rx = NULL;
    if (kg_regex_compile(&rx, re.ptr ? re.ptr : "", caseless, err, &off) != 0) {
        kg_buf_free(&re);
        return fail_at(p, at + 1 + off, "invalid regex: %s", err);
    }
    kg_buf_free(&re);
    node *n = leaf(KG_OP_REGEX, at);
    n->leaf.re = rx;
    return n;
}

static node *parse_class(parser *p)
{
    static const struct { const char *name; unsigned cls; } classes[] = {
        {"cap", KG_TOK_CAP}, {"upper", KG_TOK_UPPER}, {"lower", KG_TOK_LOWER},
        {"num", KG_TOK_NUM}, {"word", KG_TOK_WORD}, {"punct", KG_TOK_PUNCT}, {"any", 0},
    };
    size_t at = p->pos++;
    size_t nat = p->pos, l = read_name(p);
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
        if (strlen(classes[i].name) == l && strncasecmp(classes[i].name, p->src + nat, l) == 0) {
            node *n = leaf(KG_OP_CLASS, at);
            n->leaf.cls = classes[i].cls;
            return n;
        }
    }
    char *w = kg_xstrndup(p->src + nat, l);
    fail_at(p, at, "unknown token class '%%%s': use %%Cap, %%Upper, %%Lower, %%Num, %%Word, %%Punct or %%Any", w);
    free(w);
    return NULL;
}

static node *parse_atom(parser *p)
{
    size_t at = p->pos;
    char c = cur(p);
    switch (c) {
    case '(': {
        p->pos++;
        if (++p->depth > 32) return fail_at(p, at, "groups nested deeper than 32");
        node *n = parse_alt(p);
        p->depth--;
        if (!n) return NULL;
        skip_space(p);
        if (cur(p) != ')') {
            free_node(n);
            return fail_at(p, at, "unclosed group '('");
        }
        p->pos++;
        return n;
    }
    case '[': return parse_gap(p);
    case '{': return parse_braces(p);
    case '%': return parse_class(p);
    case '/': return parse_regex_leaf(p);
    case '@': {
        p->pos++;
        size_t nat = p->pos, l = read_name(p);
        int li = find_list(p->ctx->rules, p->src + nat, l);
        if (li < 0) return unknown_name(p, at, p->src + nat, l, false);
        p->ctx->rules->lists[li].used = true;
        node *n = leaf(KG_OP_LIST, at);
        n->leaf.list = li;
        return n;
    }
    case '!': {
        p->pos++;
        bool behind = cur(p) == '<';
        if (behind) p->pos++;
        size_t kat = p->pos;
        node *k = parse_atom(p);
        spanned(k, kat, p->pos);
        if (!k) return NULL;
        if (behind && (k->kind != N_LEAF || k->leaf.op == KG_OP_GAP || k->leaf.op == KG_OP_SLOT ||
                       k->leaf.op == KG_OP_CAPTURE)) {
            free_node(k);
            return fail_at(p, at, "'!<' takes a single-token test: a word, word*, @list, %%Class or /regex/");
        }
        node *n = new_node(behind ? N_NOTBEFORE : N_NOT, at);
        add_kid(n, k);
        return n;
    }
    case '"': {
        const char *q = memchr(p->src + at + 1, '"', p->len - at - 1);
        if (!q) return fail_at(p, at, "unclosed quote");
        p->pos = (size_t)(q - p->src) + 1;
        return literal(p, p->src + at + 1, (size_t)(q - p->src) - at - 1, at, false);
    }
    case '=': {
        p->pos++;
        size_t s = p->pos;
        while (!is_word_stop(cur(p))) p->pos++;
        if (p->pos == s) return fail_at(p, at, "expected a word after '='");
        return literal(p, p->src + s, p->pos - s, at, true);
    }
    case ')': case ']': case '}': case '|': case '?':
        return fail_at(p, at, "unexpected '%s'", (char[]){c, 0});
    default: {
        size_t s = p->pos;
        while (!is_word_stop(cur(p))) p->pos++;
        size_t len = p->pos - s;
        if (len > 1 && p->src[p->pos - 1] == '*') {
            node *n = literal(p, p->src + s, len - 1, at, false);
            if (!n) return NULL;
            /* "sub-contract*": the wildcard applies to the last token */
            node *last = n->kind == N_LEAF ? n : n->kids[n->nkids - 1];
            last->leaf.op = KG_OP_PREFIX;
            return n;
        }
        if (len == 1 && p->src[s] == '*')
            return fail_at(p, at, "unbounded repetition '*': use a gap such as [0-5]");
        return literal(p, p->src + s, len, at, false);
    }
    }
}

static node *parse_item(parser *p)
{
    size_t start = p->pos;
    node *a = parse_atom(p); /* before reading p->pos: argument order is unspecified */
    spanned(a, start, p->pos);
    if (!a) return NULL;
    size_t qat = p->pos;
    if (cur(p) == '?') {
        p->pos++;
        node *r = new_node(N_REPEAT, qat);
        r->min = 0;
        r->max = 1;
        add_kid(r, a);
        return spanned(r, start, p->pos);
    }
    if (cur(p) == '+' || (cur(p) == '*' && a->kind != N_LEAF)) {
        free_node(a);
        return fail_at(p, qat, "unbounded repetition '%s': give a bound such as {1,5}",
                       cur(p) == '+' ? "+" : "*");
    }
    if (cur(p) == '{' && p->pos + 1 < p->len && isdigit((unsigned char)p->src[p->pos + 1])) {
        char *end;
        p->pos++;
        long lo = strtol(p->src + p->pos, &end, 10), hi = lo;
        p->pos = (size_t)(end - p->src);
        if (cur(p) == ',') {
            p->pos++;
            if (!isdigit((unsigned char)cur(p))) {
                free_node(a);
                return fail_at(p, qat, "unbounded repetition: give an upper bound such as {1,5}");
            }
            hi = strtol(p->src + p->pos, &end, 10);
            p->pos = (size_t)(end - p->src);
        }
        if (cur(p) != '}') {
            free_node(a);
            return fail_at(p, qat, "expected '}' to close the repetition");
        }
        p->pos++;
        if (hi < lo || hi < 1 || hi > KG_MAX_GAP) {
            free_node(a);
            char msg[16];
            snprintf(msg, sizeof msg, "%d", KG_MAX_GAP);
            return fail_at(p, qat, "repetition bounds must satisfy 0 <= min <= max <= %s, max >= 1", msg);
        }
        node *r = new_node(N_REPEAT, qat);
        r->min = (int)lo;
        r->max = (int)hi;
        add_kid(r, a);
        return spanned(r, start, p->pos);
    }
    return a;
}

static node *parse_seq(parser *p)
{
    node *seq = new_node(N_SEQ, p->pos);
    for (;;) {
        skip_space(p);
        if (at_end(p) || cur(p) == ')' || cur(p) == '|') break;
        node *it = parse_item(p);
        if (!it) {
            free_node(seq);
            return NULL;
        }
        add_kid(seq, it);
    }
    return seq;
}

static node *parse_alt(parser *p)
{
    size_t at = p->pos;
    node *first = parse_seq(p);
    if (!first) return NULL;
    if (cur(p) != '|') return first;
    node *alt = new_node(N_ALT, at);
    add_kid(alt, first);
    while (cur(p) == '|') {
        p->pos++;
        node *s = parse_seq(p);
        if (!s) {
            free_node(alt);
            return NULL;
        }
        add_kid(alt, s);
    }
    return alt;
}

/* ---------------------------------------------------------------- checks */

/* Span bounds in tokens; mentions count as one token here (their length is
 * bounded by the sentence and they never overlap). */
static void span(const kg_rules *r, const node *n, int *lo, int *hi)
{
    /* every kind sets both below; gcc -O3 cannot see it through the
     * recursion ("may be used uninitialized") */
    *lo = *hi = 0;
    switch (n->kind) {
    case N_LEAF:
        switch (n->leaf.op) {
        case KG_OP_GAP: *lo = n->leaf.min; *hi = n->leaf.max; return;
        case KG_OP_LIST: {
            const kg_wordlist *l = &r->lists[n->leaf.list];
            *lo = (l->words && kg_map_count(l->words)) || l->nprefixes ? 1 : 2;
            *hi = (int)(l->max_tokens ? l->max_tokens : 1);
            return;
        }
        default: *lo = *hi = 1; return;
        }
    case N_NOT: case N_NOTBEFORE: *lo = *hi = 0; return;
    case N_REPEAT: {
        int a, b;
        span(r, n->kids[0], &a, &b);
        *lo = a * n->min;
        *hi = b * n->max;
        return;
    }
    case N_SEQ: {
        int slo = 0, shi = 0;
        for (size_t i = 0; i < n->nkids; i++) {
            int a, b;
            span(r, n->kids[i], &a, &b);
            slo += a;
            shi += b;
            if (shi > 100000) shi = 100000;
        }
        *lo = slo;
        *hi = shi;
        return;
    }
    case N_ALT: {
        int alo = 1 << 30, ahi = 0;
        for (size_t i = 0; i < n->nkids; i++) {
            int a, b;
            span(r, n->kids[i], &a, &b);
            if (a < alo) alo = a;
            if (b > ahi) ahi = b;
        }
        *lo = alo;
        *hi = ahi;
        return;
    }
    }
}

/* A slot inside a repetition or a negation would be bound zero or several
 * times, and a capture inside a negation never; refuse both.  (An optional
 * capture is fine: "{amount:MONEY}?".) */
static const node *slot_under_repeat(const node *n, bool repeated, bool negated)
{
    if (n->kind == N_LEAF) {
        if (n->leaf.op == KG_OP_SLOT && (repeated || negated)) return n;
        if (n->leaf.op == KG_OP_CAPTURE && negated) return n;
        return NULL;
    }
    bool r = repeated || n->kind == N_REPEAT,
         g = negated || n->kind == N_NOT || n->kind == N_NOTBEFORE;
    for (size_t i = 0; i < n->nkids; i++) {
        const node *s = slot_under_repeat(n->kids[i], r, g);
        if (s) return s;
    }
    return NULL;
}

/* ---------------------------------------------------------------- emit */

/* The emitter stamps each instruction with the spans of the elements it
 * is inside: `span` the innermost, `top` the outermost (entered while
 * `depth` was 0). */
typedef struct emitter {
    kg_inst *code;
    size_t n, cap;
    kg_srcspan span, top;
    int depth;
} emitter;

static size_t emit(emitter *e, kg_inst in)
{
    KG_GROW(e->code, e->cap, e->n + 1);
    in.span = e->span;
    in.top = e->top;
    e->code[e->n] = in;
    return e->n++;
}

static kg_inst op(kg_opcode o)
{
    kg_inst in;
    memset(&in, 0, sizeof in);
    in.op = o;
    in.list = -1;
    in.gap_excl_list = -1;
    return in;
}

static void emit_node(emitter *e, const node *n);

static void emit_leaf(emitter *e, const kg_inst *src)
{
    kg_inst in = *src;
    /* Each copy of a leaf owns its strings; regexes are shared and owned by
     * the first copy (see kg_program_free). */
    in.str = src->str ? kg_xstrdup(src->str) : NULL;
    in.name = src->name ? kg_xstrdup(src->name) : NULL;
    emit(e, in);
}

static void emit_kind(emitter *e, const node *n);

static void emit_node(emitter *e, const node *n)
{
    if (!n->span.len) {
        emit_kind(e, n);
        return;
    }
    kg_srcspan outer = e->span, outer_top = e->top;
    e->span = n->span;
    if (e->depth++ == 0) e->top = n->span;
    emit_kind(e, n);
    e->depth--;
    e->span = outer;
    e->top = outer_top;
}

static void emit_kind(emitter *e, const node *n)
{
    switch (n->kind) {
    case N_LEAF:
        if (((node *)n)->pc < 0) ((node *)n)->pc = (int)e->n;
        emit_leaf(e, &n->leaf);
        return;
    case N_SEQ:
        for (size_t i = 0; i < n->nkids; i++) emit_node(e, n->kids[i]);
        return;
    case N_ALT: {
        /* SPLIT a, next; a: ...; JMP end; next: SPLIT b, next2; ... */
        size_t *jumps = kg_xcalloc(n->nkids, sizeof(size_t));
        for (size_t i = 0; i < n->nkids; i++) {
            size_t split = 0;
            bool last = i + 1 == n->nkids;
            if (!last) split = emit(e, op(KG_OP_SPLIT));
            if (!last) e->code[split].x = (int)e->n;
            emit_node(e, n->kids[i]);
            if (!last) {
                jumps[i] = emit(e, op(KG_OP_JMP));
                e->code[split].y = (int)e->n;
            }
        }
        for (size_t i = 0; i + 1 < n->nkids; i++) e->code[jumps[i]].x = (int)e->n;
        free(jumps);
        return;
    }
    case N_REPEAT: {
        for (int i = 0; i < n->min; i++) emit_node(e, n->kids[0]);
        size_t opt = (size_t)(n->max - n->min);
        size_t *splits = kg_xcalloc(opt + 1, sizeof(size_t));
        for (size_t i = 0; i < opt; i++) {
            splits[i] = emit(e, op(KG_OP_SPLIT));
            e->code[splits[i]].x = (int)e->n;
            emit_node(e, n->kids[0]);
        }
        for (size_t i = 0; i < opt; i++) e->code[splits[i]].y = (int)e->n;
        free(splits);
        return;
    }
    case N_NOTBEFORE:
        emit(e, op(KG_OP_NOTBEFORE));
        emit_node(e, n->kids[0]);
        return;
    case N_NOT: {
        /* NOT x=body y=after; body: ... MATCH */
        size_t at = emit(e, op(KG_OP_NOT));
        e->code[at].x = (int)e->n;
        emit_node(e, n->kids[0]);
        emit(e, op(KG_OP_MATCH));
        e->code[at].y = (int)e->n;
        return;
    }
    }
}

/* ---------------------------------------------------------------- start filter */

/* Collect in out[] the instructions reachable from pc without consuming a
 * token that test the first token (see kg_program.first).  False when no
 * filter is possible: MATCH is reachable (empty match), or a GAP is (a gap
 * accepts almost any token), or there are more than KG_MAX_FIRST tests.
 * A REGEX is a test like the others; the matcher runs it last and takes a
 * regex that hits its cost bound for a pass (its cost warning must come
 * from the matcher alone).  seen[] marks visited instructions. */
static bool first_tests(const kg_inst *code, size_t pc, bool *seen, uint16_t *out, uint8_t *nout)
{
    while (!seen[pc]) {
        seen[pc] = true;
        const kg_inst *in = &code[pc];
        switch (in->op) {
        case KG_OP_WORD: case KG_OP_WORD_CS: case KG_OP_PREFIX: case KG_OP_CLASS:
        case KG_OP_LIST: case KG_OP_SLOT: case KG_OP_CAPTURE: case KG_OP_REGEX:
            if (*nout == KG_MAX_FIRST) return false;
            out[(*nout)++] = (uint16_t)pc;
            return true;
        case KG_OP_GAP: case KG_OP_MATCH:
            return false;
        case KG_OP_SPLIT:
            if (!first_tests(code, (size_t)in->x, seen, out, nout)) return false;
            pc = (size_t)in->y;
            break;
        case KG_OP_JMP:
            pc = (size_t)in->x;
            break;
        case KG_OP_NOT:
            pc = (size_t)in->y;
            break;
        case KG_OP_NOTBEFORE:
            pc += 2;
            break;
        }
    }
    return true; /* already collected along another path */
}

static void start_filter(kg_program *p)
{
    bool *seen = kg_xcalloc(p->n, sizeof(bool));
    p->nfirst = 0;
    if (!first_tests(p->code, 0, seen, p->first, &p->nfirst)) p->nfirst = 0;
    free(seen);
}

/* ---------------------------------------------------------------- sentence filter */

/* The anchor test of a leaf, or false when the leaf cannot anchor. */
static bool leaf_anchor(const node *n, kg_anchor *out)
{
    memset(out, 0, sizeof *out);
    out->op = n->leaf.op;
    switch (n->leaf.op) {
    case KG_OP_WORD:
        out->hash = kg_hash(n->leaf.str, n->leaf.len);
        return true;
    case KG_OP_WORD_CS: {
        /* the token's key is its text folded like every token key */
        kg_buf key = KG_BUF_INIT;
        kg_norm_append(&key, n->leaf.str, n->leaf.len, KG_NORM_FOLD | KG_NORM_QUOTES | KG_NORM_AMP);
        out->op = KG_OP_WORD;
        out->hash = kg_hash(key.ptr ? key.ptr : "", key.len);
        kg_buf_free(&key);
        return true;
    }
    case KG_OP_PREFIX:
        out->pc = n->pc;
        return true;
    case KG_OP_LIST:
        out->list = n->leaf.list;
        return true;
    default:
        return false;
    }
}

/* The anchor sets of node n into *out (see kg_program.anchors): each set
 * a disjunction of tests of which every match of n passes one at some
 * token.  A sequence keeps its items' sets; an alternation unites one set
 * of each branch, and has none if a branch has none; an optional or
 * zero-width part, a gap, a slot and a capital-letter class have none. */
static void anchor_sets(const node *n, kg_anchor_set *out, uint8_t *nout)
{
    *nout = 0;
    switch (n->kind) {
    case N_LEAF:
        if (n->pc >= 0 && leaf_anchor(n, &out[0].alt[0])) {
            out[0].n = 1;
            *nout = 1;
        }
        return;
    case N_NOT: case N_NOTBEFORE:
        return;
    case N_REPEAT:
        if (n->min >= 1) anchor_sets(n->kids[0], out, nout);
        return;
    case N_SEQ:
        for (size_t i = 0; i < n->nkids && *nout < KG_MAX_ANCHORS; i++) {
            kg_anchor_set k[KG_MAX_ANCHORS];
            uint8_t nk;
            anchor_sets(n->kids[i], k, &nk);
            for (uint8_t j = 0; j < nk && *nout < KG_MAX_ANCHORS; j++) out[(*nout)++] = k[j];
        }
        return;
    case N_ALT: {
        kg_anchor_set u = {.n = 0};
        for (size_t i = 0; i < n->nkids; i++) {
            kg_anchor_set k[KG_MAX_ANCHORS];
            uint8_t nk, best = 0;
            anchor_sets(n->kids[i], k, &nk);
            if (nk == 0) return;
            for (uint8_t j = 1; j < nk; j++)
                if (k[j].n < k[best].n) best = j;
            if (u.n + k[best].n > KG_MAX_ANCHOR_ALTS) return;
            for (uint8_t j = 0; j < k[best].n; j++) u.alt[u.n++] = k[best].alt[j];
        }
        out[0] = u;
        *nout = 1;
        return;
    }
    }
}

/* Regexes are shared between copies made by repetition: mark all but the
 * first as borrowed by clearing nothing, and free each distinct pointer once. */
void kg_program_free(kg_program *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->code[i].str);
        free(p->code[i].name);
        if (p->code[i].re) {
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++) seen = p->code[j].re == p->code[i].re;
            if (!seen) kg_regex_free(p->code[i].re);
        }
    }
    free(p->code);
    free(p->source);
    memset(p, 0, sizeof *p);
}

/* Detach regexes from the tree so that free_node does not free them: the
 * program owns them now. */
static void detach_regexes(node *n)
{
    n->leaf.re = NULL;
    for (size_t i = 0; i < n->nkids; i++) detach_regexes(n->kids[i]);
}

int kg_pattern_compile(kg_program *out, const kg_pattern_ctx *ctx, const char *src, char *err,
                       size_t errsz, size_t *erroff, size_t *errlen)
{
    parser p = {.ctx = ctx, .src = src, .len = strlen(src), .err = err, .errsz = errsz};
    memset(out, 0, sizeof *out);
    *erroff = 0;
    *errlen = 1;
    node *tree = parse_alt(&p);
    if (tree && !at_end(&p)) {
        fail_at(&p, p.pos, "unexpected '%s'", (char[]){cur(&p), 0});
    }
    if (!p.failed && tree) {
        const node *bad = slot_under_repeat(tree, false, false);
        if (bad) fail_at(&p, bad->at, "a slot cannot be optional, repeated or negated, nor a capture negated");
    }
    if (!p.failed && ctx->relation) {
        static const char *const slot_names[] = {"source", "target"};
        for (int k = KG_SLOT_SOURCE; k <= KG_SLOT_TARGET && !p.failed; k++)
            if (!p.slots_seen[k] && ctx->context_slot != k &&
                !(k == KG_SLOT_TARGET && ctx->symmetric))
                fail_at(&p, 0, "the pattern has no {%s} slot", slot_names[k]);
    }
    int lo = 0, hi = 0;
    if (!p.failed) {
        span(ctx->rules, tree, &lo, &hi);
        if (hi == 0) fail_at(&p, 0, "the pattern matches nothing but the empty string");
        else if (hi > KG_MAX_PATTERN_SPAN) {
            char msg[64];
            snprintf(msg, sizeof msg, "%d", KG_MAX_PATTERN_SPAN);
            fail_at(&p, 0, "the pattern can span more than %s tokens", msg);
        }
    }
    if (p.failed) {
        free_node(tree);
        *erroff = p.erroff;
        *errlen = p.errlen;
        return KG_ERULE;
    }
    emitter e = {0};
    emit_node(&e, tree);
    emit(&e, op(KG_OP_MATCH));
    anchor_sets(tree, out->anchors, &out->nanchors);
    for (uint8_t s = 0; s < out->nanchors; s++) {
        kg_anchor_set *set = &out->anchors[s];
        set->words_only = set->n > 0;
        memset(set->bloom, 0, sizeof set->bloom);
        for (uint8_t k = 0; k < set->n; k++) {
            uint64_t h = set->alt[k].hash;
            if (set->alt[k].op != KG_OP_WORD) set->words_only = false;
            set->bloom[(h & 255) >> 6] |= 1ull << (h & 63);
        }
    }
    detach_regexes(tree);
    free_node(tree);
    if (e.n > KG_MAX_PROGRAM) {
        kg_program tmp = {.code = e.code, .n = e.n};
        kg_program_free(&tmp);
        memset(out, 0, sizeof *out);
        snprintf(err, errsz, "the pattern compiles to more than %d instructions", KG_MAX_PROGRAM);
        return KG_ERULE;
    }
    out->code = e.code;
    out->n = e.n;
    out->min_len = lo;
    out->max_len = hi;
    out->ncaptures = p.ncaptures;
    out->source = kg_xstrdup(src);
    start_filter(out);
    out->bounded = true;
    for (size_t i = 0; i < out->n; i++)
        if (out->code[i].op == KG_OP_SLOT || out->code[i].op == KG_OP_CAPTURE) out->bounded = false;
    return 0;
}
