/*
 * util/json.c: the kg_json veneer over jansson.  A kg_json pointer is a
 * json_t pointer; nothing else in kgraph includes <jansson.h>.  Objects are
 * dumped with JSON_PRESERVE_ORDER so that records always list their keys in
 * the order they were set.  Strings are stored by length, so an embedded NUL
 * survives; invalid UTF-8 is replaced by U+FFFD before it reaches jansson,
 * which would otherwise refuse it.
 */
#include <jansson.h>
#include <string.h>

#include "util/json.h"
#include "util/util.h"

#define J(v) ((json_t *)(v))
#define K(v) ((kg_json *)(v))

static json_t *checked(json_t *v)
{
    if (!v) kg_out_of_memory();
    return v;
}

kg_json *kg_json_object(void) { return K(checked(json_object())); }
kg_json *kg_json_array(void) { return K(checked(json_array())); }
kg_json *kg_json_int(long long v) { return K(checked(json_integer(v))); }
kg_json *kg_json_real(double v)
{
    json_t *r = json_real(v);
    return K(r ? r : checked(json_null())); /* NaN and inf have no JSON form */
}
kg_json *kg_json_bool(bool v) { return K(checked(json_boolean(v))); }
kg_json *kg_json_null(void) { return K(checked(json_null())); }
void kg_json_free(kg_json *v) { json_decref(J(v)); }

kg_json *kg_json_string(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t l = kg_utf8_next(u + i, len - i, NULL);
        if (!l) break;
        i += l;
    }
    if (i == len) return K(checked(json_stringn(s, len)));
    kg_buf b = KG_BUF_INIT;
    for (i = 0; i < len;) {
        size_t l = kg_utf8_next(u + i, len - i, NULL);
        if (l) { kg_buf_put(&b, s + i, l); i += l; }
        else { kg_buf_puts(&b, "\xEF\xBF\xBD"); i++; }
    }
    json_t *r = checked(json_stringn(b.ptr ? b.ptr : "", b.len));
    kg_buf_free(&b);
    return K(r);
}

void kg_json_set(kg_json *obj, const char *key, kg_json *v)
{
    if (json_object_set_new(J(obj), key, J(v)) != 0) checked(NULL);
}
void kg_json_set_str(kg_json *obj, const char *key, const char *s)
{
    kg_json_set(obj, key, kg_json_string(s, strlen(s)));
}
void kg_json_set_strn(kg_json *obj, const char *key, const char *s, size_t len)
{
    kg_json_set(obj, key, kg_json_string(s, len));
}
void kg_json_set_int(kg_json *obj, const char *key, long long v)
{
    kg_json_set(obj, key, kg_json_int(v));
}
void kg_json_append(kg_json *arr, kg_json *v)
{
    if (json_array_append_new(J(arr), J(v)) != 0) checked(NULL);
}

static int dump_cb(const char *buf, size_t size, void *data)
{
    return fwrite(buf, 1, size, (FILE *)data) == size ? 0 : -1;
}

int kg_json_write_line(FILE *fp, const kg_json *v)
{
    if (json_dump_callback(J(v), dump_cb, fp, JSON_PRESERVE_ORDER | JSON_COMPACT |
                                                  JSON_REAL_PRECISION(10)) != 0 ||
        fputc('\n', fp) == EOF)
        return kg_error_set(KG_EOUTPUT, "write failed");
    return 0;
}

int kg_json_write_pretty(FILE *fp, const kg_json *v)
{
    if (json_dump_callback(J(v), dump_cb, fp, JSON_PRESERVE_ORDER | JSON_INDENT(2) |
                                                  JSON_REAL_PRECISION(10)) != 0 ||
        fputc('\n', fp) == EOF)
        return kg_error_set(KG_EOUTPUT, "write failed");
    return 0;
}

typedef struct nested {
    FILE *fp;
    int indent;
} nested;

/* jansson writes a newline only as layout (one inside a string is
 * escaped), so each one is followed by the extra indentation. */
static int nested_cb(const char *buf, size_t size, void *data)
{
    nested *n = data;
    for (size_t i = 0; i < size;) {
        const char *nl = memchr(buf + i, '\n', size - i);
        size_t end = nl ? (size_t)(nl - buf) + 1 : size;
        if (fwrite(buf + i, 1, end - i, n->fp) != end - i) return -1;
        if (nl && fprintf(n->fp, "%*s", n->indent, "") < 0) return -1;
        i = end;
    }
    return 0;
}

int kg_json_write_nested(FILE *fp, const kg_json *v, int depth)
{
    nested n = {fp, 2 * depth};
    if (json_dump_callback(J(v), nested_cb, &n, JSON_PRESERVE_ORDER | JSON_INDENT(2) |
                                                    JSON_REAL_PRECISION(10)) != 0)
        return kg_error_set(KG_EOUTPUT, "write failed");
    return 0;
}

/* jansson writes '<', '>' and '&' only inside strings, where a \u escape
 * means the same character. */
static int script_cb(const char *buf, size_t size, void *data)
{
    FILE *fp = data;
    for (size_t i = 0; i < size;) {
        size_t run = 0; /* buf is not NUL-terminated: no strcspn */
        while (i + run < size && buf[i + run] != '<' && buf[i + run] != '>' && buf[i + run] != '&')
            run++;
        if (run && fwrite(buf + i, 1, run, fp) != run) return -1;
        i += run;
        if (i < size) {
            const char *esc = buf[i] == '<' ? "\\u003c" : buf[i] == '>' ? "\\u003e" : "\\u0026";
            if (fputs(esc, fp) == EOF) return -1;
            i++;
        }
    }
    return 0;
}

int kg_json_write_script(FILE *fp, const kg_json *v)
{
    if (json_dump_callback(J(v), script_cb, fp, JSON_PRESERVE_ORDER | JSON_COMPACT |
                                                    JSON_REAL_PRECISION(10)) != 0)
        return kg_error_set(KG_EOUTPUT, "write failed");
    return 0;
}

int kg_json_parse(kg_json **out, const char *text, size_t len, char *err, int *col)
{
    json_error_t e;
    json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e);
    *out = K(v);
    if (v) return 0;
    snprintf(err, 160, "%s", e.text);
    *col = e.column > 0 ? e.column : 1;
    return KG_EFORMAT;
}

kg_json *kg_json_get(const kg_json *obj, const char *key)
{
    return json_is_object(J(obj)) ? K(json_object_get(J(obj), key)) : NULL;
}
const char *kg_json_str(const kg_json *v) { return json_is_string(J(v)) ? json_string_value(J(v)) : NULL; }
size_t kg_json_str_len(const kg_json *v) { return json_is_string(J(v)) ? json_string_length(J(v)) : 0; }
bool kg_json_is_int(const kg_json *v) { return json_is_integer(J(v)); }
long long kg_json_int_value(const kg_json *v) { return json_integer_value(J(v)); }
bool kg_json_is_number(const kg_json *v) { return json_is_number(J(v)); }
double kg_json_number_value(const kg_json *v) { return json_number_value(J(v)); }
bool kg_json_is_object(const kg_json *v) { return json_is_object(J(v)); }
bool kg_json_is_array(const kg_json *v) { return json_is_array(J(v)); }
bool kg_json_is_bool(const kg_json *v) { return json_is_boolean(J(v)); }
bool kg_json_bool_value(const kg_json *v) { return json_is_true(J(v)); }
size_t kg_json_size(const kg_json *v)
{
    if (json_is_array(J(v))) return json_array_size(J(v));
    if (json_is_object(J(v))) return json_object_size(J(v));
    return 0;
}
kg_json *kg_json_at(const kg_json *arr, size_t i) { return K(json_array_get(J(arr), i)); }

const char *kg_json_key_at(const kg_json *obj, size_t i, kg_json **val)
{
    /* jansson iterates objects in insertion order since 2.8. */
    size_t n = 0;
    const char *key;
    json_t *v;
    json_object_foreach(J(obj), key, v) {
        if (n++ == i) {
            *val = K(v);
            return key;
        }
    }
    *val = NULL;
    return NULL;
}
