/* Recursive Fibonacci: call overhead. A unit is one call of fib: fib(n) makes
 * 2*fib(n+1)-1 of them. Returns fib(work). */
#include "common.h"

static uint32_t fib(int32_t n) {
    return n < 2 ? (uint32_t)n : fib(n - 1) + fib(n - 2);
}

EXPORT(fib) int64_t fib_bench(int32_t n) {
    return fib(n);
}
