/* fib.wasm, a WASI reactor library for `gvm fib.FUNC ARGS`: functions over every number type.
   `_initialize` runs the constructor below, which `get_base` shows. */
#include <math.h>

static int base;

__attribute__((constructor)) static void set_base(void) { base = 100; }

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(get_base) int get_base(void) { return base; }

EXPORT(fib) int fib(int n) {
    int a = 0, b = 1;
    while (n-- > 0) {
        int t = a + b;
        a = b;
        b = t;
    }
    return a;
}

EXPORT(add64) long long add64(long long a, long long b) { return a + b; }

EXPORT(mulf) float mulf(float a, float b) { return a * b; }

EXPORT(scale) double scale(double x, double k) { return x * k; }

EXPORT(hypotenuse) double hypotenuse(double a, double b) { return sqrt(a * a + b * b); }

EXPORT(all_ones) unsigned all_ones(void) { return 0xFFFFFFFFu; }

EXPORT(divide) int divide(int a, int b) { return a / b; }
