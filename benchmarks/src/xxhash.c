/* A hash over a buffer: XXH64 (Yann Collet's xxHash, 64-bit; written from its
 * specification) of a BUF-byte buffer of LCG bytes with a new seed each round:
 * work/BUF rounds. A unit is one byte hashed. Returns the xor of the digests. */
#include "common.h"

#define BUF 8192
static uint8_t buf[BUF + 8];  /* each round starts at one of 8 offsets */

static const uint64_t P1 = 0x9E3779B185EBCA87u, P2 = 0xC2B2AE3D27D4EB4Fu,
                      P3 = 0x165667B19E3779F9u, P4 = 0x85EBCA77C2B2AE63u,
                      P5 = 0x27D4EB2F165667C5u;

static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

/* Little-endian loads, byte by byte: the same code on any host. */
static inline uint64_t read64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

static inline uint32_t read32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t round64(uint64_t acc, uint64_t lane) {
    acc += lane * P2;
    return rotl(acc, 31) * P1;
}

static inline uint64_t merge(uint64_t acc, uint64_t v) {
    acc ^= round64(0, v);
    return acc * P1 + P4;
}

static uint64_t xxh64(const uint8_t *p, uint32_t len, uint64_t seed) {
    const uint8_t *end = p + len;
    uint64_t h;
    if (len >= 32) {
        uint64_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
        do {
            v1 = round64(v1, read64(p));
            v2 = round64(v2, read64(p + 8));
            v3 = round64(v3, read64(p + 16));
            v4 = round64(v4, read64(p + 24));
            p += 32;
        } while (p <= end - 32);
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
        h = merge(h, v1);
        h = merge(h, v2);
        h = merge(h, v3);
        h = merge(h, v4);
    } else {
        h = seed + P5;
    }
    h += len;
    for (; p + 8 <= end; p += 8) h = rotl(h ^ round64(0, read64(p)), 27) * P1 + P4;
    if (p + 4 <= end) { h = rotl(h ^ (read32(p) * P1), 23) * P2 + P3; p += 4; }
    for (; p < end; p++) h = rotl(h ^ (*p * P5), 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

EXPORT(xxhash) int64_t xxhash_bench(int32_t n) {
    int32_t rounds = n / BUF;
    if (rounds < 1) rounds = 1;
    uint32_t state = 99;
    for (int32_t i = 0; i < BUF + 8; i++) buf[i] = (uint8_t)(lcg(&state) >> 24);
    uint64_t acc = xxh64((const uint8_t *)"", 0, 0) ^ xxh64((const uint8_t *)"abc", 3, 1);
    for (int32_t r = 0; r < rounds; r++)
        acc ^= xxh64(buf + (r & 7), BUF, (uint64_t)r * P3);
    return (int64_t)acc;
}
