/* Tries to leave the preopened directory given as argv[1]: through "..", an absolute
   path, and symlinks pointing out of it. Every attempt must fail; a symlink that stays
   inside must work. The test puts "outside.txt" next to the preopen. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *root;

static const char *at(const char *name) {
    static char paths[2][512];
    static int next;
    char *p = paths[next++ % 2];
    snprintf(p, 512, "%s/%s", root, name);
    return p;
}

static void attempt_open(const char *what, const char *path) {
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: refused (%s)\n", what, strerror(errno));
        return;
    }
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: READ \"%s\"\n", what, buf);
}

static void attempt(const char *what, int result) {
    printf("%s: %s\n", what, result < 0 ? strerror(errno) : "DONE");
}

int main(int argc, char **argv) {
    root = argc > 1 ? argv[1] : ".";
    struct stat st;

    attempt_open("dot-dot", at("../outside.txt"));
    attempt_open("dot-dot through a directory", at("inner/../../outside.txt"));
    attempt_open("absolute", "/outside.txt");
    attempt("stat of the parent", stat(at(".."), &st));
    attempt("mkdir outside", mkdir(at("../made-by-guest"), 0755));
    attempt("rename out", rename(at("inside.txt"), at("../moved.txt")));

    attempt("symlink to ..", symlink("../outside.txt", at("up")));
    attempt_open("open symlink to ..", at("up"));
    attempt("absolute symlink", symlink("/etc/passwd", at("absolute-link")));
    attempt_open("open absolute symlink", at("absolute-link"));
    symlink("..", at("parent-link"));
    attempt_open("through a symlink to a directory outside", at("parent-link/outside.txt"));

    symlink("inner/../inside.txt", at("in"));
    attempt_open("symlink staying inside", at("in"));
    attempt_open("dot-dot staying inside", at("inner/../inside.txt"));
    return 0;
}
