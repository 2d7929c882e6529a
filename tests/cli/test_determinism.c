/*
 * tests/cli/test_determinism.c: outputs are byte-identical run to run on a
 * graph large enough for igraph's OpenMP code (PageRank's PRPACK) to use
 * threads: a generated corpus of 20,000 nodes and 90,000 edges
 * (bench/gen_graph.py, seeded) is built three times with OMP_NUM_THREADS=2
 * and every output file is compared byte for byte.  A parallel reduction
 * adds in a different order from run to run, so without the one-thread
 * setting in graph/analyze.c the PageRank column differs in its last digits.
 * The graph is above 100,000 nodes + edges, so the sampled path measures are
 * covered too.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "helpers.h"

#define RUNS 3

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/kg-determinism-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char *cmd = kg_xasprintf("rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of the files in `path` (caller frees each and the array). */
static char **list_dir(const char *path, size_t *n)
{
    DIR *d = opendir(path);
    cr_assert_not_null(d, "%s", path);
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        KG_GROW(names, cap, *n + 1);
        names[(*n)++] = kg_xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, *n, sizeof *names, cmp_names);
    return names;
}

Test(cli_determinism, build_outputs_identical_with_threads, .init = setup, .fini = teardown,
     .timeout = 600)
{
    char *gen = kg_xasprintf("/usr/bin/python3 '%s/bench/gen_graph.py' --nodes 20000 --edges 90000 "
                             "--seed 7 --jsonl '%s/g.jsonl'", KG_SOURCE_DIR, dir);
    cr_assert_eq(system(gen), 0, "bench/gen_graph.py failed");
    free(gen);
    for (int r = 0; r < RUNS; r++) {
        char *args = kg_xasprintf("build --edges '%s/g.jsonl' -o '%s/run%d' -q --formats json,csv",
                                  dir, dir, r);
        setenv("OMP_NUM_THREADS", "2", 1); /* the test runs in its own process */
        run_result res = run_kgraph(args);
        cr_assert_eq(res.code, 0, "run %d: %s", r, res.err);
        run_free(&res);
        free(args);
    }
    char *first = kg_xasprintf("%s/run0", dir);
    size_t n;
    char **names = list_dir(first, &n);
    cr_assert_geq(n, 4, "centrality.csv, nodes.csv, edges.csv and graph.json");
    for (int r = 1; r < RUNS; r++) {
        char *other = kg_xasprintf("%s/run%d", dir, r);
        size_t m;
        char **names2 = list_dir(other, &m);
        cr_assert_eq(m, n, "run %d wrote %zu files, run 0 %zu", r, m, n);
        for (size_t i = 0; i < n; i++) {
            cr_assert_str_eq(names2[i], names[i]);
            char *pa = kg_xasprintf("%s/%s", first, names[i]);
            char *pb = kg_xasprintf("%s/%s", other, names[i]);
            char *a, *b;
            size_t la, lb;
            cr_assert_eq(kg_read_file(&a, &la, pa), 0);
            cr_assert_eq(kg_read_file(&b, &lb, pb), 0);
            cr_assert(la == lb && memcmp(a, b, la) == 0, "%s differs between run 0 and run %d",
                      names[i], r);
            free(a);
            free(b);
            free(pa);
            free(pb);
            free(names2[i]);
        }
        free(names2);
        free(other);
    }
    char *json = kg_xasprintf("%s/graph.json", first);
    char *text = slurp(json);
    cr_assert(strstr(text, "\"paths\": \"sampled (128 sources)\"") != NULL);
    free(text);
    free(json);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(first);
}
