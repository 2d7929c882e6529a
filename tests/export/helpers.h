/*
 * tests/export/helpers.h: shared by the export tests: loading the fixture
 * graphs, exporting into memory or a temporary folder, golden files.
 */
#ifndef KG_TEST_EXPORT_HELPERS_H
#define KG_TEST_EXPORT_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

#include "kgraph/export.h"

#define EXPORT_FIXTURE(name) KG_TEST_DATA "/export/fixtures/" name
#define EXPORT_GOLDEN(name) KG_TEST_DATA "/export/golden/" name

/* Build and analyse the graph of one edge file, asserting success. */
kg_graph *export_load(const char *path);

/* Export g in fmt (not CSV) to memory with opts (may be NULL), asserting
 * success; caller frees. */
char *export_mem(const kg_graph *g, kg_format fmt, const kg_export_options *opts);

/* A new empty temporary folder (caller removes it with rm_tree, frees). */
char *temp_dir(void);
void rm_tree(const char *dir);
/* Number of entries in a folder, "." and ".." not counted. */
size_t dir_entries(const char *dir);

/* Read a whole file, asserting; caller frees. */
char *slurp(const char *path);

/* Compare text with the golden file `name` (under tests/export/golden/);
 * with KG_UPDATE_GOLDEN=1 in the environment, write it instead. */
void assert_golden(const char *text, const char *name);

/* Mask layout numbers, which may change between Graphviz versions: every
 * GEXF viz:position element and GraphML x / y value; caller frees. */
char *mask_positions(const char *xml);

#endif
