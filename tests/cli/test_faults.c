/*
 * tests/cli/test_faults.c: outputs are all or nothing.  Each case of issue
 * 14 drives the built kgraph binary into a fault and checks that the output
 * folder is either the old one or the new one, never a mix, and that no
 * temporary file, folder or lock is left beside it:
 *
 *   disk full     a 64 KiB tmpfs in a private mount namespace (unshare -m)
 *   signals       SIGINT, SIGTERM, SIGHUP, SIGKILL at a known moment: the
 *                 test hook KG_TEST_STOP_AT=STAGE makes kgraph stop itself
 *                 (SIGSTOP) there, the test sends the signal and SIGCONT
 *   lock          a second build while the first is stopped at a stage
 *   out of memory KG_TEST_FAIL_ALLOC_AT=STAGE / KG_TEST_FAIL_ALLOC_AFTER=N
 *                 make one of kgraph's own allocations fail
 *   no exchange   KG_TEST_NO_EXCHANGE=1 takes the rename fallback of the
 *                 swap, and SIGKILL inside its window leaves a backup that
 *                 the next run puts back
 *
 * The hooks exist only in builds with KG_TEST_HOOKS, which every build of
 * the tests has (CMakeLists.txt).
 */
#define _DEFAULT_SOURCE /* putenv, WCOREDUMP */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include "helpers.h"

#define PACK "examples/nhs/rules.yaml"
#define CORPUS "examples/nhs/corpus"
#define ONE_FILE CORPUS "/01-community-services.txt"

static char *tmpdir(void)
{
    char *d = kg_xasprintf("/tmp/kg-faults-XXXXXX");
    cr_assert_not_null(mkdtemp(d));
    return d;
}

static void rm_rf(const char *d)
{
    char *cmd = kg_xasprintf("rm -rf '%s'", d);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every name in `dir` (sorted) with its content: two snapshots are equal
 * when the folders are.  "(missing)" when dir does not exist. */
static char *snapshot(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return kg_xstrdup("(missing)");
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        KG_GROW(names, cap, n + 1);
        names[n++] = kg_xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    kg_buf b = KG_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char *p = kg_xasprintf("%s/%s", dir, names[i]);
        char *text = slurp(p);
        kg_buf_printf(&b, "== %s\n%s", names[i], text);
        free(text);
        free(p);
        free(names[i]);
    }
    free(names);
    return kg_buf_detach(&b);
}

/* Temporaries, backups and locks in `dir`: names with ".kgraph-" (a
 * build's) or ".tmp." (kg_out's). */
static size_t litter(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strstr(e->d_name, ".kgraph-") || strstr(e->d_name, ".tmp.");
    closedir(d);
    return n;
}

/* Does `dir` hold an entry whose name contains `part`? */
static bool has_entry(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    if (!d) return false;
    bool found = false;
    for (struct dirent *e; !found && (e = readdir(d));) found = strstr(e->d_name, part) != NULL;
    closedir(d);
    return found;
}

/* Start kgraph with argv in the source folder, the test hooks of `env`
 * ("NAME=VALUE" strings, NULL-terminated, may be NULL) set, standard error
 * into errpath (NULL: discarded). */
static pid_t spawn(char *const argv[], char *const env[], const char *errpath)
{
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        int err = errpath ? open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0666) : null;
        dup2(null, 0);
        dup2(null, 1);
        dup2(err, 2);
        for (size_t i = 0; env && env[i]; i++) putenv(env[i]);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        if (chdir(KG_SOURCE_DIR) != 0) _exit(127);
        execv(KG_BINARY, argv);
        _exit(127);
    }
    return pid;
}

/* Wait for the child to end; its exit code (a death by a signal or a core
 * dump fails the test: kgraph must exit on its own). */
static int exit_code(pid_t pid)
{
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st), "kgraph died of signal %d (core dumped: %d)", WIFSIGNALED(st) ? WTERMSIG(st) : 0,
              WIFSIGNALED(st) ? WCOREDUMP(st) : 0);
    return WEXITSTATUS(st);
}

static void wait_stopped(pid_t pid)
{
    int st;
    cr_assert_eq(waitpid(pid, &st, WUNTRACED), pid);
    cr_assert(WIFSTOPPED(st), "kgraph should have stopped at the test stage (status %d)", st);
}

/* Run kgraph to its end; exit code, stderr in *err (caller frees). */
static int run(char *const argv[], char *const env[], char **err)
{
    char errpath[] = "/tmp/kg-faults-err-XXXXXX";
    int fd = mkstemp(errpath);
    cr_assert(fd >= 0);
    close(fd);
    int code = exit_code(spawn(argv, env, errpath));
    char *text = slurp(errpath);
    unlink(errpath);
    if (err) *err = text;
    else free(text);
    return code;
}

/* A reference build of the whole example into d/ref, and an "old" output
 * folder d/out built from one file of it, with a file of the user's. */
static void prepare(const char *d, bool with_old)
{
    char *ref = kg_xasprintf("%s/ref", d), *out = kg_xasprintf("%s/out", d);
    char *a1[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", ref, NULL};
    cr_assert_eq(run(a1, NULL, NULL), 0);
    if (with_old) {
        char *a2[] = {"kgraph", "build", "-r", PACK, ONE_FILE, "-o", out, NULL};
        cr_assert_eq(run(a2, NULL, NULL), 0);
        char *notes = kg_xasprintf("%s/notes.txt", out);
        FILE *fp = fopen(notes, "w");
        cr_assert_not_null(fp);
        fputs("my own notes\n", fp);
        fclose(fp);
        free(notes);
    }
    free(ref);
    free(out);
}

/* `snap` (a snapshot) with a file notes.txt holding `text` where the
 * sorted listing puts it: before report.html, the one name after it. */
static char *with_notes(const char *snap, const char *text)
{
    const char *at = strstr(snap, "== report.html\n");
    size_t head = at ? (size_t)(at - snap) : strlen(snap);
    return kg_xasprintf("%.*s== notes.txt\n%s%s", (int)head, snap, text, snap + head);
}

/* d/out must now hold the reference graph (and the user's notes when the
 * old folder had them). */
static void expect_new_graph(const char *d, bool notes)
{
    char *ref = kg_xasprintf("%s/ref", d), *out = kg_xasprintf("%s/out", d);
    /* the user's notes, where a sorted listing puts them */
    char *ref_notes = kg_xasprintf("%s/notes.txt", ref);
    if (notes) {
        FILE *fp = fopen(ref_notes, "w");
        cr_assert_not_null(fp);
        fputs("my own notes\n", fp);
        cr_assert_eq(fclose(fp), 0);
    }
    char *want = snapshot(ref), *got = snapshot(out);
    if (notes) unlink(ref_notes);
    free(ref_notes);
    cr_assert_str_eq(got, want, "%s should hold the new build exactly", out);
    free(want);
    free(got);
    free(ref);
    free(out);
}

/* ---- signals ---- */

/* Stop a build of the whole example into d/out at `stage`, send `sig`,
 * expect exit 128+sig, the old folder (or none) and no litter. */
static void interrupt_at(const char *stage, int sig, bool with_old)
{
    char *d = tmpdir();
    prepare(d, with_old);
    char *out = kg_xasprintf("%s/out", d);
    char *before = snapshot(out);
    char *stop = kg_xasprintf("KG_TEST_STOP_AT=%s", stage);
    char *env[] = {stop, NULL};
    char *argv[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, NULL};
    pid_t pid = spawn(argv, env, NULL);
    wait_stopped(pid);
    cr_assert(has_entry(d, ".out.kgraph-tmp."), "the build writes into a temporary folder beside out");
    cr_assert(has_entry(d, ".out.kgraph-lock"), "the build holds the lock");
    cr_assert_eq(kill(pid, sig), 0);
    cr_assert_eq(kill(pid, SIGCONT), 0);
    cr_assert_eq(exit_code(pid), 128 + sig);
    cr_assert_eq(litter(d), 0, "the temporary folder and the lock are removed");
    char *after = snapshot(out);
    cr_assert_str_eq(after, before, "the old output folder is unchanged");
    free(after);
    free(before);
    free(stop);
    free(out);
    rm_rf(d);
    free(d);
}

Test(cli_faults, sigint_after_writing_keeps_the_old_folder) { interrupt_at("written", SIGINT, true); }
Test(cli_faults, sigterm_after_writing_keeps_the_old_folder) { interrupt_at("written", SIGTERM, true); }
Test(cli_faults, sighup_after_writing_keeps_the_old_folder) { interrupt_at("written", SIGHUP, true); }
Test(cli_faults, sigint_into_a_new_folder_leaves_nothing) { interrupt_at("written", SIGINT, false); }
Test(cli_faults, sigterm_at_the_start_leaves_nothing) { interrupt_at("begun", SIGTERM, false); }

Test(cli_faults, sigkill_then_the_next_run_cleans_up)
{
    char *d = tmpdir();
    prepare(d, true);
    char *out = kg_xasprintf("%s/out", d);
    char *before = snapshot(out);
    char *env[] = {"KG_TEST_STOP_AT=written", NULL};
    char *argv[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, NULL};
    pid_t pid = spawn(argv, env, NULL);
    wait_stopped(pid);
    cr_assert_eq(kill(pid, SIGKILL), 0);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    cr_assert(has_entry(d, ".out.kgraph-tmp."), "SIGKILL cannot be caught: the temporary folder stays");
    char *after = snapshot(out);
    cr_assert_str_eq(after, before, "the old output folder is unchanged");
    free(after);
    /* the next build finds the dead run's folder and removes it */
    cr_assert_eq(run(argv, NULL, NULL), 0);
    cr_assert_eq(litter(d), 0);
    expect_new_graph(d, true);
    free(before);
    free(out);
    rm_rf(d);
    free(d);
}

Test(cli_faults, a_live_runs_temporaries_are_not_touched)
{
    /* a temporary folder whose pid is alive (ours) is not stale */
    char *d = tmpdir();
    prepare(d, false);
    char *live = kg_xasprintf("%s/.out.kgraph-tmp.%d.abcdef", d, (int)getpid());
    cr_assert_eq(mkdir(live, 0700), 0);
    char *out = kg_xasprintf("%s/out", d);
    char *argv[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, NULL};
    cr_assert_eq(run(argv, NULL, NULL), 0);
    struct stat st;
    cr_assert_eq(stat(live, &st), 0, "a live process's folder must stay");
    rmdir(live);
    expect_new_graph(d, false);
    free(live);
    free(out);
    rm_rf(d);
    free(d);
}

Test(cli_faults, stale_file_temporaries_of_dead_runs_are_removed)
{
    char *d = tmpdir();
    pid_t dead = fork();
    if (dead == 0) _exit(0);
    cr_assert_eq(waitpid(dead, NULL, 0), dead);
    char *stale = kg_xasprintf("%s/e.jsonl.tmp.%d.abcdef", d, (int)dead);
    char *alive = kg_xasprintf("%s/e.jsonl.tmp.%d.abcdef", d, (int)getpid());
    FILE *fp = fopen(stale, "w");
    fclose(fp);
    fp = fopen(alive, "w");
    fclose(fp);
    char *out = kg_xasprintf("%s/e.jsonl", d);
    char *argv[] = {"kgraph", "extract", "-r", PACK, "-o", out, ONE_FILE, NULL};
    cr_assert_eq(run(argv, NULL, NULL), 0);
    struct stat st;
    cr_assert_neq(stat(stale, &st), 0, "a dead run's temporary file is removed");
    cr_assert_eq(stat(alive, &st), 0, "a live run's temporary file stays");
    unlink(alive);
    free(stale);
    free(alive);
    free(out);
    rm_rf(d);
    free(d);
}

/* A user's file that only looks like a temporary of a dead run (its pid
 * part is no live process, but the tail is not mkstemp's six characters)
 * is the user's: a build carries it into the new folder. */
Test(cli_faults, a_users_file_named_like_a_temporary_is_kept)
{
    char *d = tmpdir();
    prepare(d, true);
    char *out = kg_xasprintf("%s/out", d);
    char *mine = kg_xasprintf("%s/report.tmp.99999999.csv", out);
    FILE *fp = fopen(mine, "w");
    cr_assert(fp);
    fclose(fp);
    char *argv[] = {"kgraph", "build", "-r", PACK, "-o", out, ONE_FILE, NULL};
    cr_assert_eq(run(argv, NULL, NULL), 0);
    cr_assert(has_entry(out, "report.tmp.99999999.csv"), "the user's file is kept");
    cr_assert(has_entry(out, "notes.txt"));
    free(mine);
    free(out);
    rm_rf(d);
    free(d);
}

Test(cli_faults, extract_interrupted_leaves_no_temporary_file)
{
    char *d = tmpdir();
    char *out = kg_xasprintf("%s/e.jsonl", d);
    char *env[] = {"KG_TEST_FAIL_ALLOC_AT=opened", NULL};
    char *argv[] = {"kgraph", "extract", "-r", PACK, "-o", out, CORPUS, NULL};
    char *err;
    cr_assert_eq(run(argv, env, &err), 9);
    cr_assert_str_eq(err, "kgraph: out of memory\n");
    cr_assert_eq(litter(d), 0);
    cr_assert_not(has_entry(d, "e.jsonl"), "no output, not even an empty one");
    free(err);
    free(out);
    rm_rf(d);
    free(d);
}

/* ---- the lock ---- */

Test(cli_faults, a_second_build_into_the_same_folder_is_refused)
{
    char *d = tmpdir();
    prepare(d, true);
    char *out = kg_xasprintf("%s/out", d);
    char *env[] = {"KG_TEST_STOP_AT=written", NULL};
    char *argv[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, NULL};
    pid_t first = spawn(argv, env, NULL);
    wait_stopped(first);
    char *argv2[] = {"kgraph", "build", "-r", PACK, ONE_FILE, "-o", out, NULL};
    char *err;
    cr_assert_eq(run(argv2, NULL, &err), 8);
    char *want = kg_xasprintf("kgraph: %s: another kgraph build is writing this folder (pid %d)\n", out,
                              (int)first);
    cr_assert_str_eq(err, want);
    cr_assert_eq(kill(first, SIGCONT), 0);
    cr_assert_eq(exit_code(first), 0);
    cr_assert_eq(litter(d), 0);
    expect_new_graph(d, true);
    free(want);
    free(err);
    free(out);
    rm_rf(d);
    free(d);
}

/* ---- out of memory ---- */

Test(cli_faults, out_of_memory_after_writing_keeps_the_old_folder)
{
    char *d = tmpdir();
    prepare(d, true);
    char *out = kg_xasprintf("%s/out", d);
    char *before = snapshot(out);
    char *env[] = {"KG_TEST_FAIL_ALLOC_AT=written", NULL};
    char *argv[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, NULL};
    char *err;
    cr_assert_eq(run(argv, env, &err), 9);
    cr_assert_str_eq(err, "kgraph: out of memory\n");
    cr_assert_eq(litter(d), 0);
    char *after = snapshot(out);
    cr_assert_str_eq(after, before);
    free(after);
    free(before);
    free(err);
    free(out);
    rm_rf(d);
    free(d);
}

Test(cli_faults, out_of_memory_anywhere_leaves_nothing)
{
    /* a failure after N allocations, for N spread over the whole run (the
     * example takes about 130,000 of kgraph's own): each exits 9 with
     * nothing left, or (N past the end) succeeds */
    char *d = tmpdir();
    char *out = kg_xasprintf("%s/out", d);
    char *argv[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, NULL};
    size_t failed = 0;
    for (long n = 0; n <= 160000; n += 10000) {
        char *hook = kg_xasprintf("KG_TEST_FAIL_ALLOC_AFTER=%ld", n);
        char *env[] = {hook, NULL};
        char *err;
        int code = run(argv, env, &err);
        cr_assert(code == 9 || code == 0, "N=%ld: exit %d", n, code);
        if (code == 9) {
            failed++;
            cr_assert_str_eq(err, "kgraph: out of memory\n", "N=%ld", n);
            cr_assert_eq(litter(d), 0, "N=%ld", n);
            cr_assert_not(has_entry(d, "out"), "N=%ld: no output folder", n);
        } else {
            rm_rf(out);
        }
        free(err);
        free(hook);
    }
    cr_assert_geq(failed, 10, "the hook should have failed most runs");
    free(out);
    rm_rf(d);
    free(d);
}

/* ---- the swap ---- */

Test(cli_faults, rename_fallback_replaces_the_folder)
{
    char *d = tmpdir();
    prepare(d, true);
    char *out = kg_xasprintf("%s/out", d);
    char *env[] = {"KG_TEST_NO_EXCHANGE=1", NULL};
    char *argv[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, NULL};
    cr_assert_eq(run(argv, env, NULL), 0);
    cr_assert_eq(litter(d), 0);
    expect_new_graph(d, true);
    free(out);
    rm_rf(d);
    free(d);
}

Test(cli_faults, sigkill_inside_the_fallback_window_is_repaired)
{
    char *d = tmpdir();
    prepare(d, true);
    char *out = kg_xasprintf("%s/out", d);
    char *before = snapshot(out);
    char *env[] = {"KG_TEST_NO_EXCHANGE=1", "KG_TEST_STOP_AT=swap", NULL};
    char *argv[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, NULL};
    pid_t pid = spawn(argv, env, NULL);
    wait_stopped(pid);
    cr_assert_eq(kill(pid, SIGKILL), 0);
    cr_assert_eq(waitpid(pid, NULL, 0), pid);
    struct stat st;
    cr_assert(stat(out, &st) != 0 && has_entry(d, ".out.kgraph-old."),
              "killed between the two renames: out exists only as the backup");
    /* a build that fails after taking the lock still puts the backup back */
    char *argv2[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, "--ego", "No Such Entity", NULL};
    char *err;
    cr_assert_neq(run(argv2, NULL, &err), 0);
    char *want = kg_xasprintf("kgraph: %s: restored from ", out);
    cr_assert(strstr(err, want), "%s", err);
    cr_assert_eq(litter(d), 0);
    char *after = snapshot(out);
    cr_assert_str_eq(after, before);
    free(after);
    free(want);
    free(err);
    cr_assert_eq(run(argv, NULL, NULL), 0);
    expect_new_graph(d, true);
    free(before);
    free(out);
    rm_rf(d);
    free(d);
}

Test(cli_faults, a_signal_during_the_swap_waits_for_its_end)
{
    /* the swap runs in a critical section: SIGTERM inside it is acted on
     * when it ends, so the new folder stays whole, and the exit is 143 */
    char *d = tmpdir();
    prepare(d, true);
    char *out = kg_xasprintf("%s/out", d);
    char *env[] = {"KG_TEST_NO_EXCHANGE=1", "KG_TEST_STOP_AT=swap", NULL};
    char *argv[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, NULL};
    pid_t pid = spawn(argv, env, NULL);
    wait_stopped(pid);
    cr_assert_eq(kill(pid, SIGTERM), 0);
    cr_assert_eq(kill(pid, SIGCONT), 0);
    cr_assert_eq(exit_code(pid), 143);
    cr_assert_eq(litter(d), 0);
    expect_new_graph(d, true);
    free(out);
    rm_rf(d);
    free(d);
}

/* ---- what the old folder holds ---- */

Test(cli_faults, edges_inside_the_folder_and_user_files_are_kept)
{
    char *d = tmpdir();
    prepare(d, true);
    char *out = kg_xasprintf("%s/out", d);
    char *edges = kg_xasprintf("%s/edges.jsonl", out);
    char *old_edges = slurp(edges);
    char *argv[] = {"kgraph", "build", "--edges", edges, "-o", out, "--formats", "dot", NULL};
    cr_assert_eq(run(argv, NULL, NULL), 0);
    char *now = slurp(edges);
    cr_assert_str_eq(now, old_edges, "the input edges.jsonl stays in the folder");
    cr_assert(has_entry(out, "notes.txt"));
    cr_assert(has_entry(out, "graph.dot") && has_entry(out, "centrality.csv"));
    cr_assert_not(has_entry(out, "graph.svg"), "graph files of the old graph go");
    cr_assert_eq(litter(d), 0);
    /* a folder of the user's inside OUT is refused before anything is done */
    char *sub = kg_xasprintf("%s/keep", out);
    cr_assert_eq(mkdir(sub, 0777), 0);
    char *err;
    cr_assert_eq(run(argv, NULL, &err), 4);
    char *want = kg_xasprintf("kgraph: %s/keep: a folder; a build replaces %s as a whole and would "
                              "not keep it: move it out of the folder\n", out, out);
    cr_assert_str_eq(err, want);
    cr_assert_eq(litter(d), 0);
    free(want);
    free(err);
    free(sub);
    free(now);
    free(old_edges);
    free(edges);
    free(out);
    rm_rf(d);
    free(d);
}

/* ---- disk full ---- */

/* Run `script` under sh in a private mount namespace, with $1 = mnt, $2 the
 * source folder, $3 kgraph, $4 = res; skips the test where a tmpfs cannot
 * be mounted there. */
static void in_namespace(const char *mnt, const char *res, const char *script)
{
    if (system("unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs /mnt' >/dev/null 2>&1") != 0)
        cr_skip_test("a private mount namespace with a tmpfs is not allowed here (unshare -m, mount): "
                     "the disk-full cases are not tested");
    char *cmd = kg_xasprintf("unshare -m sh -c '%s' sh '%s' '%s' '%s' '%s'", script, mnt, KG_SOURCE_DIR,
                             KG_BINARY, res);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    free(cmd);
}

/* The space a complete build takes on a tmpfs, in KiB (whole pages). */
static long build_kib(const char *d)
{
    char *ref = kg_xasprintf("%s/ref", d);
    DIR *dir = opendir(ref);
    cr_assert_not_null(dir);
    long kib = 4; /* the folder */
    for (struct dirent *e; (e = readdir(dir));) {
        char *p = kg_xasprintf("%s/%s", ref, e->d_name);
        struct stat st;
        if (e->d_name[0] != '.' && stat(p, &st) == 0) kib += (st.st_size + 4095) / 4096 * 4;
        free(p);
    }
    closedir(dir);
    free(ref);
    return kib;
}

#define OLD_FILES "== edges.jsonl\nold edges\n== graph.dot\nold graph\n== notes.txt\nmine\n"

/* Build the whole example on a tmpfs of each size: 64 KiB, then every 4 KiB
 * around the size a build needs, so that the disk fills while the files are
 * written, while they are committed, and not at all.  Each run must end
 * with the whole new folder (exit 0) or with the old state (exit 4): no
 * new folder, or the old one as it was, and nothing else. */
static void disk_full(bool with_old)
{
    char *d = tmpdir();
    prepare(d, false);
    long need = build_kib(d);
    char *mnt = kg_xasprintf("%s/mnt", d), *res = kg_xasprintf("%s/res", d);
    cr_assert_eq(mkdir(mnt, 0777), 0);
    cr_assert_eq(mkdir(res, 0777), 0);
    kg_buf sizes = KG_BUF_INIT;
    kg_buf_puts(&sizes, "64");
    for (long k = need - 48; k <= need + 24; k += 4) kg_buf_printf(&sizes, " %ld", k);
    const char *make_old = with_old ? "mkdir \"$1/out\" && printf \"old edges\\n\" >\"$1/out/edges.jsonl\" && "
                                      "printf \"old graph\\n\" >\"$1/out/graph.dot\" && "
                                      "printf \"mine\\n\" >\"$1/out/notes.txt\" && "
                                    : "";
    /* for each size: $4/SIZE/code, stderr in $4/SIZE/err, a copy of the disk in $4/SIZE/disk */
    char *script = kg_xasprintf("cd \"$2\" && for k in %s; do mkdir \"$4/$k\" && "
                                "mount -t tmpfs -o size=${k}k tmpfs \"$1\" && %s"
                                "{ \"$3\" build -r " PACK " " CORPUS " -o \"$1/out\" 2>\"$4/$k/err\"; "
                                "echo $? >\"$4/$k/code\"; } && cp -a \"$1\" \"$4/$k/disk\" && umount \"$1\" "
                                "|| exit 1; done",
                                sizes.ptr, make_old);
    in_namespace(mnt, res, script);
    char *ref = kg_xasprintf("%s/ref", d);
    char *whole = snapshot(ref);
    size_t full = 0, ok = 0;
    char *save = NULL;
    for (char *k = strtok_r(sizes.ptr, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
        char *p = kg_xasprintf("%s/%s/code", res, k), *code = slurp(p);
        free(p);
        p = kg_xasprintf("%s/%s/err", res, k);
        char *err = slurp(p);
        free(p);
        char *disk = kg_xasprintf("%s/%s/disk", res, k), *out = kg_xasprintf("%s/out", disk);
        cr_assert_eq(litter(disk), 0, "%s KiB: no temporary file, folder or lock", k);
        char *got = snapshot(out);
        if (!strcmp(code, "0\n")) {
            ok++;
            char *want = with_old ? with_notes(whole, "mine\n") : kg_xstrdup(whole);
            cr_assert_str_eq(got, want, "%s KiB: exit 0, so the whole new folder", k);
            free(want);
        } else {
            full++;
            cr_assert_str_eq(code, "4\n", "%s KiB", k);
            cr_assert(strstr(err, "No space left on device"), "%s KiB: %s", k, err);
            cr_assert_str_eq(got, with_old ? OLD_FILES : "(missing)", "%s KiB: the old state", k);
        }
        free(got);
        free(out);
        free(disk);
        free(err);
        free(code);
    }
    cr_assert_geq(full, 5, "the disk should have been full in most runs");
    cr_assert_geq(ok, 1, "the largest disks hold the build");
    free(whole);
    free(ref);
    kg_buf_free(&sizes);
    free(script);
    free(mnt);
    free(res);
    rm_rf(d);
    free(d);
}

Test(cli_faults, disk_full_leaves_no_new_folder, .timeout = 600) { disk_full(false); }
Test(cli_faults, disk_full_keeps_the_old_folder, .timeout = 600) { disk_full(true); }

/* ---- an OUT that cannot be swapped ---- */

Test(cli_faults, a_mount_point_is_filled_in_place)
{
    /* a container's volume: the files are renamed into OUT one by one */
    char *d = tmpdir();
    char *out = kg_xasprintf("%s/out", d), *res = kg_xasprintf("%s/res", d);
    cr_assert_eq(mkdir(out, 0777), 0);
    cr_assert_eq(mkdir(res, 0777), 0);
    if (system("unshare -m sh -c 'mount -t tmpfs tmpfs /mnt' >/dev/null 2>&1") != 0)
        cr_skip_test("a private mount namespace is not allowed here: the mount-point case is not tested");
    char *cmd = kg_xasprintf("unshare -m sh -c 'mount -t tmpfs tmpfs \"$1\" && mkdir \"$1/keep\" && cd \"$2\" && "
                             "\"$3\" build -r " PACK " " CORPUS " -o \"$1\" --formats dot; echo $? >\"$4/code\"; "
                             "ls -A \"$1\" >\"$4/list\"' sh '%s' '%s' '%s' '%s'",
                             out, KG_SOURCE_DIR, KG_BINARY, res);
    cr_assert_eq(system(cmd), 0);
    char *p = kg_xasprintf("%s/code", res), *code = slurp(p);
    cr_assert_str_eq(code, "0\n");
    free(p);
    p = kg_xasprintf("%s/list", res);
    char *list = slurp(p);
    cr_assert_str_eq(list, "centrality.csv\nedges.jsonl\ngraph.dot\nkeep\n", "no temporary left, the folder kept");
    cr_assert_eq(litter(d), 0);
    free(list);
    free(p);
    free(code);
    free(cmd);
    free(res);
    free(out);
    rm_rf(d);
    free(d);
}

Test(cli_faults, in_place_mode_keeps_the_old_folder_on_failure)
{
    char *d = tmpdir();
    prepare(d, true);
    char *out = kg_xasprintf("%s/out", d);
    char *before = snapshot(out);
    char *env[] = {"KG_TEST_INSIDE=1", "KG_TEST_STOP_AT=written", NULL};
    char *argv[] = {"kgraph", "build", "-r", PACK, CORPUS, "-o", out, NULL};
    pid_t pid = spawn(argv, env, NULL);
    wait_stopped(pid);
    cr_assert(has_entry(out, ".kgraph-tmp."), "the temporary folder is inside out");
    cr_assert(has_entry(out, ".kgraph-lock"));
    cr_assert_eq(kill(pid, SIGTERM), 0);
    cr_assert_eq(kill(pid, SIGCONT), 0);
    cr_assert_eq(exit_code(pid), 143);
    char *after = snapshot(out);
    cr_assert_str_eq(after, before, "nothing moved into the folder, no temporary left in it:\n%s\n--- was ---\n%s",
                     after, before);
    cr_assert_eq(litter(d), 0);
    free(after);
    /* and the same build, let through, fills it */
    char *env2[] = {"KG_TEST_INSIDE=1", NULL};
    cr_assert_eq(run(argv, env2, NULL), 0);
    cr_assert_eq(litter(out), 0);
    expect_new_graph(d, true);
    free(before);
    free(out);
    rm_rf(d);
    free(d);
}
