/* Matrix multiply, written once for matmul_f32.c and matmul_f64.c, which define
 * REAL (float or double), NAME (the export) and FUNC (its C name) and include this.
 * C += A x B for N x N matrices of LCG values in [-1, 1), i-k-j order (the inner
 * loop streams a row of B into a row of C), work/(N*N*N) times. A unit is one
 * multiply-add. FP contraction is off on both sides (build.py, run.py), so every
 * engine must get the native result to the last bit. Returns a hash of the bits of
 * C. */
#include "common.h"

#define N 24
static REAL a[N][N], b[N][N], c[N][N];

static REAL uniform(uint32_t *seed) {
    return (REAL)(int32_t)lcg(seed) / (REAL)2147483648.0;
}

/* EXPORT stringizes its argument: one more level so that NAME is expanded first. */
#define EXPORT_AS(name) EXPORT(name)

EXPORT_AS(NAME) int64_t FUNC(int32_t n) {
    int32_t rounds = n / (N * N * N);
    if (rounds < 1) rounds = 1;
    uint32_t seed = 7;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = uniform(&seed);
            b[i][j] = uniform(&seed);
            c[i][j] = 0;
        }
    for (int32_t r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                REAL aik = a[i][k];
                for (int j = 0; j < N; j++) c[i][j] += aik * b[k][j];
            }
        /* Feed the result back so no round repeats the last: one element of A moves. */
        a[r % N][(r / N) % N] = c[N - 1][r % N] / (REAL)(r + N);
    }
    uint64_t h = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            union { REAL f; uint64_t u; } v = {0};
            v.f = c[i][j];
            h = h * 1000003u ^ v.u;
        }
    return (int64_t)h;
}
