/*
 * rules/diag.c: how the rule loader reports a mistake.
 *
 * A user who wrote a rule file should be able to fix it from the message
 * alone (the habit jq taught us): the message names the file, line and
 * column, copies the offending line, and puts a caret under the spot.  Tabs
 * in the copied line are kept and mirrored in the caret's indentation, so
 * the caret stays aligned however the terminal expands them.
 *
 * Positions count characters, not bytes, because that is what libyaml's
 * marks count; rule files are checked to be valid UTF-8 before parsing
 * (kg_diag_is_binary), so counting characters is always well defined.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rules/diag.h"

size_t kg_diag_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

/* Find line `line` (1-based) of text; *start and *end delimit it without the
 * line break.  Returns false when the text has fewer lines. */
static bool find_line(const char *text, size_t len, int line, size_t *start, size_t *end)
{
    size_t i = 0;
    for (int l = 1; l < line; l++) {
        const char *nl = memchr(text + i, '\n', len - i);
        if (!nl) return false;
        i = (size_t)(nl - text) + 1;
    }
    size_t j = i;
    while (j < len && text[j] != '\n') j++;
    if (j > i && text[j - 1] == '\r') j--;
    *start = i;
    *end = j;
    return true;
}

void kg_diag_caret(kg_buf *b, const char *text, size_t len, int line, int col)
{
    size_t s = 0, e = 0;
    if (!text || line < 1 || !find_line(text, len, line, &s, &e)) return;
    kg_buf_puts(b, "\n  ");
    kg_buf_put(b, text + s, e - s);
    kg_buf_puts(b, "\n  ");
    /* One blank per character before the column; a tab stays a tab. */
    size_t i = s;
    for (int c = 1; c < col; c++) {
        if (i < e && text[i] == '\t')
            kg_buf_putc(b, '\t');
        else
            kg_buf_putc(b, ' ');
        if (i < e) {
            i++;
            while (i < e && ((unsigned char)text[i] & 0xC0) == 0x80) i++;
        }
    }
    kg_buf_putc(b, '^');
}

int kg_diag_error(const char *file, const char *text, size_t len, int line, int col,
                  const char *fmt, ...)
{
    kg_buf b = KG_BUF_INIT;
    kg_buf_printf(&b, "%s:%d:%d: ", file, line, col);
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kg_buf_puts(&b, msg);
    kg_diag_caret(&b, text, len, line, col);
    kg_error_set(KG_ERULE, "%s", b.ptr);
    kg_buf_free(&b);
    return KG_ERULE;
}

/* Length of the valid UTF-8 sequence at s[0, n), or 0 if invalid
 * (overlong forms, surrogates and code points above U+10FFFF included). */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t need;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) { need = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < need) return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return need;
}

bool kg_diag_is_binary(const char *data, size_t len)
{
    /* the rule every input uses (util), then YAML's own: UTF-8 only */
    if (kg_looks_binary(data, len)) return true;
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_valid_len(p + i, len - i);
        if (!k) return true;
        i += k;
    }
    return false;
}
