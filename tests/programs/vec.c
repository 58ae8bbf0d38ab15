/* vec.wasm, a WASI reactor library of v128 functions for `gvm vec.FUNC ARGS` (the
   README's v128 example): arguments and results are v128 values. */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(add) v128_t add(v128_t a, v128_t b) { return wasm_i32x4_add(a, b); }

EXPORT(scale) v128_t scale(v128_t a, float k) { return wasm_f32x4_mul(a, wasm_f32x4_splat(k)); }
