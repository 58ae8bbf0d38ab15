/* Hard and symbolic links inside the preopened directory given as argv[1], trailing
   slashes above all: a link is never a directory, so a new link's path ending in "/"
   names nothing that can be made there (ENOENT), and an existing entry at such a path
   is in the way (EEXIST, or ENOTDIR when it is a file). The cases are those of the
   WASI test suite's path_link and path_symlink_trailing_slashes. */
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

static void step(const char *what, int result) {
    printf("%s: %s\n", what, result < 0 ? strerror(errno) : "ok");
}

static void make_file(const char *name) {
    close(open(at(name), O_CREAT | O_WRONLY, 0644));
}

int main(int argc, char **argv) {
    root = argc > 1 ? argv[1] : ".";
    make_file("file");

    /* path_link */
    step("link file link/", link(at("file"), at("link/")));
    step("link file link", link(at("file"), at("link")));
    step("unlink link", unlink(at("link")));
    step("link file file", link(at("file"), at("file")));
    step("link file/ link", link(at("file/"), at("link")));
    mkdir(at("dir"), 0755);
    step("link file dir/", link(at("file"), at("dir/")));
    step("link file dir", link(at("file"), at("dir")));
    step("link dir link", link(at("dir"), at("link")));
    rmdir(at("dir"));
    symlink("nowhere", at("dangling"));
    step("link dangling link", link(at("dangling"), at("link")));
    step("unlink link", unlink(at("link")));
    step("link file dangling", link(at("file"), at("dangling")));
    step("link file dangling/", link(at("file"), at("dangling/")));
    unlink(at("dangling"));

    /* path_symlink */
    step("symlink source target/", symlink("source", at("target/")));
    step("symlink source target", symlink("source", at("target")));
    step("unlink target", unlink(at("target")));
    mkdir(at("target"), 0755);
    step("symlink source target/ (a directory)", symlink("source", at("target/")));
    step("symlink source target (a directory)", symlink("source", at("target")));
    rmdir(at("target"));
    make_file("target");
    step("symlink source target/ (a file)", symlink("source", at("target/")));
    step("symlink source target (a file)", symlink("source", at("target")));
    unlink(at("target"));

    unlink(at("file"));
    struct stat st;
    step("nothing left: stat target", stat(at("target"), &st));
    step("nothing left: stat link", lstat(at("link"), &st));
    return 0;
}
