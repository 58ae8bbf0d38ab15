/* A [1 2 1] blur of an 8-bit image, rows then columns, repeated: the kind of kernel a
 * compiler vectorises (built twice, plain and with -msimd128, to measure what SIMD
 * buys). Each tap is a rounded average of bytes, avg(avg(left, right), centre), as
 * image code often approximates (a + 2b + c) / 4 to stay in 8 bits. A round blurs the 128x64 image once; a unit is one pixel of a round:
 * work/(128*64) rounds (at least one). Returns a hash of the pixels after each round. */
#include "common.h"

/* blur_simd.c builds this same source under another name. */
#ifndef BLUR
#define BLUR blur
#define BLUR_BENCH blur_bench
#endif

#define EXPORT_AS(name) EXPORT(name)   /* expands BLUR before EXPORT quotes it */

#define W 128
#define H 64
static uint8_t image[H][W], rows[H][W];

static inline uint8_t avg(uint8_t a, uint8_t b) { return (uint8_t)((a + b + 1) >> 1); }

EXPORT_AS(BLUR) int64_t BLUR_BENCH(int32_t n) {
    int32_t rounds = n / (W * H);
    if (rounds < 1) rounds = 1;
    uint32_t seed = 12345;
    for (int32_t y = 0; y < H; y++)
        for (int32_t x = 0; x < W; x++) image[y][x] = (uint8_t)(lcg(&seed) >> 24);
    uint64_t hash = 0;
    for (int32_t r = 0; r < rounds; r++) {
        for (int32_t y = 0; y < H; y++) {
            rows[y][0] = image[y][0];
            rows[y][W - 1] = image[y][W - 1];
            for (int32_t x = 1; x < W - 1; x++)
                rows[y][x] = avg(avg(image[y][x - 1], image[y][x + 1]), image[y][x]);
        }
        for (int32_t x = 0; x < W; x++) {
            image[0][x] = rows[0][x];
            image[H - 1][x] = (uint8_t)(rows[H - 1][x] ^ (uint8_t)r);   /* keep it changing */
        }
        for (int32_t y = 1; y < H - 1; y++)
            for (int32_t x = 0; x < W; x++)
                image[y][x] = avg(avg(rows[y - 1][x], rows[y + 1][x]), rows[y][x]);
        uint32_t sum = 0;
        for (int32_t y = 0; y < H; y++)
            for (int32_t x = 0; x < W; x++) sum += image[y][x];
        hash = hash * 31 + sum;
    }
    return (int64_t)hash;
}
