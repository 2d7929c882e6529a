/*
 * tests/export/helpers.c: see helpers.h.
 */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/helpers.h"
#include "util/util.h"

kg_graph *export_load(const char *path)
{
    kg_graph_builder *b;
    cr_assert_eq(kg_graph_builder_new(&b, KG_GRAPH_DEFAULT_EVIDENCE), 0);
    cr_assert_eq(kg_graph_builder_add_file(b, path), 0, "%s: %s", path, kg_error_last());
    kg_graph *g;
    cr_assert_eq(kg_graph_builder_finish(&g, b), 0, "%s", kg_error_last());
    cr_assert_eq(kg_graph_analyze(g, NULL), 0, "%s", kg_error_last());
    return g;
}

char *export_mem(const kg_graph *g, kg_format fmt, const kg_export_options *opts)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    cr_assert(fp);
    int rc = kg_export_stream(g, fmt, opts, fp);
    cr_assert_eq(fclose(fp), 0);
    cr_assert_eq(rc, 0, "%s: %s", kg_format_name(fmt), kg_error_last());
    return text;
}

char *temp_dir(void)
{
    char *d = kg_xstrdup("/tmp/kg_export_test_XXXXXX");
    cr_assert(mkdtemp(d));
    return d;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void rm_tree(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

size_t dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert(d, "%s", dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

char *slurp(const char *path)
{
    char *text;
    size_t len;
    cr_assert_eq(kg_read_file(&text, &len, path), 0, "%s", kg_error_last());
    return text;
}

void assert_golden(const char *text, const char *name)
{
    char *path = kg_xasprintf("%s/export/golden/%s", KG_TEST_DATA, name);
    const char *upd = getenv("KG_UPDATE_GOLDEN");
    if (upd && strcmp(upd, "1") == 0) {
        FILE *fp = fopen(path, "wb");
        cr_assert(fp, "%s", path);
        fputs(text, fp);
        cr_assert_eq(fclose(fp), 0);
    }
    char *want = slurp(path);
    if (strcmp(text, want) != 0) {
        size_t line = 1, i = 0;
        while (text[i] && text[i] == want[i]) line += text[i++] == '\n';
        cr_assert_fail("%s differs from the golden file at line %zu "
                       "(KG_UPDATE_GOLDEN=1 rewrites it)", name, line);
    }
    free(want);
    free(path);
}

/* text with every span from `open` to the next `close` replaced by `with`. */
static char *mask_spans(const char *text, const char *open, const char *close, const char *with)
{
    kg_buf b = KG_BUF_INIT;
    const char *p = text;
    for (const char *q; (q = strstr(p, open));) {
        kg_buf_put(&b, p, (size_t)(q - p));
        const char *end = strstr(q, close);
        cr_assert(end);
        kg_buf_puts(&b, with);
        p = end + strlen(close);
    }
    kg_buf_puts(&b, p);
    return kg_buf_detach(&b);
}

char *mask_positions(const char *xml)
{
    /* GEXF viz:position, GraphML x and y */
    char *a = mask_spans(xml, "<viz:position ", "/>", "<viz:position X/>");
    char *b = mask_spans(a, "<data key=\"n_x\">", "</data>", "<data key=\"n_x\">X</data>");
    char *c = mask_spans(b, "<data key=\"n_y\">", "</data>", "<data key=\"n_y\">Y</data>");
    free(a);
    free(b);
    return c;
}
