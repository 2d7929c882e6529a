/*
 * fuzz/replay.c: a main() for fuzz targets built without libFuzzer: runs
 * the target on every file named on the command line (a seed corpus, a
 * crash reproducer), so the fuzz targets also run in the ordinary suite.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        if (!fp) {
            perror(argv[i]);
            return 1;
        }
        size_t cap = 1 << 16, len = 0, n;
        unsigned char *buf = malloc(cap);
        while (buf && (n = fread(buf + len, 1, cap - len, fp)) > 0) {
            len += n;
            if (len == cap) buf = realloc(buf, cap *= 2);
        }
        fclose(fp);
        if (!buf) return 1;
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
    }
    printf("replayed %d inputs\n", argc - 1);
    return 0;
}
