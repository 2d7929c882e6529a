/*
 * rules/diag.c: how the rule loader reports a mistake.
 *
 * A user who wrote a rule file should be able to fix it from the message
 * alone (the habit jq taught us): the message names the file, line and
 * column, copies the offending line, and puts a caret under the spot.  Tabs
 * in the copied line are kept and mirrored in the caret's indentation, so
 * the caret stays aligned however the terminal expands them.
 *
 * A long line (minified YAML, a 2,000-character pattern) is shown as a
 * window of KG_DIAG_WINDOW characters around the column, with "..." where
 * it was cut, and the message is capped, so the caret never falls off the
 * end of the fixed-size last-error buffer.  Where the offending text is
 * known (an unknown key or name, a pattern element) the caret underlines
 * all of it, "^~~~~", as far as the window shows it.
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

/* The byte offset in s[i, e) just past `k` more characters. */
static size_t skip_chars(const char *s, size_t i, size_t e, size_t k)
{
    for (; k > 0 && i < e; k--) {
        i++;
        while (i < e && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    }
    return i;
}

void kg_diag_caret(kg_buf *b, const char *text, size_t len, int line, int col, int width)
{
    size_t s = 0, e = 0;
    if (!text || line < 1 || !find_line(text, len, line, &s, &e)) return;
    if (col < 1) col = 1;
    if (width < 1) width = 1;
    /* The window of characters [first, last] shown (1-based): the whole
     * line when it is short, else KG_DIAG_WINDOW characters that start a
     * little before the column, so the spot is always on screen. */
    size_t nchars = kg_diag_chars(text + s, e - s), first = 1, last = nchars;
    if (nchars > KG_DIAG_WINDOW) {
        first = (size_t)col > KG_DIAG_LEAD ? (size_t)col - KG_DIAG_LEAD : 1;
        last = first + KG_DIAG_WINDOW - 1;
        if (last > nchars) {
            last = nchars;
            first = nchars - KG_DIAG_WINDOW + 1;
        }
    }
    size_t from = skip_chars(text, s, e, first - 1), to = skip_chars(text, from, e, last - first + 1);
    kg_buf_puts(b, "\n  ");
    if (first > 1) kg_buf_puts(b, "...");
    kg_buf_put(b, text + from, to - from);
    if (to < e) kg_buf_puts(b, "...");
    kg_buf_puts(b, "\n  ");
    if (first > 1) kg_buf_puts(b, "   ");
    /* One blank per character before the column; a tab stays a tab. */
    size_t i = from;
    for (size_t c = first; c < (size_t)col; c++) {
        kg_buf_putc(b, i < e && text[i] == '\t' ? '\t' : ' ');
        i = skip_chars(text, i, e, 1);
    }
    /* Under the whole span, as far as the window shows it. */
    kg_buf_putc(b, '^');
    for (size_t c = (size_t)col + 1; c < (size_t)col + (size_t)width && c <= last; c++)
        kg_buf_putc(b, '~');
}

int kg_diag_verror(const char *file, const char *text, size_t len, int line, int col, int width,
                   const char *fmt, va_list ap)
{
    kg_buf b = KG_BUF_INIT;
    kg_buf_printf(&b, "%s:%d:%d: ", file, line, col);
    /* The message, cut at KG_DIAG_MSG_MAX bytes (on a character boundary),
     * so that the source line and caret always fit in the last-error
     * buffer whatever a rule quotes back. */
    char msg[KG_DIAG_MSG_MAX + 4];
    /* one byte past the cap is kept, to see whether the cut splits a
     * character */
    int n = vsnprintf(msg, KG_DIAG_MSG_MAX + 2, fmt, ap);
    if (n > KG_DIAG_MSG_MAX) {
        size_t cut = KG_DIAG_MSG_MAX;
        while (cut > 0 && ((unsigned char)msg[cut] & 0xC0) == 0x80) cut--;
        strcpy(msg + cut, "...");
    }
    kg_buf_puts(&b, msg);
    kg_diag_caret(&b, text, len, line, col, width);
    kg_error_set(KG_ERULE, "%s", b.ptr);
    kg_buf_free(&b);
    return KG_ERULE;
}

int kg_diag_error_span(const char *file, const char *text, size_t len, int line, int col,
                       int width, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = kg_diag_verror(file, text, len, line, col, width, fmt, ap);
    va_end(ap);
    return rc;
}

int kg_diag_error(const char *file, const char *text, size_t len, int line, int col,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = kg_diag_verror(file, text, len, line, col, 1, fmt, ap);
    va_end(ap);
    return rc;
}

bool kg_diag_is_binary(const char *data, size_t len)
{
    /* the rule every input uses (util), then YAML's own: UTF-8 only */
    if (kg_looks_binary(data, len)) return true;
    /* a NUL anywhere YAML reads is no text (libyaml would report it as a
     * control character, at a position of its own) */
    if (memchr(data, '\0', len)) return true;
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < len;) {
        size_t k = kg_utf8_next(p + i, len - i, NULL);
        if (!k) return true;
        i += k;
    }
    return false;
}
