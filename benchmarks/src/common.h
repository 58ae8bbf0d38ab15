/* Shared by every benchmark program. Each program exports one function
 *     int64_t NAME(int32_t work)
 * that does `work` units of work (see run.py for what a unit is) and returns a
 * checksum. The programs need no imports and no libc: they are built for
 * wasm32-freestanding (by build.py) and natively with gcc -O2 (by run.py). */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include <stddef.h>

#ifdef __wasm__
#define EXPORT(name) __attribute__((export_name(#name)))
/* The compiler may turn loops into calls to these; with -nostdlib we bring our own
 * (weak, so the programs can also be linked into one module). */
__attribute__((weak)) void *memset(void *dst, int c, size_t n) {
    volatile unsigned char *d = dst;
    while (n--) *d++ = (unsigned char)c;
    return dst;
}
__attribute__((weak)) void *memcpy(void *dst, const void *src, size_t n) {
    volatile unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) *d++ = *s++;
    return dst;
}
#else
#define EXPORT(name) __attribute__((visibility("default")))
#endif

/* Numerical Recipes' 32-bit LCG: the programs' deterministic "random" input. */
static inline uint32_t lcg(uint32_t *state) {
    *state = *state * 1664525u + 1013904223u;
    return *state;
}

#endif
