/* libFuzzer target: the canvas server's request handling and the store.
 * Each input is sent as raw bytes (method, target, headers, body) to a
 * server on a loopback port; the answer must be HTTP or a closed
 * connection, and the server must stay up (checked every 64 inputs). The
 * same bytes are then stored as a diagram body and must come back
 * unchanged. `make fuzz` runs it for a while. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../../canvas-server/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static aw_store *S_store;
static aw_server *S_srv;
static uint16_t S_port;

static void S_start(void)
{
    char dir[256], path[300], err[256];
    /* In memory where the system offers it: every stored input costs two
     * syncs, which a disk makes the slowest part of a run. */
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/archway-fuzz-XXXXXX", tmp);
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/fuzz.db", dir);
    S_store = aw_store_open(path, err, sizeof err);
    aw_server_config cfg;
    aw_server_config_init(&cfg);
    cfg.port = 0;
    cfg.threads = 2;
    cfg.idle_timeout_s = 1;
    cfg.request_timeout_s = 1;
    cfg.max_body = 1 << 20;
    S_srv = S_store ? aw_server_start(&cfg, S_store, err, sizeof err) : NULL;
    if (!S_srv) {
        fprintf(stderr, "fuzz_server: %s\n", err);
        abort();
    }
    S_port = aw_server_port(S_srv);
    /* A diagram for the inputs that name diagram 1. */
    static const char body[] = "{\"archway\": 1, \"name\": \"fuzz\", \"nodes\": []}";
    aw_revision_input in = {.name = "fuzz", .format = "json", .body = body, .body_len = sizeof body - 1};
    aw_store_create(S_store, &in, NULL);
}

/* Sends bytes, reads the answer (2 s at most); returns its length. */
static size_t S_exchange(const void *req, size_t len, char *answer, size_t cap)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(S_port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 2};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        abort();    /* the server is gone */
    size_t sent = 0;
    while (sent < len) {
        ssize_t n = send(fd, (const char *)req + sent, len - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        sent += (size_t)n;
    }
    shutdown(fd, SHUT_WR);
    size_t got = 0;
    ssize_t n;
    while (got < cap && (n = recv(fd, answer + got, cap - got, 0)) > 0)
        got += (size_t)n;
    close(fd);
    return got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned long runs;
    if (!S_srv)
        S_start();
    static char answer[1 << 16];
    size_t got = S_exchange(data, size, answer, sizeof answer);
    if (got >= 5 && memcmp(answer, "HTTP/", 5) != 0)
        abort();    /* something other than HTTP came back */
    if (++runs % 64 == 0) {
        static const char health[] = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        got = S_exchange(health, sizeof health - 1, answer, sizeof answer);
        if (got < 12 || memcmp(answer, "HTTP/1.1 200", 12) != 0)
            abort();
    }
    /* The store keeps any bytes as they were given. */
    aw_revision_input in = {.name = "fuzz", .format = "json", .body = (const char *)data, .body_len = size};
    aw_diagram_meta m;
    if (aw_store_create(S_store, &in, &m) == AW_STORE_OK) {
        aw_revision r;
        if (aw_store_get(S_store, m.id, 1, &r) != AW_STORE_OK || r.body_len != size
            || (size && memcmp(r.body, data, size) != 0))
            abort();
        aw_revision_free(&r);
        aw_store_delete(S_store, m.id, 1);
        aw_diagram_meta_free(&m);
    }
    return 0;
}
