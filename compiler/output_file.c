/* Output files: replace regular files atomically through an exclusive
 * temporary; write FIFOs, devices and terminals in place. */
/* realpath() is an XSI function. */
#define _XOPEN_SOURCE 700

#include "output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

static int S_write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* A FIFO, a device or a terminal: opened as it is, written in place. */
static int S_write_in_place(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int err = S_write_all(fd, data, len);
    if (close(fd) != 0 && !err)
        err = errno;
    return err;
}

/* The descriptor a path such as /dev/stdout or /dev/fd/3 stands for, or -1. */
static int S_named_descriptor(const char *path)
{
    static const struct {
        const char *prefix;
        int fd;         /* -1: the number follows the prefix */
    } names[] = {
        {"/dev/stdout", 1}, {"/dev/stderr", 2}, {"/dev/fd/", -1}, {"/proc/self/fd/", -1},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i].prefix);
        if (strncmp(path, names[i].prefix, n) != 0)
            continue;
        if (names[i].fd >= 0)
            return path[n] ? -1 : names[i].fd;
        char *end;
        long fd = strtol(path + n, &end, 10);
        return end != path + n && !*end && fd >= 0 && fd <= INT_MAX ? (int)fd : -1;
    }
    return -1;
}

/* Creates a temporary beside target that no one else can have prepared:
 * O_EXCL fails on anything already there, a planted link included. */
static int S_open_temporary(const char *target, char *tmp, size_t size)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    unsigned long seed = (unsigned long)getpid() * 2654435761u ^ (unsigned long)time(NULL);
    for (int attempt = 0; attempt < 100; attempt++) {
        char suffix[9];
        seed = seed * 6364136223846793005u + 1442695040888963407u + (unsigned long)attempt;
        for (size_t i = 0; i < sizeof suffix - 1; i++)
            suffix[i] = digits[(seed >> (i * 5 + 3)) % (sizeof digits - 1)];
        suffix[sizeof suffix - 1] = '\0';
        if (snprintf(tmp, size, "%s.%s.tmp", target, suffix) >= (int)size)
            return -ENAMETOOLONG;
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd >= 0 ? fd : -errno;
    }
    return -EEXIST;
}

static int S_replace(const char *target, const char *data, size_t len)
{
    char tmp[PATH_MAX + 32];
    int fd = S_open_temporary(target, tmp, sizeof tmp);
    if (fd < 0)
        return -fd;
    int err = S_write_all(fd, data, len);
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp, target) != 0)
        err = errno;
    if (err)
        unlink(tmp);
    return err;
}

int aw_output_write(const char *path, const char *data, size_t len)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return S_ISDIR(st.st_mode) ? EISDIR : S_write_in_place(path, data, len);
    /* /dev/stdout redirected to a file (`-o /dev/stdout >> log`) names that
     * file through /proc: write to the descriptor itself, at its offset and
     * in its mode, as the shell meant; never replace the file. */
    int fd = S_named_descriptor(path);
    if (fd >= 0)
        return S_write_all(fd, data, len);
    if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
        return S_write_in_place(path, data, len);
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        /* A link to a regular file stays a link: replace what it names. */
        char *target = realpath(path, NULL);
        if (!target)
            return errno;
        int err = S_replace(target, data, len);
        free(target);
        return err;
    }
    return S_replace(path, data, len);
}

int aw_output_make_dirs(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return ENAMETOOLONG;
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return errno;
        *p = '/';
    }
    return mkdir(path, 0777) == 0 || errno == EEXIST ? 0 : errno;
}
