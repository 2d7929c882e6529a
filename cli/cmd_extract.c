/*
 * cli/cmd_extract.c: `kgraph extract`, text in, edge records (JSON Lines)
 * out.  Loads the rules first, so that a rule error leaves no output file;
 * then extracts the documents on -j threads (cli/workers.c), writing each
 * one's edges (and mentions, if asked) in document order to atomically
 * replaced files or to stdout, so the output is the same for every -j.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cli/pipeline.h"
#include "kgraph/extract.h"
#include "kgraph/rules.h"
#include "util/util.h"

static const kg_opt opts[] = {
    {"rules", 'r', KG_OPT_LIST, "RULES.yaml", "rule file to load (repeatable; at least one)"},
    {"output", 'o', KG_OPT_VALUE, "FILE", "write edges to FILE instead of standard output"},
    {"mentions", 0, KG_OPT_VALUE, "FILE", "also write every entity mention to FILE"},
    {"quiet", 'q', KG_OPT_FLAG, NULL, "do not print warnings about skipped inputs"},
    KG_JOBS_OPT,
    KG_DOC_OPTS,
    {NULL, 0, 0, NULL, NULL},
};

typedef struct sink_state {
    kg_out *edges;
    kg_out *mentions;
} sink_state;

static int write_failed(const kg_out *o)
{
    int e = errno ? errno : EIO;
    return kg_error_set(KG_EOUTPUT, "%s: write failed: %s",
                        strcmp(o->path, "-") == 0 ? "<stdout>" : o->path, strerror(e));
}

/* One document's records, already JSON Lines, go out as they are. */
static int on_records(void *ud, const kg_doc_result *r)
{
    sink_state *st = ud;
    errno = 0;
    if (r->edges_len && fwrite(r->edges, 1, r->edges_len, st->edges->fp) != r->edges_len)
        return write_failed(st->edges);
    if (st->mentions && r->mentions_len &&
        fwrite(r->mentions, 1, r->mentions_len, st->mentions->fp) != r->mentions_len)
        return write_failed(st->mentions);
    return 0;
}

static int cmd_extract(const kg_cmd *cmd, int argc, char **argv)
{
    kg_args a;
    int early = kg_args_start(&a, cmd, argc, argv);
    if (early >= 0) return early;
    char **rules_paths;
    size_t nrules = kg_args_list(&a, "rules", &rules_paths);
    int exit_code = 0, rc;
    kg_rules *rules = NULL;
    kg_doclist docs = {0};
    kg_out eout = {0}, mout = {0};
    bool quiet = kg_args_flag(&a, "quiet");
    size_t max_doc;
    if (nrules == 0) {
        kg_usage_error(cmd, "no rule file: give one with -r RULES.yaml");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if ((exit_code = kg_cli_max_doc_size(&max_doc, &a, cmd))) goto done;
    kg_rules_options ro = {0}; /* rule warnings are for `kgraph rules check` */
    if ((exit_code = kg_cli_load_rules(&rules, rules_paths, nrules, &ro))) goto done;
    const char *stdin_only[] = {"-"};
    int input_rc = a.npos ? kg_doclist_expand(&docs, (const char *const *)a.pos, a.npos, kg_print_input_warning, NULL)
                          : kg_doclist_expand(&docs, stdin_only, 1, kg_print_input_warning, NULL);
    if (docs.n == 0) {
        fprintf(stderr, "kgraph: no input could be read; nothing written\n");
        exit_code = KG_EXIT_INPUT;
        goto done;
    }
    size_t jobs;
    if ((exit_code = kg_cli_jobs(&jobs, &a, cmd, &docs))) goto done;
    const char *opath = kg_args_value(&a, "output"), *mpath = kg_args_value(&a, "mentions");
    if ((rc = kg_cli_out_open(&eout, opath ? opath : "-")) || (mpath && (rc = kg_cli_out_open(&mout, mpath)))) {
        exit_code = kg_fail(rc);
        goto done;
    }
    sink_state st = {.edges = &eout, .mentions = mpath ? &mout : NULL};
    kg_cli_run_options ro_run = {.jobs = jobs, .max_doc_size = max_doc, .mentions = mpath != NULL};
    kg_progress pg;
    kg_progress_init(&pg, !quiet && opath && isatty(2));
    rc = kg_cli_run_docs(rules, &docs, &ro_run, quiet, &pg, on_records, &st);
    if (rc && rc != KG_EIO) {
        exit_code = kg_fail(rc);
        goto done;
    }
    if (pg.files == 0 && rc == KG_EIO) {
        /* every document failed: an empty edge file would look like a result */
        fprintf(stderr, "kgraph: no input could be read; nothing written\n");
        exit_code = KG_EXIT_INPUT;
        goto done;
    }
    if (input_rc || rc == KG_EIO) exit_code = KG_EXIT_INPUT;
    if ((mpath && (rc = kg_cli_out_commit(&mout))) || (rc = kg_cli_out_commit(&eout))) {
        exit_code = kg_fail(rc);
        goto done;
    }
done:
    kg_cli_out_abort(&eout);
    kg_cli_out_abort(&mout);
    kg_rules_free(rules);
    kg_doclist_free(&docs);
    kg_args_free(&a);
    return exit_code;
}

const kg_cmd kg_cmd_extract = {
    "extract", "-r RULES.yaml [-r MORE.yaml] [-o OUT.jsonl] [--mentions FILE] [INPUT...]",
    "Find entities and relation edges in text, one JSON line per edge.",
    "INPUT is a file, a directory (read recursively, in sorted order) or - for standard\n"
    "input (the default).  Unreadable inputs, and documents larger than\n"
    "--max-doc-size, are reported and skipped (exit code 1); files that look binary\n"
    "(decided from their first 64 KiB) are skipped with a warning.  Output files are replaced\n"
    "atomically: on an error no partial file is left.",
    opts, cmd_extract};
