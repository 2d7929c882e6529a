/*
 * cli/cmd_explain.c: `kgraph explain`, why a sentence did or did not yield
 * edges: tokens and their normalised forms, mentions with the rule behind
 * each, candidates lost to the overlap policy, and for each relation rule
 * how far each pattern got.  Text on a terminal (in colour), or
 * --format json for tools (the same data; see extract/explain.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/pipeline.h"
#include "kgraph/authoring.h"
#include "util/json.h"
#include "util/util.h"

static const kg_opt opts[] = {
    {"rules", 'r', KG_OPT_LIST, "RULES.yaml", "rule file to load (repeatable; at least one)"},
    {"file", 0, KG_OPT_VALUE, "FILE", "explain the sentences of FILE (with --line: those starting there)"},
    {"line", 0, KG_OPT_VALUE, "N", "with --file: the line the sentence starts on"},
    {"format", 'f', KG_OPT_VALUE, "FORMAT", "text (default) or json"},
    {"all", 'a', KG_OPT_FLAG, NULL, "also list relation rules skipped for want of a slot type"},
    {NULL, 0, 0, NULL, NULL},
};

typedef struct style {
    const char *bold, *dim, *red, *green, *yellow, *cyan, *off;
} style;

/* The tree of a report kgraph itself wrote (kgraph/authoring.h): a parse
 * failure would be a bug in the writer, not bad input. */
static kg_json *report_tree(const char *json)
{
    kg_json *t;
    char err[160];
    int col;
    if (kg_json_parse(&t, json, strlen(json), err, &col) != 0) {
        fprintf(stderr, "kgraph: internal error: report unreadable at column %d: %s\n", col, err);
        abort();
    }
    return t;
}

static const char *str(const kg_json *o, const char *key)
{
    const char *s = kg_json_str(kg_json_get(o, key));
    return s ? s : "";
}

static long long num(const kg_json *o, const char *key)
{
    return kg_json_int_value(kg_json_get(o, key));
}

static void print_tokens(const kg_json *s, const style *st)
{
    const kg_json *toks = kg_json_get(s, "tokens");
    printf("%stokens%s\n", st->bold, st->off);
    for (size_t i = 0; i < kg_json_size(toks); i++) {
        const kg_json *t = kg_json_at(toks, i);
        printf("  %3lld  %-20s %s%-20s%s", num(t, "i"), str(t, "text"), st->dim, str(t, "key"), st->off);
        const kg_json *cl = kg_json_get(t, "classes");
        for (size_t k = 0; k < kg_json_size(cl); k++) printf(" %s", kg_json_str(kg_json_at(cl, k)));
        putchar('\n');
    }
}

static void print_mentions(const kg_json *s, const style *st)
{
    const kg_json *ms = kg_json_get(s, "mentions"), *lost = kg_json_get(s, "lost");
    printf("%smentions%s\n", st->bold, st->off);
    if (!kg_json_size(ms)) printf("  (none)\n");
    for (size_t i = 0; i < kg_json_size(ms); i++) {
        const kg_json *m = kg_json_at(ms, i), *sp = kg_json_get(m, "tokens");
        printf("  %s%s%s %s [%lld-%lld) => %s   %s(%s, %s)%s%s\n", st->cyan, str(m, "type"), st->off,
               str(m, "text"), kg_json_int_value(kg_json_at(sp, 0)),
               kg_json_int_value(kg_json_at(sp, 1)), str(m, "canonical"), st->dim, str(m, "rule"),
               str(m, "rule_at"), st->off, kg_json_get(m, "resolved") ? "  resolved" : "");
    }
    if (!kg_json_size(lost)) return;
    printf("%slost to the overlap policy%s\n", st->bold, st->off);
    for (size_t i = 0; i < kg_json_size(lost); i++) {
        const kg_json *l = kg_json_at(lost, i);
        printf("  %s [%s] %s(%s, %s)%s lost to %s [%s]: %s\n", str(l, "type"), str(l, "text"), st->dim,
               str(l, "rule"), str(l, "rule_at"), st->off, str(l, "lost_to_type"), str(l, "lost_to"),
               str(l, "reason"));
    }
}

static void print_stop(const kg_json *p, const style *st)
{
    const kg_json *stop = kg_json_get(p, "stopped");
    const char *src = str(p, "source");
    printf("      %s\n", src);
    if (!stop) return;
    long long off = num(stop, "offset");
    printf("      ");
    for (long long i = 0; i < off; i++) putchar(src[i] == '\t' ? '\t' : ' ');
    printf("%s^%s stopped at %s", st->red, st->off, str(stop, "element"));
    if (kg_json_get(stop, "token"))
        printf(", token %lld \"%s\"", num(stop, "token_index"), str(stop, "token"));
    printf(": %s\n", str(stop, "reason"));
}

static void print_relations(const kg_json *s, const style *st, bool all)
{
    const kg_json *rs = kg_json_get(s, "relations");
    printf("%srelations%s\n", st->bold, st->off);
    size_t shown = 0;
    for (size_t i = 0; i < kg_json_size(rs); i++) {
        const kg_json *r = kg_json_at(rs, i);
        const char *status = str(r, "status");
        if (!strcmp(status, "skipped")) {
            if (!all) continue;
            const kg_json *why = kg_json_get(r, "why");
            printf("  %s (%s) %s%s%s: skipped, no %s mention for {%s}\n", str(r, "rule"), str(r, "relation"),
                   st->dim, str(r, "at"), st->off, str(why, "types"), str(why, "missing_slot"));
            shown++;
            continue;
        }
        shown++;
        printf("  %s (%s) %s%s%s", str(r, "rule"), str(r, "relation"), st->dim, str(r, "at"), st->off);
        if (!strcmp(status, "vetoed")) {
            printf(": %svetoed%s by \"%s\" in the sentence\n", st->yellow, st->off, str(r, "veto_word"));
            continue;
        }
        putchar('\n');
        const kg_json *ps = kg_json_get(r, "patterns");
        for (size_t k = 0; k < kg_json_size(ps); k++) {
            const kg_json *p = kg_json_at(ps, k);
            printf("    %s %s(%s)%s ", str(p, "pattern"), st->dim, str(p, "at"), st->off);
            if (!strcmp(str(p, "result"), "match")) {
                const kg_json *es = kg_json_get(p, "edges");
                for (size_t e = 0; e < kg_json_size(es); e++) {
                    const kg_json *ed = kg_json_at(es, e);
                    /* a context slot with no entity to take has no name: "?" */
                    const char *src = kg_json_get(ed, "source") ? str(ed, "source") : "?";
                    const char *tgt = kg_json_get(ed, "target") ? str(ed, "target") : "?";
                    printf("%s%sMATCH%s %s -> %s", e ? "; " : "", st->green, st->off, src, tgt);
                    if (kg_json_get(ed, "suppressed")) printf(" (suppressed: %s)", str(ed, "suppressed"));
                }
                putchar('\n');
            } else {
                printf("%sno match%s\n", st->red, st->off);
                print_stop(p, st);
            }
        }
    }
    if (!shown) printf("  (no relation rule has both slot types here; --all lists them)\n");
}

static void print_text(const kg_json *arr, const style *st, bool all)
{
    for (size_t i = 0; i < kg_json_size(arr); i++) {
        const kg_json *s = kg_json_at(arr, i);
        if (i) putchar('\n');
        printf("%ssentence%s %s:%lld  \"%s\"\n", st->bold, st->off, str(s, "doc"), num(s, "line"),
               str(s, "text"));
        print_tokens(s, st);
        print_mentions(s, st);
        print_relations(s, st, all);
    }
}

static int cmd_explain(const kg_cmd *cmd, int argc, char **argv)
{
    kg_args a;
    int early = kg_args_start(&a, cmd, argc, argv);
    if (early >= 0) return early;
    int exit_code = 0, rc;
    kg_rules *rules = NULL;
    kg_json *res = NULL;
    char *json = NULL;
    char *text = NULL;
    size_t len = 0, line = 0;
    char **rpaths;
    size_t nrules = kg_args_list(&a, "rules", &rpaths);
    const char *file = kg_args_value(&a, "file"), *format = kg_args_value(&a, "format");
    if (!format) format = "text";
    if (nrules == 0 || (!file && a.npos != 1) || (file && a.npos) ||
        (kg_args_value(&a, "line") && !file) || (strcmp(format, "text") && strcmp(format, "json"))) {
        kg_usage_error(cmd, nrules == 0 ? "no rule file: give one with -r RULES.yaml"
                            : strcmp(format, "text") && strcmp(format, "json")
                                ? "unknown format: use text or json"
                                : "give one sentence, or --file FILE [--line N]");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if (kg_args_value(&a, "line")) {
        if (!kg_args_size(kg_args_value(&a, "line"), &line) || line == 0) {
            kg_usage_error(cmd, "--line needs a line number >= 1");
            exit_code = KG_EXIT_USAGE;
            goto done;
        }
    }
    if ((exit_code = kg_cli_load_rules(&rules, rpaths, nrules, NULL))) goto done;
    if (file) {
        kg_progress pg; /* never shown: one document */
        kg_progress_init(&pg, false);
        if ((rc = kg_cli_read_doc(&text, &len, file, KG_DOC_MAX_SIZE_DEFAULT, false, &pg))) {
            exit_code = KG_EXIT_INPUT;
            goto done;
        }
    } else {
        text = kg_xstrdup(a.pos[0]);
        len = strlen(text);
    }
    json = kg_explain_json(rules, file ? file : "<sentence>", text, len, line);
    res = report_tree(json);
    if (!file && kg_json_size(res) == 0) {
        kg_usage_error(cmd, "the text holds no sentence");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    if (file && line && kg_json_size(res) == 0) {
        fprintf(stderr, "kgraph: %s:%zu: no sentence starts on this line\n", file, line);
        exit_code = KG_EXIT_INPUT;
        goto done;
    }
    if (!strcmp(format, "json")) {
        rc = fputs(json, stdout) < 0 ? KG_EOUTPUT : 0;
    } else {
        style st = kg_cli_color(stdout) ? (style){"\033[1m", "\033[2m", "\033[31m", "\033[32m", "\033[33m", "\033[36m", "\033[0m"}
                       : (style){"", "", "", "", "", "", ""};
        print_text(res, &st, kg_args_flag(&a, "all"));
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "kgraph: <stdout>: write failed: %s\n", strerror(errno ? errno : EIO));
        exit_code = KG_EXIT_OUTPUT;
    }
done:
    kg_json_free(res);
    free(json);
    free(text);
    kg_rules_free(rules);
    kg_args_free(&a);
    return exit_code;
}

const kg_cmd kg_cmd_explain = {
    "explain", "-r RULES.yaml (\"a sentence\" | --file FILE [--line N]) [--format json]",
    "Show how the rules read a sentence: tokens, mentions, and why each relation pattern matched or not.",
    "For each sentence: its tokens with their normalised forms; the entity mentions\n"
    "with the gazetteer entry or pattern (file:line) behind each, and candidates that\n"
    "lost an overlap and why; then, for each relation rule whose slot types are\n"
    "present, each pattern's edges or the element where its best attempt stopped and\n"
    "the token it could not match.  Rules vetoed by a word in the sentence say so.\n"
    "With --file, the whole file is read (acronyms and coreference see earlier\n"
    "sentences) and the sentences starting on --line are shown.",
    opts, cmd_explain};
