/* Sieve of Eratosthenes over a byte array, repeated: round r sieves the numbers
 * below CHUNK - (r & 7). A unit is one number of a round's range: work/CHUNK
 * rounds (at least one). Returns a hash of the prime counts. */
#include "common.h"

#define CHUNK 8192
static uint8_t flags[CHUNK];

EXPORT(sieve) int64_t sieve_bench(int32_t n) {
    int32_t rounds = n / CHUNK;
    if (rounds < 1) rounds = 1;
    uint64_t sum = 0;
    for (int32_t r = 0; r < rounds; r++) {
        int32_t limit = CHUNK - (r & 7);
        for (int32_t i = 0; i < limit; i++) flags[i] = 1;
        uint32_t count = 0;
        for (int32_t i = 2; i < limit; i++) {
            if (flags[i]) {
                count++;
                for (int32_t j = i * i; j < limit; j += i) flags[j] = 0;
            }
        }
        sum = sum * 31 + count;
    }
    return (int64_t)sum;
}
