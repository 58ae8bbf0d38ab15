/* CRC-32 (IEEE 802.3, reflected, table-driven) of `work` bytes: a 64 KiB buffer of
 * LCG bytes, repeated. A unit is one byte. Returns the CRC. */
#include "common.h"

#define BUF 65536
static uint8_t buf[BUF];
static uint32_t table[256];

EXPORT(crc32) int64_t crc32_bench(int32_t n) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    uint32_t seed = 12345;
    int32_t fill = n < BUF ? n : BUF;
    for (int32_t i = 0; i < fill; i++) buf[i] = (uint8_t)(lcg(&seed) >> 24);
    uint32_t crc = 0xFFFFFFFFu;
    for (int32_t i = 0; i < n; i++)
        crc = table[(crc ^ buf[i & (BUF - 1)]) & 0xFF] ^ (crc >> 8);
    return (int64_t)(crc ^ 0xFFFFFFFFu);
}
