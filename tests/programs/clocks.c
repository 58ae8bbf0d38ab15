/* Clocks and randomness: resolutions, the real-time clock against the epoch, the
   monotonic clock across relative and absolute sleeps (poll_oneoff clock
   subscriptions), and random bytes. Prints only what every correct runtime prints. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

static void report(const char *what, int ok) { printf("%s: %s\n", what, ok ? "ok" : "FAILED"); }

int main(void) {
    struct timespec res, now, before, after, deadline;

    report("monotonic resolution", clock_getres(CLOCK_MONOTONIC, &res) == 0 && ns(res) > 0);
    report("realtime resolution", clock_getres(CLOCK_REALTIME, &res) == 0 && ns(res) > 0);
    clock_gettime(CLOCK_REALTIME, &now);
    report("realtime after 2020", now.tv_sec > 1577836800);
    report("time() agrees", time(NULL) - now.tv_sec <= 1);

    clock_gettime(CLOCK_MONOTONIC, &before);
    struct timespec pause = {.tv_nsec = 3000000};
    nanosleep(&pause, NULL);
    clock_gettime(CLOCK_MONOTONIC, &after);
    report("relative sleep of 3 ms", ns(after) - ns(before) >= 3000000);

    deadline = after;
    deadline.tv_nsec += 2000000;
    if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
    clock_gettime(CLOCK_MONOTONIC, &now);
    report("absolute sleep", ns(now) >= ns(deadline));

    unsigned char a[32], b[32], zero[32] = {0};
    report("getentropy", getentropy(a, sizeof a) == 0 && getentropy(b, sizeof b) == 0);
    report("random bytes differ", memcmp(a, b, sizeof a) != 0 && memcmp(a, zero, sizeof a) != 0);
    return 0;
}
