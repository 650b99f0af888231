/* Static files of the web front end (--web DIR): content types by
 * extension, validators and caching headers, and no way out of DIR (no
 * dot segments, no symbolic link leading outside, nothing but regular
 * files). */
#define _XOPEN_SOURCE 700    /* realpath() */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http.h"

static const struct {
    const char *ext;
    const char *type;
} S_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
    {".wasm", "application/wasm"},
};

static const char *S_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof S_types / sizeof S_types[0]; i++)
        if (strcmp(dot, S_types[i].ext) == 0)
            return S_types[i].type;
    return "application/octet-stream";
}

/* A bundler's output under /assets/ whose name ends in "-" and an 8-character
 * content hash before the extension (Vite's "name-HASH.ext"): a new build
 * writes new names, so such a file never changes under its name. */
static bool S_hashed(const char *path)
{
    static const char prefix[] = "/assets/";
    static const size_t hash = 8;
    if (strncmp(path, prefix, sizeof prefix - 1) != 0 || strchr(path + sizeof prefix - 1, '/'))
        return false;
    const char *dot = strrchr(path, '.');
    const char *name = path + sizeof prefix - 1;
    if (!dot || (size_t)(dot - name) < hash + 2 || dot[-(ptrdiff_t)hash - 1] != '-')
        return false;
    for (const char *c = dot - hash; c < dot; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-')
            return false;
    return true;
}

/* A path is served only if every segment is a plain name: no "." or "..",
 * no empty segment (after the first), no backslash or control byte. */
static bool S_safe(const char *path)
{
    if (path[0] != '/')
        return false;
    for (const char *seg = path + 1; *seg;) {
        size_t n = strcspn(seg, "/");
        if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.') || (n == 0 && seg[0]))
            return false;
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)seg[i] < 0x20 || seg[i] == '\\' || seg[i] == 0x7f)
                return false;
        seg += n + (seg[n] == '/');
    }
    return true;
}

/* Opens the file the path names under root, following no link out of it;
 * -1 if there is none. */
static int S_open(const char *root, const char *path, struct stat *st, char *real_out, size_t real_size)
{
    char full[4096];
    size_t len = strlen(path);
    const char *index = len && path[len - 1] == '/' ? "index.html" : "";
    if (snprintf(full, sizeof full, "%s%s%s", root, path, index) >= (int)sizeof full)
        return -1;
    char *real = realpath(full, NULL);
    size_t n = strlen(root);
    int fd = -1;
    if (real && strncmp(real, root, n) == 0 && real[n] == '/')
        fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode))) {
        close(fd);
        fd = -1;
    }
    if (fd >= 0)
        snprintf(real_out, real_size, "%s", real);
    free(real);
    return fd;
}

void aw_api_static(aw_request *rq, aw_reply *rp)
{
    rq->route = AW_ROUTE_STATIC;
    struct stat st;
    char real[4096];
    int fd = rq->srv->web_root && S_safe(rq->url) ? S_open(rq->srv->web_root, rq->url, &st, real, sizeof real) : -1;
    if (fd < 0)
        return aw_reply_problem(rp, 404, "no such file");
    snprintf(rp->etag, sizeof rp->etag, "\"%llx-%llx\"", (unsigned long long)st.st_mtime,
             (unsigned long long)st.st_size);
    /* Pages are revalidated every time, so a new front end shows at once;
     * hashed assets are kept for a year without asking; other files may be
     * reused for a while. */
    if (strstr(S_type(real), "text/html"))
        rp->cache = "no-cache";
    else if (S_hashed(rq->url))
        rp->cache = "public, max-age=31536000, immutable";
    else
        rp->cache = "public, max-age=300";
    const char *have = aw_request_header(rq, "If-None-Match");
    if (have && strcmp(have, rp->etag) == 0) {
        close(fd);
        rp->status = 304;
        return;
    }
    rp->raw = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!rp->raw) {
        close(fd);
        return aw_reply_problem(rp, 500, "the file could not be sent");
    }
    MHD_add_response_header(rp->raw, "Content-Type", S_type(real));
    char when[64];
    struct tm tm;
    gmtime_r(&st.st_mtime, &tm);
    strftime(when, sizeof when, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    MHD_add_response_header(rp->raw, "Last-Modified", when);
    rq->bytes_out = (size_t)st.st_size;
}
