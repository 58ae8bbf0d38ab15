/* 64-bit integer arithmetic: the Collatz sequences of CHUNK consecutive 64-bit
 * starting numbers above 2^40, round after round (round r starts CHUNK * (r & 63)
 * further on, so every round does about the same work). A unit is one starting
 * number, followed down to 1: 310 steps on average, of 64-bit shifts, adds and
 * compares, and a 64-bit multiply-add. Returns a 64-bit mix of the step counts and
 * peaks. */
#include "common.h"

#define CHUNK 64
#define BASE ((uint64_t)1 << 40)

EXPORT(collatz) int64_t collatz_bench(int32_t n) {
    int32_t rounds = n / CHUNK;
    if (rounds < 1) rounds = 1;
    uint64_t h = 0x9E3779B97F4A7C15u;
    for (int32_t r = 0; r < rounds; r++) {
        uint64_t first = BASE + (uint64_t)CHUNK * (uint64_t)(r & 63);
        for (uint64_t start = first; start < first + CHUNK; start++) {
            uint64_t x = start, peak = start;
            uint32_t steps = 0;
            while (x != 1) {
                x = (x & 1) ? 3 * x + 1 : x >> 1;
                if (x > peak) peak = x;
                steps++;
            }
            /* A splitmix64-style mix keeps every count and peak in the result. */
            h ^= peak + steps;
            h *= 0xBF58476D1CE4E5B9u;
            h ^= h >> 31;
        }
    }
    return (int64_t)h;
}
