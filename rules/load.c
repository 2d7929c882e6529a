/*
 * rules/load.c: kg_rules_load(), the rule loader's driver.
 *
 * Pipeline position: rules -> extract -> graph -> export -> cli.  This file
 * turns YAML files into the immutable kg_rules that extract/ reads (see
 * rules/compiled.h for the structure, rules/load.h for the two passes).
 *
 * Files and includes.  Each file given is loaded in order; within a file,
 * its `include:` entries are loaded first, depth-first and in the order
 * listed, then the file's own lists, types, relations and examples.  So an
 * included file's rules always come before the rules of the file that
 * includes it, which makes the merged order deterministic.  Include paths
 * are relative to the including file's folder.  A file reached twice (a
 * diamond of includes, or the same path given twice) is read once; a file
 * that includes itself, directly or not, is an error naming the whole
 * chain.  A file is identified by its realpath().
 *
 * Before parsing, a file is refused if it looks binary (kg_diag_is_binary:
 * a NUL, invalid UTF-8, or util's rule for binary files), and after parsing
 * if it declares nothing.
 *
 * Failure: every error is set once where it is found; the loader then
 * frees everything it built (kg_rules_free copes with a half-built
 * kg_rules) and returns the code with *out = NULL.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "rules/load.h"

static const char *const top_keys[] = {"include", "lists", "types", "relations", "examples",
                                       "document", "slots"};

#define N(a) (sizeof(a) / sizeof *(a))

size_t kg_ld_add_file(kg_loader *ld, const char *path)
{
    kg_rules *r = ld->r;
    size_t cap = ld->capfiles;
    KG_GROW(r->files, cap, r->nfiles + 1);
    KG_GROW(ld->files, ld->capfiles, r->nfiles + 1);
    memset(&ld->files[r->nfiles], 0, sizeof *ld->files);
    r->files[r->nfiles] = kg_xstrdup(path);
    return r->nfiles++;
}

static char *identity(const char *path)
{
    char *real = realpath(path, NULL);
    return real ? real : kg_xstrdup(path);
}

/* Error at the include scalar: the chain from the file's first occurrence. */
static int cycle_error(kg_loader *ld, const kg_ynode *inc, const char *real, const char *path)
{
    kg_buf b = KG_BUF_INIT;
    int k = 0;
    while (strcmp(ld->files[ld->chain[k]].real, real) != 0) k++;
    for (; k < ld->nchain; k++) kg_buf_printf(&b, "%s -> ", ld->r->files[ld->chain[k]]);
    kg_buf_puts(&b, path);
    int rc = kg_ld_error(ld, inc, "include cycle: %s", b.ptr);
    kg_buf_free(&b);
    return rc;
}

static int load_path(kg_loader *ld, const char *path, const char *yaml, size_t len,
                     const kg_ynode *inc);

static int load_includes(kg_loader *ld, const kg_ynode *n)
{
    size_t count;
    int rc = kg_ld_strings(ld, n, "a file name or a list of file names", &count);
    for (size_t i = 0; rc == 0 && i < count; i++) {
        const kg_ynode *it = kg_ld_item(n, i);
        char *path = kg_ld_resolve(ld, it->str);
        rc = load_path(ld, path, NULL, 0, it);
        free(path);
    }
    return rc;
}

static size_t entries(const kg_ynode *n)
{
    if (!n || kg_ynode_is_null(n)) return 0;
    return n->kind == KG_Y_MAP ? n->n / 2 : n->kind == KG_Y_SEQ ? n->n : 1;
}

/* The sections of the current file, includes first. */
static int load_doc(kg_loader *ld)
{
    const kg_ynode *root = ld->files[ld->cur].doc.root;
    const char *file = ld->r->files[ld->cur];
    int rc;
    if (!root || kg_ynode_is_null(root)) return kg_error_set(KG_ERULE, "%s: no rules", file);
    if ((rc = kg_ld_keys(ld, root, "rule file", top_keys, N(top_keys)))) return rc;
    if (root->kind != KG_Y_MAP) return kg_ld_expected(ld, root, "a mapping of rule sections");
    if (entries(kg_ld_get(root, "include")) + entries(kg_ld_get(root, "lists")) +
            entries(kg_ld_get(root, "types")) + entries(kg_ld_get(root, "relations")) +
            entries(kg_ld_get(root, "examples")) + entries(kg_ld_get(root, "document")) +
            entries(kg_ld_get(root, "slots")) ==
        0)
        return kg_error_set(KG_ERULE, "%s: no rules", file);
    if ((rc = load_includes(ld, kg_ld_get(root, "include"))) ||
        (rc = kg_ld_lists(ld, kg_ld_get(root, "lists"))) ||
        (rc = kg_ld_types(ld, kg_ld_get(root, "types"))) ||
        (rc = kg_ld_relations(ld, kg_ld_get(root, "relations"))) ||
        (rc = kg_ld_examples(ld, kg_ld_get(root, "examples"))) ||
        (rc = kg_ld_document(ld, kg_ld_get(root, "document"))) ||
        (rc = kg_ld_slots(ld, kg_ld_get(root, "slots"))))
        return rc;
    return 0;
}

/* Read (unless `yaml` is given), check, parse and load one rule file.
 * `inc` is the include scalar that named it, NULL for a top-level file. */
static int load_path(kg_loader *ld, const char *path, const char *yaml, size_t len,
                     const kg_ynode *inc)
{
    char *real = identity(path), *text = NULL;
    int rc = 0;
    for (int k = 0; k < ld->nchain; k++)
        if (strcmp(ld->files[ld->chain[k]].real, real) == 0) {
            rc = cycle_error(ld, inc, real, path);
            goto done;
        }
    for (size_t i = 0; i < ld->r->nfiles; i++)
        if (ld->files[i].real && strcmp(ld->files[i].real, real) == 0) goto done;
    if (inc && ld->nchain == KG_MAX_INCLUDE_DEPTH) {
        rc = kg_ld_error(ld, inc, "includes nested deeper than %d levels", KG_MAX_INCLUDE_DEPTH);
        goto done;
    }
    if (yaml) {
        text = kg_xstrndup(yaml, len);
    } else if ((rc = kg_read_file_max(&text, &len, path, KG_MAX_RULE_FILE))) {
        if (inc) {
            char *why = kg_xstrdup(kg_error_last());
            rc = kg_ld_error(ld, inc, "cannot read include %s", why);
            free(why);
        }
        goto done;
    }
    if (kg_diag_is_binary(text, len)) {
        rc = kg_error_set(KG_ERULE, "%s: not a YAML text file (binary data)", path);
        goto done;
    }
    size_t fi = kg_ld_add_file(ld, path), saved = ld->cur;
    kg_lfile *f = &ld->files[fi];
    f->real = real;
    f->text = text;
    f->len = len;
    real = text = NULL;
    ld->r->nrule_files++;
    if ((rc = kg_ydoc_parse(&f->doc, ld->r->files[fi], f->text, f->len))) goto done;
    ld->chain[ld->nchain++] = fi;
    ld->cur = fi;
    rc = load_doc(ld);
    ld->cur = saved;
    ld->nchain--;
done:
    free(real);
    free(text);
    return rc;
}

static int pass2(kg_loader *ld)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ld->ndefs; i++) {
        const kg_deferred *d = &ld->defs[i];
        ld->cur = d->file;
        switch (d->kind) {
        case KG_DEF_ENT_TOKENS: rc = kg_ld_ent_tokens(ld, d); break;
        case KG_DEF_RELATION: rc = kg_ld_relation_finish(ld, d); break;
        case KG_DEF_EXAMPLE: rc = kg_ld_example_check(ld, d); break;
        case KG_DEF_DOCUMENT: rc = kg_ld_document_finish(ld, d); break;
        case KG_DEF_SLOTS: rc = kg_ld_slots_finish(ld, d); break;
        }
    }
    if (rc) return rc;
    kg_gaz_finish(ld);
    kg_vocab_build(ld->r);
    for (size_t i = 0; i < ld->r->nlists; i++) {
        const kg_wordlist *l = &ld->r->lists[i];
        if (!l->anonymous && !l->used)
            kg_ld_warn(ld, l->at, "word list '%s' is never used", l->name);
    }
    return 0;
}

static void loader_init(kg_loader *ld, const kg_rules_options *opts)
{
    memset(ld, 0, sizeof *ld);
    ld->r = kg_xcalloc(1, sizeof *ld->r);
    ld->r->slots.lead_list = -1;
    ld->r->slots.aside_list = -1;
    ld->opts = opts;
    ld->type_names = kg_map_new();
    ld->list_names = kg_map_new();
    ld->rule_names = kg_map_new();
    ld->relations = kg_map_new();
    ld->canon = kg_map_new();
}

/* Free the loader's scaffolding; hand over (rc == 0) or free the rules. */
static int loader_finish(kg_loader *ld, int rc, kg_rules **out)
{
    for (size_t i = 0; i < ld->r->nfiles; i++) {
        free(ld->files[i].real);
        free(ld->files[i].text);
        kg_ydoc_free(&ld->files[i].doc);
    }
    free(ld->files);
    kg_gaz_build_free(ld);
    kg_map_free(ld->type_names);
    kg_map_free(ld->list_names);
    kg_map_free(ld->rule_names);
    kg_map_free(ld->relations);
    kg_map_free(ld->canon);
    free(ld->rule_at);
    free(ld->defs);
    if (rc) {
        kg_rules_free(ld->r);
        *out = NULL;
    } else {
        *out = ld->r;
    }
    return rc;
}

int kg_rules_load(kg_rules **out, const char *const *paths, size_t n,
                  const kg_rules_options *opts)
{
    kg_loader ld;
    int rc = 0;
    *out = NULL;
    if (n == 0) return kg_error_set(KG_EUSAGE, "no rule files given");
    loader_init(&ld, opts);
    for (size_t i = 0; rc == 0 && i < n; i++) rc = load_path(&ld, paths[i], NULL, 0, NULL);
    if (rc == 0) rc = pass2(&ld);
    return loader_finish(&ld, rc, out);
}

int kg_rules_load_string(kg_rules **out, const char *name, const char *yaml, size_t len,
                         const kg_rules_options *opts)
{
    kg_loader ld;
    *out = NULL;
    loader_init(&ld, opts);
    int rc = load_path(&ld, name, yaml, len, NULL);
    if (rc == 0) rc = pass2(&ld);
    return loader_finish(&ld, rc, out);
}
