/* `archway serve`: its flags, the database (opened, migrated, seeded with
 * the samples when new), then serving until SIGINT or SIGTERM; or, with
 * --backup FILE, a consistent copy of the database made while it is in use. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checking.h"
#include "http.h"

enum { S_EXIT_OK = 0, S_EXIT_USAGE = 2 };

/* A token shorter than this would fall to guessing. */
#define S_MIN_TOKEN 16

typedef struct serve_options {
    aw_server_config cfg;
    const char *db;
    const char *samples;
    const char *backup;
    bool quiet;
} serve_options;

static int S_usage(const char *fmt, const char *arg)
{
    fputs("archway serve: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'archway serve --help'.\n", stderr);
    return S_EXIT_USAGE;
}

static const char S_help[] =
    "usage: archway serve [--db FILE|postgres://...] [--listen ADDR:PORT] [--web DIR] [--token TOKEN]\n"
    "                     [--samples DIR] [--threads N] [--quiet]\n"
    "       archway serve --db FILE --backup COPY\n\n"
    "Serves diagrams to the canvas over HTTP (docs/server-api.md). The database (default\n"
    "archway.db) is created on first start and filled with the diagrams of --samples DIR\n"
    "(default samples, when it exists); --db postgres://... shares a PostgreSQL database\n"
    "between several servers instead. The server binds 127.0.0.1:8080 unless told otherwise;\n"
    "any other address needs a token of at least 16 characters (--token, or the environment\n"
    "variable ARCHWAY_TOKEN), which clients send as 'Authorization: Bearer TOKEN'.\n"
    "SIGINT or SIGTERM stops it after the requests in flight. --backup copies the database\n"
    "(safe while a server uses it) and exits.\n";

/* "ADDR:PORT", "[V6]:PORT" or ":PORT" (loopback). */
static bool S_listen(const char *text, aw_server_config *cfg, char *addr, size_t addr_size)
{
    const char *colon = strrchr(text, ':');
    if (!colon)
        return false;
    const char *host = text, *host_end = colon;
    if (text[0] == '[') {
        host = text + 1;
        host_end = colon > text && colon[-1] == ']' ? colon - 1 : NULL;
        if (!host_end)
            return false;
    }
    size_t n = (size_t)(host_end - host);
    if (n >= addr_size)
        return false;
    memcpy(addr, host, n);
    addr[n] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || colon[1] == '\0' || port < 0 || port > 65535)
        return false;
    cfg->address = n ? addr : "127.0.0.1";
    cfg->port = (uint16_t)port;
    return true;
}

static bool S_loopback(const char *address)
{
    return strncmp(address, "127.", 4) == 0 || strcmp(address, "::1") == 0;
}

/* The flags that take a value, and where it goes. */
static const char **S_slot(serve_options *o, const char *flag)
{
    static const struct {
        const char *flag;
        size_t offset;
    } slots[] = {
        {"--db", offsetof(serve_options, db)},
        {"--web", offsetof(serve_options, cfg.web_dir)},
        {"--token", offsetof(serve_options, cfg.token)},
        {"--samples", offsetof(serve_options, samples)},
        {"--backup", offsetof(serve_options, backup)},
    };
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        if (strcmp(flag, slots[i].flag) == 0)
            return (const char **)((char *)o + slots[i].offset);
    return NULL;
}

static int S_parse(int argc, char **argv, serve_options *o, char *addr, size_t addr_size)
{
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        char *eq = strchr(a, '=');
        const char *value = NULL;
        if (eq) {
            *eq = '\0';
            value = eq + 1;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(S_help, stdout);
            return -1;
        }
        if (!strcmp(a, "--quiet")) {
            o->quiet = true;
            continue;
        }
        if (!S_slot(o, a) && strcmp(a, "--listen") != 0 && strcmp(a, "--threads") != 0)
            return S_usage("unknown option '%s'", a);
        if (!value && i + 1 >= argc)
            return S_usage("%s needs a value", a);
        if (!value)
            value = argv[++i];
        if (!strcmp(a, "--listen")) {
            if (!S_listen(value, &o->cfg, addr, addr_size))
                return S_usage("--listen needs ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080 (got '%s')", value);
        } else if (!strcmp(a, "--threads")) {
            char *end;
            long n = strtol(value, &end, 10);
            if (*end || n < 1 || n > 64)
                return S_usage("--threads needs a number from 1 to 64 (got '%s')", value);
            o->cfg.threads = (unsigned)n;
        } else {
            *S_slot(o, a) = value;
        }
    }
    return 0;
}

/* ---- seeding ---- */

static int S_compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool S_seed_one(aw_store *store, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    aw_strbuf text = AW_STRBUF_INIT;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        aw_strbuf_put(&text, buf, n);
    fclose(f);
    const char *base = strrchr(path, '/');
    aw_checked k;
    aw_check_text(&k, base ? base + 1 : path, text.data ? text.data : "", text.len, base ? base + 1 : path);
    bool ok = false;
    if (k.readable) {
        aw_revision_input in = {.name = k.name, .format = k.format, .body = text.data, .body_len = text.len,
                                .findings = k.findings.data, .errors = (int)k.c.diags.errors,
                                .warnings = (int)k.c.diags.warnings, .note = "sample"};
        ok = aw_store_create(store, &in, NULL) == AW_STORE_OK;
    }
    aw_checked_free(&k);
    aw_strbuf_free(&text);
    return ok;
}

int aw_server_seed(aw_store *store, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **names = NULL;
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 5 || (strcmp(e->d_name + n - 5, ".json") != 0 && strcmp(e->d_name + n - 4, ".xml") != 0))
            continue;
        names = realloc(names, (count + 1) * sizeof *names);
        if (!names || !(names[count++] = strdup(e->d_name)))
            abort();
    }
    closedir(d);
    qsort(names, count, sizeof *names, S_compare_names);
    int stored = 0;
    for (size_t i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        stored += S_seed_one(store, path);
        free(names[i]);
    }
    free(names);
    return stored;
}

/* ---- running ---- */

static int S_backup(aw_store *store, const char *path)
{
    if (aw_store_backup(store, path) != AW_STORE_OK) {
        fprintf(stderr, "archway serve: %s\n", aw_store_error(store));
        return S_EXIT_USAGE;
    }
    fprintf(stderr, "archway serve: database copied to %s\n", path);
    return S_EXIT_OK;
}

static int S_serve(serve_options *o, aw_store *store)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    /* Blocked before any thread starts, so that every thread inherits the
     * mask and the signal reaches sigwait() below. */
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    char err[256];
    aw_server *srv = aw_server_start(&o->cfg, store, err, sizeof err);
    if (!srv) {
        fprintf(stderr, "archway serve: %s\n", err);
        return S_EXIT_USAGE;
    }
    bool v6 = strchr(o->cfg.address, ':') != NULL;
    fprintf(stderr, "archway serve: http://%s%s%s:%u/ (database %s)\n", v6 ? "[" : "", o->cfg.address,
            v6 ? "]" : "", (unsigned)aw_server_port(srv), o->db);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "archway serve: %s: finishing requests in flight\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    aw_server_stop(srv);
    return S_EXIT_OK;
}

int aw_serve_main(int argc, char **argv)
{
    serve_options o = {.db = "archway.db"};
    aw_server_config_init(&o.cfg);
    char addr[64];
    int code = S_parse(argc, argv, &o, addr, sizeof addr);
    if (code)
        return code < 0 ? S_EXIT_OK : code;
    if (!o.cfg.token)
        o.cfg.token = getenv("ARCHWAY_TOKEN");
    if (o.cfg.token && strlen(o.cfg.token) < S_MIN_TOKEN)
        return S_usage("the token must be at least 16 characters long (got %s)", "a shorter one");
    if (!o.backup && !S_loopback(o.cfg.address) && !o.cfg.token)
        return S_usage("binding %s, an address other machines can reach, needs --token", o.cfg.address);
    o.cfg.access_log = o.quiet ? NULL : stdout;
    struct stat st;
    bool pg = strncmp(o.db, "postgres", 8) == 0;
    if (o.backup && !pg && stat(o.db, &st) != 0)
        return S_usage("there is no database %s to copy", o.db);
    char err[512];
    aw_store *store = aw_store_open(o.db, err, sizeof err);
    if (!store) {
        fprintf(stderr, "archway serve: %s: %s\n", o.db, err);
        return S_EXIT_USAGE;
    }
    const char *samples = o.samples ? o.samples : stat("samples", &st) == 0 ? "samples" : NULL;
    if (store->created && samples && !o.backup) {
        int n = aw_server_seed(store, samples);
        if (n < 0)
            fprintf(stderr, "archway serve: %s: %s (the database starts empty)\n", samples, strerror(errno));
        else
            fprintf(stderr, "archway serve: new database %s: %d sample diagram%s stored\n", o.db, n, n == 1 ? "" : "s");
    }
    code = o.backup ? S_backup(store, o.backup) : S_serve(&o, store);
    aw_store_close(store);
    return code;
}
