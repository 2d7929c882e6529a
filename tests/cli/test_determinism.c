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
 *
 * Extraction threads (-j, cli/workers.c): extract and build over a corpus of
 * some hundred documents give the same files, and the same warnings in the
 * same order, with 1, 2, 3 and 5 threads.
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

static void same_files(const char *pa, const char *pb)
{
    char *a, *b;
    size_t la, lb;
    cr_assert_eq(kg_read_file(&a, &la, pa), 0, "%s", pa);
    cr_assert_eq(kg_read_file(&b, &lb, pb), 0, "%s", pb);
    cr_assert(la == lb && memcmp(a, b, la) == 0, "%s and %s differ", pa, pb);
    free(a);
    free(b);
}

/* Folders a and b hold the same files, byte for byte.  Returns how many. */
static size_t same_folders(const char *a, const char *b)
{
    size_t n, m;
    char **na = list_dir(a, &n), **nb = list_dir(b, &m);
    cr_assert_eq(m, n, "%s has %zu files, %s %zu", b, m, a, n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_str_eq(nb[i], na[i]);
        char *pa = kg_xasprintf("%s/%s", a, na[i]);
        char *pb = kg_xasprintf("%s/%s", b, nb[i]);
        same_files(pa, pb);
        free(pa);
        free(pb);
        free(na[i]);
        free(nb[i]);
    }
    free(na);
    free(nb);
    return n;
}

/* A corpus with more documents than threads: the example, a generated
 * corpus (bench/gen_corpus.py, seeded), a binary file and an empty one, so
 * that warnings are ordered too, and one long document (30 generated ones
 * joined, 0.9 MB of edge records) whose records outgrow a chunk (cli/workers.c), so that its
 * records go out while it is still being extracted. */
static void make_corpus(void)
{
    char *cmd = kg_xasprintf("mkdir -p '%s/in' && cp -r '%s/examples/nhs/corpus' '%s/in/a' && "
                             "/usr/bin/python3 '%s/bench/gen_corpus.py' --out '%s/gen' --mb 1 "
                             "--names 300 --seed 3 >/dev/null && cp -r '%s/gen/corpus' '%s/in/b' && "
                             "cat '%s'/gen/corpus/0000[0-2]* > '%s/in/c.txt' && "
                             "printf '\\177ELF\\2\\1' > '%s/in/a/zz.bin' && head -c 70000 /dev/zero >> '%s/in/a/zz.bin' && : > '%s/in/a/empty.txt'",
                             dir, KG_SOURCE_DIR, dir, KG_SOURCE_DIR, dir, dir, dir, dir, dir, dir, dir, dir);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
}

Test(cli_determinism, extract_is_the_same_for_every_thread_count, .init = setup, .fini = teardown,
     .timeout = 300)
{
    make_corpus();
    static const int jobs[] = {1, 2, 5};
    char *err0 = NULL;
    for (size_t j = 0; j < sizeof jobs / sizeof jobs[0]; j++) {
        char *args = kg_xasprintf("extract -j %d -r examples/nhs/rules.yaml --mentions '%s/m%d.jsonl' "
                                  "-o '%s/e%d.jsonl' '%s/in'", jobs[j], dir, jobs[j], dir, jobs[j], dir);
        run_result res = run_kgraph(args);
        cr_assert_eq(res.code, 0, "-j %d: %s", jobs[j], res.err);
        cr_assert(strstr(res.err, "zz.bin: skipped: looks like a binary file"), "%s", res.err);
        if (!err0) err0 = kg_xstrdup(res.err);
        else cr_assert_str_eq(res.err, err0, "stderr differs with -j %d", jobs[j]);
        run_free(&res);
        free(args);
        if (j == 0) continue;
        for (int k = 0; k < 2; k++) {
            char *pa = kg_xasprintf("%s/%c1.jsonl", dir, "em"[k]);
            char *pb = kg_xasprintf("%s/%c%d.jsonl", dir, "em"[k], jobs[j]);
            same_files(pa, pb);
            free(pa);
            free(pb);
        }
    }
    char *edges = kg_xasprintf("%s/e1.jsonl", dir);
    char *text = slurp(edges);
    cr_assert(strlen(text) > 10000, "too few edges to tell");
    free(text);
    free(edges);
    free(err0);
}

/* A rule whose regex hits its match limit: its warning comes once per
 * document, after a long document's records went out in chunks too, and
 * the same for every thread count. */
Test(cli_determinism, warnings_are_the_same_for_every_thread_count, .init = setup, .fini = teardown,
     .timeout = 120)
{
    char *cmd = kg_xasprintf(
        "cd '%s' && printf 'include: %s/examples/nhs/rules.yaml\\ntypes:\\n  - name: EVIL\\n"
        "    patterns:\\n      - regex: \\047(a+)+$\\047\\n        name: evil\\n' > evil.yaml && "
        "evil=$(head -c 3000 /dev/zero | tr '\\0' a)b. && "
        "for i in $(seq 40); do cat '%s'/examples/nhs/corpus/*.txt; echo; done > long.txt && "
        "printf '\\n\\n%%s\\n' \"$evil\" >> long.txt && printf '%%s\\n' \"$evil\" > short.txt",
        dir, KG_SOURCE_DIR, KG_SOURCE_DIR);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
    char *err1 = NULL;
    for (int j = 1; j <= 3; j += 2) {
        char *args = kg_xasprintf("extract -j %d -r '%s/evil.yaml' --mentions '%s/m%d.jsonl' -o '%s/e%d.jsonl' "
                                  "'%s/long.txt' '%s/short.txt' '%s/short.txt'",
                                  j, dir, dir, j, dir, j, dir, dir, dir);
        run_result res = run_kgraph(args);
        cr_assert_eq(res.code, 0, "-j %d: %s", j, res.err);
        if (!err1) err1 = kg_xstrdup(res.err);
        else cr_assert_str_eq(res.err, err1, "stderr differs with -j %d", j);
        run_free(&res);
        free(args);
    }
    char *want = kg_xasprintf("kgraph: warning: the regex of rule 'evil' (%s/evil.yaml:5) hit its match limit in "
                              "%s/long.txt:", dir, dir);
    cr_assert(strncmp(err1, want, strlen(want)) == 0, "%s", err1);
    size_t n = 0;
    for (const char *p = err1; (p = strstr(p, "hit its match limit")); p++) n++;
    cr_assert_eq(n, 3, "one warning per document: %s", err1);
    char *m1 = kg_xasprintf("%s/m1.jsonl", dir), *m3 = kg_xasprintf("%s/m3.jsonl", dir);
    same_files(m1, m3);
    struct stat st;
    cr_assert(stat(m1, &st) == 0 && st.st_size > 1000000, "the long document's mentions outgrow a chunk");
    free(m1);
    free(m3);
    free(want);
    free(err1);
}

Test(cli_determinism, build_is_the_same_for_every_thread_count, .init = setup, .fini = teardown,
     .timeout = 300)
{
    make_corpus();
    for (int j = 1; j <= 3; j += 2) {
        char *args = kg_xasprintf("build -q -j %d --formats graphml,json,csv -r examples/nhs/rules.yaml '%s/in' -o '%s/out%d'", j,
                                  dir, dir, j);
        run_result res = run_kgraph(args);
        cr_assert_eq(res.code, 0, "-j %d: %s", j, res.err);
        run_free(&res);
        free(args);
    }
    char *a = kg_xasprintf("%s/out1", dir), *b = kg_xasprintf("%s/out3", dir);
    cr_assert_geq(same_folders(a, b), 6);
    free(a);
    free(b);
}

Test(cli_determinism, build_outputs_identical_with_threads, .init = setup, .fini = teardown,
     .timeout = 1200)
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
    for (int r = 1; r < RUNS; r++) {
        char *other = kg_xasprintf("%s/run%d", dir, r);
        cr_assert_geq(same_folders(first, other), 4, "centrality.csv, nodes.csv, edges.csv and graph.json");
        free(other);
    }
    char *json = kg_xasprintf("%s/graph.json", first);
    char *text = slurp(json);
    cr_assert(strstr(text, "\"paths\": \"sampled (128 sources)\"") != NULL);
    free(text);
    free(json);
    free(first);
}
