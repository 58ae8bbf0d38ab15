/* Divides by zero three calls deep, for the trap message and the wasm backtrace. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static int divide(int a, int b) { return a / b; }

__attribute__((noinline)) static int average(int total, int count) {
    return divide(total, count);
}

int main(int argc, char **argv) {
    printf("about to divide\n");
    fflush(stdout);
    return average(argc * 10, argc - 1);
}
