/* The smallest WASI command: one line on stdout, exit status 0. */
#include <stdio.h>

int main(void) {
    puts("Hello, world!");
    return 0;
}
