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

#include <stddef.h>

#include "util/util.h"

/* Set KG_ERULE with the message above.  `text`/`len` is the file's content
 * (may be NULL: then no source line is shown).  Returns KG_ERULE. */
int kg_diag_error(const char *file, const char *text, size_t len, int line, int col,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Append the caret block ("\n  <line>\n  <spaces>^") for line:col of text. */
void kg_diag_caret(kg_buf *b, const char *text, size_t len, int line, int col);

/* Number of UTF-8 characters in s[0, n). */
size_t kg_diag_chars(const char *s, size_t n);

/* True when data[0, len) looks like binary data by kg_looks_binary() (util),
 * or holds anything that is not valid UTF-8 (YAML is UTF-8). */
bool kg_diag_is_binary(const char *data, size_t len);

#endif
