/*
 * cli/output.c: outputs that are all or nothing (see output.h and the
 * policies in docs/ARCHITECTURE.md, "Outputs, signals, locks and out of
 * memory").
 *
 * Files.  kg_out writes NAME.tmp.PID.XXXXXX beside NAME and renames it on
 * commit.  The wrappers here record each temporary path while it exists.
 *
 * Folders.  `kgraph build -o OUT` never writes into OUT:
 *
 *   parent/.OUT.kgraph-lock              flock()ed for the whole build, holds the pid
 *   parent/.OUT.kgraph-tmp.PID.XXXXXX/   filled with every output, fsync()ed
 *   parent/OUT/                          the old folder, untouched until the swap
 *
 * At the end the old OUT's other files are hard-linked into the new folder,
 * which is then exchanged with OUT in one renameat2(RENAME_EXCHANGE); the
 * old contents, now under the temporary name, are removed.  Where the
 * filesystem cannot exchange (EINVAL, ENOSYS), OUT is renamed to
 * .OUT.kgraph-old.PID.XXXXXX and the new folder renamed to OUT: between the
 * two renames OUT does not exist, and a run killed there leaves the backup,
 * which the next run puts back.  A temporary whose pid is dead (kill(pid, 0)
 * gives ESRCH) is stale: the next run that takes the lock removes it.
 *
 * Cleanup.  One routine, cleanup_now(), removes what exists of the current
 * run: the registered temporary files, the files registered in the
 * temporary folder, the folder itself and the lock file.  It runs from the
 * signal handler and from the out-of-memory handler, so it only calls
 * unlink() and rmdir() on paths prepared in advance.  The registrations
 * and the folder change only inside critical sections (enter/leave): the
 * three signals blocked in the main thread, and an atomic state that a
 * handler running on another thread (an idle OpenMP worker can receive a
 * signal too) checks: it cleans up only when no section is open, and
 * otherwise leaves the signal for leave() to act on.  A path is published
 * only once its string is complete, so a handler never sees half an entry.
 *
 *   kg_cli_out_open ──enter── kg_out_open ── temps[i] = tmp ──leave──
 *   kg_cli_out_commit ─enter── rename (kg_out_commit) ── temps[i] = NULL ──leave──
 *   kg_cli_outdir_commit ─enter── exchange, remove old ──leave── (signal now: exit)
 */
#define _GNU_SOURCE /* flock, syscall, SYS_renameat2 */
#include <assert.h>
#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"

/* build keeps ten files open at once (edges.jsonl, centrality.csv, five
 * graph files, the two CSV tables and report.html); more would be a
 * programming error. */
#define MAX_TEMPS 16

static const char *volatile temps[MAX_TEMPS];
/* The current build's temporary folder, the files that may be in it, and
 * its lock file: all NULL/0 outside a build. */
static char *volatile tmp_dir;
static char **volatile dir_files;
static volatile size_t ndir_files;
static size_t dir_files_cap;
static char *volatile lock_path;
static const int handled[] = {SIGINT, SIGTERM, SIGHUP};
#define NHANDLED (sizeof handled / sizeof handled[0])

/* Remove every temporary output of this run (async-signal-safe). */
static void cleanup_now(void)
{
    for (size_t i = 0; i < MAX_TEMPS; i++)
        if (temps[i]) unlink(temps[i]);
    char **files = dir_files;
    for (size_t i = 0, n = ndir_files; i < n; i++) unlink(files[i]);
    if (tmp_dir) rmdir(tmp_dir);
    if (lock_path) unlink(lock_path); /* we hold it: see take_lock() */
}

/* Who may touch the registrations and the folder: IDLE, the main thread in
 * a critical section (CRITICAL), or a handler that is cleaning up and
 * exiting (DYING).  A signal can be delivered to any thread that does not
 * block it, such as an idle OpenMP worker, so blocking the signals in the
 * main thread is not enough: a handler that finds the main thread in a
 * critical section leaves the signal pending for it and returns, and the
 * main thread handles it when the section ends. */
enum { IDLE, CRITICAL, DYING };
static _Atomic int state = IDLE;
/* Set by a handler before it looks at `state`, so that leave(), which
 * stores IDLE before it reads this, either sees the signal or lets the
 * handler's own compare-and-swap from IDLE succeed: never neither. */
static _Atomic int pending_sig;
static int depth;        /* nesting of critical sections (main thread only) */
static sigset_t saved;   /* the mask before the outermost one */

static _Noreturn void die(int code)
{
    cleanup_now();
    _exit(code);
}

/* The thread running die() on its own (out of memory): a signal arriving
 * there must not wait for itself. */
static _Thread_local volatile sig_atomic_t dying_here;

static void on_signal(int sig)
{
    if (dying_here) return; /* this thread is already cleaning up and exiting */
    atomic_store(&pending_sig, sig);
    int expect = IDLE;
    if (atomic_compare_exchange_strong(&state, &expect, DYING)) die(128 + sig);
    if (expect == CRITICAL) return; /* leave() handles it */
    for (;;) pause(); /* another thread is already cleaning up and exiting */
}

/* Out of memory may strike inside a critical section of the same thread:
 * clean up regardless. */
static void on_oom(void)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < NHANDLED; i++) sigaddset(&set, handled[i]);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    dying_here = 1;
    atomic_store(&state, DYING);
    die(KG_EXIT_NOMEM);
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
    kg_set_oom_handler(on_oom);
}

/* Begin a critical section: the three signals blocked in this thread, and
 * no handler running in another. */
static void enter(void)
{
    if (depth++ > 0) return;
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < NHANDLED; i++) sigaddset(&set, handled[i]);
    pthread_sigmask(SIG_BLOCK, &set, &saved);
    int expect = IDLE;
    while (!atomic_compare_exchange_strong(&state, &expect, CRITICAL)) {
        if (expect == DYING)
            for (;;) pause(); /* a handler elsewhere is cleaning up and exiting */
        expect = IDLE;
    }
}

/* End it; a signal that arrived meanwhile on another thread is handled
 * now. */
static void leave(void)
{
    if (--depth > 0) return;
    atomic_store(&state, IDLE);
    int sig = atomic_load(&pending_sig);
    int expect = IDLE;
    if (sig && atomic_compare_exchange_strong(&state, &expect, DYING)) die(128 + sig);
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
}

void kg_cli_test_stage(const char *stage)
{
#ifdef KG_TEST_HOOKS
    const char *s = getenv("KG_TEST_STOP_AT");
    if (s && !strcmp(s, stage)) {
        raise(SIGSTOP);
        /* A signal the test sent while we were stopped may be taken by an
         * idle OpenMP thread after this one has already gone on into the
         * next critical section (then it would count as arriving during
         * it).  The test means "before": wait, a bounded while, until it is
         * no longer pending and its handler has claimed the exit. */
        bool was_pending = false;
        for (int i = 0; i < 1000 && atomic_load(&state) != DYING; i++) {
            sigset_t p;
            bool ours = false;
            if (sigpending(&p) == 0)
                for (size_t k = 0; k < NHANDLED; k++) ours |= sigismember(&p, handled[k]) == 1;
            was_pending |= ours;
            if (!ours && !was_pending && i >= 20) break; /* none came: go on */
            struct timespec ms = {0, 1000000};
            nanosleep(&ms, NULL);
        }
    }
    s = getenv("KG_TEST_FAIL_ALLOC_AT");
    if (s && !strcmp(s, stage)) kg_test_fail_alloc_after(0);
#else
    (void)stage;
#endif
}

/* ---- stale temporaries ---- */

/* Does `name` read PREFIX PID "." XXXXXX (six letters or digits, as
 * mkstemp and mkdtemp make them), with PID a process that no longer
 * exists?  A live pid, or one we may not signal, is never stale. */
static bool stale(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0) return false;
    char *end;
    errno = 0;
    long pid = strtol(name + n, &end, 10);
    if (errno || end == name + n || *end != '.' || pid <= 0 || pid > INT_MAX) return false;
    /* exactly mkstemp's/mkdtemp's six characters, so that a user's file that
     * merely looks alike ("report.tmp.2024.csv") is never taken for ours */
    size_t k = 0;
    for (end++; isalnum((unsigned char)end[k]); k++) {}
    if (k != 6 || end[k] != '\0') return false;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* The last component of `path` and the folder holding it (caller frees). */
static void split_path(char **parent, char **base, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *parent = kg_xstrdup(".");
        *base = kg_xstrdup(path);
    } else {
        *parent = slash == path ? kg_xstrdup("/") : kg_xstrndup(path, (size_t)(slash - path));
        *base = kg_xstrdup(slash + 1);
    }
}

/* Remove the files of folder `dir`, then the folder (best effort: what
 * cannot be removed stays, and the next run tries again). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        for (struct dirent *e; (e = readdir(d));) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char *p = kg_xasprintf("%s/%s", dir, e->d_name);
            unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Is `name` a kg_out temporary (of `base`, or of any file when base is
 * NULL) whose run is dead? */
static bool stale_file(const char *name, const char *base)
{
    if (base) {
        size_t n = strlen(base);
        return !strncmp(name, base, n) && stale(name + n, ".tmp.");
    }
    const char *t = NULL;
    for (const char *p = strstr(name, ".tmp."); p; p = strstr(p + 1, ".tmp.")) t = p;
    return t && stale(t, ".tmp.");
}

/* kg_out temporaries of `base` (NULL: of any file) in `dir` left by dead
 * runs. */
static void clean_stale_files(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    if (!d) return;
    for (struct dirent *e; (e = readdir(d));) {
        if (!stale_file(e->d_name, base)) continue;
        char *p = kg_xasprintf("%s/%s", dir, e->d_name);
        unlink(p);
        free(p);
    }
    closedir(d);
}

/* ---- single files ---- */

int kg_cli_out_open(kg_out *out, const char *path)
{
    if (strcmp(path, "-") != 0) {
        char *parent, *base;
        split_path(&parent, &base, path);
        clean_stale_files(parent, base);
        free(parent);
        free(base);
    }
    enter();
    int rc = kg_out_open(out, path);
    if (rc == 0 && out->tmp) {
        size_t i = 0;
        while (i < MAX_TEMPS && temps[i]) i++;
        assert(i < MAX_TEMPS && "more open outputs than MAX_TEMPS");
        temps[i] = out->tmp;
    }
    leave();
    if (rc == 0) kg_cli_test_stage("opened");
    return rc;
}

static void forget(const char *tmp)
{
    for (size_t i = 0; tmp && i < MAX_TEMPS; i++)
        if (temps[i] == tmp) temps[i] = NULL;
}

int kg_cli_out_commit(kg_out *out)
{
    enter();
    forget(out->tmp);
    int rc = kg_out_commit(out);
    leave();
    return rc;
}

void kg_cli_out_abort(kg_out *out)
{
    enter();
    forget(out->tmp);
    kg_out_abort(out);
    leave();
}

/* ---- the build folder ---- */

/* Register `path` (taken) as a file that may exist in the temporary
 * folder.  The array is replaced, never reallocated in place, so a handler
 * that runs meanwhile reads either the old array or the new one. */
static void add_dir_file(char *path)
{
    if (ndir_files == dir_files_cap) {
        size_t cap = dir_files_cap ? 2 * dir_files_cap : 16;
        char **grown = kg_xcalloc(cap, sizeof *grown);
        char **prev = dir_files;
        if (ndir_files) memcpy(grown, prev, ndir_files * sizeof *grown);
        enter();
        dir_files = grown;
        leave();
        free(prev);
        dir_files_cap = cap;
    }
    enter();
    dir_files[ndir_files] = path;
    ndir_files = ndir_files + 1;
    leave();
}

/* Forget the temporary folder and its files (they no longer exist, or
 * were swapped into place). */
static void forget_dir(void)
{
    enter();
    char **files = dir_files;
    size_t n = ndir_files;
    char *dir = tmp_dir;
    dir_files = NULL;
    ndir_files = 0;
    tmp_dir = NULL;
    leave();
    for (size_t i = 0; i < n; i++) free(files[i]);
    free(files);
    free(dir);
    dir_files_cap = 0;
}

/* Take HOME/PREFIXlock.  The lock file is removed when the build
 * ends, so a lock taken on a file that was meanwhile unlinked (or replaced)
 * is worthless: take it again until the locked file is the one the path
 * names. */
static int take_lock(kg_cli_outdir *od)
{
    od->lock = kg_xasprintf("%s/%slock", od->home, od->prefix);
    for (;;) {
        int fd = open(od->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0)
            return kg_error_set(KG_EOUTPUT, "%s: cannot create folder: %s", od->dir, strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            char buf[32] = "";
            ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
            close(fd);
            if (e != EWOULDBLOCK)
                return kg_error_set(KG_EOUTPUT, "%s: cannot lock: %s", od->lock, strerror(e));
            long pid = n > 0 ? strtol(buf, NULL, 10) : 0;
            if (pid > 0)
                return kg_error_set(KG_CLI_EBUSY, "%s: another kgraph build is writing this folder (pid %ld)",
                                    od->dir, pid);
            return kg_error_set(KG_CLI_EBUSY, "%s: another kgraph build is writing this folder", od->dir);
        }
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(od->lock, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
            char buf[32];
            int len = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
            if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)len, 0) != len) {
                /* the pid is for the message only: a full disk does not stop the build */
            }
            od->lockfd = fd;
            enter();
            lock_path = od->lock;
            leave();
            return 0;
        }
        close(fd);
    }
}

static void release_lock(kg_cli_outdir *od)
{
    if (!od->lock || od->lockfd < 0) return;
    enter();
    lock_path = NULL;
    unlink(od->lock); /* before the unlock: see take_lock() */
    leave();
    close(od->lockfd);
    od->lockfd = -1;
}

/* With the lock held: remove the temporaries of dead runs beside OUT, and
 * put back a backup of OUT that a run killed during the fallback swap left
 * without OUT. */
static void clean_stale_dirs(kg_cli_outdir *od)
{
    DIR *d = opendir(od->home);
    if (!d) return;
    char *tmp = kg_xasprintf("%stmp.", od->prefix);
    char *bak = kg_xasprintf("%sold.", od->prefix);
    for (struct dirent *e; (e = readdir(d));) {
        bool is_tmp = stale(e->d_name, tmp), is_bak = !is_tmp && stale(e->d_name, bak);
        if (!is_tmp && !is_bak) continue;
        char *p = kg_xasprintf("%s/%s", od->home, e->d_name);
        struct stat st;
        if (is_bak && lstat(od->final, &st) != 0 && errno == ENOENT && rename(p, od->final) == 0)
            fprintf(stderr, "kgraph: %s: restored from %s, left by an interrupted build\n", od->dir, p);
        else
            remove_tree(p);
        free(p);
    }
    free(tmp);
    free(bak);
    closedir(d);
    clean_stale_files(od->final, NULL); /* kg_out temporaries of older kgraphs */
}

/* The old OUT may hold only files and symbolic links: the swap would take
 * a folder of the user's away with it, so one is refused before any work. */
static int check_old(const kg_cli_outdir *od)
{
    DIR *d = opendir(od->final);
    if (!d) return kg_error_set(KG_EOUTPUT, "%s: cannot read folder: %s", od->dir, strerror(errno));
    int rc = 0;
    for (struct dirent *e; !rc && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *p = kg_xasprintf("%s/%s", od->final, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
            rc = kg_error_set(KG_EOUTPUT,
                              "%s/%s: %s; a build replaces %s as a whole and would not keep "
                              "it: move it out of the folder",
                              od->dir, e->d_name, S_ISDIR(st.st_mode) ? "a folder" : "not a regular file",
                              od->dir);
        free(p);
    }
    closedir(d);
    return rc;
}

/* Fill od->final, parent and base from OUT as given. */
static int resolve(kg_cli_outdir *od)
{
    struct stat st;
    if (stat(od->dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) return kg_error_set(KG_EOUTPUT, "%s: not a folder", od->dir);
        od->existed = true;
        od->final = realpath(od->dir, NULL);
        if (!od->final) return kg_error_set(KG_EOUTPUT, "%s: %s", od->dir, strerror(errno));
    } else {
        size_t n = strlen(od->dir);
        while (n > 1 && od->dir[n - 1] == '/') n--;
        od->final = kg_xstrndup(od->dir, n);
    }
    split_path(&od->parent, &od->base, od->final);
    if (!od->base[0] || !strcmp(od->base, ".") || !strcmp(od->base, ".."))
        return kg_error_set(KG_EOUTPUT, "%s: give the output folder by its name", od->dir);
    return 0;
}

/* OUT is swapped from its parent, unless it cannot be: a mount point
 * (a container's volume: rename gives EBUSY) or a parent we may not write
 * (EACCES, EROFS).  Then the temporaries live inside OUT and the files are
 * renamed into it one by one at the end. */
static void choose_home(kg_cli_outdir *od)
{
    struct stat out, parent;
    od->inside = od->existed &&
                 ((stat(od->final, &out) == 0 && stat(od->parent, &parent) == 0 && out.st_dev != parent.st_dev) ||
                  access(od->parent, W_OK) != 0);
#ifdef KG_TEST_HOOKS
    if (od->existed && getenv("KG_TEST_INSIDE")) od->inside = true;
#endif
    od->home = kg_xstrdup(od->inside ? od->final : od->parent);
    od->prefix = od->inside ? kg_xstrdup(".kgraph-") : kg_xasprintf(".%s.kgraph-", od->base);
}

int kg_cli_outdir_begin(kg_cli_outdir *od, const char *dir)
{
    memset(od, 0, sizeof *od);
    od->dir = dir;
    od->lockfd = -1;
    int rc;
    if ((rc = resolve(od))) goto fail;
    choose_home(od);
    if ((rc = take_lock(od))) goto fail;
    clean_stale_dirs(od);
    /* the stale backup may have been put back as OUT */
    struct stat st;
    od->existed = stat(od->final, &st) == 0 && S_ISDIR(st.st_mode);
    if (od->existed && !od->inside && (rc = check_old(od))) goto fail;
    char *tmp = kg_xasprintf("%s/%stmp.%ld.XXXXXX", od->home, od->prefix, (long)getpid());
    enter();
    if (!mkdtemp(tmp)) {
        int e = errno;
        leave();
        free(tmp);
        rc = kg_error_set(KG_EOUTPUT, "%s: cannot create folder: %s", dir, strerror(e));
        goto fail;
    }
    tmp_dir = tmp;
    leave();
    od->tmp = tmp;
    /* the folder readers see keeps its mode; a new one gets the umask's */
    mode_t mask = umask(022);
    umask(mask);
    (void)chmod(tmp, od->existed ? st.st_mode & 07777 : 0777 & ~mask);
    return 0;
fail:
    kg_cli_outdir_abort(od);
    return rc;
}

char *kg_cli_outdir_file(kg_cli_outdir *od, const char *name)
{
    assert(od->tmp);
    add_dir_file(kg_xasprintf("%s/%s", od->tmp, name));
    return kg_xasprintf("%s/%s", od->tmp, name);
}

/* Copy file `from` to `to` (where a hard link is refused). */
static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, e = 0;
    struct stat st;
    if (in < 0 || fstat(in, &st) != 0) e = errno;
    if (!e && (out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 07777)) < 0) e = errno;
    char buf[65536];
    for (ssize_t n; !e && (n = read(in, buf, sizeof buf)) != 0;) {
        if (n < 0) e = errno;
        for (ssize_t w = 0, k; !e && w < n; w += k)
            if ((k = write(out, buf + w, (size_t)(n - w))) < 0) e = errno;
    }
    if (!e && fsync(out) != 0 && errno != EINVAL) e = errno;
    if (out >= 0 && close(out) != 0 && !e) e = errno;
    if (in >= 0) close(in);
    errno = e;
    return e ? -1 : 0;
}

static bool listed(const char *name, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(name, names[i])) return true;
    return false;
}

/* Bring the old OUT's files that this build neither wrote nor drops into
 * the temporary folder. */
static int carry_over(kg_cli_outdir *od, const char *const *dropped, size_t ndropped)
{
    DIR *d = opendir(od->final);
    if (!d) return kg_error_set(KG_EOUTPUT, "%s: cannot read folder: %s", od->dir, strerror(errno));
    int rc = 0;
    for (struct dirent *e; !rc && (e = readdir(d));) {
        const char *name = e->d_name;
        if (!strcmp(name, ".") || !strcmp(name, "..") || listed(name, dropped, ndropped)) continue;
        char *from = kg_xasprintf("%s/%s", od->final, name);
        char *to = kg_xasprintf("%s/%s", od->tmp, name);
        struct stat st;
        if (lstat(to, &st) == 0) { /* written by this build */
            free(from);
            free(to);
            continue;
        }
        add_dir_file(kg_xstrdup(to));
        char link_to[PATH_MAX];
        ssize_t n;
        if (lstat(from, &st) == 0 && S_ISLNK(st.st_mode)) {
            if ((n = readlink(from, link_to, sizeof link_to - 1)) < 0) rc = -1;
            else link_to[n] = '\0', rc = symlink(link_to, to);
        } else if (link(from, to) != 0) {
            rc = copy_file(from, to);
        }
        if (rc) rc = kg_error_set(KG_EOUTPUT, "%s/%s: cannot keep it in the new folder: %s", od->dir,
                                  name, strerror(errno));
        free(from);
        free(to);
    }
    closedir(d);
    return rc;
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int r = fsync(fd) != 0 && errno != EINVAL ? -1 : 0, e = errno;
    close(fd);
    errno = e;
    return r;
}

static int exchange(const char *a, const char *b)
{
#ifdef KG_TEST_HOOKS
    if (getenv("KG_TEST_NO_EXCHANGE")) {
        errno = EINVAL;
        return -1;
    }
#endif
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/* Where the filesystem cannot exchange: OUT aside, the new folder in, the
 * old one removed.  A failure of the second rename puts OUT back. */
static int swap_by_renames(kg_cli_outdir *od)
{
    char *bak = kg_xasprintf("%s/.%s.kgraph-old.%ld.XXXXXX", od->parent, od->base, (long)getpid());
    int rc = 0;
    /* an empty folder reserves the name: rename() replaces an empty folder */
    if (!mkdtemp(bak) || rename(od->final, bak) != 0) {
        rc = -1;
    } else {
        kg_cli_test_stage("swap");
        if (rename(od->tmp, od->final) != 0) {
            int e = errno;
            (void)rename(bak, od->final);
            errno = e;
            rc = -1;
        } else {
            remove_tree(bak);
        }
    }
    free(bak);
    return rc;
}

/* Inside mode: rename each file of the temporary folder into OUT, remove
 * the dropped names this build did not write, then the temporary folder.
 * Each file is whole; the set changes in one quick pass, not at once. */
static int move_inside(kg_cli_outdir *od, const char *const *dropped, size_t ndropped)
{
    size_t tmplen = strlen(od->tmp);
    for (size_t i = 0; i < ndir_files; i++) {
        const char *name = dir_files[i] + tmplen + 1;
        char to[PATH_MAX];
        snprintf(to, sizeof to, "%s/%s", od->final, name);
        if (rename(dir_files[i], to) != 0 && errno != ENOENT) return -1;
    }
    for (size_t i = 0; i < ndropped; i++) {
        bool written = false;
        for (size_t j = 0; j < ndir_files && !written; j++)
            written = !strcmp(dir_files[j] + tmplen + 1, dropped[i]);
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", od->final, dropped[i]);
        if (!written) unlink(path);
    }
    rmdir(od->tmp);
    return 0;
}

int kg_cli_outdir_commit(kg_cli_outdir *od, const char *const *dropped, size_t ndropped)
{
    int rc = 0;
    if (od->inside) {
        enter();
        int r = move_inside(od, dropped, ndropped);
        int e = errno;
        if (r == 0) forget_dir();
        (void)fsync_dir(od->final);
        leave();
        if (r == 0) od->tmp = NULL;
        return r ? kg_error_set(KG_EOUTPUT, "%s: write failed: %s", od->dir, strerror(e)) : 0;
    }
    struct stat st;
    bool exists = stat(od->final, &st) == 0 && S_ISDIR(st.st_mode);
    if (exists && (rc = carry_over(od, dropped, ndropped))) return rc;
    if (fsync_dir(od->tmp) != 0)
        return kg_error_set(KG_EOUTPUT, "%s: write failed: %s", od->dir, strerror(errno));
    enter();
    int r;
    if (!exists) {
        r = rename(od->tmp, od->final);
    } else if ((r = exchange(od->tmp, od->final)) == 0) {
        remove_tree(od->tmp); /* the old contents */
    } else if (errno == EINVAL || errno == ENOSYS) {
        r = swap_by_renames(od);
    }
    if (r == 0) {
        forget_dir();
        (void)fsync_dir(od->parent);
    } else {
        rc = kg_error_set(KG_EOUTPUT, "%s: cannot replace the folder: %s", od->dir, strerror(errno));
    }
    leave();
    if (r == 0) od->tmp = NULL; /* freed by forget_dir(): it was tmp_dir */
    return rc;
}

void kg_cli_outdir_abort(kg_cli_outdir *od)
{
    if (od->tmp) {
        enter();
        char **files = dir_files;
        for (size_t i = 0, n = ndir_files; i < n; i++) unlink(files[i]);
        rmdir(od->tmp);
        leave();
        forget_dir(); /* frees od->tmp, which is tmp_dir */
        od->tmp = NULL;
    }
    release_lock(od);
    free(od->lock);
    free(od->final);
    free(od->parent);
    free(od->base);
    free(od->home);
    free(od->prefix);
    od->lock = od->final = od->parent = od->base = od->home = od->prefix = NULL;
}

void kg_cli_csv_paths(char **nodes, char **edges, bool *mkdir_needed, const char *path)
{
    size_t len = strlen(path);
    struct stat st;
    bool slash = len && path[len - 1] == '/';
    bool dir = slash || (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
    *mkdir_needed = slash && !(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
    /* the two file names come from export's format table */
    const char *nf = kg_format_file_name(KG_FMT_CSV), *ef = kg_format_second_file_name(KG_FMT_CSV);
    if (dir) {
        *nodes = kg_xasprintf("%s%s%s", path, slash ? "" : "/", nf);
        *edges = kg_xasprintf("%s%s%s", path, slash ? "" : "/", ef);
        return;
    }
    if (len > 4 && strcmp(path + len - 4, ".csv") == 0) len -= 4;
    *nodes = kg_xasprintf("%.*s.%s", (int)len, path, nf);
    *edges = kg_xasprintf("%.*s.%s", (int)len, path, ef);
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
