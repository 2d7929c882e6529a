/*
 * cli/output.c: temporary output files cleaned up on SIGINT, SIGTERM and
 * SIGHUP (see output.h).
 *
 * Data: a fixed table of pointers to the temporary paths of the open
 * outputs (the strings belong to their kg_out).  Invariant: a temporary
 * file exists on disk exactly while its path is in the table.  The table
 * only changes with the three signals blocked, and a kg_out is only created,
 * renamed or removed inside those same blocked sections, so the handler
 * never sees a half-written slot or a file that has not been registered yet.
 *
 * The handler does only what is async-signal-safe: unlink() each path,
 * rmdir() the folder the run created (it fails unless empty, which is what
 * we want), then restore the default action, unblock the signal and raise
 * it again, so that the parent sees "killed by SIGTERM", not an exit code.
 *
 *   kg_cli_out_open ──block── kg_out_open ── table[i] = tmp ──unblock──
 *   kg_cli_out_commit ─block── rename (kg_out_commit) ── table[i] = NULL ──unblock──
 */
#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/output.h"

/* build keeps nine files open at once (edges.jsonl, centrality.csv, five
 * graph files and the two CSV tables); more would be a programming error. */
#define MAX_TEMPS 16

static const char *volatile temps[MAX_TEMPS];
static const char *volatile created_dir;
static const int handled[] = {SIGINT, SIGTERM, SIGHUP};
#define NHANDLED (sizeof handled / sizeof handled[0])

static void on_signal(int sig)
{
    int saved = errno;
    for (size_t i = 0; i < MAX_TEMPS; i++)
        if (temps[i]) unlink(temps[i]);
    if (created_dir) rmdir(created_dir);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    errno = saved; /* not reached unless the default action returns */
}

void kg_cli_signals_install(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NHANDLED; i++) sigaddset(&sa.sa_mask, handled[i]);
    for (size_t i = 0; i < NHANDLED; i++) {
        /* `nohup kgraph ...` and background jobs of a non-interactive shell
         * ignore some of these on purpose: keep it that way. */
        if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(handled[i], &sa, NULL);
    }
}

static void block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < NHANDLED; i++) sigaddset(&set, handled[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void unblock(const sigset_t *old) { sigprocmask(SIG_SETMASK, old, NULL); }

static void forget(const char *tmp)
{
    for (size_t i = 0; tmp && i < MAX_TEMPS; i++)
        if (temps[i] == tmp) temps[i] = NULL;
}

int kg_cli_out_open(kg_out *out, const char *path)
{
    sigset_t old;
    block(&old);
    int rc = kg_out_open(out, path);
    if (rc == 0 && out->tmp) {
        size_t i = 0;
        while (i < MAX_TEMPS && temps[i]) i++;
        assert(i < MAX_TEMPS && "more open outputs than MAX_TEMPS");
        temps[i] = out->tmp;
    }
    unblock(&old);
    return rc;
}

int kg_cli_out_commit(kg_out *out)
{
    sigset_t old;
    block(&old);
    forget(out->tmp);
    int rc = kg_out_commit(out);
    unblock(&old);
    return rc;
}

void kg_cli_out_abort(kg_out *out)
{
    sigset_t old;
    block(&old);
    forget(out->tmp);
    kg_out_abort(out);
    unblock(&old);
}

void kg_cli_cleanup_dir(const char *dir)
{
    sigset_t old;
    block(&old);
    created_dir = dir;
    unblock(&old);
}

void kg_cli_csv_paths(char **nodes, char **edges, bool *mkdir_needed, const char *path)
{
    size_t len = strlen(path);
    struct stat st;
    bool slash = len && path[len - 1] == '/';
    bool dir = slash || (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
    *mkdir_needed = slash && !(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
    if (dir) {
        *nodes = kg_xasprintf("%s%snodes.csv", path, slash ? "" : "/");
        *edges = kg_xasprintf("%s%sedges.csv", path, slash ? "" : "/");
        return;
    }
    if (len > 4 && strcmp(path + len - 4, ".csv") == 0) len -= 4;
    *nodes = kg_xasprintf("%.*s.nodes.csv", (int)len, path);
    *edges = kg_xasprintf("%.*s.edges.csv", (int)len, path);
}

/* A writer's KG_EOUTPUT does not know the file's name: say it here. */
static int name_write_error(int rc, const kg_out *out)
{
    if (rc == KG_EOUTPUT && ferror(out->fp))
        return kg_error_set(KG_EOUTPUT, "%s: write failed: %s",
                            strcmp(out->path, "-") ? out->path : "<stdout>",
                            strerror(errno ? errno : EIO));
    return rc;
}

int kg_cli_export_to(kg_out *out, const kg_graph *g, kg_format fmt, const kg_export_options *eo)
{
    return name_write_error(kg_export_stream(g, fmt, eo, out->fp), out);
}

int kg_cli_export_csv_to(kg_out *nodes, kg_out *edges, const kg_graph *g,
                         const kg_export_options *eo)
{
    int rc = kg_export_csv_stream(g, eo, nodes->fp, edges->fp);
    return name_write_error(name_write_error(rc, nodes), edges);
}
