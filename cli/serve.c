/* `archway serve`: its flags, checked here as every subcommand's are, then
 * the canvas server's own run (aw_serve_run(): the database opened,
 * migrated and seeded, then serving until SIGINT or SIGTERM, or a backup). */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../canvas-server/server.h"
#include "serve.h"
#include "usage.h"

/* A token shorter than this would fall to guessing. */
#define S_MIN_TOKEN 16

static int S_usage(const char *fmt, const char *arg)
{
    return aw_cli_usage("serve", fmt, arg);
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
static const char **S_slot(aw_serve_options *o, const char *flag)
{
    static const struct {
        const char *flag;
        size_t offset;
    } slots[] = {
        {"--db", offsetof(aw_serve_options, db)},
        {"--web", offsetof(aw_serve_options, cfg.web_dir)},
        {"--token", offsetof(aw_serve_options, cfg.token)},
        {"--samples", offsetof(aw_serve_options, samples)},
        {"--backup", offsetof(aw_serve_options, backup)},
    };
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        if (strcmp(flag, slots[i].flag) == 0)
            return (const char **)((char *)o + slots[i].offset);
    return NULL;
}

static int S_parse(int argc, char **argv, aw_serve_options *o, char *addr, size_t addr_size)
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

int aw_cli_serve(int argc, char **argv)
{
    aw_serve_options o = {.db = "archway.db"};
    aw_server_config_init(&o.cfg);
    char addr[64];
    int code = S_parse(argc, argv, &o, addr, sizeof addr);
    if (code)
        return code < 0 ? 0 : code;
    if (!o.cfg.token)
        o.cfg.token = getenv("ARCHWAY_TOKEN");
    if (o.cfg.token && strlen(o.cfg.token) < S_MIN_TOKEN)
        return S_usage("the token must be at least 16 characters long (got %s)", "a shorter one");
    if (!o.backup && !S_loopback(o.cfg.address) && !o.cfg.token)
        return S_usage("binding %s, an address other machines can reach, needs --token", o.cfg.address);
    struct stat st;
    if (o.backup && strncmp(o.db, "postgres", 8) != 0 && stat(o.db, &st) != 0)
        return S_usage("there is no database %s to copy", o.db);
    return aw_serve_run(&o);
}
