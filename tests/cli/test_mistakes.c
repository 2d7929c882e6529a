/*
 * tests/cli/test_mistakes.c: the mistakes a new user makes (issue 13, "The
 * CLI: check everything before writing anything"), each run end to end:
 * the exact message on stderr, the exit code, and that nothing was written
 * (or that the previous output is intact).  Standard input on a terminal and
 * colour are checked through a pseudo-terminal; interrupted runs through a
 * child that blocks reading a pipe, so the signal always arrives while the
 * temporary files are open, however fast or slow the machine.
 */
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, unlockpt, ptsname */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#include "helpers.h"

#define PACK "examples/nhs/rules.yaml"
#define CORPUS "examples/nhs/corpus"
#define EDGES "tests/cli/golden/nhs-edges.jsonl"

static char *tmpdir(void)
{
    char *d = kg_xstrdup("/tmp/kg-mistake-XXXXXX");
    cr_assert_not_null(mkdtemp(d));
    return d;
}

static void rm_rf(char *d)
{
    char *cmd = kg_xasprintf("rm -rf '%s'", d);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
    free(d);
}

static bool exists(const char *dir, const char *name)
{
    char *p = kg_xasprintf("%s/%s", dir, name);
    struct stat st;
    bool e = stat(p, &st) == 0;
    free(p);
    return e;
}

/* Names in `dir` that contain ".tmp." (kg_out's temporary files) or
 * ".kgraph-" (a build's temporary folder and lock). */
static size_t temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) n += strstr(e->d_name, ".tmp.") || strstr(e->d_name, ".kgraph-");
    closedir(d);
    return n;
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char *p = kg_xasprintf("%s/%s", dir, name);
    FILE *fp = fopen(p, "wb");
    cr_assert_not_null(fp);
    fputs(text, fp);
    fclose(fp);
    free(p);
}

static char *read_in(const char *dir, const char *name)
{
    char *p = kg_xasprintf("%s/%s", dir, name);
    char *t = slurp(p);
    free(p);
    return t;
}

/* `args` with each "%s" replaced by dir. */
static char *with_dir(const char *args, const char *dir)
{
    kg_buf b = KG_BUF_INIT;
    for (const char *p = args; *p;) {
        const char *at = strstr(p, "%s");
        if (!at) {
            kg_buf_puts(&b, p);
            break;
        }
        kg_buf_put(&b, p, (size_t)(at - p));
        kg_buf_puts(&b, dir);
        p = at + 2;
    }
    return kg_buf_detach(&b);
}

/* Run `args` (shell text, %s replaced by dir) and expect `code` and
 * exactly `err` on stderr. */
static void expect_run(const char *dir, const char *args, int code, const char *err)
{
    char *cmd = with_dir(args, dir);
    run_result r = run_kgraph(cmd);
    cr_assert_eq(r.code, code, "kgraph %s: exit %d\n%s", cmd, r.code, r.err);
    cr_assert_str_eq(r.err, err, "kgraph %s", cmd);
    run_free(&r);
    free(cmd);
}

/* ---- options are checked before anything is read or written ---- */

Test(cli_mistakes, unknown_format_in_formats_writes_nothing)
{
    char *d = tmpdir();
    expect_run(d, "build -r " PACK " " CORPUS " -o %s/out --formats svg,png", 2,
               "kgraph: --formats: unknown format 'png' (did you mean 'svg'?)\n"
               "Usage: kgraph build -r RULES.yaml [INPUT...] -o OUTDIR  |  --edges EDGES.jsonl... [-r RULES.yaml] -o OUTDIR\n"
               "Try 'kgraph build --help' for more.\n");
    cr_assert_not(exists(d, "out"));
    rm_rf(d);
}

Test(cli_mistakes, unknown_relation_is_caught_before_the_inputs_are_read)
{
    /* the input does not exist: had it been looked at, a warning would say so */
    char *d = tmpdir();
    expect_run(d, "build -r " PACK " no-such-input.txt -o %s/out --relation award_contract", 2,
               "kgraph: unknown relation 'award_contract' (did you mean 'awards_contract'?)\n");
    expect_run(d, "build -r " PACK " no-such-input.txt -o %s/out --exclude-relation fund", 2,
               "kgraph: unknown relation 'fund' (did you mean 'funds'?)\n");
    cr_assert_not(exists(d, "out"));
    rm_rf(d);
}

Test(cli_mistakes, type_in_the_wrong_case_suggests_the_right_one)
{
    char *d = tmpdir();
    expect_run(d, "build -r " PACK " no-such-input.txt -o %s/out --type trust", 2,
               "kgraph: unknown type 'trust' (did you mean 'TRUST'?)\n");
    expect_run(d, "build -r " PACK " no-such-input.txt -o %s/out --exclude-type trsut", 2,
               "kgraph: unknown type 'trsut' (did you mean 'TRUST'?)\n");
    expect_run(d, "stats --type trust " EDGES, 2, "kgraph: unknown type 'trust' (did you mean 'TRUST'?)\n");
    expect_run(d, "export -f json --relation Funds " EDGES, 2,
               "kgraph: unknown relation 'Funds' (did you mean 'funds'?)\n");
    cr_assert_not(exists(d, "out"));
    rm_rf(d);
}

Test(cli_mistakes, unknown_ego_writes_nothing_and_keeps_the_previous_output)
{
    char *d = tmpdir();
    expect_run(d, "build -r " PACK " " CORPUS " -o %s/new --ego 'Westmoor ccg'", 2,
               "kgraph: unknown entity 'Westmoor ccg' (did you mean 'Westmoor CCG'?)\n");
    cr_assert_not(exists(d, "new"), "the folder made for the run is taken away again");
    char *old = kg_xasprintf("%s/old", d);
    cr_assert_eq(mkdir(old, 0777), 0);
    write_text(old, "edges.jsonl", "previous edges\n");
    write_text(old, "centrality.csv", "previous ranking\n");
    expect_run(d, "build -r " PACK " " CORPUS " -o %s/old --ego 'Westmoor ccg'", 2,
               "kgraph: unknown entity 'Westmoor ccg' (did you mean 'Westmoor CCG'?)\n");
    char *e = read_in(old, "edges.jsonl"), *c = read_in(old, "centrality.csv");
    cr_assert_str_eq(e, "previous edges\n");
    cr_assert_str_eq(c, "previous ranking\n");
    cr_assert_not(exists(old, "graph.svg"));
    cr_assert_eq(temp_files(old), 0);
    free(e);
    free(c);
    free(old);
    rm_rf(d);
}

Test(cli_mistakes, other_options_are_usage_errors_before_any_work)
{
    char *d = tmpdir();
    expect_run(d, "build -r " PACK " no-such-input.txt -o %s/out --hops 2", 2,
               "kgraph: --hops only applies with --ego NAME\n"
               "Usage: kgraph build -r RULES.yaml [INPUT...] -o OUTDIR  |  --edges EDGES.jsonl... [-r RULES.yaml] -o OUTDIR\n"
               "Try 'kgraph build --help' for more.\n");
    expect_run(d, "build -r " PACK " no-such-input.txt -o %s/out --by pagrank", 2,
               "kgraph: unknown measure 'pagrank' (did you mean 'pagerank'?)\n");
    expect_run(d, "build -r " PACK " no-such-input.txt -o %s/out --layout dott", 2,
               "kgraph: unknown layout 'dott' (did you mean 'dot'?)\n"
               "Usage: kgraph build -r RULES.yaml [INPUT...] -o OUTDIR  |  --edges EDGES.jsonl... [-r RULES.yaml] -o OUTDIR\n"
               "Try 'kgraph build --help' for more.\n");
    cr_assert_not(exists(d, "out"));
    rm_rf(d);
}

Test(cli_mistakes, a_relation_the_rules_know_but_the_corpus_lacks_is_an_empty_graph)
{
    /* merges_with is a relation of the pack, absent from this one document */
    char *d = tmpdir();
    expect_run(d, "build -r " PACK " " CORPUS "/01-community-services.txt -o %s/out --relation merges_with",
               0, "kgraph: warning: the graph has no edges\n");
    char *c = read_in(d, "out/centrality.csv");
    cr_assert(strncmp(c, "rank,name,", 10) == 0 && !strchr(strchr(c, '\n') + 1, '\n'), "%s", c);
    free(c);
    rm_rf(d);
}

/* ---- commands ---- */

Test(cli_mistakes, unknown_command_suggests_one)
{
    expect_run("", "biuld", 2,
               "kgraph: unknown command 'biuld' (did you mean 'build'?)\n"
               "Try 'kgraph --help' for the list of commands.\n");
    expect_run("", "rules chek x.yaml", 2,
               "kgraph: unknown command 'rules chek' (did you mean 'rules check'?)\n"
               "Try 'kgraph --help' for the list of commands.\n");
    expect_run("", "help biuld", 2,
               "kgraph: unknown command 'biuld' (did you mean 'build'?)\n"
               "Try 'kgraph --help' for the list of commands.\n");
}

Test(cli_mistakes, help_command_shows_its_help)
{
    run_result h = run_kgraph("help build"), b = run_kgraph("build --help");
    cr_assert_eq(h.code, 0, "exit %d, stderr: %s", h.code, h.err);
    cr_assert_str_eq(h.err, "");
    cr_assert_str_eq(h.out, b.out);
    cr_assert(strncmp(h.out, "Usage: kgraph build ", 20) == 0, "%s", h.out);
    run_free(&h);
    run_free(&b);
    h = run_kgraph("help rules check");
    b = run_kgraph("rules check --help");
    cr_assert_eq(h.code, 0);
    cr_assert_str_eq(h.out, b.out);
    run_free(&h);
    run_free(&b);
}

/* ---- inputs ---- */

Test(cli_mistakes, every_input_missing_writes_nothing)
{
    char *d = tmpdir();
    expect_run(d, "build -r " PACK " missing-1.txt missing-2.txt -o %s/out", 1,
               "kgraph: warning: missing-1.txt: No such file or directory\n"
               "kgraph: warning: missing-2.txt: No such file or directory\n"
               "kgraph: no input could be read; nothing written\n");
    cr_assert_not(exists(d, "out"));
    expect_run(d, "extract -r " PACK " missing-1.txt -o %s/edges.jsonl", 1,
               "kgraph: warning: missing-1.txt: No such file or directory\n"
               "kgraph: no input could be read; nothing written\n");
    cr_assert_not(exists(d, "edges.jsonl"));
    expect_run(d, "build --edges missing.jsonl -o %s/out", 1,
               "kgraph: missing.jsonl: No such file or directory\n");
    cr_assert_not(exists(d, "out"));
    rm_rf(d);
}

Test(cli_mistakes, some_inputs_missing_is_still_a_build)
{
    char *d = tmpdir();
    expect_run(d, "build -r " PACK " missing-1.txt " CORPUS " -o %s/out", 1,
               "kgraph: warning: missing-1.txt: No such file or directory\n");
    cr_assert(exists(d, "out/graph.svg"));
    rm_rf(d);
}

Test(cli_mistakes, graph_without_edges_is_a_warning)
{
    char *d = tmpdir();
    /* run_kgraph gives an empty standard input */
    expect_run(d, "build -r " PACK " -o %s/out", 0, "kgraph: warning: the graph has no edges\n");
    cr_assert(exists(d, "out/centrality.csv"));
    expect_run(d, "build -q -r " PACK " -o %s/out", 0, "");
    rm_rf(d);
}

Test(cli_mistakes, missing_rule_file_is_a_rule_error)
{
    const char *cmds[] = {"build -r no-such-rules.yaml " CORPUS " -o %s/out",
                          "extract -r no-such-rules.yaml " CORPUS,
                          "rules check no-such-rules.yaml",
                          "rules test no-such-rules.yaml",
                          "explain -r no-such-rules.yaml 'A sentence.'",
                          "rules coverage -r no-such-rules.yaml " CORPUS};
    char *d = tmpdir();
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        expect_run(d, cmds[i], 3, "kgraph: no-such-rules.yaml: No such file or directory\n");
    cr_assert_not(exists(d, "out"));
    rm_rf(d);
}

Test(cli_mistakes, stats_of_graph_json_points_to_the_edge_file)
{
    char *d = tmpdir();
    char *args = kg_xasprintf("build -q --edges " EDGES " -o %s/out --formats json", d);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 0, "%s", r.err);
    run_free(&r);
    free(args);
    char *want = kg_xasprintf("kgraph: %s/out/graph.json: not an edge file (edge files are JSON "
                              "Lines, one edge per line): did you mean '%s/out/edges.jsonl'?\n",
                              d, d);
    /* build --edges wrote no edges.jsonl: give it one to point to */
    write_text(d, "out/edges.jsonl", "");
    expect_run(d, "stats %s/out/graph.json", 5, want);
    free(want);
    expect_run(d, "stats tests/cli/golden/codes-graph.json", 5,
               "kgraph: tests/cli/golden/codes-graph.json: not an edge file (edge files are JSON "
               "Lines, one edge per line, such as the edges.jsonl that kgraph build writes)\n");
    rm_rf(d);
}

/* ---- outputs ---- */

Test(cli_mistakes, build_to_standard_output_is_refused)
{
    expect_run("", "build -r " PACK " " CORPUS " -o -", 2,
               "kgraph: build writes a folder of files (edges.jsonl, centrality.csv, graph.svg, ...), "
               "which standard output cannot hold: give a folder with -o OUTDIR, or use 'kgraph "
               "export -f FORMAT' to write one format to standard output\n"
               "Usage: kgraph build -r RULES.yaml [INPUT...] -o OUTDIR  |  --edges EDGES.jsonl... [-r RULES.yaml] -o OUTDIR\n"
               "Try 'kgraph build --help' for more.\n");
    cr_assert_not(exists(KG_SOURCE_DIR, "-"), "no folder named '-'");
}

Test(cli_mistakes, export_takes_the_format_from_the_file_name)
{
    char *d = tmpdir();
    expect_run(d, "export -o %s/g.graphml " EDGES, 0, "");
    char *t = read_in(d, "g.graphml");
    cr_assert(strstr(t, "<graphml"), "%.200s", t);
    free(t);
    char *want = kg_xasprintf("kgraph: warning: %s/g.svg: the name says svg but -f says dot; "
                              "writing dot\n", d);
    expect_run(d, "export -f dot -o %s/g.svg " EDGES, 0, want);
    free(want);
    t = read_in(d, "g.svg");
    cr_assert(strncmp(t, "digraph", 7) == 0, "%.200s", t);
    free(t);
    expect_run(d, "export -o %s/g.txt " EDGES, 2,
               "kgraph: no format: give one with -f (dot, svg, graphml, gexf, json, csv or html), or an -o "
               "FILE ending in .dot, .gv, .svg, .graphml, .gexf, .json, .html or .htm\n"
               "Usage: kgraph export [-f FORMAT] [-r RULES.yaml] [options] [-o FILE] [EDGES.jsonl...]\n"
               "Try 'kgraph export --help' for more.\n");
    cr_assert_not(exists(d, "g.txt"));
    rm_rf(d);
}

/* ---- a pseudo-terminal: standard input and colour ---- */

typedef struct pty_run {
    int code;
    char *out, *err; /* out: what the terminal showed (stdout, and echo) */
} pty_run;

/* Run kgraph with argv in the source folder, standard input (and standard
 * output when `tty_out`) on a new pseudo-terminal, standard error into a
 * file; `input` is typed at the terminal, then end-of-file (Ctrl-D).  `env`
 * names a variable set to "1" (may be NULL); NO_COLOR is unset otherwise. */
static pty_run run_pty(char *const argv[], bool tty_out, const char *input, const char *env)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    cr_assert(master >= 0);
    cr_assert_eq(grantpt(master), 0);
    cr_assert_eq(unlockpt(master), 0);
    char *slave_name = kg_xstrdup(ptsname(master));
    char errpath[] = "/tmp/kg-pty-err-XXXXXX";
    int errfd = mkstemp(errpath);
    cr_assert(errfd >= 0);
    /* typed ahead: the terminal keeps it until kgraph reads */
    int slave = open(slave_name, O_RDWR | O_NOCTTY);
    cr_assert(slave >= 0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        setsid();
        dup2(slave, 0);
        if (tty_out) dup2(slave, 1);
        else dup2(open("/dev/null", O_WRONLY), 1);
        dup2(errfd, 2);
        if (chdir(KG_SOURCE_DIR) != 0) _exit(127);
        unsetenv("NO_COLOR");
        if (env) setenv(env, "1", 1);
        execv(KG_BINARY, argv);
        _exit(127);
    }
    close(slave);
    close(errfd);
    char line[4096];
    snprintf(line, sizeof line, "%s\n\004", input);
    cr_assert(write(master, line, strlen(line)) == (ssize_t)strlen(line));
    kg_buf out = KG_BUF_INIT;
    char buf[4096];
    for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;) kg_buf_put(&out, buf, (size_t)n);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    close(master);
    pty_run r = {WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), kg_buf_detach(&out),
                 slurp(errpath)};
    unlink(errpath);
    free(slave_name);
    return r;
}

static void pty_free(pty_run *r)
{
    free(r->out);
    free(r->err);
}

Test(cli_mistakes, standard_input_on_a_terminal_gives_a_hint)
{
    char *extract[] = {"kgraph", "extract", "-r", PACK, NULL};
    pty_run r = run_pty(extract, false, "Westmoor CCG awarded the contract to Acme Ltd.", NULL);
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "kgraph: reading text from standard input (the terminal); end with "
                            "Ctrl-D, or give files as arguments\n");
    pty_free(&r);
    char *stats[] = {"kgraph", "stats", NULL};
    r = run_pty(stats, false, "", NULL);
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "kgraph: reading edge records from standard input (the terminal); end "
                            "with Ctrl-D, or give files as arguments\n");
    pty_free(&r);
    /* not a terminal: no hint */
    expect_run("", "stats", 0, "");
}

Test(cli_mistakes, colour_follows_color_and_no_color)
{
    char *plain[] = {"kgraph", "explain", "-r", PACK, "Westmoor CCG funds Acme Ltd.", NULL};
    char *never[] = {"kgraph", "explain", "--color=never", "-r", PACK, "Westmoor CCG funds Acme Ltd.", NULL};
    char *always[] = {"kgraph", "explain", "--color", "always", "-r", PACK, "Westmoor CCG funds Acme Ltd.", NULL};
    pty_run r = run_pty(plain, true, "", NULL);
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\033["), "a terminal gets colour");
    pty_free(&r);
    r = run_pty(plain, true, "", "NO_COLOR");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_null(strstr(r.out, "\033["), "NO_COLOR turns it off");
    pty_free(&r);
    r = run_pty(never, true, "", NULL);
    cr_assert_null(strstr(r.out, "\033["), "--color=never turns it off");
    pty_free(&r);
    r = run_pty(always, true, "", "NO_COLOR");
    cr_assert(strstr(r.out, "\033["), "--color always wins over NO_COLOR");
    pty_free(&r);
    run_result p = run_kgraph("explain --color=always -r " PACK " 'Westmoor CCG funds Acme Ltd.'");
    cr_assert(strstr(p.out, "\033["), "--color=always colours a file too");
    run_free(&p);
    p = run_kgraph("explain -r " PACK " 'Westmoor CCG funds Acme Ltd.'");
    cr_assert_null(strstr(p.out, "\033["), "no colour into a file");
    run_free(&p);
    expect_run("", "explain --color=sometimes -r " PACK " 'A sentence.'", 2,
               "kgraph: unknown --color mode 'sometimes' (choose auto, always or never)\n"
               "Usage: kgraph explain -r RULES.yaml (\"a sentence\" | --file FILE [--line N]) [--format json]\n"
               "Try 'kgraph explain --help' for more.\n");
}

/* ---- signals ---- */

/* Start kgraph with argv, standard input a pipe that stays open and empty
 * (so the command blocks reading it), output and errors discarded. */
static pid_t start_blocked(char *const argv[], int *stdin_w)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        dup2(p[0], 0);
        close(p[1]);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        if (chdir(KG_SOURCE_DIR) != 0) _exit(127);
        execv(KG_BINARY, argv);
        _exit(127);
    }
    close(p[0]);
    *stdin_w = p[1];
    return pid;
}

/* Wait (at most a minute) until `dir` holds n temporary files. */
static void wait_for_temps(const char *dir, size_t n)
{
    struct timespec ms10 = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 6000 && temp_files(dir) < n; i++) nanosleep(&ms10, NULL);
    cr_assert_geq(temp_files(dir), n, "the temporary files never appeared in %s", dir);
}

/* The handler cleans up, then exits 128 + the signal's number. */
static void expect_killed_by(pid_t pid, int sig)
{
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 128 + sig, "status %d", st);
}

Test(cli_mistakes, sigterm_removes_temporary_files_and_keeps_the_old_output)
{
    char *d = tmpdir();
    write_text(d, "edges.jsonl", "previous edges\n");
    write_text(d, "mentions.jsonl", "previous mentions\n");
    char *out = kg_xasprintf("%s/edges.jsonl", d), *ment = kg_xasprintf("%s/mentions.jsonl", d);
    char *argv[] = {"kgraph", "extract", "-r", PACK, "-o", out, "--mentions", ment, "-", NULL};
    int w;
    pid_t pid = start_blocked(argv, &w);
    wait_for_temps(d, 2);
    cr_assert_eq(kill(pid, SIGTERM), 0);
    expect_killed_by(pid, SIGTERM);
    close(w);
    cr_assert_eq(temp_files(d), 0);
    char *e = read_in(d, "edges.jsonl"), *m = read_in(d, "mentions.jsonl");
    cr_assert_str_eq(e, "previous edges\n");
    cr_assert_str_eq(m, "previous mentions\n");
    free(e);
    free(m);
    free(out);
    free(ment);
    rm_rf(d);
}

Test(cli_mistakes, sigint_during_build_leaves_no_trace)
{
    char *d = tmpdir();
    char *out = kg_xasprintf("%s/new", d);
    char *argv[] = {"kgraph", "build", "-r", PACK, "-o", out, "-", NULL};
    int w;
    pid_t pid = start_blocked(argv, &w);
    wait_for_temps(d, 2); /* the lock and the temporary folder beside "new" */
    cr_assert_eq(kill(pid, SIGINT), 0);
    expect_killed_by(pid, SIGINT);
    close(w);
    cr_assert_not(exists(d, "new"), "the folder the build made is removed with its temporary files");
    cr_assert_eq(temp_files(d), 0);
    /* an existing folder keeps its files */
    char *old = kg_xasprintf("%s/old", d);
    cr_assert_eq(mkdir(old, 0777), 0);
    write_text(old, "edges.jsonl", "previous edges\n");
    char *argv2[] = {"kgraph", "build", "-r", PACK, "-o", old, "-", NULL};
    pid = start_blocked(argv2, &w);
    wait_for_temps(d, 2);
    cr_assert_eq(kill(pid, SIGTERM), 0);
    expect_killed_by(pid, SIGTERM);
    close(w);
    cr_assert_eq(temp_files(d), 0);
    cr_assert_eq(temp_files(old), 0);
    char *e = read_in(old, "edges.jsonl");
    cr_assert_str_eq(e, "previous edges\n");
    free(e);
    free(old);
    free(out);
    rm_rf(d);
}

Test(cli_mistakes, export_help_lists_the_formats_from_the_table)
{
    /* --help fills "{formats}" from export's format table */
    run_result r = run_kgraph("export --help");
    cr_assert_eq(r.code, 0);
    cr_assert_not_null(strstr(r.out, "  -f, --format FORMAT        dot, svg, graphml, gexf, json, csv or html "
                                     "(default: from -o's extension)\n"),
                       "%s", r.out);
    cr_assert_null(strchr(r.out, '{'), "%s", r.out);
    run_free(&r);
}
