/*
 * cli/main.c: `kgraph <command> [options] [inputs]`, dispatch to the
 * subcommands in cli/cmd_*.c.  --help and --version print to stdout and
 * exit 0; every diagnostic goes to stderr as "kgraph: ...".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "kgraph/common.h"
#include "util/util.h"

static const kg_cmd *const commands[] = {
    &kg_cmd_build,
    &kg_cmd_extract,
    &kg_cmd_explain,
    &kg_cmd_export,
    &kg_cmd_stats,
    &kg_cmd_rules_check,
    &kg_cmd_rules_test,
    &kg_cmd_rules_coverage,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: kgraph <command> [options] [inputs]\n\nCommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(fp, "  %-16s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(fp, "\nOptions:\n  -h, --help       show this help and exit\n"
                "  -V, --version    print the version and exit\n"
                "      --color WHEN colour: auto (on a terminal, unless NO_COLOR is set), always, never\n"
                "\n'kgraph help <command>' (or 'kgraph <command> --help') describes a command.\n"
                "Exit codes: 0 success, 1 some inputs unreadable, 2 usage, 3 rule error,\n"
                "4 output error, 5 data error, 6 analysis error, 7 rule tests failed,\n"
                "8 output folder busy, 9 out of memory, 128+N killed by signal N.\n");
}

/* A command that succeeded but whose standard output could not be written
 * (--help into a full disk) fails with exit code 4; commands that report
 * their own write errors have already returned non-zero. */
static int flushed(int code)
{
    if (code == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "kgraph: <stdout>: write failed: %s\n", strerror(errno ? errno : EIO));
        return KG_EXIT_OUTPUT;
    }
    return code;
}

/* The command named by argv[0] (and argv[1] for "rules check"); *used
 * receives how many words it took. */
static const kg_cmd *find_command(int argc, char **argv, int *used)
{
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const kg_cmd *c = commands[i];
        const char *sp = strchr(c->name, ' ');
        if (!sp && strcmp(argv[0], c->name) == 0) {
            *used = 1;
            return c;
        }
        if (sp && argc >= 2 && strlen(argv[0]) == (size_t)(sp - c->name) &&
            strncmp(argv[0], c->name, (size_t)(sp - c->name)) == 0 && strcmp(argv[1], sp + 1) == 0) {
            *used = 2;
            return c;
        }
    }
    return NULL;
}

/* "kgraph: unknown command 'biuld' (did you mean 'build'?)": the
 * candidates are the full command names ("rules check") when the user
 * wrote "rules ...", the first words otherwise. */
static int unknown_command(int argc, char **argv)
{
    bool rules = argc >= 2 && strcmp(argv[0], "rules") == 0;
    const char *names[NCOMMANDS + 2];
    size_t n = 0;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const char *sp = strchr(commands[i]->name, ' ');
        if (rules && sp) names[n++] = commands[i]->name;
        if (!rules && !sp) names[n++] = commands[i]->name;
    }
    if (!rules) {
        names[n++] = "rules";
        names[n++] = "help";
    }
    char word[256];
    snprintf(word, sizeof word, "%s%s%s", argv[0], rules ? " " : "", rules ? argv[1] : "");
    fprintf(stderr, "kgraph: unknown command '%s'%s\n", word, kg_suggest(word, names, n, false));
    fprintf(stderr, "Try 'kgraph --help' for the list of commands.\n");
    return KG_EXIT_USAGE;
}

/* `kgraph help [COMMAND]`: the command's --help, or the overview. */
static int help(int argc, char **argv)
{
    if (argc == 0) {
        usage(stdout);
        return flushed(0);
    }
    int used;
    const kg_cmd *c = find_command(argc, argv, &used);
    if (!c || used != argc) {
        if (argc == 1 && strcmp(argv[0], "rules") == 0) {
            usage(stdout);
            return flushed(0);
        }
        return unknown_command(argc, argv);
    }
    kg_cmd_help(c);
    return flushed(0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return KG_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return flushed(0);
    }
    if (strcmp(argv[1], "help") == 0) return help(argc - 2, argv + 2);
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("kgraph %s\n", kg_version());
        return flushed(0);
    }
    kg_cli_signals_install();
    int used;
    const kg_cmd *c = find_command(argc - 1, argv + 1, &used);
    if (!c) return unknown_command(argc - 1, argv + 1);
    return flushed(c->run(c, argc - used, argv + used));
}
