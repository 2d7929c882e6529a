/*
 * rules/schema.c: the vocabulary the section readers use to walk a YAML
 * tree and complain precisely.
 *
 * Every check that a user can fail (a key that does not exist, a list where
 * a string belongs, a missing name) is phrased once here, so that all of
 * them read alike: "unknown key 'lables' in type (did you mean 'label'?)",
 * "expected a list of type names, found a mapping", "missing key 'name' in
 * relation".  Positions are those of the offending node in the file being
 * read (kg_loader.cur).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rules/load.h"

static int verror_at(kg_loader *ld, int line, int col, int width, const char *fmt, va_list ap)
{
    const kg_lfile *f = &ld->files[ld->cur];
    return kg_diag_verror(ld->r->files[ld->cur], f->text, f->len, line, col, width, fmt, ap);
}

/* How many characters scalar n takes on its line, quotes included, or 1
 * when that is not known from the value (several lines, escapes). */
static int scalar_width(const kg_ynode *n)
{
    if (n->kind != KG_Y_SCALAR || n->end_line != n->line || memchr(n->str, '\n', n->len)) return 1;
    int chars = (int)kg_diag_chars(n->str, n->len);
    if (n->style == KG_YS_PLAIN) return chars ? chars : 1;
    if (n->style == KG_YS_SINGLE && !memchr(n->str, '\'', n->len)) return chars + 2;
    if (n->style == KG_YS_DOUBLE && !strpbrk(n->str, "\"\\\t")) return chars + 2;
    return 1;
}

int kg_ld_error_span(kg_loader *ld, const kg_ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = verror_at(ld, n->line, n->col, scalar_width(n), fmt, ap);
    va_end(ap);
    return rc;
}

int kg_ld_error_span_at(kg_loader *ld, int line, int col, int width, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = verror_at(ld, line, col, width, fmt, ap);
    va_end(ap);
    return rc;
}

int kg_ld_error(kg_loader *ld, const kg_ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = verror_at(ld, n->line, n->col, 1, fmt, ap);
    va_end(ap);
    return rc;
}

int kg_ld_error_at(kg_loader *ld, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = verror_at(ld, line, col, 1, fmt, ap);
    va_end(ap);
    return rc;
}

void kg_ld_warn(kg_loader *ld, kg_srcpos at, const char *fmt, ...)
{
    if (!ld->opts || !ld->opts->warn) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *line = kg_xasprintf("%s:%d:%d: warning: %s", at.file, at.line, at.col, msg);
    ld->opts->warn(ld->opts->warn_ud, line);
    free(line);
}

kg_srcpos kg_ld_pos(const kg_loader *ld, const kg_ynode *n)
{
    kg_srcpos p = {ld->r->files[ld->cur], n->line, n->col};
    return p;
}

void kg_ld_offset_pos(const kg_ynode *n, size_t off, int *line, int *col)
{
    *line = n->line;
    *col = n->col;
    if (off > n->len) off = n->len;
    int chars = (int)kg_diag_chars(n->str, off);
    if (n->style == KG_YS_PLAIN && n->end_line == n->line && !memchr(n->str, '\n', n->len))
        *col += chars;
    else if ((n->style == KG_YS_SINGLE || n->style == KG_YS_DOUBLE) && n->end_line == n->line)
        *col += 1 + chars;
}

static const char *kind_name(const kg_ynode *n)
{
    if (!n || kg_ynode_is_null(n)) return "nothing";
    switch (n->kind) {
    case KG_Y_SEQ: return "a list";
    case KG_Y_MAP: return "a mapping";
    default: return "a string";
    }
}

int kg_ld_expected(kg_loader *ld, const kg_ynode *n, const char *what)
{
    return kg_ld_error(ld, n, "expected %s, found %s", what, kind_name(n));
}

int kg_ld_keys(kg_loader *ld, const kg_ynode *n, const char *what,
               const char *const *allowed, size_t nallowed)
{
    if (kg_ynode_is_null(n)) return 0;
    if (n->kind != KG_Y_MAP) {
        char *w = kg_xasprintf("a mapping (%s)", what);
        int rc = kg_ld_expected(ld, n, w);
        free(w);
        return rc;
    }
    for (size_t i = 0; i < n->n; i += 2) {
        const kg_ynode *k = n->kids[i];
        if (k->kind != KG_Y_SCALAR) return kg_ld_expected(ld, k, "a key");
        bool known = false;
        for (size_t j = 0; j < nallowed && !known; j++) known = strcmp(k->str, allowed[j]) == 0;
        if (!known) {
            return kg_ld_error_span(ld, k, "unknown key '%s' in %s%s", k->str, what,
                               kg_suggest(k->str, allowed, nallowed, false));
        }
        for (size_t j = 0; j < i; j += 2)
            if (strcmp(n->kids[j]->str, k->str) == 0)
                return kg_ld_error(ld, k, "duplicate key '%s' in %s", k->str, what);
    }
    return 0;
}

const kg_ynode *kg_ld_get(const kg_ynode *n, const char *key)
{
    if (!n || n->kind != KG_Y_MAP) return NULL;
    for (size_t i = 0; i + 1 < n->n; i += 2)
        if (n->kids[i]->kind == KG_Y_SCALAR && strcmp(n->kids[i]->str, key) == 0)
            return n->kids[i + 1];
    return NULL;
}

int kg_ld_require(kg_loader *ld, const kg_ynode *map, const char *key, const char *what,
                  const kg_ynode **out)
{
    *out = kg_ld_get(map, key);
    if (!*out) return kg_ld_error(ld, map, "missing key '%s' in %s", key, what);
    return 0;
}

int kg_ld_string(kg_loader *ld, const kg_ynode *n, const char *what, const char **out)
{
    *out = NULL;
    if (n->kind != KG_Y_SCALAR || kg_ynode_is_null(n)) return kg_ld_expected(ld, n, what);
    *out = n->str;
    return 0;
}

int kg_ld_bool(kg_loader *ld, const kg_ynode *n, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO"};
    if (n->kind == KG_Y_SCALAR && n->style == KG_YS_PLAIN) {
        for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
            if (strcmp(n->str, yes[i]) == 0) return *out = true, 0;
            if (strcmp(n->str, no[i]) == 0) return *out = false, 0;
        }
    }
    return kg_ld_error(ld, n, "expected true or false, found %s%s%s%s", kind_name(n),
                       n->kind == KG_Y_SCALAR && n->len ? " '" : "",
                       n->kind == KG_Y_SCALAR && n->len ? n->str : "",
                       n->kind == KG_Y_SCALAR && n->len ? "'" : "");
}

int kg_ld_int(kg_loader *ld, const kg_ynode *n, int *out)
{
    if (n->kind == KG_Y_SCALAR && n->len > 0) {
        char *end;
        errno = 0;
        long v = strtol(n->str, &end, 10);
        if (*end == '\0' && errno == 0 && v >= -1000000 && v <= 1000000) {
            *out = (int)v;
            return 0;
        }
    }
    return kg_ld_expected(ld, n, "an integer between -1000000 and 1000000");
}

int kg_ld_list(kg_loader *ld, const kg_ynode *n, const char *what)
{
    if (kg_ynode_is_null(n) || n->kind == KG_Y_SEQ) return 0;
    return kg_ld_expected(ld, n, what);
}

int kg_ld_strings(kg_loader *ld, const kg_ynode *n, const char *what, size_t *count)
{
    *count = 0;
    if (kg_ynode_is_null(n)) return 0;
    if (n->kind == KG_Y_SCALAR) {
        *count = 1;
        return 0;
    }
    if (n->kind != KG_Y_SEQ) return kg_ld_expected(ld, n, what);
    for (size_t i = 0; i < n->n; i++)
        if (n->kids[i]->kind != KG_Y_SCALAR || kg_ynode_is_null(n->kids[i]))
            return kg_ld_expected(ld, n->kids[i], "a string");
    *count = n->n;
    return 0;
}

const kg_ynode *kg_ld_item(const kg_ynode *n, size_t i)
{
    return n->kind == KG_Y_SCALAR ? n : n->kids[i];
}

int kg_ld_rule_name(kg_loader *ld, const char *name, const kg_ynode *at)
{
    bool inserted;
    size_t slot = kg_map_intern(ld->rule_names, name, strlen(name), (intptr_t)ld->nrule_at,
                                &inserted);
    if (!inserted) {
        kg_srcpos first = ld->rule_at[kg_map_value(ld->rule_names, slot)];
        return kg_ld_error(ld, at, "duplicate rule name '%s' (first defined at %s:%d:%d)", name,
                           first.file, first.line, first.col);
    }
    KG_GROW(ld->rule_at, ld->caprule_at, ld->nrule_at + 1);
    ld->rule_at[ld->nrule_at++] = kg_ld_pos(ld, at);
    return 0;
}

void kg_ld_defer(kg_loader *ld, kg_def_kind kind, const kg_ynode *node, size_t index)
{
    KG_GROW(ld->defs, ld->capdefs, ld->ndefs + 1);
    ld->defs[ld->ndefs++] = (kg_deferred){kind, ld->cur, node, index};
}

char *kg_ld_resolve(const kg_loader *ld, const char *path)
{
    const char *from = ld->r->files[ld->cur];
    const char *slash = strrchr(from, '/');
    if (path[0] == '/' || !slash) return kg_xstrdup(path);
    return kg_xasprintf("%.*s/%s", (int)(slash - from), from, path);
}
