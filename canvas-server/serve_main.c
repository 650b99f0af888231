/* `archway serve`'s run, once cli/serve.c has read its flags: the
 * database (opened, migrated, seeded with the samples when new), then
 * serving until SIGINT or SIGTERM; or, with a backup path, a consistent
 * copy of the database made while it is in use. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checking.h"
#include "http.h"

enum { S_EXIT_OK = 0, S_EXIT_USAGE = 2 };

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

static int S_serve(aw_serve_options *o, aw_store *store)
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

int aw_serve_run(const aw_serve_options *opt)
{
    aw_serve_options o = *opt;
    o.cfg.access_log = o.quiet ? NULL : stdout;
    char err[512];
    aw_store *store = aw_store_open(o.db, err, sizeof err);
    if (!store) {
        fprintf(stderr, "archway serve: %s: %s\n", o.db, err);
        return S_EXIT_USAGE;
    }
    struct stat st;
    const char *samples = o.samples ? o.samples : stat("samples", &st) == 0 ? "samples" : NULL;
    if (store->created && samples && !o.backup) {
        int n = aw_server_seed(store, samples);
        if (n < 0)
            fprintf(stderr, "archway serve: %s: %s (the database starts empty)\n", samples, strerror(errno));
        else
            fprintf(stderr, "archway serve: new database %s: %d sample diagram%s stored\n", o.db, n, n == 1 ? "" : "s");
    }
    int code = o.backup ? S_backup(store, o.backup) : S_serve(&o, store);
    aw_store_close(store);
    return code;
}
