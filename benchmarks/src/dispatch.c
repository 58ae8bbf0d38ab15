/* call_indirect-heavy code: a "program" of PROGRAM random operation numbers is run
 * work/PROGRAM times (at least once) by calling each operation through a table of
 * 16 function pointers (in wasm, a call_indirect through the module's table). The
 * operations are small, of two signatures, and some call others through the table,
 * as a visitor or a virtual method would. A unit is one operation dispatched from
 * the program (about 1.2 indirect calls). Returns the final state. */
#include "common.h"

#define PROGRAM 4096

typedef struct { uint32_t a, b; uint64_t c; } State;
typedef uint32_t (*Op)(State *, uint32_t);
typedef uint64_t (*Mix)(uint64_t, uint32_t);

static uint8_t program[PROGRAM];

static uint64_t mix_mul(uint64_t c, uint32_t x) { return (c + x) * 0x9E3779B97F4A7C15u; }
static uint64_t mix_rot(uint64_t c, uint32_t x) { return (c << 13 | c >> 51) ^ x; }
static uint64_t mix_sub(uint64_t c, uint32_t x) { return c - ((uint64_t)x << 7) - 1; }
static uint64_t mix_xsh(uint64_t c, uint32_t x) { return c ^ (c >> 29) ^ x; }
static Mix const mixes[4] = {mix_mul, mix_rot, mix_sub, mix_xsh};

static uint32_t op_add(State *s, uint32_t x) { s->a += x; return s->a; }
static uint32_t op_sub(State *s, uint32_t x) { s->b -= x ^ s->a; return s->b; }
static uint32_t op_xor(State *s, uint32_t x) { s->a ^= x * 0x01000193u; return s->a; }
static uint32_t op_rot(State *s, uint32_t x) { s->b = (s->b << (x & 31)) | (s->b >> ((32 - x) & 31)); return s->b; }
static uint32_t op_swap(State *s, uint32_t x) { uint32_t t = s->a; s->a = s->b; s->b = t + x; return t; }
static uint32_t op_mul(State *s, uint32_t x) { s->a = s->a * (x | 1); return s->a; }
static uint32_t op_min(State *s, uint32_t x) { if (x < s->b) s->b = x; return s->b; }
static uint32_t op_max(State *s, uint32_t x) { if (x > s->a) s->a = x; return s->a; }
static uint32_t op_mix(State *s, uint32_t x) { s->c = mixes[x & 3](s->c, s->a); return (uint32_t)s->c; }
static uint32_t op_mix2(State *s, uint32_t x) { s->c = mixes[(x >> 2) & 3](s->c, x); return (uint32_t)(s->c >> 32); }
static uint32_t op_fold(State *s, uint32_t x) { s->c += s->a ^ s->b ^ x; return (uint32_t)s->c; }
static uint32_t op_neg(State *s, uint32_t x) { s->a = ~s->a + (x & 1); return s->a; }
static uint32_t op_inc(State *s, uint32_t x) { s->b++; return s->b ^ x; }
static uint32_t op_shr(State *s, uint32_t x) { s->a >>= x & 7; s->a |= 0x80000000u; return s->a; }
static uint32_t op_cnt(State *s, uint32_t x) { uint32_t v = s->a & x, k = 0; while (v) { v &= v - 1; k++; } s->b += k; return k; }
static uint32_t op_nop(State *s, uint32_t x) { (void)s; return x; }
static Op const ops[16] = {op_add, op_sub, op_xor, op_rot, op_swap, op_mul, op_min, op_max,
                           op_mix, op_mix2, op_fold, op_neg, op_inc, op_shr, op_cnt, op_nop};

/* The table is read through a volatile pointer, so the compiler cannot turn the
 * calls into a switch: they stay indirect, as in code whose table is filled at
 * run time. */
static Op const *volatile table = ops;

EXPORT(dispatch) int64_t dispatch_bench(int32_t n) {
    int32_t rounds = n / PROGRAM;
    if (rounds < 1) rounds = 1;
    uint32_t seed = 77;
    for (int32_t i = 0; i < PROGRAM; i++) program[i] = (uint8_t)(lcg(&seed) >> 28);
    State s = {1, 2, 3};
    Op const *t = table;
    uint32_t x = 12345;
    for (int32_t r = 0; r < rounds; r++)
        for (int32_t i = 0; i < PROGRAM; i++) x = t[program[i]](&s, x + (uint32_t)i);
    return (int64_t)(s.c ^ ((uint64_t)s.a << 32 | s.b) ^ x);
}
