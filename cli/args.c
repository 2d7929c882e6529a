/*
 * cli/args.c: the table-driven option parser and help printer shared by all
 * subcommands.  Accepts --name VALUE, --name=VALUE, -x VALUE, -xVALUE, "--"
 * to end options, and "-" as a positional argument (standard input).
 *
 * Two options belong to every command and to no table: --help, and
 * --color[=WHEN], which sets the process-wide colour mode that
 * kg_cli_color() reads (NO_COLOR and the terminal decide under "auto").
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "kgraph/export.h"
#include "util/util.h"

static const char *const color_modes[] = {"auto", "always", "never"};
static int color_mode; /* index into color_modes */

bool kg_cli_color(FILE *fp)
{
    if (color_mode) return color_mode == 1;
    /* https://no-color.org: set and not empty means no colour */
    const char *no = getenv("NO_COLOR");
    if (no && *no) return false;
    return isatty(fileno(fp));
}

/* --color, --color=WHEN or --color WHEN (only when WHEN is one of the
 * modes, so that "--color FILE" keeps FILE an input).  Returns the number
 * of arguments taken (0: not --color), or -1 after a usage error. */
static int parse_color(const kg_cmd *cmd, int argc, char **argv, int i)
{
    const char *arg = argv[i];
    if (strncmp(arg, "--color", 7) != 0 || (arg[7] && arg[7] != '=')) return 0;
    const char *v = arg[7] == '=' ? arg + 8 : NULL;
    int taken = 1;
    if (!v && i + 1 < argc)
        for (int m = 0; m < 3; m++)
            if (!strcmp(argv[i + 1], color_modes[m])) {
                v = argv[i + 1];
                taken = 2;
            }
    if (!v) v = "always";
    for (int m = 0; m < 3; m++)
        if (!strcmp(v, color_modes[m])) {
            color_mode = m;
            return taken;
        }
    kg_usage_error(cmd, "unknown --color mode '%s'%s", v, kg_suggest(v, color_modes, 3, true));
    return -1;
}

static size_t nopts(const kg_opt *o)
{
    size_t n = 0;
    while (o[n].name) n++;
    return n;
}

void kg_usage_error(const kg_cmd *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("kgraph: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nUsage: kgraph %s %s\nTry 'kgraph %s --help' for more.\n", cmd->name,
            cmd->synopsis, cmd->name);
}

/* Print a help text with "{formats}" replaced by the export formats, so
 * that help never lists them by hand (export.c's table is their one home). */
static void put_help(const char *text)
{
    static const char key[] = "{formats}";
    for (const char *at; (at = strstr(text, key)); text = at + sizeof key - 1) {
        fwrite(text, 1, (size_t)(at - text), stdout);
        fputs(kg_format_list(), stdout);
    }
    fputs(text, stdout);
}

void kg_cmd_help(const kg_cmd *cmd)
{
    printf("Usage: kgraph %s %s\n\n", cmd->name, cmd->synopsis);
    put_help(cmd->summary);
    putchar('\n');
    if (cmd->description) {
        putchar('\n');
        put_help(cmd->description);
        putchar('\n');
    }
    printf("\nOptions:\n");
    for (const kg_opt *o = cmd->opts; o->name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        printf("  %-26s ", left);
        put_help(o->help);
        putchar('\n');
    }
    printf("  %-26s %s\n", "    --color WHEN", "colour: auto (default; on a terminal, unless NO_COLOR is set), always, never");
    printf("  %-26s %s\n", "-h, --help", "show this help and exit");
}

static void add_value(kg_args *a, size_t i, const char *v)
{
    a->values[i] = kg_xrealloc(a->values[i], (a->nvalues[i] + 1) * sizeof(char *));
    a->values[i][a->nvalues[i]++] = kg_xstrdup(v ? v : "");
}

int kg_args_parse(kg_args *a, const kg_cmd *cmd, int argc, char **argv)
{
    size_t n = nopts(cmd->opts);
    memset(a, 0, sizeof *a);
    a->opts = cmd->opts;
    a->values = kg_xcalloc(n + 1, sizeof(char **));
    a->nvalues = kg_xcalloc(n + 1, sizeof(size_t));
    a->pos = kg_xcalloc((size_t)argc + 1, sizeof(char *));
    bool only_pos = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (only_pos || arg[0] != '-' || strcmp(arg, "-") == 0) {
            a->pos[a->npos++] = argv[i];
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_pos = true;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            kg_cmd_help(cmd);
            return -1;
        }
        int color = parse_color(cmd, argc, argv, i);
        if (color < 0) return KG_EXIT_USAGE;
        if (color) {
            i += color - 1;
            continue;
        }
        size_t oi = n;
        const char *inline_val = NULL;
        if (arg[1] == '-') {
            const char *name = arg + 2;
            const char *eq = strchr(name, '=');
            size_t nl = eq ? (size_t)(eq - name) : strlen(name);
            for (size_t k = 0; k < n; k++)
                if (strlen(cmd->opts[k].name) == nl && strncmp(cmd->opts[k].name, name, nl) == 0) oi = k;
            if (oi == n) {
                /* compared and suggested with their dashes */
                char **names = kg_xcalloc(n + 3, sizeof(char *));
                for (size_t k = 0; k < n; k++) names[k] = kg_xasprintf("--%s", cmd->opts[k].name);
                names[n] = kg_xstrdup("--help");
                names[n + 1] = kg_xstrdup("--color");
                char *w = kg_xasprintf("--%.*s", (int)nl, name);
                kg_usage_error(cmd, "unknown option '%s'%s", w,
                               kg_suggest(w, (const char *const *)names, n + 2, false));
                free(w);
                for (size_t k = 0; k < n + 2; k++) free(names[k]);
                free(names);
                return KG_EXIT_USAGE;
            }
            if (eq) inline_val = eq + 1;
        } else {
            for (size_t k = 0; k < n; k++)
                if (cmd->opts[k].short_name == arg[1]) oi = k;
            if (oi == n) {
                kg_usage_error(cmd, "unknown option '-%c'", arg[1]);
                return KG_EXIT_USAGE;
            }
            if (arg[2]) inline_val = arg + 2;
        }
        const kg_opt *o = &cmd->opts[oi];
        if (o->kind == KG_OPT_FLAG) {
            if (inline_val) {
                kg_usage_error(cmd, "option '--%s' takes no value", o->name);
                return KG_EXIT_USAGE;
            }
            add_value(a, oi, "1");
            continue;
        }
        if (!inline_val) {
            if (i + 1 >= argc) {
                kg_usage_error(cmd, "option '--%s' needs a value (%s)", o->name, o->arg);
                return KG_EXIT_USAGE;
            }
            inline_val = argv[++i];
        }
        add_value(a, oi, inline_val);
    }
    return 0;
}

void kg_args_free(kg_args *a)
{
    if (!a->values) return;
    size_t n = nopts(a->opts);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < a->nvalues[i]; j++) free(a->values[i][j]);
        free(a->values[i]);
    }
    free(a->values);
    free(a->nvalues);
    free(a->pos);
    memset(a, 0, sizeof *a);
}

static long find(const kg_args *a, const char *name)
{
    for (size_t i = 0; a->opts[i].name; i++)
        if (strcmp(a->opts[i].name, name) == 0) return (long)i;
    fprintf(stderr, "kgraph: internal error: no option '%s'\n", name);
    abort();
}

bool kg_args_flag(const kg_args *a, const char *name) { return a->nvalues[find(a, name)] > 0; }

const char *kg_args_value(const kg_args *a, const char *name)
{
    long i = find(a, name);
    return a->nvalues[i] ? a->values[i][a->nvalues[i] - 1] : NULL;
}

size_t kg_args_list(const kg_args *a, const char *name, char ***out)
{
    long i = find(a, name);
    *out = a->values[i];
    return a->nvalues[i];
}

bool kg_args_size(const char *s, size_t *out)
{
    if (!s[0] || strspn(s, "0123456789") != strlen(s)) return false;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno || v > SIZE_MAX) return false;
    *out = (size_t)v;
    return true;
}

bool kg_args_bytes(const char *s, size_t *out)
{
    size_t digits = strspn(s, "0123456789"), shift = 0;
    if (digits == 0) return false;
    const char *u = s + digits;
    if (*u) {
        const char *p = strchr("KMG", toupper((unsigned char)u[0]));
        if (!p || u[1]) return false;
        shift = 10 * (size_t)(p - "KMG" + 1);
    }
    char *num = kg_xstrndup(s, digits);
    size_t v;
    bool ok = kg_args_size(num, &v) && v <= (SIZE_MAX >> shift);
    free(num);
    if (ok) *out = v << shift;
    return ok;
}

int kg_exit_code(int err)
{
    switch (err) {
    case 0: return KG_EXIT_OK;
    case KG_EIO: return KG_EXIT_INPUT;
    case KG_EUSAGE: return KG_EXIT_USAGE;
    case KG_ERULE: return KG_EXIT_RULES;
    case KG_EOUTPUT: return KG_EXIT_OUTPUT;
    case KG_EFORMAT: return KG_EXIT_DATA;
    default: return KG_EXIT_ANALYSIS;
    }
}

int kg_fail(int err)
{
    fprintf(stderr, "kgraph: %s\n", kg_error_last());
    return kg_exit_code(err);
}

void kg_print_input_warning(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "kgraph: warning: %s\n", msg);
}

int kg_args_start(kg_args *a, const kg_cmd *cmd, int argc, char **argv)
{
    int pr = kg_args_parse(a, cmd, argc, argv);
    if (!pr) return -1;
    kg_args_free(a);
    return pr < 0 ? 0 : pr;
}

void kg_print_warning(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "kgraph: %s\n", msg);
}
