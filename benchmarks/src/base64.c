/* Byte-wise table lookups: base64 encoding of a CHUNK-byte buffer of LCG bytes with a
 * 64-entry alphabet, decoding it back through a 256-entry reverse table, and a
 * 256-bin histogram of the encoded text, repeated work/CHUNK times. A unit is one
 * input byte encoded and decoded. Returns a hash of the histogram, or -1 when a
 * decoded buffer differs from its input. */
#include "common.h"

#define CHUNK 3072  /* a multiple of 3: no padding */
static uint8_t input[CHUNK];
static uint8_t text[CHUNK / 3 * 4];
static uint8_t output[CHUNK];
static uint8_t decode_table[256];
static uint32_t histogram[256];
static const char alphabet[65] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void encode(const uint8_t *in, int32_t len, uint8_t *out) {
    for (int32_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        *out++ = (uint8_t)alphabet[v >> 18];
        *out++ = (uint8_t)alphabet[(v >> 12) & 63];
        *out++ = (uint8_t)alphabet[(v >> 6) & 63];
        *out++ = (uint8_t)alphabet[v & 63];
    }
}

static void decode(const uint8_t *in, int32_t len, uint8_t *out) {
    for (int32_t i = 0; i < len; i += 4) {
        uint32_t v = (uint32_t)decode_table[in[i]] << 18 | (uint32_t)decode_table[in[i + 1]] << 12
                   | (uint32_t)decode_table[in[i + 2]] << 6 | decode_table[in[i + 3]];
        *out++ = (uint8_t)(v >> 16);
        *out++ = (uint8_t)(v >> 8);
        *out++ = (uint8_t)v;
    }
}

EXPORT(base64) int64_t base64_bench(int32_t n) {
    int32_t rounds = n / CHUNK;
    if (rounds < 1) rounds = 1;
    for (int i = 0; i < 256; i++) { decode_table[i] = 0; histogram[i] = 0; }
    for (int i = 0; i < 64; i++) decode_table[(uint8_t)alphabet[i]] = (uint8_t)i;
    uint32_t seed = 2024;
    for (int32_t r = 0; r < rounds; r++) {
        /* A new input each round, biased (the top bits of a product of two LCG
         * draws) so that the histogram is uneven. */
        for (int32_t i = 0; i < CHUNK; i++)
            input[i] = (uint8_t)(((lcg(&seed) >> 24) * (lcg(&seed) >> 24)) >> 8);
        encode(input, CHUNK, text);
        for (int32_t i = 0; i < CHUNK / 3 * 4; i++) histogram[text[i]]++;
        decode(text, CHUNK / 3 * 4, output);
        for (int32_t i = 0; i < CHUNK; i++)
            if (output[i] != input[i]) return -1;
    }
    uint64_t h = 0;
    for (int i = 0; i < 256; i++) h = h * 1000003u + histogram[i];
    return (int64_t)h;
}
