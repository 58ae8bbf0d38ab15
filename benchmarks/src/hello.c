/* The trivial WASI command whose process start-up run.py times. */
#include <stdio.h>

int main(void) {
    puts("hello");
    return 0;
}
