/* The blur benchmark (blur.c) under its own name: benchmarks/build.py builds it with
 * -msimd128, so that the compiler vectorises the kernel, and run.py reports it beside
 * the scalar build. */
#define BLUR blur_simd
#define BLUR_BENCH blur_simd_bench
#include "blur.c"
