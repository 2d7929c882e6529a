/*
 * cli/cli.h: the kgraph command's shared parts.  Each subcommand lives in
 * its own file (cmd_<name>.c) and describes its options in a table; one
 * parser reads every table, and --help is printed from the same table, so
 * the help can never drift from what is accepted.
 *
 * Exit codes (docs/cli.md and docs/kgraph.1):
 *   0 success
 *   1 some inputs could not be read (the others were processed), or none
 *     could (then nothing is written)
 *   2 usage error, an unknown name included (option, command, format,
 *     measure, relation, type, entity): all are checked before any work
 *   3 rule error (a rule file is invalid or cannot be read)
 *   4 output error (a file or standard output could not be written)
 *   5 data error (a malformed edge file, or a file that is not one)
 *   6 analysis error (a graph computation failed; the --ego entity has no
 *     edge left after the other filters)
 *   7 rule tests failed (kgraph rules test)
 */
#ifndef KG_CLI_H
#define KG_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum {
    KG_EXIT_OK = 0,
    KG_EXIT_INPUT = 1,
    KG_EXIT_USAGE = 2,
    KG_EXIT_RULES = 3,
    KG_EXIT_OUTPUT = 4,
    KG_EXIT_DATA = 5,
    KG_EXIT_ANALYSIS = 6,
    KG_EXIT_TESTS = 7,
    KG_EXIT_BUSY = 8,   /* another build is writing the output folder */
    KG_EXIT_NOMEM = 9   /* out of memory (temporary output removed) */
};

typedef enum { KG_OPT_FLAG, KG_OPT_VALUE, KG_OPT_LIST } kg_opt_kind;

typedef struct kg_opt {
    const char *name;       /* long name without "--" */
    char short_name;        /* 0 for none */
    kg_opt_kind kind;
    const char *arg;        /* argument name shown in help, e.g. "FILE" */
    const char *help;
} kg_opt;

typedef struct kg_cmd {
    const char *name;       /* "extract", or "rules check" */
    const char *synopsis;   /* after "kgraph NAME " in usage */
    const char *summary;    /* one line */
    const char *description;/* paragraph(s) for --help, may be NULL */
    const kg_opt *opts;     /* terminated by {NULL} */
    int (*run)(const struct kg_cmd *cmd, int argc, char **argv);
} kg_cmd;

/* Parsed arguments: for option i of the table, values[i] holds its values
 * (flags: count of occurrences in nvalues). */
typedef struct kg_args {
    const kg_opt *opts;
    char ***values;
    size_t *nvalues;
    char **pos;             /* positional arguments */
    size_t npos;
} kg_args;

/* Parse argv (argv[0] is the command name).  Returns 0, or KG_EXIT_USAGE
 * after printing "kgraph: ..." to stderr; returns -1 when --help was
 * printed (the caller exits 0). */
int kg_args_parse(kg_args *a, const kg_cmd *cmd, int argc, char **argv);
void kg_args_free(kg_args *a);
bool kg_args_flag(const kg_args *a, const char *name);
const char *kg_args_value(const kg_args *a, const char *name);   /* last value or NULL */
size_t kg_args_list(const kg_args *a, const char *name, char ***out);
/* Parse a whole number >= 0 written in decimal digits only (no sign, no
 * blanks, not empty, not out of range) into *out. */
bool kg_args_size(const char *s, size_t *out);
/* A byte count: digits with an optional K, M or G (powers of 1024, either
 * case), e.g. 64M.  False on anything else or on overflow. */
bool kg_args_bytes(const char *s, size_t *out);
void kg_cmd_help(const kg_cmd *cmd);
/* Should output to fp be coloured?  --color always/never decide; under
 * auto (the default) colour needs a terminal and NO_COLOR unset or empty. */
bool kg_cli_color(FILE *fp);

/* Map a library error code to an exit code. */
int kg_exit_code(int err);
/* Print "kgraph: <last error>" to stderr, and return kg_exit_code(err). */
int kg_fail(int err);
/* Print "kgraph: <msg>" to stderr (for warnings passed as callbacks). */
void kg_print_warning(void *ud, const char *msg);
/* Print "kgraph: warning: <msg>" (an input that was skipped). */
void kg_print_input_warning(void *ud, const char *msg);

/* Parse argv for `cmd` into *a.  Returns -1 when the command should go on;
 * otherwise the exit code to return at once (0 after --help), with *a
 * already freed. */
int kg_args_start(kg_args *a, const kg_cmd *cmd, int argc, char **argv);
void kg_usage_error(const kg_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Subcommands */
extern const kg_cmd kg_cmd_extract;
extern const kg_cmd kg_cmd_rules_check;
extern const kg_cmd kg_cmd_rules_test;
extern const kg_cmd kg_cmd_explain;
extern const kg_cmd kg_cmd_rules_coverage;
extern const kg_cmd kg_cmd_export;
extern const kg_cmd kg_cmd_build;
extern const kg_cmd kg_cmd_stats;

#endif
