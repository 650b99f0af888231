/* A small HTTP/1.1 client over sockets for the server tests: one request per
 * connection (Connection: close), the whole response read back, and a
 * scratch directory per test. Header-only, like test_support.h. */
#ifndef AW_HTTP_CLIENT_H
#define AW_HTTP_CLIENT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

typedef struct aw_http_resp {
    int status;             /* 0: no answer */
    char *head;             /* status line and headers, NUL-terminated */
    char *body;             /* NUL-terminated */
    size_t body_len;
} aw_http_resp;

/* A connection to 127.0.0.1:port that gives up reading after timeout_s. */
static inline int aw_http_connect(uint16_t port, int timeout_s)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = timeout_s};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static inline bool aw_http_send(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* Reads until the server closes the connection (or the timeout). */
static inline void aw_http_read(int fd, aw_http_resp *out)
{
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap + 1);
    ssize_t n;
    while ((n = recv(fd, buf + len, cap - len, 0)) > 0) {
        len += (size_t)n;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
    }
    buf[len] = '\0';
    memset(out, 0, sizeof *out);
    char *split = strstr(buf, "\r\n\r\n");
    if (!split || sscanf(buf, "HTTP/1.%*d %d", &out->status) != 1) {
        out->head = buf;
        out->body = strdup("");
        return;
    }
    out->body_len = len - (size_t)(split + 4 - buf);
    out->body = malloc(out->body_len + 1);
    memcpy(out->body, split + 4, out->body_len);
    out->body[out->body_len] = '\0';
    split[2] = '\0';
    out->head = buf;
}

/* Sends one request; headers are extra "Name: value\r\n" lines (or NULL). */
static inline int aw_http_request(uint16_t port, const char *method, const char *path, const char *headers,
                                  const char *body, size_t body_len, aw_http_resp *out)
{
    memset(out, 0, sizeof *out);
    int fd = aw_http_connect(port, 20);
    if (fd < 0)
        return 0;
    char head[8192];
    int n = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n%s", method,
                     path, (unsigned)port, headers ? headers : "");
    if (body)
        n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %zu\r\n", body_len);
    n += snprintf(head + n, sizeof head - (size_t)n, "\r\n");
    if (aw_http_send(fd, head, (size_t)n) && (!body || aw_http_send(fd, body, body_len)))
        aw_http_read(fd, out);
    close(fd);
    return out->status;
}

static inline int aw_http_get(uint16_t port, const char *path, aw_http_resp *out)
{
    return aw_http_request(port, "GET", path, NULL, NULL, 0, out);
}

/* The value of header name (first occurrence) into buf; NULL if absent. */
static inline const char *aw_http_header(const aw_http_resp *r, const char *name, char *buf, size_t size)
{
    size_t n = strlen(name);
    for (const char *line = r->head ? strstr(r->head, "\r\n") : NULL; line && line[2]; line = strstr(line + 2, "\r\n")) {
        const char *h = line + 2;
        if (strncasecmp(h, name, n) == 0 && h[n] == ':') {
            h += n + 1;
            while (*h == ' ')
                h++;
            size_t len = strcspn(h, "\r\n");
            if (len >= size)
                len = size - 1;
            memcpy(buf, h, len);
            buf[len] = '\0';
            return buf;
        }
    }
    return NULL;
}

/* Reads from a stream (the change stream) into buf until needle has
 * arrived; false if the stream ends or times out first. */
static inline bool aw_http_read_until(int fd, char *buf, size_t size, size_t *len, const char *needle)
{
    while (*len < size - 1 && !strstr(buf, needle)) {
        ssize_t n = recv(fd, buf + *len, size - 1 - *len, 0);
        if (n <= 0)
            return false;
        *len += (size_t)n;
        buf[*len] = '\0';
    }
    return strstr(buf, needle) != NULL;
}

static inline void aw_http_resp_free(aw_http_resp *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* A fresh directory for a test's files; the caller removes it. */
static inline void aw_test_scratch_dir(char *path, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, size, "%s/archway-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(path))
        abort();
}

static inline void aw_test_remove_dir(const char *path)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", path);
}

/* A whole file into memory (NUL-terminated); NULL if unreadable. */
static inline char *aw_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

#endif
