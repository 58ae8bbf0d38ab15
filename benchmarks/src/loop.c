/* An integer loop: a 32-bit LCG, shifts, rotations and xors with a loop-carried
 * dependency (nothing to vectorise or fold). A unit is one iteration. */
#include "common.h"

EXPORT(loop) int64_t loop_bench(int32_t n) {
    uint32_t a = 1, b = 2, c = 3;
    for (int32_t i = 0; i < n; i++) {
        a = a * 1664525u + 1013904223u;
        b ^= a >> 7;
        b += (uint32_t)i;
        c = ((c << 3) | (c >> 29)) ^ b;
    }
    return (int64_t)(((uint64_t)b << 32) | (a ^ c));
}
