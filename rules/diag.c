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

bool kg_diag_is_binary(const char *data, size_t len)
{
    /* the rule every input uses (util), then YAML's own: UTF-8 only */
    if (kg_looks_binary(data, len)) return true;
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < len;) {
        size_t k = kg_utf8_next(p + i, len - i, NULL);
        if (!k) return true;
        i += k;
    }
    return false;
}
