/*
 * extract/sentence.c: cutting a document into sentences.
 *
 * The splitter is the first stage of extraction: every later stage (tokens,
 * mentions, relation patterns) works inside one sentence, and the evidence
 * of an edge is the sentence it came from.  It is a single forward scan that
 * keeps only a few positions of state, so a document of any size, punctuated
 * or not, is split in O(n) time and O(1) memory.
 *
 * Rules, in the order the scan applies them:
 *
 *   1. White space (kg_is_space_cp: also NUL, CR, 0x1A and U+FFFD) is
 *      consumed a whole run at a time.  A run holding two or more line feeds
 *      (a blank line) always ends the sentence, so a headline without a full
 *      stop stays on its own.
 *   1b. A single line feed ends the sentence when the line before it is
 *      complete in itself: the next line can start a sentence (as in rule 3)
 *      and the line before either ends in ":" or is short (under
 *      SHORT_LINE bytes: a headline, a sign-off, a list item, a speaker's
 *      name) and does not end in a comma, a hyphen or a word that cannot
 *      end a clause ("to", "the", "of", "and" ...).  Text hard-wrapped at a
 *      usual width (60 to 80 columns) keeps its sentences whole, because a
 *      wrapped line is long; text with one paragraph per line ends a
 *      headline where it ends.
 *   2. A run whose line feed is followed by a bullet marker ends the
 *      sentence: "• ", "● ", "▪ ", "◦ ", "- ", "* ", "– " and a few more, or
 *      a numbered item "1. ", "12) ", "a) ", "(b) ".  The marker belongs to
 *      the new sentence but is not read as punctuation, so the "." of "1. "
 *      never ends a sentence of its own.
 *   3. A terminator run (. ! ? … ‼ ⁇ ⁈ ⁉, in any mix), then any closing quotes
 *      or brackets (" ' ” ’ » › ) ] }), then white space, ends the sentence
 *      when the next non-space character can start one: an upper- or
 *      titlecase letter, a letter of a caseless script, a digit, an opening
 *      quote or bracket, or a bullet.  A lowercase word continues it
 *      ("Wait... what?", "“Why?” she asked").
 *   4. Rule 3 does not apply after a lone "." that closes
 *        - a listed abbreviation (Dr. Mr. Prof. St. e.g. i.e. Inc. ...);
 *        - "No." "Nos." "p." "pp." "vol." or a month ("Jan." ... "Dec."),
 *          when the next character is a digit ("No. 10", "Jan. 5");
 *        - initials: one uppercase letter, or several joined by dots
 *          ("J. K. Rowling", "George W. Bush", "U.S. officials"), except a
 *          lone "I" ("so did I. Then ...").
 *      "etc." needs no entry: it ends a sentence exactly when an uppercase
 *      word follows, which rule 3 already says.  Decimals, money, URLs and
 *      e-mail addresses ("£3.5m", "2.5%", "example.com") hold no white space
 *      after their dots and so never split.
 *   5. End of text ends the last sentence, punctuated or not.
 *   6. A sentence that would grow beyond KG_MAX_SENTENCE_BYTES is cut at the
 *      start of its last white-space run, or at the last code-point boundary
 *      within the cap when it has none.
 *   7. A sentence ending in ":" takes in the short bullet items (rule 2,
 *      each under SHORT_LINE bytes and not ending in . ! or ?, so names
 *      rather than sentences) that follow it, at most LIST_MAX_ITEMS
 *      and within KG_MAX_SENTENCE_BYTES: "The alliance has four members:"
 *      and its list of names are one sentence, so that the relation stage
 *      sees the list (extract/structure.c makes it a coordination).  Items
 *      longer than that are sentences of their own.
 *
 * Spans are trimmed (they start and end on non-space code points) and never
 * empty.  Line numbers count '\n' from the start of the text; they only
 * change inside white-space runs, so the scan tracks them there.
 *
 * Cost: every byte is read once, except after a cut at white space (rule 6)
 * and the one span read again when rule 7 meets a line that is no short item:
 * the non-space tail between that run and the cap is read again by the next
 * call.  That tail holds no white space, so the next sentence's own cut lies
 * beyond it, and no byte is read more than twice.  Abbreviation checks look
 * back at most 24 bytes.
 */
#include <assert.h>
#include <string.h>

#include "extract/sentence.h"
#include "text/text.h"

#define ABBREV_LOOKBACK 24
#define SHORT_LINE 60
#define LIST_MAX_ITEMS 32   /* short items rule 7 joins to their lead line */

/* Decode the code point at t[p] (p < len); its length goes to *l. */
static int32_t cp_at(const char *t, size_t len, size_t p, size_t *l)
{
    int32_t cp;
    *l = kg_utf8_decode((const unsigned char *)t + p, len - p, &cp);
    return cp;
}

static bool is_terminator(int32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x2026 /* … */ ||
           c == 0x203C /* ‼ */ || (c >= 0x2047 && c <= 0x2049) /* ⁇ ⁈ ⁉ */;
}

static bool is_closer(int32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' ||
           c == 0x201D /* ” */ || c == 0x2019 /* ’ */ || c == 0x00BB /* » */ ||
           c == 0x203A /* › */;
}

static bool is_opener(int32_t c)
{
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' ||
           c == 0x201C /* “ */ || c == 0x2018 /* ‘ */ || c == 0x201E /* „ */ ||
           c == 0x00AB /* « */ || c == 0x2039 /* ‹ */;
}

static bool is_bullet_cp(int32_t c)
{
    return c == '-' || c == '*' || c == 0x2013 /* – */ || c == 0x2014 /* — */ ||
           c == 0x2022 /* • */ || c == 0x2023 /* ‣ */ || c == 0x2043 /* ⁃ */ ||
           c == 0x25CF /* ● */ || c == 0x25AA /* ▪ */ || c == 0x25A0 /* ■ */ ||
           c == 0x25E6 /* ◦ */;
}

/* Can code point c start a sentence (rule 3)? */
static bool starts_sentence(int32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || is_opener(c) ||
               is_bullet_cp(c);
    return kg_is_upper_cp(c) || (kg_is_word_cp(c) && !kg_is_lower_cp(c)) || is_opener(c) ||
           is_bullet_cp(c);
}

/*
 * Skip the white-space run at t[p]; return the position after it.  Each '\n'
 * adds one to *line; *breaks counts line breaks ('\n', U+2028) and U+2029
 * counts as two, a paragraph end.
 */
static size_t skip_space(const char *t, size_t len, size_t p, uint32_t *line, unsigned *breaks)
{
    while (p < len) {
        unsigned char b = (unsigned char)t[p];
        if (b == '\n') {
            (*line)++;
            (*breaks)++;
            p++;
            continue;
        }
        if (b == ' ' || b == '\t' || b == '\r') {
            p++;
            continue;
        }
        size_t l;
        int32_t c = cp_at(t, len, p, &l);
        if (!kg_is_space_cp(c)) break;
        if (c == 0x2028) (*breaks)++;
        else if (c == 0x2029) *breaks += 2;
        p += l;
    }
    return p;
}

/*
 * Length of the bullet marker at t[p] (rule 2), or 0 when there is none.
 * A marker is a bullet character, 1 to 3 digits then "." or ")", one ASCII
 * letter then ")", or "(" digits-or-letter ")"; white space must follow.
 */
static size_t bullet_marker(const char *t, size_t len, size_t p)
{
    size_t l, q = p;
    int32_t c = cp_at(t, len, p, &l);
    if (is_bullet_cp(c)) {
        q = p + l;
    } else {
        bool paren = c == '(';
        if (paren) q++;
        size_t d = q;
        while (d < len && d - q < 4 && t[d] >= '0' && t[d] <= '9') d++;
        if (d > q && d - q <= 3) {
            q = d;
            if (q >= len || !(t[q] == ')' || (!paren && t[q] == '.'))) return 0;
            q++;
        } else if (d == q && q + 1 < len &&
                   ((t[q] >= 'a' && t[q] <= 'z') || (t[q] >= 'A' && t[q] <= 'Z')) &&
                   t[q + 1] == ')') {
            q += 2;
        } else {
            return 0;
        }
    }
    if (q >= len || !kg_is_space_cp(cp_at(t, len, q, &l))) return 0;
    return q - p;
}

/* Abbreviations that never end a sentence (rule 4). */
static const char *const abbrevs[] = {
    "Dr", "Mr", "Mrs", "Ms", "Messrs", "Prof", "St", "Mt", "Rev", "Gen", "Col", "Lt",
    "Sgt", "Capt", "Hon", "Rt", "Gov", "Sen", "Rep", "Jr", "Sr", "Co", "Inc", "Corp",
    "vs", "v", "e.g", "i.e", "cf", "al", "approx", "Fig", "Figs",
};

/* Abbreviations that do not end a sentence before a digit (rule 4). */
static const char *const abbrevs_num[] = {
    "No", "Nos", "no", "p", "pp", "vol", "Vol", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
};

/* Words that never end a clause: a line ending in one continues. */
static const char *const open_words[] = {"a", "an", "the", "to", "of", "and", "or", "by",
                                         "with", "for", "from", "in", "on", "at", "as",
                                         "its", "their", "our", "&"};

/* Rule 1b: does the line ending at t[end) (exclusive; `end` is the start of
 * the white-space run holding one line feed) stand on its own? */
static bool line_complete(const char *t, size_t end)
{
    size_t b = end;
    while (b > 0 && t[b - 1] != '\n' && end - b <= SHORT_LINE) b--;
    bool has_bol = b == 0 || t[b - 1] == '\n';
    unsigned char last = (unsigned char)t[end - 1];
    if (last == ':') return true;
    if (!has_bol || end - b > SHORT_LINE) return false;
    if (last == ',' || last == '-' || last == ';') return false;
    size_t w = end;
    while (w > b && t[w - 1] != ' ' && t[w - 1] != '\t') w--;
    size_t wl = end - w;
    for (size_t i = 0; i < sizeof open_words / sizeof *open_words; i++) {
        if (strlen(open_words[i]) != wl) continue;
        size_t k = 0;
        while (k < wl && (t[w + k] | 0x20) == open_words[i][k]) k++;
        if (k == wl) return false;
    }
    return true;
}

static bool in_list(const char *const *list, size_t n, const char *w, size_t wl)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == wl && memcmp(list[i], w, wl) == 0) return true;
    return false;
}

/* Is w[0, n) initials: single uppercase letters joined by dots ("J", "U.S")?
 * A lone "I" is the pronoun, not an initial. */
static bool is_initials(const char *w, size_t n)
{
    if (n == 1 && w[0] == 'I') return false;
    size_t i = 0;
    while (i < n) {
        if (i > 0) {
            if (w[i] != '.' || ++i >= n) return false;
        }
        size_t l;
        int32_t c = cp_at(w, n, i, &l);
        if (!kg_is_upper_cp(c)) return false;
        i += l;
    }
    return n > 0;
}

/*
 * Does the lone "." at t[dot] close an abbreviation or initials (rule 4)?
 * `run` is where the non-space run holding it starts; `next` is the first
 * non-space code point after it.  The word is the letters and dots just
 * before the dot, at most ABBREV_LOOKBACK bytes back.
 */
static bool is_abbrev(const char *t, size_t run, size_t dot, int32_t next)
{
    size_t w = dot;
    while (w > run && dot - w < ABBREV_LOOKBACK) {
        size_t q = w - 1;
        while (q > run && ((unsigned char)t[q] & 0xC0) == 0x80) q--;
        size_t l;
        int32_t c = cp_at(t, dot, q, &l);
        if (c != '.' && !(kg_is_word_cp(c) && !kg_is_digit_cp(c))) break;
        w = q;
    }
    if (w > run && dot - w >= ABBREV_LOOKBACK) return false; /* too long a word */
    while (w < dot && t[w] == '.') w++;
    const char *word = t + w;
    size_t wl = dot - w;
    if (wl == 0) return false;
    if (in_list(abbrevs, sizeof abbrevs / sizeof *abbrevs, word, wl)) return true;
    if (kg_is_digit_cp(next) &&
        in_list(abbrevs_num, sizeof abbrevs_num / sizeof *abbrevs_num, word, wl))
        return true;
    return is_initials(word, wl);
}

void kg_splitter_init(kg_splitter *s, const char *text, size_t len, size_t from)
{
    assert(s && (text || len == 0) && from <= len);
    s->text = text;
    s->len = len;
    s->pos = from;
    s->line = 1;
    for (const char *p = text, *e = text + from; p && (p = memchr(p, '\n', (size_t)(e - p)));
         p++)
        s->line++;
    s->line_start = true;
}

static bool split_one(kg_splitter *s, kg_span *out)
{
    const char *t = s->text;
    size_t len = s->len, p = s->pos, l;
    uint32_t line = s->line;
    unsigned breaks = 0;

    p = skip_space(t, len, p, &line, &breaks);
    if (p >= len) {
        s->pos = len;
        s->line = line;
        return false;
    }
    size_t start = p;
    uint32_t start_line = line;
    if (s->line_start || breaks > 0) p += bullet_marker(t, len, p);

    /* Scan state.  `run` starts the current non-space run; `term` starts the
     * latest terminator run; `state` says whether the scan is in that run
     * (TERM), in the closers after it (CLOSE), or elsewhere (NONE). */
    enum { NONE, TERM, CLOSE } state = NONE;
    size_t run = p, term = 0;
    bool lone_dot = false;
    /* The last white-space run inside the sentence, for a cut (rule 6). */
    bool have_ws = false;
    size_t ws_start = 0, ws_end = 0;
    uint32_t ws_line = 0;
    bool ws_bol = false;
    /* The outcome: the sentence end and where the next call resumes. */
    size_t end, next;
    uint32_t next_line;
    bool next_bol;

    for (;;) {
        if (p >= len) { /* rule 5 */
            end = next = len;
            next_line = line;
            next_bol = false;
            break;
        }
        int32_t c = cp_at(t, len, p, &l);
        if (kg_is_space_cp(c)) {
            breaks = 0;
            size_t q = skip_space(t, len, p, &line, &breaks);
            bool ends = q >= len || breaks >= 2; /* rules 1 and 5 */
            if (!ends) {
                size_t l2;
                int32_t nc = cp_at(t, len, q, &l2);
                if (state != NONE) /* rules 3 and 4 */
                    ends = starts_sentence(nc) && !(lone_dot && is_abbrev(t, run, term, nc));
                if (!ends && breaks > 0) ends = bullet_marker(t, len, q) > 0; /* rule 2 */
                if (!ends && breaks == 1 && state == NONE) /* rule 1b */
                    ends = starts_sentence(nc) && !is_bullet_cp(nc) && line_complete(t, p);
            }
            if (ends) {
                end = p;
                next = q;
                next_line = line;
                next_bol = breaks > 0;
                break;
            }
            have_ws = true;
            ws_start = p;
            ws_end = q;
            ws_line = line;
            ws_bol = breaks > 0;
            p = run = q;
            state = NONE;
            continue;
        }
        if (p + l - start > KG_MAX_SENTENCE_BYTES) { /* rule 6 */
            if (have_ws) {
                end = ws_start;
                next = ws_end;
                next_line = ws_line;
                next_bol = ws_bol;
            } else {
                end = next = p;
                next_line = line;
                next_bol = false;
            }
            break;
        }
        if (is_terminator(c)) {
            if (state != TERM) {
                term = p;
                lone_dot = c == '.';
            } else {
                lone_dot = false;
            }
            state = TERM;
        } else if (state != NONE && is_closer(c)) {
            state = CLOSE;
        } else {
            state = NONE;
        }
        p += l;
    }

    assert(end > start && end - start <= KG_MAX_SENTENCE_BYTES);
    out->start = start;
    out->end = end;
    out->line = start_line;
    s->pos = next;
    s->line = next_line;
    s->line_start = next_bol;
    return true;
}

/* Rule 7: a short list item (rule 2) that is no sentence of its own (no
 * terminator at its end), after a line that ends in ":" ("The alliance has
 * four members:\n- Acme\n- Beta") */
static bool short_item(const kg_splitter *s, const kg_span *sp)
{
    char last = s->text[sp->end - 1];
    return sp->end - sp->start <= SHORT_LINE && !strchr(".!?", last) &&
           bullet_marker(s->text, s->len, sp->start) > 0;
}

bool kg_splitter_next(kg_splitter *s, kg_span *out)
{
    if (!split_one(s, out)) return false;
    if (s->text[out->end - 1] != ':') return true;
    for (int items = 0; items < LIST_MAX_ITEMS; items++) {
        kg_splitter saved = *s;
        kg_span item;
        if (!split_one(s, &item) || !short_item(s, &item) ||
            item.end - out->start > KG_MAX_SENTENCE_BYTES) {
            *s = saved;
            break;
        }
        out->end = item.end;
    }
    return true;
}
