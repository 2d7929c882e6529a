/*
 * extract/input.h: getting documents in.  Private to extract/: sanitising a
 * document's bytes before the sentence splitter and the tokeniser see them.
 * What input.c offers everyone, expanding command-line inputs into a list
 * of documents (kg_doclist) and reading a document with bounded memory
 * (kg_doc_read), is declared in the public header kgraph/extract.h, with
 * kg_looks_binary, which util/ defines: one text-or-binary rule for every
 * input, rule files included.
 */
#ifndef KG_EXTRACT_INPUT_H
#define KG_EXTRACT_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "kgraph/extract.h"
#include "util/util.h"

/*
 * Sanitise a document in place so that it holds valid UTF-8 and no NUL:
 * each NUL becomes ' ', and each byte of invalid UTF-8 (a stray continuation
 * byte, a truncated sequence, an overlong form, a surrogate, a code point
 * above U+10FFFF, the bytes C0 C1 F5..FF) becomes 0x1A, which the tokeniser
 * and the splitter treat as white space.  CR and other control characters
 * are left alone.  The length never changes, so byte offsets into the
 * sanitised buffer are offsets into the original file.
 *
 * Returns the offset where the text starts: 3 after a UTF-8 byte-order mark,
 * otherwise 0.  O(len); cannot fail.
 */
size_t kg_doc_sanitize(char *buf, size_t len);

/* Append up to `want` more bytes of the document to b; *eof once it has all
 * been read.  Returns 0, or KG_EIO on a read error ("name: reason") or when
 * the document has grown past the size cap (kg_doc_stream_kind() then says
 * KG_DOC_TOO_LARGE). */
int kg_doc_stream_read(kg_doc_stream *s, kg_buf *b, size_t want, bool *eof);

#endif
