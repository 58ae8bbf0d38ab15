/* Files and directories inside the preopened directory given as argv[1]: create,
   write, read, seek, truncate, append, rename, link, symlink, list, time stamps and
   delete, with the errors POSIX promises for the usual mistakes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *root;

static const char *at(const char *name) {
    static char paths[4][512];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 512, "%s/%s", root, name);
    return p;
}

/* One line per step: "ok", or the error the step failed with. */
static void step(const char *what, int result) {
    printf("%s: %s\n", what, result < 0 ? strerror(errno) : "ok");
}

static void write_file(const char *name, const char *text) {
    FILE *f = fopen(at(name), "w");
    fputs(text, f);
    fclose(f);
}

static void seek_and_read(int fd, off_t offset, int whence, size_t n) {
    char buf[64] = {0};
    off_t pos = lseek(fd, offset, whence);
    ssize_t got = read(fd, buf, n);
    printf("seek %lld/%d -> %lld, read %zd: \"%s\"\n", (long long)offset, whence,
           (long long)pos, got, buf);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *name) {
    DIR *d = opendir(at(name));
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    printf("%s contains:", name);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void contents(const char *name) {
    char buf[128] = {0};
    int fd = open(at(name), O_RDONLY);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s holds %zd bytes: \"%s\"\n", name, n, buf);
}

int main(int argc, char **argv) {
    root = argc > 1 ? argv[1] : ".";
    struct stat st;

    step("mkdir sub", mkdir(at("sub"), 0755));
    step("mkdir sub again", mkdir(at("sub"), 0755));
    write_file("sub/a.txt", "hello, file\nsecond line\n");
    contents("sub/a.txt");

    int fd = open(at("sub/a.txt"), O_RDONLY);
    seek_and_read(fd, 7, SEEK_SET, 4);
    seek_and_read(fd, -3, SEEK_CUR, 3);
    seek_and_read(fd, -5, SEEK_END, 4);
    printf("tell: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    close(fd);

    fd = open(at("sub/a.txt"), O_RDWR);
    char buf[8] = {0};
    printf("pwrite: %zd\n", pwrite(fd, "HELLO", 5, 0));
    printf("pread: %zd \"%s\"\n", pread(fd, buf, 4, 1), buf);
    printf("position after pread/pwrite: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    step("ftruncate", ftruncate(fd, 9));
    fstat(fd, &st);
    printf("size after truncate: %lld\n", (long long)st.st_size);
    step("fsync", fsync(fd));
    step("fdatasync", fdatasync(fd));
    close(fd);

    fd = open(at("sub/a.txt"), O_WRONLY | O_APPEND);
    write(fd, "+tail", 5);
    close(fd);
    contents("sub/a.txt");

    step("create exclusive existing", open(at("sub/a.txt"), O_WRONLY | O_CREAT | O_EXCL, 0644));
    step("open missing", open(at("sub/missing.txt"), O_RDONLY));
    step("open file as directory", open(at("sub/a.txt"), O_RDONLY | O_DIRECTORY));
    step("read-only open for writing", write(open(at("sub/a.txt"), O_RDONLY), "x", 1));

    fd = open(at("sub/new.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    close(fd);
    fd = open(at("sub/new.txt"), O_WRONLY | O_TRUNC);
    fstat(fd, &st);
    printf("size after O_TRUNC: %lld\n", (long long)st.st_size);
    close(fd);

    step("rename a.txt b.txt", rename(at("sub/a.txt"), at("sub/b.txt")));
    step("open old name", open(at("sub/a.txt"), O_RDONLY));
    contents("sub/b.txt");
    step("link", link(at("sub/b.txt"), at("sub/hard.txt")));
    stat(at("sub/b.txt"), &st);
    printf("links: %d\n", (int)st.st_nlink);
    step("symlink", symlink("b.txt", at("sub/soft")));
    char target[64] = {0};
    printf("readlink: %zd \"%s\"\n", readlink(at("sub/soft"), target, sizeof target - 1), target);
    lstat(at("sub/soft"), &st);
    printf("lstat: %s\n", S_ISLNK(st.st_mode) ? "symlink" : "not a symlink");
    stat(at("sub/soft"), &st);
    printf("stat through link: %s of %lld bytes\n", S_ISREG(st.st_mode) ? "file" : "other",
           (long long)st.st_size);
    stat(at("sub"), &st);
    printf("sub is %s\n", S_ISDIR(st.st_mode) ? "a directory" : "not a directory");

    struct timespec times[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1234567890, .tv_nsec = 5000}};
    step("utimensat", utimensat(AT_FDCWD, at("sub/b.txt"), times, 0));
    stat(at("sub/b.txt"), &st);
    printf("mtime: %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);

    step("mkdir sub/deeper", mkdir(at("sub/deeper"), 0755));
    write_file("sub/deeper/c.txt", "c");
    list("sub");
    step("rmdir non-empty", rmdir(at("sub/deeper")));
    step("unlink a directory", unlink(at("sub/deeper")));
    step("rmdir a file", rmdir(at("sub/b.txt")));
    step("rename directory", rename(at("sub/deeper"), at("sub/renamed")));
    list("sub/renamed");

    step("unlink c.txt", unlink(at("sub/renamed/c.txt")));
    step("rmdir renamed", rmdir(at("sub/renamed")));
    const char *files[] = {"sub/b.txt", "sub/hard.txt", "sub/soft", "sub/new.txt"};
    for (int i = 0; i < 4; i++)
        step("unlink", unlink(at(files[i])));
    list("sub");
    step("rmdir sub", rmdir(at("sub")));
    step("stat removed", stat(at("sub"), &st));
    return 0;
}
