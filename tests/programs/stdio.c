/* Waits for stdin with poll(), copies it to stdout upper-cased, writes a summary on
   stderr and exits with the status given as argv[1] (default 0). */
#include <ctype.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
    int ready = poll(&in, 1, 5000);
    printf("poll: %d %s\n", ready, (in.revents & POLLIN) ? "readable" : "not readable");

    char buf[256];
    long total = 0, lines = 0;
    ssize_t n;
    while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            lines += buf[i] == '\n';
            buf[i] = toupper((unsigned char)buf[i]);
        }
        fwrite(buf, 1, n, stdout);
        total += n;
    }
    fflush(stdout);
    fprintf(stderr, "%ld bytes, %ld lines\n", total, lines);
    return argc > 1 ? atoi(argv[1]) : 0;
}
