/*
 * extract/sentence.h: the sentence splitter, the first stage of extraction
 * (document -> sentences -> tokens -> mentions -> edges).  Private to
 * extract/; see sentence.c for the rules it applies.
 *
 * Usage:
 *
 *     kg_splitter sp;
 *     kg_span s;
 *     kg_splitter_init(&sp, text, len, kg_doc_sanitize(text, len));
 *     while (kg_splitter_next(&sp, &s))
 *         use(text + s.start, s.end - s.start, s.line);
 *
 * The splitter borrows the text (it must stay alive and unchanged while the
 * splitter is used) and allocates nothing, so it needs no destructor.
 */
#ifndef KG_EXTRACT_SENTENCE_H
#define KG_EXTRACT_SENTENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest sentence the splitter returns, in bytes.  A longer run without
 * a sentence end is cut at the start of its last white space before the cap,
 * or, when it holds none, at the last UTF-8 boundary within the cap.  Token
 * patterns rely on this bound to keep matching linear. */
#define KG_MAX_SENTENCE_BYTES 4096

/* One sentence: the byte range [start, end) of the document, trimmed of
 * surrounding white space and never empty; `line` is the 1-based line of
 * text[start]. */
typedef struct kg_span {
    size_t start, end;
    uint32_t line;
} kg_span;

/* Splitter state.  The fields are private: use the functions below. */
typedef struct kg_splitter {
    const char *text;
    size_t len;
    size_t pos;        /* where the next call resumes scanning */
    uint32_t line;     /* 1-based line of text[pos] */
    bool line_start;   /* text[pos] is the first non-space of its line */
} kg_splitter;

/* Start splitting text[from, len).  `from` skips a prefix such as a BOM
 * (kg_doc_sanitize() returns it); lines are still counted from text[0].
 * The text should have been through kg_doc_sanitize(); other bytes are
 * tolerated (invalid UTF-8 counts as white space) but never fail. */
void kg_splitter_init(kg_splitter *s, const char *text, size_t len, size_t from);

/* Find the next sentence: true and *out set, or false at the end of the
 * text (and on every later call).  Amortised O(length of the sentence);
 * a whole document takes O(len) time however it is punctuated. */
bool kg_splitter_next(kg_splitter *s, kg_span *out);

#endif
