/*
 * cli/output.h: output files that survive an interrupted run.  Every file
 * the CLI writes goes through kg_out (util/util.h): a temporary file in the
 * target's folder, renamed over the target on commit.  These wrappers also
 * record each temporary path while it is open, so that SIGINT, SIGTERM or
 * SIGHUP removes them and the previous outputs stay as they were.
 */
#ifndef KG_CLI_OUTPUT_H
#define KG_CLI_OUTPUT_H

#include <stdbool.h>

#include "kgraph/export.h"
#include "util/util.h"

/* Install the handlers for SIGINT, SIGTERM and SIGHUP (once, at start-up;
 * a signal the parent set to be ignored stays ignored). */
void kg_cli_signals_install(void);

/* kg_out_open / _commit / _abort that keep the temporary path registered
 * for exactly as long as the file exists.  Same contracts and errors. */
int kg_cli_out_open(kg_out *out, const char *path);
int kg_cli_out_commit(kg_out *out);
void kg_cli_out_abort(kg_out *out);

/* A folder this run created: removed on a signal if it is still empty.
 * NULL forgets it.  The string must outlive the registration. */
void kg_cli_cleanup_dir(const char *dir);

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
