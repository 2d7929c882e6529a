/*
 * rules/diag.h: rule-file diagnostics (module-private to rules/).
 *
 * Every error about a rule file reads
 *
 *     FILE:LINE:COL: what is wrong
 *       <the source line>
 *       <spaces>^
 *
 * and every warning is the single line "FILE:LINE:COL: warning: ...".
 * Lines and columns are 1-based and count characters, as libyaml's marks do
 * (plus one).
 */
#ifndef KG_RULES_DIAG_H
#define KG_RULES_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "util/util.h"

/* Set KG_ERULE with the message above.  `text`/`len` is the file's content
 * (may be NULL: then no source line is shown).  Returns KG_ERULE. */
int kg_diag_error(const char *file, const char *text, size_t len, int line, int col,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* kg_diag_error with the caret underlining `width` characters from col:
 *       <spaces>^~~~~  */
int kg_diag_error_span(const char *file, const char *text, size_t len, int line, int col,
                       int width, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
int kg_diag_verror(const char *file, const char *text, size_t len, int line, int col, int width,
                   const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

/* Lines longer than KG_DIAG_WINDOW characters are shown as that many
 * characters starting KG_DIAG_LEAD before the column; messages are cut at
 * KG_DIAG_MSG_MAX bytes.  Together with a file name of up to PATH_MAX they
 * fit the last-error buffer (util.c). */
#define KG_DIAG_WINDOW 120
#define KG_DIAG_LEAD 40
#define KG_DIAG_MSG_MAX 512

/* Append the caret block ("\n  <line>\n  <spaces>^~~") for line:col of text,
 * underlining `width` (>= 1) characters, the line windowed as above. */
void kg_diag_caret(kg_buf *b, const char *text, size_t len, int line, int col, int width);

/* Number of UTF-8 characters in s[0, n). */
size_t kg_diag_chars(const char *s, size_t n);

/* True when data[0, len) looks like binary data by kg_looks_binary() (util),
 * or holds anything that is not valid UTF-8 (YAML is UTF-8). */
bool kg_diag_is_binary(const char *data, size_t len);

#endif
