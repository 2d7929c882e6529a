/*
 * extract/input.h: getting documents in.  Private to extract/: sanitising a
 * document's bytes before the sentence splitter and the tokeniser see them.
 * What input.c offers everyone, expanding command-line inputs into a list
 * of documents (kg_doclist) and telling binary files from text
 * (kg_looks_binary), is declared in the public header kgraph/extract.h.
 */
#ifndef KG_EXTRACT_INPUT_H
#define KG_EXTRACT_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "kgraph/extract.h"

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

#endif
