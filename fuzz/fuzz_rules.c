/*
 * fuzz/fuzz_rules.c: fuzz target for the rule loader.  Any byte string must
 * load or fail with KG_ERULE/KG_EIO and a message, never crash, hang or leak.
 * Built with libFuzzer under clang (-DKG_BUILD_FUZZ=ON), or with
 * fuzz/replay.c into a plain program that replays files (run in the suite).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "kgraph/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kg_rules *r = NULL;
    int rc = kg_rules_load_string(&r, "fuzz.yaml", (const char *)data, size, NULL);
    if ((rc == 0) != (r != NULL)) abort();
    kg_rules_free(r);
    return 0;
}
