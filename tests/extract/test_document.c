/*
 * tests/extract/test_document.c: resolution across sentences of one
 * document: acronyms defined in brackets, coreference of referring phrases
 * (marked resolved), and relation vetoes.
 */
#include "helpers.h"

#define TYPES \
    "types:\n" \
    "  - name: TRUST\n" \
    "    patterns: [{tokens: '%Cap{1,4} NHS Trust'}]\n" \
    "  - name: FIRM\n" \
    "    gazetteer: [Acme Ltd, Beta Ltd]\n" \
    "relations:\n" \
    "  - name: lost\n    relation: loses_contract_to\n    source: [TRUST, FIRM]\n    target: FIRM\n" \
    "    patterns: [\"{source} lost [0-4] to {target}\"]\n"

Test(extract_document, acronym_defined_in_brackets)
{
    EXPECT_EDGES(TYPES "document:\n  acronyms: [TRUST]\n",
                 "Nottingham University Hospitals NHS Trust (NUH) runs two sites.\n\n"
                 "Later, NUH lost the contract to Acme Ltd.",
                 "loses_contract_to Nottingham University Hospitals NHS Trust -> Acme Ltd\n");
}

Test(extract_document, acronyms_do_not_cross_documents)
{
    kg_rules *r = load_rules(TYPES "document:\n  acronyms: true\n");
    kg_extractor *ex;
    kg_extractor_new(&ex, r);
    kg_buf out = KG_BUF_INIT;
    kg_sink sink = {.edge = collect_edge, .ud = &out};
    const char *a = "Kent Hospitals NHS Trust (KH) exists.", *b = "KH lost the contract to Acme Ltd.";
    kg_extract_doc(ex, "a.txt", a, strlen(a), &sink);
    kg_extract_doc(ex, "b.txt", b, strlen(b), &sink);
    cr_assert_str_eq(out.ptr ? out.ptr : "", "");
    kg_buf_free(&out);
    kg_extractor_free(ex);
    kg_rules_free(r);
}

#define COREF \
    "document:\n" \
    "  coreference:\n" \
    "    - phrases: [\"the trust\"]\n" \
    "      types: [TRUST]\n" \
    "    - phrases: [it]\n" \
    "      types: [TRUST, FIRM]\n" \
    "      subject: true\n"

Test(extract_document, referring_phrase_resolves_to_most_recent_mention)
{
    EXPECT_EDGES(TYPES COREF,
                 "Kent NHS Trust and Surrey NHS Trust met.\n\nThe trust lost the contract to Acme Ltd.",
                 "loses_contract_to Surrey NHS Trust -> Acme Ltd\n");
}

Test(extract_document, subject_it_resolves_only_at_clause_start)
{
    EXPECT_EDGES(TYPES COREF,
                 "Beta Ltd bid. It lost the work to Acme Ltd. Acme Ltd said they lost it to Beta Ltd.",
                 "loses_contract_to Beta Ltd -> Acme Ltd\n");
}

#define PLURAL \
    "document:\n" \
    "  coreference:\n" \
    "    - phrases: [\"both trusts\"]\n" \
    "      types: [TRUST]\n" \
    "      count: 2\n"

Test(extract_document, plural_reference_reaches_each_entity)
{
    /* the two most recent distinct trusts, not Kent NHS Trust */
    EXPECT_EDGES(TYPES PLURAL,
                 "Kent NHS Trust bid. Surrey NHS Trust and Essex NHS Trust bid. Surrey NHS Trust won.\n\n"
                 "Both trusts lost the work to Acme Ltd.",
                 "loses_contract_to Surrey NHS Trust -> Acme Ltd\n"
                 "loses_contract_to Essex NHS Trust -> Acme Ltd\n");
}

Test(extract_document, plural_reference_where_the_mentions_array_grows)
{
    /* 15 mentions, then the plural's second entity: ex->ments grows while
     * the plural is being added (a use after free under ASan before) */
    kg_buf y = KG_BUF_INIT, text = KG_BUF_INIT;
    kg_buf_puts(&y, "types:\n  - name: TRUST\n    gazetteer: [");
    for (int i = 1; i <= 34; i++) kg_buf_printf(&y, "%sT%d", i > 1 ? ", " : "", i);
    kg_buf_puts(&y, "]\n" PLURAL);
    kg_buf_puts(&text, "T1 met T2 today.\n\n");
    for (int i = 3; i <= 17; i++) kg_buf_printf(&text, "T%d ", i);
    kg_buf_puts(&text, "saw both trusts.");
    char *got = extract_lines(y.ptr, text.ptr, true);
    /* the entities of earlier sentences, not of this one */
    cr_assert(strstr(got, "TRUST [both trusts] => T2\n") && strstr(got, "TRUST [both trusts] => T1\n"),
              "%s", got);
    free(got);
    kg_buf_free(&y);
    kg_buf_free(&text);
}

Test(extract_document, context_rule_reads_the_slot_structure)
{
    /* one argument in the sentence, the other from the context: the slot
     * still takes in an apposition */
    EXPECT_EDGES(TYPES "  - name: won\n    relation: awards_contract\n    context: source\n"
                 "    source: TRUST\n    target: FIRM\n    patterns: [\"{target} won\"]\n"
                 "slots:\n  appositions: true\n  lead: [a]\n",
                 "Kent NHS Trust ran a tender. Acme Ltd, a small firm, won.",
                 "awards_contract Kent NHS Trust -> Acme Ltd\n");
}

Test(extract_document, plural_reference_needs_enough_entities)
{
    /* one trust named before, and the one in the same sentence is not
     * taken: "both trusts" has no reading */
    EXPECT_EDGES(TYPES PLURAL,
                 "Kent NHS Trust bid. Acme Ltd and Surrey NHS Trust said both trusts lost to Acme Ltd.",
                 "");
}

#define CONTEXT \
    "  - name: went\n    relation: awards_contract\n    context: source\n" \
    "    source: TRUST\n    target: FIRM\n" \
    "    patterns: [\"(the | that) work went to {target}\"]\n"

Test(extract_document, context_slot_takes_the_most_recent_entity)
{
    EXPECT_EDGES(TYPES CONTEXT,
                 "Kent NHS Trust bid. Surrey NHS Trust ran a tender.\n\nThat work went to Acme Ltd.",
                 "awards_contract Surrey NHS Trust -> Acme Ltd\n");
}

Test(extract_document, context_slot_without_an_entity_gives_nothing)
{
    EXPECT_EDGES(TYPES CONTEXT, "That work went to Acme Ltd.", "");
}

Test(extract_document, quoted_phrase_resolves_only_inside_quotes)
{
    EXPECT_EDGES(TYPES "document:\n  coreference:\n    - phrases: [we]\n      types: [TRUST]\n"
                 "      quoted: true\n",
                 "Kent NHS Trust said: \"We lost the work to Acme Ltd.\" "
                 "Surrey NHS Trust met. We lost it to Beta Ltd.",
                 "loses_contract_to Kent NHS Trust -> Acme Ltd\n");
}

static int write_edge(void *ud, const kg_edge *e) { return kg_edge_write(ud, e); }

Test(extract_document, resolved_mentions_and_edges_are_marked)
{
    kg_rules *r = load_rules(TYPES COREF);
    kg_extractor *ex;
    kg_extractor_new(&ex, r);
    const char *text = "Kent NHS Trust bid.\n\nThe trust lost it to Acme Ltd.";
    kg_buf out = KG_BUF_INIT;
    kg_sink ms = {.mention = collect_mention, .ud = &out};
    kg_extract_doc(ex, "d.txt", text, strlen(text), &ms);
    cr_assert_str_eq(out.ptr, "TRUST [Kent NHS Trust] => Kent NHS Trust\n"
                              "TRUST [The trust] => Kent NHS Trust\n"
                              "FIRM [Acme Ltd] => Acme Ltd\n");
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    kg_sink es = {.edge = write_edge, .ud = fp};
    kg_extract_doc(ex, "d.txt", text, strlen(text), &es);
    fclose(fp);
    cr_assert(strstr(buf, "\"source_text\":\"The trust\"") != NULL, "%s", buf);
    cr_assert(strstr(buf, "\"resolved\":true}") != NULL, "%s", buf);
    free(buf);
    kg_buf_free(&out);
    kg_extractor_free(ex);
    kg_rules_free(r);
}

Test(extract_document, veto_blocks_the_rule_in_that_sentence)
{
    EXPECT_EDGES("lists:\n  abandon: [abandoned, scrapped]\n"
                 TYPES "    veto: [\"@abandon\", \"if\"]\n",
                 "Kent NHS Trust lost the bid to Acme Ltd, but the process was abandoned. "
                 "Kent NHS Trust lost the work to Beta Ltd.",
                 "loses_contract_to Kent NHS Trust -> Beta Ltd\n");
}

/* Gap exclusions, vetoes and coreference phrases all add anonymous word
 * lists; growing the list array from several places once overran it. */
Test(extract_document, many_anonymous_lists)
{
    kg_buf y = KG_BUF_INIT;
    kg_buf_puts(&y, "lists:\n  neg: [not, never]\n" TYPES "    veto: [abandoned]\n");
    for (int i = 0; i < 40; i++)
        kg_buf_printf(&y, "  - name: r%d\n    relation: loses_contract_to\n    source: [TRUST, FIRM]\n"
                          "    target: FIRM\n    veto: [scrapped%d, \"@neg\"]\n"
                          "    patterns: [\"{source} lost [0-4 -@neg -x%d] to {target}\"]\n", i, i, i);
    kg_buf_puts(&y, COREF);
    EXPECT_EDGES(y.ptr, "Kent NHS Trust lost the contract to Acme Ltd.",
                 "loses_contract_to Kent NHS Trust -> Acme Ltd\n");
    kg_buf_free(&y);
}
