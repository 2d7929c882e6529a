/*
 * text/token.c: the tokeniser and the normaliser (see text.h for the rules
 * of both).  utf8proc supplies character categories, case folding and NFKC;
 * it stays inside text/.  ASCII, by far the commonest case in English news,
 * takes a fast path that never calls utf8proc.
 */
#include <string.h>
#include <utf8proc.h>

#include "text/text.h"

size_t kg_utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    uint32_t c;
    size_t l = kg_utf8_next(s, n, &c);
    if (l == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = (int32_t)c;
    return l;
}

bool kg_is_space_cp(int32_t cp)
{
    if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0 || cp == 0x1A;
    if (cp == 0xA0 || cp == 0x1680 || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000 || cp == 0xFEFF || cp == 0xFFFD)
        return true;
    return cp >= 0x2000 && cp <= 0x200B;
}

bool kg_is_word_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

bool kg_is_upper_cp(int32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    int c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool kg_is_lower_cp(int32_t cp)
{
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

bool kg_is_digit_cp(int32_t cp)
{
    if (cp < 0x80) return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static bool is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019; }
static bool is_hyphen(int32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

static int32_t peek(const char *text, size_t pos, size_t end, size_t *len)
{
    int32_t cp;
    if (pos >= end) {
        *len = 0;
        return -1;
    }
    *len = kg_utf8_decode((const unsigned char *)text + pos, end - pos, &cp);
    return cp;
}

/* Length of the word starting at pos (the first code point is a word
 * character); stops before a possessive 's or a negation n't. */
static size_t scan_word(const char *text, size_t pos, size_t end)
{
    size_t p = pos, l;
    while (p < end) {
        int32_t c = peek(text, p, end, &l);
        if (kg_is_word_cp(c)) {
            /* "n't": stop before the n when it is followed by 't and a non-word */
            if ((c == 'n' || c == 'N') && p > pos) {
                size_t l2, l3, l4;
                int32_t a = peek(text, p + l, end, &l2);
                int32_t t = a >= 0 && is_apostrophe(a) ? peek(text, p + l + l2, end, &l3) : -1;
                if ((t == 't' || t == 'T') &&
                    !kg_is_word_cp(peek(text, p + l + l2 + l3, end, &l4)))
                    return p - pos;
            }
            p += l;
            continue;
        }
        if (is_apostrophe(c)) {
            size_t l2, l3;
            int32_t n = peek(text, p + l, end, &l2);
            if (n < 0 || !kg_is_word_cp(n)) break;
            /* possessive 's at the end of a word is its own token */
            if ((n == 's' || n == 'S') && !kg_is_word_cp(peek(text, p + l + l2, end, &l3))) break;
            p += l;
            continue;
        }
        if ((c == '.' || c == ',') && p > pos) {
            size_t l0;
            int32_t prev = -1;
            /* digits on both sides: 3.5, 1,000 */
            for (size_t q = p; q > pos;) {
                q--;
                if (((unsigned char)text[q] & 0xC0) != 0x80) {
                    prev = peek(text, q, end, &l0);
                    break;
                }
            }
            size_t l2;
            int32_t n = peek(text, p + l, end, &l2);
            if (prev >= 0 && kg_is_digit_cp(prev) && n >= 0 && kg_is_digit_cp(n)) {
                p += l;
                continue;
            }
        }
        break;
    }
    return p - pos;
}

static uint16_t word_flags(const char *s, size_t len)
{
    uint16_t f = KG_TOK_WORD;
    size_t l, letters = 0, uppers = 0, p = 0;
    int32_t first = peek(s, 0, len, &l);
    if (kg_is_upper_cp(first)) f |= KG_TOK_CAP;
    else if (kg_is_lower_cp(first)) f |= KG_TOK_LOWER;
    else if (kg_is_digit_cp(first)) f |= KG_TOK_NUM;
    while (p < len) {
        int32_t c = peek(s, p, len, &l);
        if (kg_is_upper_cp(c)) { letters++; uppers++; }
        else if (kg_is_lower_cp(c)) letters++;
        p += l;
    }
    if (letters >= 2 && uppers == letters) f |= KG_TOK_UPPER;
    return f;
}

static void push_token(kg_tokens *out, const char *text, size_t s, size_t e, uint32_t line,
                       uint16_t flags)
{
    KG_GROW(out->v, out->cap, out->n + 1);
    kg_token *t = &out->v[out->n++];
    t->start = s;
    t->end = e;
    t->line = line;
    t->flags = flags;
    t->key = (uint32_t)out->keys.len;
    kg_norm_append(&out->keys, text + s, e - s, KG_NORM_FOLD | KG_NORM_QUOTES | KG_NORM_AMP);
    t->keylen = (uint32_t)(out->keys.len - t->key);
    kg_buf_putc(&out->keys, '\0');
}

void kg_tokenize(kg_tokens *out, const char *text, size_t start, size_t end, uint32_t line)
{
    size_t p = start, l;
    while (p < end) {
        int32_t c = peek(text, p, end, &l);
        if (c == '\n') {
            line++;
            p += l;
            continue;
        }
        if (kg_is_space_cp(c)) {
            p += l;
            continue;
        }
        if (kg_is_word_cp(c)) {
            size_t wl = scan_word(text, p, end);
            if (wl == 0) wl = l;
            push_token(out, text, p, p + wl, line, word_flags(text + p, wl));
            p += wl;
            continue;
        }
        if (is_apostrophe(c)) {
            /* possessive 's and negation n't as single tokens */
            size_t l2, l3;
            int32_t n = peek(text, p + l, end, &l2);
            if ((n == 's' || n == 'S') && !kg_is_word_cp(peek(text, p + l + l2, end, &l3))) {
                push_token(out, text, p, p + l + l2, line, KG_TOK_WORD | KG_TOK_LOWER);
                p += l + l2;
                continue;
            }
        }
        if ((c == 'n' || c == 'N')) { /* only reached for n't split off a word */
        }
        uint16_t f = KG_TOK_PUNCT;
        if (is_hyphen(c)) f |= KG_TOK_HYPHEN;
        push_token(out, text, p, p + l, line, f);
        p += l;
    }
}

void kg_tokens_clear(kg_tokens *t)
{
    t->n = 0;
    kg_buf_clear(&t->keys);
}

void kg_tokens_free(kg_tokens *t)
{
    free(t->v);
    kg_buf_free(&t->keys);
    memset(t, 0, sizeof *t);
}

static void append_cp(kg_buf *out, int32_t cp)
{
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
    kg_buf_put(out, tmp, (size_t)n);
}

void kg_norm_append(kg_buf *out, const char *s, size_t len, unsigned flags)
{
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80) { ascii = false; break; }
    if (ascii) {
        if ((flags & KG_NORM_AMP) && len == 1 && s[0] == '&') {
            kg_buf_puts(out, "and");
            return;
        }
        KG_GROW(out->ptr, out->cap, out->len + len + 1);
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            if ((flags & KG_NORM_FOLD) && c >= 'A' && c <= 'Z') c = (char)(c + 32);
            out->ptr[out->len++] = c;
        }
        out->ptr[out->len] = '\0';
        return;
    }
    utf8proc_uint8_t *mapped = NULL;
    int opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
    if (flags & KG_NORM_FOLD) opts |= UTF8PROC_CASEFOLD;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                      &mapped, (utf8proc_option_t)opts);
    if (n < 0) { /* invalid UTF-8: keep the bytes */
        kg_buf_put(out, s, len);
        return;
    }
    for (utf8proc_ssize_t i = 0; i < n;) {
        int32_t cp;
        size_t l = kg_utf8_decode(mapped + i, (size_t)(n - i), &cp);
        if (flags & KG_NORM_QUOTES) {
            if (cp == 0x2019 || cp == 0x2018 || cp == 0x201B || cp == 0x2032) cp = '\'';
            else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x2033) cp = '"';
        }
        if ((flags & KG_NORM_AMP) && cp == '&' && n == 1) {
            kg_buf_puts(out, "and");
        } else {
            append_cp(out, cp);
        }
        i += (utf8proc_ssize_t)l;
    }
    free(mapped);
}

size_t kg_phrase_key(kg_buf *keys, const char *s, size_t len, unsigned flags)
{
    kg_tokens t = {0};
    kg_tokenize(&t, s, 0, len, 1);
    size_t kept = 0;
    for (size_t i = 0; i < t.n; i++) {
        if ((flags & KG_NORM_HYPHEN) && (t.v[i].flags & KG_TOK_HYPHEN)) continue;
        if (kept++) kg_buf_putc(keys, ' ');
        kg_norm_append(keys, s + t.v[i].start, t.v[i].end - t.v[i].start, flags);
    }
    kg_tokens_free(&t);
    return kept;
}
