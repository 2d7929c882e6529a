/*
 * edges/edges.c: the edge and mention file formats (JSON Lines), the one
 * place that knows them (docs/formats.md specifies them).  The module sits
 * below extract (which writes records) and graph (which reads them) and
 * needs only util, whose json.h wraps jansson.  Writing uses a
 * fixed key order, so identical edges give identical bytes.  Reading is
 * strict about types and required keys, so a truncated or hand-edited file
 * is reported at its line and column instead of building a wrong graph.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/edges.h"
#include "util/json.h"
#include "util/util.h"

/* Set o[key] to an object of the n attributes; nothing when n is 0. */
static void put_attrs(kg_json *o, const char *key, const kg_attr *a, size_t n)
{
    if (!n) return;
    kg_json *x = kg_json_object();
    for (size_t i = 0; i < n; i++) kg_json_set_str(x, a[i].key, a[i].value);
    kg_json_set(o, key, x);
}

int kg_edge_write(FILE *fp, const kg_edge *e)
{
    kg_json *o = kg_json_object();
    kg_json_set_str(o, "doc", e->doc);
    kg_json_set_int(o, "line", (long long)e->line);
    kg_json_set_int(o, "start", (long long)e->start);
    kg_json_set_int(o, "end", (long long)e->end);
    kg_json_set_str(o, "relation", e->relation);
    if (e->symmetric) kg_json_set(o, "symmetric", kg_json_bool(true));
    kg_json_set_str(o, "source", e->source);
    kg_json_set_str(o, "source_type", e->source_type);
    kg_json_set_str(o, "source_text", e->source_text);
    kg_json_set_str(o, "target", e->target);
    kg_json_set_str(o, "target_type", e->target_type);
    kg_json_set_str(o, "target_text", e->target_text);
    kg_json_set_str(o, "rule", e->rule);
    kg_json_set_str(o, "rule_at", e->rule_at);
    kg_json_set_str(o, "evidence", e->evidence);
    kg_json *a = kg_json_object();
    for (size_t i = 0; i < e->nattrs; i++) kg_json_set_str(a, e->attrs[i].key, e->attrs[i].value);
    kg_json_set(o, "attrs", a);
    put_attrs(o, "source_attrs", e->source_attrs, e->nsource_attrs);
    put_attrs(o, "target_attrs", e->target_attrs, e->ntarget_attrs);
    if (e->resolved) kg_json_set(o, "resolved", kg_json_bool(true));
    int rc = kg_json_write_line(fp, o);
    kg_json_free(o);
    return rc;
}

int kg_mention_write(FILE *fp, const kg_mention *m)
{
    kg_json *o = kg_json_object();
    kg_json_set_str(o, "doc", m->doc);
    kg_json_set_int(o, "line", (long long)m->line);
    kg_json_set_int(o, "start", (long long)m->start);
    kg_json_set_int(o, "end", (long long)m->end);
    kg_json_set_str(o, "type", m->type);
    kg_json_set_str(o, "canonical", m->canonical);
    kg_json_set_str(o, "text", m->text);
    kg_json_set_str(o, "rule", m->rule);
    kg_json_set_str(o, "rule_at", m->rule_at);
    put_attrs(o, "attrs", m->attrs, m->nattrs);
    if (m->resolved) kg_json_set(o, "resolved", kg_json_bool(true));
    int rc = kg_json_write_line(fp, o);
    kg_json_free(o);
    return rc;
}

struct kg_edge_reader {
    FILE *fp;
    bool owns_fp;      /* opened here, closed by kg_edge_reader_free */
    char *path;
    size_t lineno;
    char *line;
    size_t linecap;
    kg_json *cur;      /* the record the current edge borrows from */
    kg_attr *attrs;
    size_t attrcap;
    kg_attr *sattrs, *tattrs;  /* source_attrs, target_attrs */
    size_t sattrcap, tattrcap;
    kg_edge edge;
};

int kg_edge_reader_open(kg_edge_reader **out, const char *path)
{
    *out = NULL;
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp) return kg_error_set(KG_EIO, "%s: %s", path, strerror(errno));
    int rc = kg_edge_reader_open_stream(out, fp, is_stdin ? "<stdin>" : path);
    if (rc == 0) (*out)->owns_fp = !is_stdin;
    return rc;
}

int kg_edge_reader_open_stream(kg_edge_reader **out, FILE *fp, const char *name)
{
    kg_edge_reader *r = kg_xcalloc(1, sizeof *r);
    r->fp = fp;
    r->path = kg_xstrdup(name);
    *out = r;
    return 0;
}

void kg_edge_reader_free(kg_edge_reader *r)
{
    if (!r) return;
    if (r->owns_fp) fclose(r->fp);
    kg_json_free(r->cur);
    free(r->attrs);
    free(r->sattrs);
    free(r->tattrs);
    free(r->line);
    free(r->path);
    free(r);
}

static int bad(const kg_edge_reader *r, const char *what, const char *key)
{
    return kg_error_set(KG_EFORMAT, "%s:%zu:1: %s '%s'", r->path, r->lineno, what, key);
}

/* The string value v of `key`: a JSON string without "\u0000", which C
 * strings would cut ("Acme\u0000Evil" and "Acme\u0000Good" would merge). */
static int string_of(const kg_edge_reader *r, const kg_json *v, const char *key, const char **out)
{
    if (!(*out = kg_json_str(v))) return bad(r, "expected a string for", key);
    if (strlen(*out) != kg_json_str_len(v)) return bad(r, "a NUL character (\\u0000) in", key);
    return 0;
}

static int get_str(const kg_edge_reader *r, const char *key, const char **out)
{
    kg_json *v = kg_json_get(r->cur, key);
    if (!v) return bad(r, "edge record lacks the key", key);
    return string_of(r, v, key, out);
}

static int get_size(const kg_edge_reader *r, const char *key, size_t *out)
{
    kg_json *v = kg_json_get(r->cur, key);
    if (!v) return bad(r, "edge record lacks the key", key);
    if (!kg_json_is_int(v) || kg_json_int_value(v) < 0)
        return bad(r, "expected a non-negative integer for", key);
    *out = (size_t)kg_json_int_value(v);
    return 0;
}

/* An entity attribute key: [a-z_][a-z0-9_]* (docs/formats.md). */
static bool entity_key_ok(const char *k)
{
    if (!((k[0] >= 'a' && k[0] <= 'z') || k[0] == '_')) return false;
    for (size_t i = 1; k[i]; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
            return false;
    return true;
}

/* Read the optional entity attribute object `key` into *buf: an object of
 * non-empty strings under keys of the form [a-z_][a-z0-9_]*. */
static int get_entity_attrs(kg_edge_reader *r, const char *key, kg_attr **buf, size_t *cap,
                            const kg_attr **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    kg_json *o = kg_json_get(r->cur, key);
    if (!o) return 0;
    if (!kg_json_is_object(o)) return bad(r, "expected an object for", key);
    size_t na = kg_json_size(o);
    KG_GROW(*buf, *cap, na);
    for (size_t i = 0; i < na; i++) {
        kg_json *v;
        const char *k = kg_json_key_at(o, i, &v);
        if (!entity_key_ok(k))
            return kg_error_set(KG_EFORMAT,
                                "%s:%zu:1: bad attribute key '%s' in '%s' (use lower-case "
                                "letters, digits and '_')",
                                r->path, r->lineno, k, key);
        const char *val;
        int rc = string_of(r, v, k, &val);
        if (rc) return rc;
        if (!*val) return bad(r, "expected a non-empty string value for attribute", k);
        (*buf)[i] = (kg_attr){k, val};
    }
    *out = *buf;
    *n = na;
    return 0;
}

/* The first required key whose value is NULL or "", or NULL when none is:
 * the one list of required values, for the reader and kg_edge_check. */
static const char *required_gap(const kg_edge *e)
{
    const char *const val[] = {e->doc, e->relation, e->source, e->source_type, e->target,
                               e->target_type};
    static const char *const key[] = {"doc", "relation", "source", "source_type", "target",
                                      "target_type"};
    for (size_t i = 0; i < sizeof val / sizeof *val; i++)
        if (!val[i] || !*val[i]) return key[i];
    return NULL;
}

int kg_edge_check(const kg_edge *e)
{
    const char *key = required_gap(e);
    if (key) return kg_error_set(KG_EFORMAT, "empty string for '%s'", key);
    return 0;
}

static int fill_edge(kg_edge_reader *r)
{
    kg_edge *e = &r->edge;
    int rc;
    memset(e, 0, sizeof *e);
    if (!kg_json_is_object(r->cur))
        return kg_error_set(KG_EFORMAT, "%s:%zu:1: expected a JSON object", r->path, r->lineno);
    if ((rc = get_str(r, "doc", &e->doc)) || (rc = get_size(r, "line", &e->line)) ||
        (rc = get_size(r, "start", &e->start)) || (rc = get_size(r, "end", &e->end)) ||
        (rc = get_str(r, "relation", &e->relation)) || (rc = get_str(r, "source", &e->source)) ||
        (rc = get_str(r, "source_type", &e->source_type)) ||
        (rc = get_str(r, "target", &e->target)) ||
        (rc = get_str(r, "target_type", &e->target_type)))
        return rc;
    /* Optional keys, so that other tools can write minimal edge files. */
    const char **opt[] = {&e->source_text, &e->target_text, &e->rule, &e->rule_at, &e->evidence};
    const char *optkey[] = {"source_text", "target_text", "rule", "rule_at", "evidence"};
    for (size_t i = 0; i < 5; i++) {
        kg_json *v = kg_json_get(r->cur, optkey[i]);
        *opt[i] = "";
        if (v && (rc = string_of(r, v, optkey[i], opt[i]))) return rc;
    }
    if (!*e->source_text) e->source_text = e->source;
    if (!*e->target_text) e->target_text = e->target;
    kg_json *sym = kg_json_get(r->cur, "symmetric");
    if (sym && !kg_json_is_bool(sym)) return bad(r, "expected true or false for", "symmetric");
    e->symmetric = sym && kg_json_bool_value(sym);
    kg_json *res = kg_json_get(r->cur, "resolved");
    if (res && !kg_json_is_bool(res)) return bad(r, "expected true or false for", "resolved");
    e->resolved = res && kg_json_bool_value(res);
    kg_json *attrs = kg_json_get(r->cur, "attrs");
    if (attrs && !kg_json_is_object(attrs)) return bad(r, "expected an object for", "attrs");
    size_t na = kg_json_size(attrs);
    KG_GROW(r->attrs, r->attrcap, na);
    for (size_t i = 0; i < na; i++) {
        kg_json *v;
        r->attrs[i].key = kg_json_key_at(attrs, i, &v);
        if ((rc = string_of(r, v, r->attrs[i].key, &r->attrs[i].value))) return rc;
    }
    e->attrs = r->attrs;
    e->nattrs = na;
    if ((rc = get_entity_attrs(r, "source_attrs", &r->sattrs, &r->sattrcap, &e->source_attrs,
                               &e->nsource_attrs)) ||
        (rc = get_entity_attrs(r, "target_attrs", &r->tattrs, &r->tattrcap, &e->target_attrs,
                               &e->ntarget_attrs)))
        return rc;
    const char *key;
    if ((key = required_gap(e))) return bad(r, "empty string for", key);
    return 0;
}

const char *kg_edge_reader_path(const kg_edge_reader *r) { return r->path; }

size_t kg_edge_reader_line(const kg_edge_reader *r) { return r->lineno; }

/* An edge record is a few hundred bytes; a longer line is no edge file
 * (/dev/zero, a binary file), and reading it whole could take all memory. */
#define KG_EDGE_LINE_MAX ((size_t)16 << 20)

/* getline() that stops past KG_EDGE_LINE_MAX bytes: the line's length
 * (NUL-terminated, NUL bytes inside kept), -1 at the end of the input or on
 * a read error, -2 when the line is too long. */
static ssize_t read_line(kg_edge_reader *r)
{
    size_t len = 0;
    int c;
    while ((c = getc_unlocked(r->fp)) != EOF) {
        if (len + 2 > r->linecap) {
            r->linecap = r->linecap ? r->linecap * 2 : 4096;
            r->line = kg_xrealloc(r->line, r->linecap);
        }
        r->line[len++] = (char)c;
        if (c == '\n') break;
        if (len > KG_EDGE_LINE_MAX) return -2;
    }
    if (len == 0) return -1;
    r->line[len] = '\0';
    return (ssize_t)len;
}

int kg_edge_reader_next(kg_edge_reader *r, const kg_edge **edge)
{
    *edge = NULL;
    kg_json_free(r->cur);
    r->cur = NULL;
    for (;;) {
        ssize_t n = read_line(r);
        if (n == -2)
            return kg_error_set(KG_EFORMAT, "%s:%zu: a line longer than 16 MiB: not an edge file",
                                r->path, r->lineno + 1);
        if (n < 0) {
            if (ferror(r->fp)) return kg_error_set(KG_EIO, "%s: %s", r->path, strerror(errno));
            return 0;
        }
        r->lineno++;
        size_t len = (size_t)n;
        while (len && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r')) len--;
        size_t i = 0;
        while (i < len && (r->line[i] == ' ' || r->line[i] == '\t')) i++;
        if (i == len) continue; /* blank lines are allowed */
        char err[160];
        int col;
        if (kg_json_parse(&r->cur, r->line, len, err, &col) != 0)
            return kg_error_set(KG_EFORMAT, "%s:%zu:%d: %s", r->path, r->lineno, col, err);
        int rc = fill_edge(r);
        if (rc) return rc;
        *edge = &r->edge;
        return 1;
    }
}
