/*
 * cli/output.h: outputs that are all or nothing.  Every file the CLI writes
 * goes through kg_out (util/util.h): a temporary file in the target's
 * folder, renamed over the target on commit.  A build's folder is one unit
 * (kg_cli_outdir): filled as a temporary sibling folder, then swapped into
 * place, under a lock.  Every temporary path is recorded while it exists,
 * so that SIGINT, SIGTERM, SIGHUP and out of memory remove them and the
 * previous outputs stay as they were.  docs/ARCHITECTURE.md, "Outputs,
 * signals, locks and out of memory", states the policies.
 */
#ifndef KG_CLI_OUTPUT_H
#define KG_CLI_OUTPUT_H

#include <stdbool.h>

#include "kgraph/export.h"
#include "util/util.h"

/* A second build into a folder another build holds (exit 8): a CLI-only
 * error code beside the library's KG_E... codes. */
#define KG_CLI_EBUSY (-100)

/* Install the handlers for SIGINT, SIGTERM and SIGHUP (once, at start-up;
 * a signal the parent set to be ignored stays ignored) and the
 * out-of-memory handler.  A signal removes the temporary outputs and exits
 * 128 + its number (130, 143, 129); out of memory removes them and exits
 * KG_EXIT_NOMEM (9). */
void kg_cli_signals_install(void);

/* kg_out_open / _commit / _abort that keep the temporary path registered
 * for exactly as long as the file exists.  Same contracts and errors. */
int kg_cli_out_open(kg_out *out, const char *path);
int kg_cli_out_commit(kg_out *out);
void kg_cli_out_abort(kg_out *out);

/* A build's output folder OUT, replaced as a whole.  Fields are private to
 * output.c; a zeroed struct is "nothing begun". */
typedef struct kg_cli_outdir {
    const char *dir;  /* OUT as the user gave it, for messages (borrowed) */
    char *final;      /* OUT, through a symbolic link if it is one */
    char *parent;     /* the folder that holds OUT and the temporaries */
    char *base;       /* OUT's last component */
    char *home;       /* where the temporaries go: parent, or OUT (inside) */
    char *prefix;     /* ".BASE.kgraph-", or ".kgraph-" (inside) */
    char *tmp;        /* HOME/PREFIXtmp.PID.XXXXXX, being filled */
    char *lock;       /* HOME/PREFIXlock */
    int lockfd;       /* -1 or the locked lock file */
    bool existed;     /* OUT was a folder when the build began */
    bool inside;      /* OUT cannot be swapped: files renamed into it */
} kg_cli_outdir;

/* Lock OUT (KG_CLI_EBUSY with the message "OUT: another kgraph build is
 * writing this folder (pid N)" when another build holds it), clean up what
 * dead runs left beside it, refuse an OUT that is no folder or holds a
 * folder of its own, and create the temporary sibling folder.  Errors:
 * KG_CLI_EBUSY, KG_EOUTPUT; on error nothing is left behind. */
int kg_cli_outdir_begin(kg_cli_outdir *od, const char *dir);
/* The path NAME will have in the temporary folder (caller frees); the
 * file is registered for removal on a signal from now on. */
char *kg_cli_outdir_file(kg_cli_outdir *od, const char *name);
/* Carry the old OUT's other files into the temporary folder (hard links,
 * or copies), except the `ndropped` names of `dropped` (files that describe
 * a graph, which the new folder does not hold), fsync, swap the folder into
 * place and remove the old one.  KG_EOUTPUT on failure, OUT then as it was. */
int kg_cli_outdir_commit(kg_cli_outdir *od, const char *const *dropped, size_t ndropped);
/* Remove the temporary folder (unless committed) and release the lock. */
void kg_cli_outdir_abort(kg_cli_outdir *od);

/* Test hooks (builds with KG_TEST_HOOKS; nothing otherwise): at the stage
 * named by KG_TEST_STOP_AT the process stops itself (SIGSTOP), so a test
 * can signal it at a known point; at the stage named by
 * KG_TEST_FAIL_ALLOC_AT the next allocation fails. */
void kg_cli_test_stage(const char *stage);

/* The two CSV files of `path` as `kgraph export -o` names them: an existing
 * folder or a path ending in '/' gives PATH/nodes.csv and PATH/edges.csv
 * (*mkdir says the folder must be created), any other path is a prefix
 * with a final ".csv" dropped.  Caller frees both. */
void kg_cli_csv_paths(char **nodes, char **edges, bool *mkdir, const char *path);

/* Render g in `fmt` (not CSV) into an open output; the write error, if any,
 * names out->path. */
int kg_cli_export_to(kg_out *out, const kg_graph *g, kg_format fmt, const kg_export_options *eo);
/* The two CSV tables into two open outputs. */
int kg_cli_export_csv_to(kg_out *nodes, kg_out *edges, const kg_graph *g,
                         const kg_export_options *eo);

#endif
