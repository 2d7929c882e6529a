/*
 * tests/util/test_util.c: the support layer: the string map keeps insertion
 * order, atomic output leaves no partial file, did-you-mean suggestions,
 * JSON strings with invalid UTF-8.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/json.h"
#include "util/util.h"

Test(util_map, insertion_order_and_lookup)
{
    kg_map *m = kg_map_new();
    char key[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", 999 - i);
        kg_map_intern(m, key, strlen(key), i, NULL);
    }
    cr_assert_eq(kg_map_count(m), 1000);
    cr_assert_str_eq(kg_map_key(m, 0), "k999");
    intptr_t v;
    cr_assert(kg_map_get(m, "k0", 2, &v));
    cr_assert_eq(v, 999);
    bool inserted = true;
    kg_map_intern(m, "k5", 2, 0, &inserted);
    cr_assert_not(inserted);
    cr_assert_not(kg_map_get(m, "k1000", 5, NULL));
    kg_map_free(m);
}

Test(util_out, commit_renames_and_abort_removes)
{
    char dir[] = "/tmp/kg-util-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char *path = kg_xasprintf("%s/out.txt", dir);
    kg_out o;
    cr_assert_eq(kg_out_open(&o, path), 0);
    fputs("hello\n", o.fp);
    cr_assert_neq(access(path, F_OK), 0, "the final file must not exist before commit");
    cr_assert_eq(kg_out_commit(&o), 0);
    cr_assert_eq(access(path, F_OK), 0);
    cr_assert_eq(kg_out_open(&o, path), 0);
    fputs("partial", o.fp);
    kg_out_abort(&o);
    char *text;
    size_t len;
    cr_assert_eq(kg_read_file(&text, &len, path), 0);
    cr_assert_str_eq(text, "hello\n", "an aborted write must leave the old file intact");
    free(text);
    unlink(path);
    cr_assert_eq(rmdir(dir), 0, "no temporary file may be left behind");
    free(path);
}

Test(util_out, symlink_is_followed_not_replaced)
{
    char dir[] = "/tmp/kg-util-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char *real = kg_xasprintf("%s/real.txt", dir), *link = kg_xasprintf("%s/link.txt", dir);
    cr_assert_eq(symlink("real.txt", link), 0);
    kg_out o;
    cr_assert_eq(kg_out_open(&o, link), 0);
    fputs("hello\n", o.fp);
    cr_assert_eq(kg_out_commit(&o), 0);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the link must stay a link");
    char *text;
    size_t len;
    cr_assert_eq(kg_read_file(&text, &len, real), 0);
    cr_assert_str_eq(text, "hello\n");
    free(text);
    unlink(link);
    unlink(real);
    cr_assert_eq(rmdir(dir), 0, "no temporary file may be left behind");
    free(real);
    free(link);
}

Test(util_out, device_or_pipe_is_written_in_place)
{
    /* "-o /dev/stdout" or "-o /dev/null" must not rename a file over the
     * device (as root that replaced /dev/null with a regular file). */
    char dir[] = "/tmp/kg-util-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char *fifo = kg_xasprintf("%s/fifo", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    int rd = open(fifo, O_RDONLY | O_NONBLOCK);
    cr_assert_geq(rd, 0);
    kg_out o;
    cr_assert_eq(kg_out_open(&o, fifo), 0);
    fputs("hello\n", o.fp);
    cr_assert_eq(kg_out_commit(&o), 0);
    char got[16] = {0};
    cr_assert_eq(read(rd, got, sizeof got - 1), 6);
    cr_assert_str_eq(got, "hello\n");
    close(rd);
    struct stat st;
    cr_assert_eq(lstat(fifo, &st), 0);
    cr_assert(S_ISFIFO(st.st_mode), "the pipe must not be replaced by a file");
    unlink(fifo);
    cr_assert_eq(rmdir(dir), 0, "no temporary file may be left behind");
    free(fifo);
}

Test(util_out, missing_folder_is_an_output_error)
{
    kg_out o;
    cr_assert_eq(kg_out_open(&o, "/nonexistent-dir/x.jsonl"), KG_EOUTPUT);
    cr_assert_str_eq(kg_error_last(), "/nonexistent-dir/x.jsonl: cannot write: No such file or directory");
}

Test(util_out, full_device_is_an_output_error)
{
    if (access("/dev/full", W_OK) != 0) cr_skip_test("no /dev/full");
    kg_out o;
    cr_assert_eq(kg_out_open(&o, "-"), 0);
    FILE *saved = o.fp;
    o.fp = fopen("/dev/full", "w");
    fputs("x", o.fp);
    int rc = kg_out_commit(&o);
    cr_assert_eq(rc, KG_EOUTPUT);
    cr_assert_str_eq(kg_error_last(), "<stdout>: write failed: No space left on device");
    (void)saved;
}

Test(util_misc, did_you_mean)
{
    const char *c[] = {"label", "name", "gazetteer", "patterns"};
    cr_assert_str_eq(kg_did_you_mean("lable", c, 4), "label");
    cr_assert_str_eq(kg_did_you_mean("gazeteer", c, 4), "gazetteer");
    cr_assert_null(kg_did_you_mean("zzzzzz", c, 4));
    const char *t[] = {"TRUST", "COMPANY"};
    cr_assert_str_eq(kg_did_you_mean("trust", t, 2), "TRUST", "case is ignored");
}

Test(util_misc, suggest)
{
    const char *c[] = {"auto", "always", "never"};
    cr_assert_str_eq(kg_suggest("allways", c, 3, true), " (did you mean 'always'?)");
    cr_assert_str_eq(kg_suggest("sometimes", c, 3, true), " (choose auto, always or never)");
    cr_assert_str_eq(kg_suggest("sometimes", c, 3, false), "");
    cr_assert_str_eq(kg_suggest("x", c, 1, true), " (choose auto)");
    cr_assert_str_eq(kg_suggest("x", c, 0, true), "");
    /* a list longer than the buffer ends in "..." instead of overflowing */
    char *names[64];
    for (int i = 0; i < 64; i++) names[i] = kg_xasprintf("candidate_number_%02d", i);
    const char *s = kg_suggest("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", (const char *const *)names, 64, true);
    cr_assert(strncmp(s, " (choose candidate_number_00, ", 30) == 0, "%s", s);
    cr_assert(strlen(s) < 512 && strcmp(s + strlen(s) - 4, "...)") == 0, "%s", s);
    for (int i = 0; i < 64; i++) free(names[i]);
}

Test(util_json, invalid_utf8_becomes_replacement)
{
    kg_json *s = kg_json_string("a\xFF" "b", 3);
    cr_assert_str_eq(kg_json_str(s), "a\xEF\xBF\xBD" "b");
    kg_json_free(s);
}

Test(util_json, script_writer_escapes_what_could_end_the_element)
{
    /* a long string, so that jansson hands the callback several pieces */
    kg_buf long_name = KG_BUF_INIT;
    for (int i = 0; i < 300; i++) kg_buf_puts(&long_name, "</script><!--&>");
    kg_json *o = kg_json_object();
    kg_json_set_str(o, "n", "</script><img src=x onerror=alert(1)> & <!--");
    kg_json_set_str(o, "long", long_name.ptr);
    kg_json_set(o, "x", kg_json_real(0.5));
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    cr_assert_eq(kg_json_write_script(fp, o), 0);
    cr_assert_eq(fclose(fp), 0);
    cr_assert_null(strpbrk(text, "<>&\n"), "%s", text);
    cr_assert(strncmp(text, "{\"n\":\"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e "
                            "\\u0026 \\u003c!--\",\"long\":\"", 78) == 0, "%s", text);
    /* the same value comes back */
    kg_json *back;
    char err[160];
    int col;
    cr_assert_eq(kg_json_parse(&back, text, len, err, &col), 0, "%s", err);
    cr_assert_str_eq(kg_json_str(kg_json_get(back, "long")), long_name.ptr);
    cr_assert_str_eq(kg_json_str(kg_json_get(back, "n")), "</script><img src=x onerror=alert(1)> & <!--");
    kg_json_free(back);
    kg_json_free(o);
    kg_buf_free(&long_name);
    free(text);
}

Test(util_json, parse_error_has_column)
{
    kg_json *v;
    char err[160];
    int col;
    cr_assert_eq(kg_json_parse(&v, "{\"a\": }", 7, err, &col), KG_EFORMAT);
    cr_assert_null(v);
    cr_assert_eq(col, 7);
}

Test(util_utf8, next_accepts_exactly_well_formed_utf8)
{
    static const struct {
        const char *s;
        size_t n, len;
        uint32_t cp;
    } cases[] = {
        {"A", 1, 1, 'A'},
        {"\xC3\xA9", 2, 2, 0xE9},
        {"\xE2\x82\xAC", 3, 3, 0x20AC},
        {"\xF0\x9F\x99\x82", 4, 4, 0x1F642},
        {"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},
        {"\xED\x9F\xBF", 3, 3, 0xD7FF},
        {"\xC0\x80", 2, 0, 0},          /* overlong NUL */
        {"\xC1\xBF", 2, 0, 0},          /* overlong */
        {"\xE0\x9F\xBF", 3, 0, 0},      /* overlong */
        {"\xF0\x8F\xBF\xBF", 4, 0, 0},  /* overlong */
        {"\xED\xA0\x80", 3, 0, 0},      /* surrogate D800 */
        {"\xF4\x90\x80\x80", 4, 0, 0},  /* above U+10FFFF */
        {"\xF5\x80\x80\x80", 4, 0, 0},
        {"\x80", 1, 0, 0},              /* stray continuation */
        {"\xE2\x82", 2, 0, 0},          /* truncated */
        {"\xE2\x82\xAC", 2, 0, 0},      /* cut by n */
        {"\xE2" "A\xAC", 3, 0, 0},      /* missing continuation */
        {"", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        size_t l = kg_utf8_next((const unsigned char *)cases[i].s, cases[i].n, &cp);
        cr_assert_eq(l, cases[i].len, "case %zu", i);
        if (l) cr_assert_eq(cp, cases[i].cp, "case %zu", i);
    }
    cr_assert_eq(kg_utf8_next((const unsigned char *)"\xC3\xA9", 2, NULL), 2);
}
