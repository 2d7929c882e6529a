/*
 * cli/main.c: `kgraph <command> [options] [inputs]`, dispatch to the
 * subcommands in cli/cmd_*.c.  --help and --version print to stdout and
 * exit 0; every diagnostic goes to stderr as "kgraph: ...".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "kgraph/common.h"

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
                "\n'kgraph <command> --help' describes a command.  Exit codes: 0 success,\n"
                "1 some inputs unreadable, 2 usage, 3 rule error, 4 output error, 5 data error,\n"
                "6 analysis error, 7 rule tests failed.\n");
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

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return KG_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return flushed(0);
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("kgraph %s\n", kg_version());
        return flushed(0);
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const kg_cmd *c = commands[i];
        const char *sp = strchr(c->name, ' ');
        if (!sp && strcmp(argv[1], c->name) == 0) return flushed(c->run(c, argc - 1, argv + 1));
        if (sp && argc >= 3 && strncmp(argv[1], c->name, (size_t)(sp - c->name)) == 0 &&
            strlen(argv[1]) == (size_t)(sp - c->name) && strcmp(argv[2], sp + 1) == 0)
            return flushed(c->run(c, argc - 2, argv + 2));
    }
    fprintf(stderr, "kgraph: unknown command '%s'\n", argc >= 3 && strcmp(argv[1], "rules") == 0
                                                        ? argv[2] : argv[1]);
    usage(stderr);
    return KG_EXIT_USAGE;
}
