/*
 * util/json.h: the JSON values kgraph reads and writes (edge and mention
 * records, node-link graphs, reports).  A thin veneer over jansson so that
 * jansson stays inside util/; a kg_json is a jansson value in disguise.
 * Objects keep insertion order, so output is deterministic.  Strings must be
 * valid UTF-8 (the extractor guarantees it for text it read).
 */
#ifndef KG_UTIL_JSON_H
#define KG_UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct kg_json kg_json;

kg_json *kg_json_object(void);
kg_json *kg_json_array(void);
kg_json *kg_json_string(const char *s, size_t len);  /* invalid UTF-8 -> U+FFFD */
kg_json *kg_json_int(long long v);
kg_json *kg_json_real(double v);
kg_json *kg_json_bool(bool v);
kg_json *kg_json_null(void);
void kg_json_free(kg_json *v);

/* Setters take ownership of `v`. */
void kg_json_set(kg_json *obj, const char *key, kg_json *v);
void kg_json_set_str(kg_json *obj, const char *key, const char *s);
void kg_json_set_strn(kg_json *obj, const char *key, const char *s, size_t len);
void kg_json_set_int(kg_json *obj, const char *key, long long v);
void kg_json_append(kg_json *arr, kg_json *v);

/* Write `v` compactly followed by '\n'.  Returns 0, or KG_EOUTPUT. */
int kg_json_write_line(FILE *fp, const kg_json *v);
/* Write `v` indented by 2 (for documents meant for people). */
int kg_json_write_pretty(FILE *fp, const kg_json *v);
/* Write `v` as kg_json_write_pretty writes it when it sits `depth` levels
 * deep in a document (every line after the first indented by 2 * depth
 * more spaces), with no final newline: a writer can stream a large
 * document one element at a time and get the bytes of one
 * kg_json_write_pretty of the whole.  Returns 0, or KG_EOUTPUT. */
int kg_json_write_nested(FILE *fp, const kg_json *v, int depth);
/* Write `v` compactly, with no final newline, for a <script
 * type="application/json"> element of an HTML page: every '<', '>' and '&'
 * (which JSON can only hold inside strings) is written as \u003c, \u003e,
 * \u0026, so no string closes the element or opens a comment in it.
 * Returns 0, or KG_EOUTPUT. */
int kg_json_write_script(FILE *fp, const kg_json *v);

/* Parse one JSON text.  On failure returns KG_EFORMAT and writes the reason
 * and 1-based column into err/col (err at least 160 bytes). */
int kg_json_parse(kg_json **out, const char *text, size_t len, char *err, int *col);

/* Getters return NULL / false when the key is absent or the type differs.
 * Returned values are borrowed from their container. */
kg_json *kg_json_get(const kg_json *obj, const char *key);
const char *kg_json_str(const kg_json *v);        /* NULL unless a string */
size_t kg_json_str_len(const kg_json *v);
bool kg_json_is_int(const kg_json *v);
long long kg_json_int_value(const kg_json *v);
bool kg_json_is_number(const kg_json *v);
double kg_json_number_value(const kg_json *v);
bool kg_json_is_object(const kg_json *v);
bool kg_json_is_array(const kg_json *v);
bool kg_json_is_bool(const kg_json *v);
bool kg_json_bool_value(const kg_json *v);
size_t kg_json_size(const kg_json *arr);          /* array length or object size */
kg_json *kg_json_at(const kg_json *arr, size_t i);
/* Object iteration in stored order: returns the i-th key and sets *val. */
const char *kg_json_key_at(const kg_json *obj, size_t i, kg_json **val);

#endif
