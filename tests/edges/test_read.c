/*
 * tests/edges/test_read.c: the edge file reader (edges/edges.c): records
 * read back as written, and every malformed record refused with
 * "FILE:LINE:COL: what is wrong", the line being the file's line (blank
 * lines count), never the record's number.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kgraph/edges.h"
#include "util/util.h"

/* Write `line` to a file and read it as an edge; returns the reader's code
 * and leaves the message in kg_error_last(). */
static int read_one(const char *line, kg_edge_reader **out, const kg_edge **e)
{
    char path[] = "/tmp/kg-edge-attrs-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, line, strlen(line)), (ssize_t)strlen(line));
    close(fd);
    cr_assert_eq(kg_edge_reader_open(out, path), 0);
    int rc = kg_edge_reader_next(*out, e);
    unlink(path);
    return rc;
}

#define EDGE_HEAD "{\"doc\":\"d\",\"line\":1,\"start\":0,\"end\":1,\"relation\":\"r\"," \
                  "\"source\":\"A\",\"source_type\":\"T\",\"target\":\"B\",\"target_type\":\"T\""

Test(edges_read, round_trip_of_entity_attributes)
{
    kg_edge_reader *r;
    const kg_edge *e;
    cr_assert_eq(read_one(EDGE_HEAD ",\"source_attrs\":{\"code\":\"RW4\",\"closed\":\"2018\"},"
                                    "\"target_attrs\":{\"ons_code\":\"E38000001\"}}\n",
                          &r, &e),
                 1, "%s", kg_error_last());
    cr_assert_eq(e->nsource_attrs, 2);
    cr_assert_str_eq(e->source_attrs[0].key, "code");
    cr_assert_str_eq(e->source_attrs[0].value, "RW4");
    cr_assert_str_eq(e->source_attrs[1].key, "closed");
    cr_assert_eq(e->ntarget_attrs, 1);
    cr_assert_str_eq(e->target_attrs[0].value, "E38000001");
    /* written back: the same keys, in the fixed place */
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cr_assert_eq(kg_edge_write(fp, e), 0);
    fclose(fp);
    cr_assert_not_null(strstr(buf, ",\"attrs\":{},\"source_attrs\":{\"code\":\"RW4\",\"closed\":"
                                   "\"2018\"},\"target_attrs\":{\"ons_code\":\"E38000001\"}}\n"),
                       "%s", buf);
    free(buf);
    kg_edge_reader_free(r);
    cr_assert_eq(read_one(EDGE_HEAD "}\n", &r, &e), 1);
    cr_assert_eq(e->nsource_attrs, 0);
    cr_assert_eq(e->ntarget_attrs, 0);
    kg_edge_reader_free(r);
}

Test(edges_read, refuses_nul_and_empty_names)
{
    /* "Acme\u0000Evil" would be cut to "Acme" and merge with another node */
    static const char *const lines[] = {
        "{\"doc\":\"d\",\"line\":1,\"start\":0,\"end\":1,\"relation\":\"r\","
        "\"source\":\"Acme\\u0000Evil\",\"source_type\":\"T\",\"target\":\"B\","
        "\"target_type\":\"T\"}\n",
        "{\"doc\":\"d\",\"line\":1,\"start\":0,\"end\":1,\"relation\":\"r\","
        "\"source\":\"A\",\"source_type\":\"\",\"target\":\"B\",\"target_type\":\"T\"}\n"};
    static const char *const msgs[] = {":1:1: a NUL character (\\u0000) in 'source'",
                                       ":1:1: empty string for 'source_type'"};
    for (size_t i = 0; i < 2; i++) {
        kg_edge_reader *r;
        const kg_edge *e;
        cr_assert_eq(read_one(lines[i], &r, &e), KG_EFORMAT, "case %zu", i);
        const char *msg = strstr(kg_error_last(), ":1:1:");
        cr_assert_not_null(msg, "case %zu: %s", i, kg_error_last());
        cr_assert_str_eq(msg, msgs[i], "case %zu", i);
        kg_edge_reader_free(r);
    }
}

Test(edges_read, rejects_bad_entity_attributes)
{
    static const struct {
        const char *tail, *msg;
    } cases[] = {
        {",\"source_attrs\":[\"RW4\"]}", ":1:1: expected an object for 'source_attrs'"},
        {",\"target_attrs\":{\"code\":5}}", ":1:1: expected a string for 'code'"},
        {",\"target_attrs\":{\"code\":\"R\\u0000W4\"}}",
         ":1:1: a NUL character (\\u0000) in 'code'"},
        {",\"target_attrs\":{\"code\":\"\"}}",
         ":1:1: expected a non-empty string value for attribute 'code'"},
        {",\"source_attrs\":{\"Code\":\"RW4\"}}",
         ":1:1: bad attribute key 'Code' in 'source_attrs' (use lower-case letters, digits and "
         "'_')"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *line = kg_xasprintf("%s%s\n", EDGE_HEAD, cases[i].tail);
        kg_edge_reader *r;
        const kg_edge *e;
        cr_assert_eq(read_one(line, &r, &e), KG_EFORMAT, "case %zu", i);
        const char *msg = strstr(kg_error_last(), ":1:1:");
        cr_assert_not_null(msg, "case %zu: %s", i, kg_error_last());
        cr_assert_str_eq(msg, cases[i].msg, "case %zu", i);
        kg_edge_reader_free(r);
        free(line);
    }
}

/* Errors name the file's line, blank lines included, and the reader tells
 * the line of the record it returned. */
Test(edges_read, messages_name_the_file_line)
{
    kg_edge_reader *r;
    const kg_edge *e;
    cr_assert_eq(read_one("\n" EDGE_HEAD "}\n  \n" EDGE_HEAD ",\"symmetric\":1}\n", &r, &e), 1);
    cr_assert_eq(kg_edge_reader_line(r), 2);
    cr_assert_eq(kg_edge_reader_next(r, &e), KG_EFORMAT);
    char *want = kg_xasprintf("%s:4:1: expected true or false for 'symmetric'",
                              kg_edge_reader_path(r));
    cr_assert_str_eq(kg_error_last(), want);
    cr_assert_eq(kg_edge_reader_line(r), 4);
    free(want);
    kg_edge_reader_free(r);
}

/* JSON syntax errors carry jansson's column; a record that is not an object
 * or lacks a key is reported at column 1. */
Test(edges_read, syntax_and_shape_errors)
{
    static const struct {
        const char *line, *msg;
    } cases[] = {
        {"{\"doc\": \"d\", \"line\": }\n", ":1:22: unexpected token near '}'"},
        {"[1, 2]\n", ":1:1: expected a JSON object"},
        {"{\"doc\":\"d\"}\n", ":1:1: edge record lacks the key 'line'"},
        {"{\"doc\":\"d\",\"line\":-1}\n", ":1:1: expected a non-negative integer for 'line'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kg_edge_reader *r;
        const kg_edge *e;
        cr_assert_eq(read_one(cases[i].line, &r, &e), KG_EFORMAT, "case %zu", i);
        const char *msg = strchr(kg_error_last(), ':');
        cr_assert_not_null(msg, "case %zu: %s", i, kg_error_last());
        cr_assert_str_eq(msg, cases[i].msg, "case %zu", i);
        kg_edge_reader_free(r);
    }
}

/* The reader's check of the required values, for records built in memory. */
Test(edges_read, check_in_memory_records)
{
    kg_edge e = {.doc = "a.txt", .relation = "employs", .source = "A", .source_type = "T",
                 .target = "B", .target_type = "T"};
    cr_assert_eq(kg_edge_check(&e), 0);
    e.source = NULL;
    cr_assert_eq(kg_edge_check(&e), KG_EFORMAT);
    cr_assert_str_eq(kg_error_last(), "empty string for 'source'");
    e.source = "A";
    e.relation = "";
    cr_assert_eq(kg_edge_check(&e), KG_EFORMAT);
    cr_assert_str_eq(kg_error_last(), "empty string for 'relation'");
}

Test(edges_read, missing_file)
{
    kg_edge_reader *r = (kg_edge_reader *)1;
    cr_assert_eq(kg_edge_reader_open(&r, "/nonexistent/e.jsonl"), KG_EIO);
    cr_assert_null(r);
    cr_assert_str_eq(kg_error_last(), "/nonexistent/e.jsonl: No such file or directory");
}
