/*
 * tests/cli/helpers.h: run the kgraph binary as a user would (from the
 * source folder, so that paths in outputs are relative and stable) and
 * capture its exit code, standard output and standard error.
 */
#ifndef KG_TESTS_CLI_HELPERS_H
#define KG_TESTS_CLI_HELPERS_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/util.h"

typedef struct run_result {
    int code;
    char *out, *err;
} run_result;

static inline char *slurp(const char *path)
{
    char *text = NULL;
    size_t len;
    if (kg_read_file(&text, &len, path) != 0) return kg_xstrdup("");
    return text;
}

/* The kgraph under test: this build's, or $KG_TEST_BINARY (scripts/dev test
 * runs the threaded tests against a ThreadSanitizer build that way, since
 * Criterion itself cannot run under it). */
static inline const char *kgraph_binary(void)
{
    const char *b = getenv("KG_TEST_BINARY");
    return b && *b ? b : KG_BINARY;
}

/* Run "kgraph ARGS" in the source folder; `args` is shell text. */
static inline run_result run_kgraph(const char *args)
{
    char dir[] = "/tmp/kg-cli-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char *cmd = kg_xasprintf("cd '%s' && '%s' </dev/null %s >'%s/out' 2>'%s/err'", KG_SOURCE_DIR,
                             kgraph_binary(), args, dir, dir);
    int st = system(cmd);
    free(cmd);
    run_result r;
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    char *p = kg_xasprintf("%s/out", dir);
    r.out = slurp(p);
    unlink(p);
    free(p);
    p = kg_xasprintf("%s/err", dir);
    r.err = slurp(p);
    unlink(p);
    free(p);
    rmdir(dir);
    return r;
}

static inline void run_free(run_result *r)
{
    free(r->out);
    free(r->err);
}

/* Compare `got` with the golden file tests/cli/golden/NAME.  With
 * KG_UPDATE_GOLDEN=1 in the environment the golden file is rewritten. */
static inline void expect_golden(const char *got, const char *name)
{
    char *path = kg_xasprintf("%s/cli/golden/%s", KG_TEST_DATA, name);
    if (getenv("KG_UPDATE_GOLDEN")) {
        FILE *fp = fopen(path, "wb");
        cr_assert_not_null(fp);
        fputs(got, fp);
        fclose(fp);
    }
    char *want = slurp(path);
    cr_assert_str_eq(got, want, "output differs from golden file %s", path);
    free(want);
    free(path);
}

#endif
