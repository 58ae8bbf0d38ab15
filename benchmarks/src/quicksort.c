/* Recursive quicksort (median of three, Hoare partition) of arrays of CHUNK LCG
 * int32s, repeated: work/CHUNK rounds (at least one). A unit is one element sorted.
 * Returns a hash of every sorted array. */
#include "common.h"

#define CHUNK 1024
static int32_t a[CHUNK];

static void quicksort(int32_t *v, int32_t lo, int32_t hi) {
    while (hi - lo > 0) {
        int32_t mid = lo + (hi - lo) / 2;
        int32_t x = v[lo], y = v[mid], z = v[hi];
        int32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int32_t i = lo - 1, j = hi + 1;
        for (;;) {
            do i++; while (v[i] < pivot);
            do j--; while (v[j] > pivot);
            if (i >= j) break;
            int32_t t = v[i]; v[i] = v[j]; v[j] = t;
        }
        /* Recurse into the smaller half, loop on the larger: depth stays O(log n). */
        if (j - lo < hi - j) { quicksort(v, lo, j); lo = j + 1; }
        else { quicksort(v, j + 1, hi); hi = j; }
    }
}

EXPORT(quicksort) int64_t quicksort_bench(int32_t n) {
    int32_t rounds = n / CHUNK;
    if (rounds < 1) rounds = 1;
    uint32_t seed = 42;
    uint64_t h = 0;
    for (int32_t r = 0; r < rounds; r++) {
        for (int i = 0; i < CHUNK; i++) a[i] = (int32_t)lcg(&seed);
        quicksort(a, 0, CHUNK - 1);
        for (int i = 0; i < CHUNK; i += 37) h = h * 1000003u ^ (uint32_t)a[i];
        h ^= (uint64_t)(uint32_t)a[CHUNK - 1] << 17;
    }
    return (int64_t)h;
}
