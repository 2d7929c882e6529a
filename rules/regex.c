/*
 * rules/regex.c: bounded PCRE2 regexes, the only place that includes
 * <pcre2.h>.
 *
 * Entity rules and token tests may use regular expressions written by
 * anyone, and a backtracking regex can take exponential time on a crafted
 * subject ("(a+)+$" against "aaaa...!").  Every match therefore runs under a
 * PCRE2 match context with a match limit (100,000 backtracking steps), a
 * depth limit (10,000) and a heap limit (20 MiB); a match that hits one of
 * them returns -1 and the extractor reports it as a warning naming the rule,
 * instead of hanging.  Patterns are compiled with PCRE2_UTF | PCRE2_UCP, so
 * \w, \b and [[:alpha:]] understand Unicode, and are JIT-compiled when the
 * platform allows (silently interpreted otherwise; the limits hold either
 * way, and JIT's own stack limit counts as the cost bound too).
 *
 * Threads: a kg_regex is immutable after kg_regex_compile and is shared by
 * every extractor thread.  Mutable state (match data, the match context
 * holding the limits and a JIT stack) lives in kg_regex_scratch, one per
 * thread.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "rules/compiled.h"

#define MATCH_LIMIT 100000
#define DEPTH_LIMIT 10000
#define HEAP_LIMIT_KIB (20 * 1024)
#define MAX_GROUPS 255           /* the ovector of a scratch holds 256 pairs */

struct kg_regex {
    pcre2_code *code;
    int ngroups;
    bool empty;                  /* can match the empty string */
    bool caseless;
    char *source;                /* the pattern as written (lint messages, comparison) */
};

struct kg_regex_scratch {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
};

static void oom(void)
{
    fputs("kgraph: out of memory\n", stderr);
    abort();
}

int kg_regex_compile(kg_regex **out, const char *pattern, bool caseless, char *err,
                     size_t *erroff)
{
    *out = NULL;
    int ec;
    PCRE2_SIZE off;
    uint32_t opts = PCRE2_UTF | PCRE2_UCP | (caseless ? PCRE2_CASELESS : 0);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &ec,
                                     &off, NULL);
    if (!code) {
        PCRE2_UCHAR msg[200];
        if (pcre2_get_error_message(ec, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", ec);
        snprintf(err, 256, "%s at offset %zu", (const char *)msg, (size_t)off);
        *erroff = off;
        return KG_ERULE;
    }
    uint32_t ncap = 0, minlen = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ncap);
    pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen);
    if (ncap > MAX_GROUPS) {
        pcre2_code_free(code);
        snprintf(err, 256, "more than %d capture groups at offset 0", MAX_GROUPS);
        *erroff = 0;
        return KG_ERULE;
    }
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* interpreted if this fails */
    kg_regex *re = kg_xcalloc(1, sizeof *re);
    re->code = code;
    re->ngroups = (int)ncap;
    re->empty = minlen == 0;
    re->caseless = caseless;
    re->source = kg_xstrdup(pattern);
    *out = re;
    return 0;
}

void kg_regex_free(kg_regex *re)
{
    if (!re) return;
    pcre2_code_free(re->code);
    free(re->source);
    free(re);
}

bool kg_regex_matches_empty(const kg_regex *re) { return re->empty; }
const char *kg_regex_source(const kg_regex *re) { return re->source; }
bool kg_regex_caseless(const kg_regex *re) { return re->caseless; }
int kg_regex_group_count(const kg_regex *re) { return re->ngroups; }

int kg_regex_group_number(const kg_regex *re, const char *name)
{
    int n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
    return n < 0 ? -1 : n;
}

kg_regex_scratch *kg_regex_scratch_new(void)
{
    kg_regex_scratch *s = kg_xcalloc(1, sizeof *s);
    s->md = pcre2_match_data_create(MAX_GROUPS + 1, NULL);
    s->mctx = pcre2_match_context_create(NULL);
    if (!s->md || !s->mctx) oom();
    pcre2_set_match_limit(s->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(s->mctx, DEPTH_LIMIT);
    pcre2_set_heap_limit(s->mctx, HEAP_LIMIT_KIB);
    s->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (s->jit) pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
    return s;
}

void kg_regex_scratch_free(kg_regex_scratch *s)
{
    if (!s) return;
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->jit);
    free(s);
}

/* Length of the UTF-8 character starting at s[i] (at least 1). */
static size_t char_len(const char *s, size_t len, size_t i)
{
    size_t j = i + 1;
    while (j < len && ((unsigned char)s[j] & 0xC0) == 0x80) j++;
    return j - i;
}

int kg_regex_exec(const kg_regex *re, kg_regex_scratch *scr, const char *subject, size_t len,
                  size_t from, int group, bool anchored, size_t *s, size_t *e)
{
    kg_regex_scratch *own = NULL;
    int result = 0;
    if (!scr) scr = own = kg_regex_scratch_new();
    uint32_t opts = anchored ? PCRE2_ANCHORED | PCRE2_ENDANCHORED : 0;
    if (group < 0 || group > re->ngroups) group = 0;
    while (from <= len) {
        int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, from, opts, scr->md, scr->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
            rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT || rc < 0) {
            result = -1;
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(scr->md);
        if (ov[2 * group] != PCRE2_UNSET) {
            *s = ov[2 * group];
            *e = ov[2 * group + 1];
            result = 1;
            break;
        }
        /* The group did not take part in this match: look further on. */
        if (anchored) break;
        from = ov[1] > ov[0] ? ov[1] : (ov[0] < len ? ov[0] + char_len(subject, len, ov[0])
                                                   : len + 1);
    }
    kg_regex_scratch_free(own);
    return result;
}
