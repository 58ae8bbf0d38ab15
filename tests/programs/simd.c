/* Loops a compiler vectorises: built with -O3 -msimd128 (build.py), the wasm computes
 * them with v128 instructions (integer and float lanes, widening, reductions, byte
 * compares and selects); tests/test_simd.py compares its output with wasmtime's and
 * checks that v128 instructions ran. */
#include <stdint.h>
#include <stdio.h>

#define N 64

static int32_t ints[N], squares[N];
static int16_t left[N], right[N];
static float xs[N], ys[N], zs[N];
static double halves[N];
static uint8_t bytes[N], bright[N];
static char text[] = "Vectorised loops, counted lane by lane: SIMD on GVM!";

int main(void) {
    uint32_t seed = 2024;
    for (int i = 0; i < N; i++) {
        seed = seed * 1664525u + 1013904223u;
        ints[i] = (int32_t)(seed >> 8) - (1 << 23);
        left[i] = (int16_t)(seed >> 16);
        right[i] = (int16_t)(seed & 0xFFFF);
        xs[i] = (float)i * 0.25f - 3.0f;
        ys[i] = (float)(N - i) / 7.0f;
        bytes[i] = (uint8_t)(seed >> 24);
    }
    int64_t sum = 0;
    for (int i = 0; i < N; i++) {
        squares[i] = ints[i] * 3 + (ints[i] >> 4);
        sum += squares[i];
    }
    int32_t dot = 0;
    for (int i = 0; i < N; i++) dot += left[i] * right[i];
    for (int i = 0; i < N; i++) zs[i] = xs[i] * ys[i] + (xs[i] < ys[i] ? xs[i] : ys[i]);
    for (int i = 0; i < N; i++) halves[i] = (double)ints[i] * 0.5;
    for (int i = 0; i < N; i++) {
        int v = bytes[i] + 100;
        bright[i] = (uint8_t)(v > 255 ? 255 : v);
    }
    int upper = 0;
    for (int i = 0; text[i]; i++) {
        char c = text[i];
        text[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    for (int i = 0; text[i]; i++) upper += text[i] >= 'A' && text[i] <= 'Z';
    uint32_t bright_sum = 0;
    for (int i = 0; i < N; i++) bright_sum += bright[i];
    printf("sum %lld dot %d upper %d bright %u\n", (long long)sum, dot, upper, bright_sum);
    printf("%s\n", text);
    for (int i = 0; i < N; i += 9)
        printf("z[%d] = %.9g  half[%d] = %.17g\n", i, (double)zs[i], i, halves[i]);
    return 0;
}
