/* Allocates and fills argv[1] MiB, as a program with a large working set: under a small
   --max-memory its malloc fails (memory.grow returns -1) and it exits with status 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 1;
    char *block = malloc(mib << 20);
    if (block == NULL) {
        fprintf(stderr, "alloc: out of memory\n");
        return 1;
    }
    memset(block, 1, mib << 20);
    printf("allocated %zu MiB, last byte %d\n", mib, block[(mib << 20) - 1]);
    return 0;
}
