/* Numeric semantics of WebAssembly (spec 4.3 "Numerics") in C, for the fast engine:
   included by engine.pyx's `run` and by the C the native tier generates for a module
   (gvm/_fast/native), so that both compute every value the same way. Each function
   mirrors gvm/interp/numeric.py's definition of the instruction it serves. */
#ifndef GVM_NUMERIC_H
#define GVM_NUMERIC_H
#include <math.h>
#include <string.h>
#include <stdint.h>

/* Slots hold bit patterns; these reinterpret them without aliasing tricks. */
static inline float gvm_f32(uint64_t s) { uint32_t u = (uint32_t)s; float f; memcpy(&f, &u, 4); return f; }
static inline uint64_t gvm_f32_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline double gvm_f64(uint64_t s) { double d; memcpy(&d, &s, 8); return d; }
static inline uint64_t gvm_f64_bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

/* Loads and stores at any alignment (memcpy compiles to one move). */
static inline uint64_t gvm_ld8(const unsigned char* p) { return p[0]; }
static inline uint64_t gvm_ld16(const unsigned char* p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint64_t gvm_ld32(const unsigned char* p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t gvm_ld64(const unsigned char* p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline void gvm_st8(unsigned char* p, uint64_t v) { p[0] = (unsigned char)v; }
static inline void gvm_st16(unsigned char* p, uint64_t v) { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); }
static inline void gvm_st32(unsigned char* p, uint64_t v) { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); }
static inline void gvm_st64(unsigned char* p, uint64_t v) { memcpy(p, &v, 8); }

/* gvm.values' f32 <-> Python float mapping: an f32 NaN's payload sits in the top bits
   of the double's payload (a C cast would quiet signalling NaNs). */
static inline double gvm_f32_to_double(uint32_t bits) {
    if ((bits & 0x7F800000u) == 0x7F800000u && (bits & 0x7FFFFFu)) {
        uint64_t d = ((uint64_t)(bits >> 31) << 63) | 0x7FF0000000000000ull
                     | ((uint64_t)(bits & 0x7FFFFFu) << 29);
        return gvm_f64(d);
    }
    return (double)gvm_f32(bits);
}
static inline uint32_t gvm_double_to_f32(double x) {
    if (x != x) {
        uint64_t b = gvm_f64_bits(x);
        uint32_t payload = (uint32_t)((b >> 29) & 0x7FFFFFu);
        if (!payload) payload = 0x400000u;
        return ((uint32_t)(b >> 63) << 31) | 0x7F800000u | payload;
    }
    return (uint32_t)gvm_f32_bits((float)x);
}

/* numeric.py F64_MIN/F64_MAX, also used for f32 (same comparisons on exact values):
   -0 is below +0, and a NaN operand yields a + b, the NaN quieted. */
static inline double gvm_fmin(double a, double b) {
    if (a < b) return a;
    if (b < a) return b;
    if (a == b) return a != 0 ? a : -(-a - b);
    return a + b;
}
static inline double gvm_fmax(double a, double b) {
    if (a > b) return a;
    if (b > a) return b;
    if (a == b) return a != 0 ? a : a + b;
    return a + b;
}
static inline float gvm_fminf(float a, float b) {
    if (a < b) return a;
    if (b < a) return b;
    if (a == b) return a != 0 ? a : -(-a - b);
    return a + b;
}
static inline float gvm_fmaxf(float a, float b) {
    if (a > b) return a;
    if (b > a) return b;
    if (a == b) return a != 0 ? a : a + b;
    return a + b;
}

/* numeric.py F64_CEIL/FLOOR/TRUNC/NEAREST: below 2**52 (2**23 for f32) round and keep
   the sign (ceil(-0.5) is -0); above, the value is integral, and x + 0 quiets NaNs. */
static inline double gvm_ceil(double x) { return (x > -0x1p52 && x < 0x1p52) ? copysign(ceil(x), x) : x + 0.0; }
static inline double gvm_floor(double x) { return (x > -0x1p52 && x < 0x1p52) ? copysign(floor(x), x) : x + 0.0; }
static inline double gvm_trunc(double x) { return (x > -0x1p52 && x < 0x1p52) ? copysign(trunc(x), x) : x + 0.0; }
static inline double gvm_nearest(double x) {
    /* Between 2**52 and 2**53 doubles are the integers: adding 2**52 rounds to even. */
    return (x > -0x1p52 && x < 0x1p52) ? copysign(fabs(x) + 0x1p52 - 0x1p52, x) : x + 0.0;
}
static inline float gvm_ceilf(float x) { return (x > -0x1p23f && x < 0x1p23f) ? copysignf(ceilf(x), x) : x + 0.0f; }
static inline float gvm_floorf(float x) { return (x > -0x1p23f && x < 0x1p23f) ? copysignf(floorf(x), x) : x + 0.0f; }
static inline float gvm_truncf(float x) { return (x > -0x1p23f && x < 0x1p23f) ? copysignf(truncf(x), x) : x + 0.0f; }
static inline float gvm_nearestf(float x) {
    return (x > -0x1p23f && x < 0x1p23f) ? copysignf(fabsf(x) + 0x1p23f - 0x1p23f, x) : x + 0.0f;
}
/* numeric.py F64_SQRT/F32_SQRT: a negative operand gives Python's nan, the positive
   canonical NaN (the hardware would give the negative default NaN). */
static inline double gvm_sqrt(double x) { return x < 0 ? gvm_f64(0x7FF8000000000000ull) : sqrt(x); }
static inline float gvm_sqrtf(float x) { return x < 0 ? gvm_f32(0x7FC00000u) : sqrtf(x); }

static inline uint32_t gvm_clz32(uint32_t a) { return a ? (uint32_t)__builtin_clz(a) : 32; }
static inline uint32_t gvm_ctz32(uint32_t a) { return a ? (uint32_t)__builtin_ctz(a) : 32; }
static inline uint64_t gvm_clz64(uint64_t a) { return a ? (uint64_t)__builtin_clzll(a) : 64; }
static inline uint64_t gvm_ctz64(uint64_t a) { return a ? (uint64_t)__builtin_ctzll(a) : 64; }
static inline uint32_t gvm_rotl32(uint32_t a, uint32_t k) { k &= 31; return (a << k) | (a >> ((32 - k) & 31)); }
static inline uint32_t gvm_rotr32(uint32_t a, uint32_t k) { k &= 31; return (a >> k) | (a << ((32 - k) & 31)); }
static inline uint64_t gvm_rotl64(uint64_t a, uint64_t k) { k &= 63; return (a << k) | (a >> ((64 - k) & 63)); }
static inline uint64_t gvm_rotr64(uint64_t a, uint64_t k) { k &= 63; return (a >> k) | (a << ((64 - k) & 63)); }

/* Truncations, numeric.py's bounds: exclusive bounds on the operand itself (NaN fails
   every comparison), all doubles, so f32 operands are promoted first (exactly).
   Return 0, or the trap: 1 integer overflow, 2 invalid conversion (NaN). */
static inline int gvm_trunc_i32_s(double x, uint64_t* r) {
    if (x > -2147483649.0 && x < 2147483648.0) { *r = (uint32_t)(int32_t)x; return 0; }
    return x != x ? 2 : 1;
}
static inline int gvm_trunc_i32_u(double x, uint64_t* r) {
    if (x > -1.0 && x < 4294967296.0) { *r = (uint32_t)(int64_t)x; return 0; }
    return x != x ? 2 : 1;
}
static inline int gvm_trunc_i64_s(double x, uint64_t* r) {
    if (x >= -9223372036854775808.0 && x < 9223372036854775808.0) { *r = (uint64_t)(int64_t)x; return 0; }
    return x != x ? 2 : 1;
}
static inline int gvm_trunc_i64_u(double x, uint64_t* r) {
    if (x > -1.0 && x < 18446744073709551616.0) { *r = x < 1.0 ? 0 : (uint64_t)x; return 0; }
    return x != x ? 2 : 1;
}
static inline uint64_t gvm_sat_i32_s(double x) {
    if (x > -2147483649.0 && x < 2147483648.0) return (uint32_t)(int32_t)x;
    if (x != x) return 0;
    return x < 0 ? 0x80000000u : 0x7FFFFFFFu;
}
static inline uint64_t gvm_sat_i32_u(double x) {
    if (x > -1.0 && x < 4294967296.0) return (uint32_t)(int64_t)x;
    if (x != x || x < 0) return 0;
    return 0xFFFFFFFFu;
}
static inline uint64_t gvm_sat_i64_s(double x) {
    if (x >= -9223372036854775808.0 && x < 9223372036854775808.0) return (uint64_t)(int64_t)x;
    if (x != x) return 0;
    return x < 0 ? 0x8000000000000000ull : 0x7FFFFFFFFFFFFFFFull;
}
static inline uint64_t gvm_sat_i64_u(double x) {
    if (x > -1.0 && x < 18446744073709551616.0) return x < 1.0 ? 0 : (uint64_t)x;
    if (x != x || x < 0) return 0;
    return 0xFFFFFFFFFFFFFFFFull;
}

/* f64.promote_f32 as a value the C compiler cannot see through: GCC folds
   demote(promote(x)) to x, even with -fsignaling-nans, which leaves a signalling NaN
   signalling where wasm quiets it (the native tier's code; the interpreter's values
   pass through memory). */
static inline double gvm_promote(float x) { double r = (double)x; __asm__("" : "+m"(r)); return r; }

#define GVM_LIKELY(x) __builtin_expect(!!(x), 1)
#define GVM_UNLIKELY(x) __builtin_expect(!!(x), 0)

#endif
