/*
 * tests/extract/test_sentence.c: the sentence splitter (extract/sentence.c).
 * Each test splits a text and compares the exact sentence strings, so a
 * change in any rule (abbreviations, initials, quotes, bullets, blank lines,
 * the length cap) shows up as a visible diff.  Adversarial inputs (a 20 MB
 * line with or without spaces) check the cap and that the scan finishes.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "extract/sentence.h"
#include "text/text.h"
#include "util/util.h"

/* Split text[from, len) and compare the sentences with the NULL-terminated
 * list `want`; if `lines` is non-NULL, also compare the line numbers. */
static void check_from(const char *text, size_t len, size_t from, const char *const *want,
                       const uint32_t *lines)
{
    kg_splitter sp;
    kg_span s;
    size_t i = 0;
    kg_splitter_init(&sp, text, len, from);
    while (kg_splitter_next(&sp, &s)) {
        cr_assert(s.start < s.end && s.end <= len, "span %zu: [%zu, %zu)", i, s.start, s.end);
        char *got = kg_xstrndup(text + s.start, s.end - s.start);
        cr_assert(want[i] != NULL, "unexpected extra sentence %zu: \"%s\"", i, got);
        cr_assert_str_eq(got, want[i], "sentence %zu", i);
        if (lines)
            cr_assert_eq(s.line, lines[i], "sentence %zu: line %u, want %u", i, s.line, lines[i]);
        free(got);
        i++;
    }
    cr_assert(want[i] == NULL, "missing sentence %zu: \"%s\"", i, want[i]);
    cr_assert(!kg_splitter_next(&sp, &s), "the splitter stays at its end");
}

#define CHECK(text, ...) \
    check_from((text), strlen(text), 0, (const char *const[]){__VA_ARGS__, NULL}, NULL)
#define CHECK_NONE(text) check_from((text), strlen(text), 0, (const char *const[]){NULL}, NULL)

Test(extract_sentence, simple)
{
    CHECK("The cat sat. The dog ran.", "The cat sat.", "The dog ran.");
}

Test(extract_sentence, empty_and_blank_texts)
{
    CHECK_NONE("");
    CHECK_NONE("   \n\n\t \r\n ");
}

Test(extract_sentence, trimmed)
{
    CHECK("   Hello world.   \n\n  Bye.  \n", "Hello world.", "Bye.");
    CHECK("\x1A" "Hello.\x1A", "Hello.");
}

Test(extract_sentence, titles)
{
    CHECK("Dr. Smith met Mr. Jones and Mrs. Brown at St. Paul's. Prof. White was late. "
          "Ms. Green left.",
          "Dr. Smith met Mr. Jones and Mrs. Brown at St. Paul's.", "Prof. White was late.",
          "Ms. Green left.");
}

Test(extract_sentence, company_abbreviations)
{
    CHECK("Acme Inc. Chief Executive Jo Bloggs quit. Widget Corp. Chairman Al Smith stayed.",
          "Acme Inc. Chief Executive Jo Bloggs quit.", "Widget Corp. Chairman Al Smith stayed.");
}

Test(extract_sentence, latin_abbreviations)
{
    CHECK("Some fruit, e.g. Apples, keeps well. Other kinds, i.e. Soft ones, do not. See "
          "Smith et al. For details.",
          "Some fruit, e.g. Apples, keeps well.", "Other kinds, i.e. Soft ones, do not.",
          "See Smith et al. For details.");
}

Test(extract_sentence, number_abbreviations)
{
    CHECK("No. 10 Downing Street said so. The answer was No. The board agreed.",
          "No. 10 Downing Street said so.", "The answer was No.", "The board agreed.");
    CHECK("On Jan. 5 it rained. He arrived in Jan. The weather was bad.",
          "On Jan. 5 it rained.", "He arrived in Jan.", "The weather was bad.");
}

Test(extract_sentence, etc)
{
    CHECK("Apples, pears, etc. The list goes on.", "Apples, pears, etc.", "The list goes on.");
    CHECK("Apples, pears, etc. and more.", "Apples, pears, etc. and more.");
}

Test(extract_sentence, initials)
{
    CHECK("J. K. Rowling wrote it. Dr. A. Smith agreed. George W. Bush spoke.",
          "J. K. Rowling wrote it.", "Dr. A. Smith agreed.", "George W. Bush spoke.");
    CHECK("J.R.R. Tolkien wrote it. U.S. President Biden agreed.",
          "J.R.R. Tolkien wrote it.", "U.S. President Biden agreed.");
}

Test(extract_sentence, pronoun_i_is_not_an_initial)
{
    CHECK("So did I. Then we left.", "So did I.", "Then we left.");
}

Test(extract_sentence, lowercase_dotted_abbreviation_ends_a_sentence)
{
    CHECK("We met at 5 p.m. The talks lasted an hour.", "We met at 5 p.m.",
          "The talks lasted an hour.");
}

Test(extract_sentence, decimals_and_money)
{
    CHECK("Profits rose to £3.5m. Margins were 2.5%. Debt hit 1.2bn. Shares fell 0.5 per cent.",
          "Profits rose to £3.5m.", "Margins were 2.5%.", "Debt hit 1.2bn.",
          "Shares fell 0.5 per cent.");
}

Test(extract_sentence, digit_starts_a_sentence)
{
    CHECK("Revenue rose. 2024 was a good year.", "Revenue rose.", "2024 was a good year.");
}

Test(extract_sentence, urls_and_emails)
{
    CHECK("Visit www.example.com. Mail a.b@c.org now. Done.", "Visit www.example.com.",
          "Mail a.b@c.org now.", "Done.");
}

Test(extract_sentence, quotations)
{
    CHECK("He said: \"We won.\" Then they left.", "He said: \"We won.\"", "Then they left.");
    CHECK("She said: “We won.” Then she left.", "She said: “We won.”", "Then she left.");
    CHECK("He left. \"We lost,\" he said.", "He left.", "\"We lost,\" he said.");
    CHECK("He left. ‘Why?’ she asked.", "He left.", "‘Why?’ she asked.");
}

Test(extract_sentence, quoted_question_inside_a_sentence)
{
    CHECK("\"Why?\" she asked. “Now!” he shouted.", "\"Why?\" she asked.",
          "“Now!” he shouted.");
}

Test(extract_sentence, brackets)
{
    CHECK("(This is an aside.) The next one. It was [sic.] Fine (see below).",
          "(This is an aside.)", "The next one.", "It was [sic.]", "Fine (see below).");
}

Test(extract_sentence, ellipsis)
{
    CHECK("Wait... what happened? I don't know... The end.", "Wait... what happened?",
          "I don't know...", "The end.");
    CHECK("He paused… Then spoke… and stopped.", "He paused…", "Then spoke… and stopped.");
}

Test(extract_sentence, questions_and_exclamations)
{
    CHECK("Really? Yes! Great!! What?! OK.", "Really?", "Yes!", "Great!!", "What?!", "OK.");
}

Test(extract_sentence, lowercase_continues)
{
    CHECK("The price is 5 vs. 6 and rising. it is not a new sentence. fine.",
          "The price is 5 vs. 6 and rising. it is not a new sentence. fine.");
}

Test(extract_sentence, no_final_punctuation)
{
    CHECK("First sentence. Second without an end", "First sentence.", "Second without an end");
    CHECK("no punctuation here at all", "no punctuation here at all");
}

Test(extract_sentence, headline_then_blank_line)
{
    const char *t = "Acme buys Widget Corp\n\nAcme said on Monday it had bought Widget.\n";
    check_from(t, strlen(t), 0,
               (const char *const[]){"Acme buys Widget Corp",
                                     "Acme said on Monday it had bought Widget.", NULL},
               (const uint32_t[]){1, 3});
}

Test(extract_sentence, blank_line_with_spaces_and_cr)
{
    CHECK("Title one\n \t\r\nBody here", "Title one", "Body here");
}

Test(extract_sentence, single_newline_is_white_space)
{
    CHECK("The company said\nit would grow. Then it\nshrank.",
          "The company said\nit would grow.", "Then it\nshrank.");
}

Test(extract_sentence, crlf)
{
    const char *t = "First line.\r\nSecond sentence here.\r\n\r\nHeadline\r\nBody text.\r\n";
    check_from(t, strlen(t), 0,
               (const char *const[]){"First line.", "Second sentence here.", "Headline",
                                     "Body text.", NULL},
               (const uint32_t[]){1, 2, 4, 5});
}

Test(extract_sentence, short_items_join_their_colon_line)
{
    const char *t = "The alliance has three members:\n"
                    "- Acme Ltd\n"
                    "- Beta Ltd\n"
                    "• Gamma Ltd\n"
                    "Then it met.\n"
                    "Notes:\n"
                    "- A full item ends.\n"
                    "- short\n";
    check_from(t, strlen(t), 0,
               (const char *const[]){"The alliance has three members:\n- Acme Ltd\n- Beta Ltd\n"
                                     "• Gamma Ltd",
                                     "Then it met.", "Notes:", "- A full item ends.", "- short",
                                     NULL},
               (const uint32_t[]){1, 5, 6, 7, 8});
}

Test(extract_sentence, bullets)
{
    const char *t = "Key points:\n"
                    "• Revenue grew.\n"
                    "• costs fell\n"
                    "- Staff hired\n"
                    "* star item\n"
                    "– dash item\n"
                    "1. First item. Second part.\n"
                    "2) Next\n"
                    "a) lettered\n"
                    "(b) bracketed\n";
    check_from(t, strlen(t), 0,
               (const char *const[]){"Key points:", "• Revenue grew.", "• costs fell",
                                     "- Staff hired", "* star item", "– dash item",
                                     "1. First item.", "Second part.", "2) Next",
                                     "a) lettered", "(b) bracketed", NULL},
               (const uint32_t[]){1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10});
}

Test(extract_sentence, numbered_item_at_start_of_text)
{
    CHECK("1. Buy milk\n2. Sell shares", "1. Buy milk", "2. Sell shares");
}

Test(extract_sentence, hyphen_inside_a_line_is_not_a_bullet)
{
    CHECK("A well-known firm - Acme - grew\n-5 degrees was the low.",
          "A well-known firm - Acme - grew\n-5 degrees was the low.");
}

/* Rule 1b: a short line that stands on its own ends at its line feed. */
Test(extract_sentence, short_line_ends_at_line_feed)
{
    CHECK("Trust wins pathology deal\nThe contract starts in May.", "Trust wins pathology deal",
          "The contract starts in May.");
    CHECK("Chief executive Ola Bankole said:\nWe are pleased.", "Chief executive Ola Bankole said:",
          "We are pleased.");
}

Test(extract_sentence, line_feed_inside_a_clause_continues)
{
    CHECK("The contract went to\nAcme Health in May.", "The contract went to\nAcme Health in May.");
    CHECK("Kent CCG, Surrey CCG,\nAcme and Beta met.", "Kent CCG, Surrey CCG,\nAcme and Beta met.");
    CHECK("the board met\nbut said nothing.", "the board met\nbut said nothing.");
}

Test(extract_sentence, hard_wrapped_prose_keeps_its_sentences)
{
    const char *t = "The clinical commissioning group said on Tuesday that the new service\n"
                    "Meridian Health would run from April had been agreed by its board.";
    CHECK(t, t);
}

Test(extract_sentence, long_line_ending_in_colon_ends)
{
    CHECK("A line that is well over sixty bytes long and ends in a colon, like this:\nNext one.",
          "A line that is well over sixty bytes long and ends in a colon, like this:", "Next one.");
}

Test(extract_sentence, line_numbers)
{
    const char *t = "One.\nTwo.\n\nThree.\n  Four. Five\nsix.";
    check_from(t, strlen(t), 0,
               (const char *const[]){"One.", "Two.", "Three.", "Four.", "Five\nsix.", NULL},
               (const uint32_t[]){1, 2, 4, 5, 5});
}

Test(extract_sentence, starts_after_bom)
{
    const char *t = "\xEF\xBB\xBFHello. World.";
    check_from(t, strlen(t), 3, (const char *const[]){"Hello.", "World.", NULL},
               (const uint32_t[]){1, 1});
}

Test(extract_sentence, from_counts_earlier_lines)
{
    const char *t = "skip\nthis\nHello. World.";
    check_from(t, strlen(t), 10, (const char *const[]){"Hello.", "World.", NULL},
               (const uint32_t[]){3, 3});
}

/* Split a text and check every span against the cap; returns the count. */
static size_t split_capped(const char *t, size_t len, size_t *total)
{
    kg_splitter sp;
    kg_span s;
    size_t n = 0, prev_end = 0;
    *total = 0;
    kg_splitter_init(&sp, t, len, 0);
    while (kg_splitter_next(&sp, &s)) {
        cr_assert(s.start >= prev_end && s.start < s.end && s.end <= len);
        cr_assert(s.end - s.start <= KG_MAX_SENTENCE_BYTES, "span of %zu bytes", s.end - s.start);
        cr_assert(t[s.start] != ' ' && t[s.end - 1] != ' ', "span [%zu, %zu) is trimmed",
                  s.start, s.end);
        cr_assert(((unsigned char)t[s.start] & 0xC0) != 0x80, "span starts on a boundary");
        cr_assert(s.end == len || ((unsigned char)t[s.end] & 0xC0) != 0x80,
                  "span ends on a boundary");
        *total += s.end - s.start;
        prev_end = s.end;
        n++;
    }
    return n;
}

Test(extract_sentence, cap_without_spaces)
{
    size_t len = 10000, total;
    char *t = kg_xmalloc(len + 1);
    memset(t, 'x', len);
    t[len] = '\0';
    kg_splitter sp;
    kg_span s;
    kg_splitter_init(&sp, t, len, 0);
    cr_assert(kg_splitter_next(&sp, &s));
    cr_assert_eq(s.start, 0);
    cr_assert_eq(s.end, 4096);
    cr_assert(kg_splitter_next(&sp, &s));
    cr_assert_eq(s.start, 4096);
    cr_assert_eq(s.end, 8192);
    cr_assert(kg_splitter_next(&sp, &s));
    cr_assert_eq(s.start, 8192);
    cr_assert_eq(s.end, 10000);
    cr_assert(!kg_splitter_next(&sp, &s));
    cr_assert_eq(split_capped(t, len, &total), 3);
    free(t);
}

Test(extract_sentence, cap_on_utf8_boundary)
{
    /* "€" is 3 bytes: 1365 of them fill 4095 bytes of the 4096 */
    size_t n = 3000, len = 3 * n, total;
    char *t = kg_xmalloc(len + 1);
    for (size_t i = 0; i < n; i++) memcpy(t + 3 * i, "\xE2\x82\xAC", 3);
    t[len] = '\0';
    kg_splitter sp;
    kg_span s;
    kg_splitter_init(&sp, t, len, 0);
    cr_assert(kg_splitter_next(&sp, &s));
    cr_assert_eq(s.end - s.start, 4095);
    cr_assert_eq(split_capped(t, len, &total), 3);
    cr_assert_eq(total, len);
    free(t);
}

Test(extract_sentence, cap_at_last_space)
{
    /* "abcdefghi " repeated: 409 words fill 4089 bytes, a 410th would not fit */
    size_t words = 1000, len = words * 10 - 1, total;
    char *t = kg_xmalloc(len + 2);
    for (size_t i = 0; i < words; i++) memcpy(t + 10 * i, "abcdefghi ", 10);
    t[len] = '\0';
    kg_splitter sp;
    kg_span s;
    kg_splitter_init(&sp, t, len, 0);
    cr_assert(kg_splitter_next(&sp, &s));
    cr_assert_eq(s.start, 0);
    cr_assert_eq(s.end, 4089);
    cr_assert(kg_splitter_next(&sp, &s));
    cr_assert_eq(s.start, 4090);
    cr_assert_eq(s.end, 4090 + 4089);
    cr_assert_eq(split_capped(t, len, &total), 3);
    cr_assert_eq(total, len - 2, "only the two cut spaces are dropped");
    free(t);
}

Test(extract_sentence, long_word_after_a_space)
{
    /* a space near the start, then 6000 bytes without one: cut at the
     * space, then at the cap */
    size_t len = 6003, total;
    char *t = kg_xmalloc(len + 1);
    memset(t, 'y', len);
    t[2] = ' ';
    t[len] = '\0';
    kg_splitter sp;
    kg_span s;
    kg_splitter_init(&sp, t, len, 0);
    cr_assert(kg_splitter_next(&sp, &s));
    cr_assert_eq(s.start, 0);
    cr_assert_eq(s.end, 2);
    cr_assert(kg_splitter_next(&sp, &s));
    cr_assert_eq(s.start, 3);
    cr_assert_eq(s.end, 3 + 4096);
    cr_assert_eq(split_capped(t, len, &total), 3);
    cr_assert_eq(total, len - 1);
    free(t);
}

Test(extract_sentence, twenty_megabytes_on_one_line)
{
    size_t len = 20u << 20, total;
    char *t = kg_xmalloc(len + 1);
    memset(t, 'a', len);
    t[len] = '\0';
    size_t n = split_capped(t, len, &total);
    cr_assert_eq(n, (len + 4095) / 4096);
    cr_assert_eq(total, len);
    /* the same with words and no sentence end */
    for (size_t i = 0; i + 6 <= len; i += 6) memcpy(t + i, "word. ", 6);
    n = split_capped(t, len, &total);
    cr_assert(n >= len / 4096);
    free(t);
}

/* Random texts built from tricky fragments: every span is non-empty,
 * trimmed, within the cap, in order, on the right line, and every byte
 * outside the spans is white space. */
Test(extract_sentence, random_texts_keep_invariants)
{
    static const char *const frags[] = {
        "Dr.", ". ", "\n", "\n\n", "• ", "1. ", "a) ", "€", "x", "word", "A", "I", " ",
        "\"", "”", "?", "!", "…", "...", "\r\n", "\t", "\x1A", "J.", "U.S.", "No.", "5",
        "(", ")", "-", " - ", "e.g.", "\xC2\xA0", "\xE2\x80\xA9", "Jan.",
    };
    size_t nfrag = sizeof frags / sizeof *frags;
    uint64_t seed = 42;
    kg_buf b = KG_BUF_INIT;
    for (int iter = 0; iter < 3000; iter++) {
        kg_buf_clear(&b);
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        size_t parts = (size_t)(seed >> 33) % 400;
        for (size_t k = 0; k < parts; k++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            size_t f = (size_t)(seed >> 33);
            if (f % 97 == 0) { /* now and then a long run, to reach the cap */
                for (size_t j = 0; j < 3000; j++) kg_buf_puts(&b, f % 2 ? "y" : "€");
            } else {
                kg_buf_puts(&b, frags[f % nfrag]);
            }
        }
        const char *t = b.ptr ? b.ptr : "";
        size_t len = b.len, pos = 0, l;
        uint32_t line = 1;
        kg_splitter sp;
        kg_span s;
        kg_splitter_init(&sp, t, len, 0);
        while (kg_splitter_next(&sp, &s)) {
            cr_assert(s.start >= pos && s.start < s.end && s.end <= len, "iter %d", iter);
            cr_assert(s.end - s.start <= KG_MAX_SENTENCE_BYTES, "iter %d", iter);
            for (; pos < s.start; pos += l) { /* the gap is white space */
                int32_t cp;
                l = kg_utf8_decode((const unsigned char *)t + pos, len - pos, &cp);
                cr_assert(kg_is_space_cp(cp), "iter %d: byte %zu dropped", iter, pos);
                if (cp == '\n') line++;
            }
            cr_assert_eq(pos, s.start, "iter %d: span starts inside a character", iter);
            cr_assert_eq(s.line, line, "iter %d: line %u, want %u", iter, s.line, line);
            int32_t first, last;
            kg_utf8_decode((const unsigned char *)t + s.start, s.end - s.start, &first);
            size_t q = s.end - 1;
            while (q > s.start && ((unsigned char)t[q] & 0xC0) == 0x80) q--;
            kg_utf8_decode((const unsigned char *)t + q, s.end - q, &last);
            cr_assert(!kg_is_space_cp(first) && !kg_is_space_cp(last), "iter %d: untrimmed", iter);
            for (; pos < s.end; pos++)
                if (t[pos] == '\n') line++;
        }
        for (; pos < len; pos += l) {
            int32_t cp;
            l = kg_utf8_decode((const unsigned char *)t + pos, len - pos, &cp);
            cr_assert(kg_is_space_cp(cp), "iter %d: trailing byte %zu dropped", iter, pos);
        }
    }
    kg_buf_free(&b);
}
