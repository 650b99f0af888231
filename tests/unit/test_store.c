/* The store suite (canvas-server/store.h), run against every backend:
 * revisions numbered from 1, stale saves refused, deletes that take the
 * history, concurrent writers that lose nothing, schema migrations from
 * every earlier version. PostgreSQL runs on a throwaway cluster (initdb in
 * a scratch directory, a Unix socket, stopped at the end), or is skipped
 * with a message where PostgreSQL is not installed. */
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "../../canvas-server/server.h"
#include "../../canvas-server/store.h"
#include "http_client.h"
#include "test_support.h"

static char S_dir[4096];
static char S_db[4200];     /* SQLite: the file; PostgreSQL: the conninfo */

/* One backend as the suite sees it. */
typedef struct backend {
    aw_store *(*open_at)(int version, char *err, size_t err_size);
    int version;
    bool (*exec)(const char *sql);  /* raw SQL on the database, for the migration tests */
    const char *const *rows_at;     /* a diagram as each earlier schema version spelt it */
    void (*fresh)(void);            /* points S_db at a new, empty database */
    const char *newer_sql;          /* marks the database as made by a newer program */
} backend;

static const backend *S_backend;

static aw_store *S_open(void)
{
    char err[256];
    aw_store *s = S_backend->open_at(S_backend->version, err, sizeof err);
    if (!s)
        fprintf(stderr, "%s\n", err);
    ck_assert_ptr_nonnull(s);
    return s;
}

/* ---- SQLite ---- */

static aw_store *S_sqlite_open_at(int version, char *err, size_t err_size)
{
    return aw_store_sqlite_open(S_db, version, err, err_size);
}

static bool S_sqlite_exec(const char *sql)
{
    sqlite3 *db;
    bool ok = sqlite3_open(S_db, &db) == SQLITE_OK && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

/* A diagram written the way each earlier schema version spelt it (none in
 * an empty database); a new migration needs a row here. */
static const char *const S_sqlite_rows[] = {
    NULL,
    "INSERT INTO diagrams (id, created_ms, latest) VALUES (7, 1000, 2);"
    "INSERT INTO revisions VALUES (7, 1, 1000, 'old', 'json', 'first');"
    "INSERT INTO revisions VALUES (7, 2, 2000, 'old', 'json', 'second');",
    "INSERT INTO diagrams (id, created_ms, latest) VALUES (7, 1000, 2);"
    "INSERT INTO revisions VALUES (7, 1, 1000, 'old', 'json', 'first', NULL, 0, 0, '');"
    "INSERT INTO revisions VALUES (7, 2, 2000, 'old', 'json', 'second', '[]', 1, 0, 'restored revision 1');",
    "INSERT INTO diagrams (id, created_ms, latest) VALUES (7, 1000, 2);"
    "INSERT INTO revisions VALUES (7, 1, 1000, 'old', 'json', 'first', NULL, 0, 0, '');"
    "INSERT INTO revisions VALUES (7, 2, 2000, 'old', 'json', 'second', '[]', 1, 0, 'restored revision 1');"
    "INSERT INTO runs VALUES (7, 2, 1, 3000, 'done', '{\"seed\": 4}', '{\"requests\": 4}');",
};

static void S_sqlite_fresh(void)
{
    static int serial;
    snprintf(S_db, sizeof S_db, "%s/store%d.db", S_dir, ++serial);
}

static const backend S_sqlite = {
    .open_at = S_sqlite_open_at,
    .exec = S_sqlite_exec,
    .rows_at = S_sqlite_rows,
    .fresh = S_sqlite_fresh,
    .newer_sql = "PRAGMA user_version = 99",
};

static void S_sqlite_setup(void)
{
    static backend b;
    b = S_sqlite;
    b.version = aw_store_sqlite_version;
    S_backend = &b;
    aw_test_scratch_dir(S_dir, sizeof S_dir);
    S_sqlite_fresh();
}

static void S_sqlite_teardown(void)
{
    aw_test_remove_dir(S_dir);
}

/* ---- PostgreSQL: a throwaway cluster ---- */

static char S_cluster[256];        /* scratch directory: data, socket, log */
static char S_pg_bin[256];
static bool S_cluster_up;

/* Runs a PostgreSQL program as an unprivileged user when we are root
 * (initdb and postgres refuse to run as root). */
static int S_pg_run(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s%s/%s >>'%s/setup.log' 2>&1", geteuid() == 0 ? "runuser -u nobody -- " : "",
             S_pg_bin, args, S_cluster);
    return system(cmd);
}

/* Where initdb is, or false when PostgreSQL is not installed. */
static bool S_pg_find(void)
{
    FILE *p = popen("pg_config --bindir 2>/dev/null", "r");
    if (p && fgets(S_pg_bin, sizeof S_pg_bin, p))
        S_pg_bin[strcspn(S_pg_bin, "\n")] = '\0';
    if (p)
        pclose(p);
    char initdb[300];
    snprintf(initdb, sizeof initdb, "%s/initdb", S_pg_bin);
    return S_pg_bin[0] && access(initdb, X_OK) == 0;
}

static void S_cluster_start(void)
{
    aw_test_scratch_dir(S_cluster, sizeof S_cluster);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "chmod 755 '%s' && %s", S_cluster,
             geteuid() == 0 ? "chown nobody '" : "true '");
    snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), "%s'", S_cluster);
    if (system(cmd) != 0)
        return;
    snprintf(cmd, sizeof cmd, "initdb -D '%s/data' -U archway -A trust --no-sync -E UTF8", S_cluster);
    if (S_pg_run(cmd) != 0)
        return;
    snprintf(cmd, sizeof cmd,
             "pg_ctl -D '%s/data' -l '%s/server.log' -w -o \"-k %s -c listen_addresses='' -c fsync=off\" start",
             S_cluster, S_cluster, S_cluster);
    S_cluster_up = S_pg_run(cmd) == 0;
    if (!S_cluster_up) {
        snprintf(cmd, sizeof cmd, "cat '%s/setup.log' >&2", S_cluster);
        if (system(cmd) != 0)
            fprintf(stderr, "PostgreSQL did not start\n");
    }
}

static void S_cluster_stop(void)
{
    char cmd[2048];
    if (S_cluster_up) {
        snprintf(cmd, sizeof cmd, "pg_ctl -D '%s/data' -m immediate -w stop", S_cluster);
        S_pg_run(cmd);
    }
    aw_test_remove_dir(S_cluster);
}

static aw_store *S_pg_open_at(int version, char *err, size_t err_size)
{
    return aw_store_pg_open(S_db, version, err, err_size);
}

static bool S_pg_exec(const char *sql)
{
    PGconn *c = PQconnectdb(S_db);
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    PQfinish(c);
    return ok;
}

static const char *const S_pg_rows[] = {
    NULL,
    "INSERT INTO diagrams (id, created_ms, latest) VALUES (7, 1000, 2);"
    "INSERT INTO revisions VALUES (7, 1, 1000, 'old', 'json', 'first');"
    "INSERT INTO revisions VALUES (7, 2, 2000, 'old', 'json', 'second');",
    "INSERT INTO diagrams (id, created_ms, latest) VALUES (7, 1000, 2);"
    "INSERT INTO revisions VALUES (7, 1, 1000, 'old', 'json', 'first', NULL, 0, 0, '');"
    "INSERT INTO revisions VALUES (7, 2, 2000, 'old', 'json', 'second', '[]', 1, 0, 'restored revision 1');",
    "INSERT INTO diagrams (id, created_ms, latest) VALUES (7, 1000, 2);"
    "INSERT INTO revisions VALUES (7, 1, 1000, 'old', 'json', 'first', NULL, 0, 0, '');"
    "INSERT INTO revisions VALUES (7, 2, 2000, 'old', 'json', 'second', '[]', 1, 0, 'restored revision 1');"
    "INSERT INTO runs VALUES (7, 2, 1, 3000, 'done', '{\"seed\": 4}', '{\"requests\": 4}');",
};

/* A new database in the cluster: every test, and every round of the
 * migration test, starts from an empty one. */
static void S_pg_fresh(void)
{
    static int serial;
    char admin[512], sql[64];
    snprintf(admin, sizeof admin, "host=%s user=archway dbname=postgres", S_cluster);
    snprintf(sql, sizeof sql, "CREATE DATABASE t%d_%d", (int)getpid(), ++serial);
    PGconn *c = PQconnectdb(admin);
    PGresult *r = PQexec(c, sql);
    ck_assert_int_eq(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    PQfinish(c);
    snprintf(S_db, sizeof S_db, "host=%s user=archway dbname=t%d_%d", S_cluster, (int)getpid(), serial);
}

static const backend S_pg = {
    .open_at = S_pg_open_at,
    .exec = S_pg_exec,
    .rows_at = S_pg_rows,
    .fresh = S_pg_fresh,
    .newer_sql = "UPDATE archway_schema SET version = 99",
};

static void S_pg_setup(void)
{
    static backend b;
    b = S_pg;
    b.version = aw_store_pg_version;
    S_backend = &b;
    ck_assert_msg(S_cluster_up, "the throwaway PostgreSQL cluster did not start");
    S_pg_fresh();
}

static aw_revision_input S_input(const char *name, const char *body)
{
    return (aw_revision_input){.name = name, .format = "json", .body = body, .body_len = strlen(body),
                               .findings = "{\"diagnostics\": []}", .errors = 1, .warnings = 2};
}

/* A new diagram whose first revision is body; returns its id. */
static int64_t S_create_one(aw_store *s, const char *body)
{
    aw_revision_input in = S_input("d", body);
    aw_diagram_meta m;
    ck_assert_int_eq(aw_store_create(s, &in, &m), AW_STORE_OK);
    ck_assert_int_eq(m.revision, 1);
    aw_diagram_meta_free(&m);
    return m.id;
}

START_TEST(test_create_get_list)
{
    aw_store *s = S_open();
    ck_assert(s->created);
    aw_revision_input in = S_input("first", "{\"archway\": 1}");
    aw_diagram_meta m;
    ck_assert_int_eq(aw_store_create(s, &in, &m), AW_STORE_OK);
    ck_assert_int_eq(m.revision, 1);
    ck_assert_str_eq(m.name, "first");
    ck_assert_int_eq(m.errors, 1);
    ck_assert_int_eq(m.warnings, 2);
    aw_revision r;
    ck_assert_int_eq(aw_store_get(s, m.id, 0, &r), AW_STORE_OK);
    ck_assert_str_eq(r.body, "{\"archway\": 1}");
    ck_assert_uint_eq(r.body_len, 14);
    ck_assert_str_eq(r.findings, "{\"diagnostics\": []}");
    ck_assert_str_eq(r.format, "json");
    aw_revision_free(&r);
    aw_revision_input in2 = S_input("second", "<diagram/>");
    aw_diagram_meta m2;
    ck_assert_int_eq(aw_store_create(s, &in2, &m2), AW_STORE_OK);
    ck_assert_int_gt(m2.id, m.id);
    aw_diagram_list l;
    ck_assert_int_eq(aw_store_list(s, &l), AW_STORE_OK);
    ck_assert_uint_eq(l.count, 2);
    ck_assert_str_eq(l.items[0].name, "first");
    ck_assert_str_eq(l.items[1].name, "second");
    aw_diagram_list_free(&l);
    ck_assert_int_eq(aw_store_get(s, 999, 0, &r), AW_STORE_NOT_FOUND);
    aw_revision_free(&r);
    aw_diagram_meta_free(&m);
    aw_diagram_meta_free(&m2);
    aw_store_close(s);
    /* Reopened: no longer new, everything still there. */
    s = S_open();
    ck_assert(!s->created);
    ck_assert_int_eq(aw_store_list(s, &l), AW_STORE_OK);
    ck_assert_uint_eq(l.count, 2);
    aw_diagram_list_free(&l);
    aw_store_close(s);
}
END_TEST

START_TEST(test_revisions_and_stale_saves)
{
    aw_store *s = S_open();
    int64_t id = S_create_one(s, "one");
    aw_diagram_meta m;
    aw_revision_input in = S_input("d", "two");
    ck_assert_int_eq(aw_store_save(s, id, 1, &in, &m), AW_STORE_OK);
    ck_assert_int_eq(m.revision, 2);
    aw_diagram_meta_free(&m);
    /* A writer still holding revision 1 is refused, and nothing is written. */
    in = S_input("d", "lost?");
    ck_assert_int_eq(aw_store_save(s, id, 1, &in, NULL), AW_STORE_STALE);
    ck_assert_int_eq(aw_store_save(s, 4242, 1, &in, NULL), AW_STORE_NOT_FOUND);
    aw_revision_list l;
    ck_assert_int_eq(aw_store_revisions(s, id, &l), AW_STORE_OK);
    ck_assert_uint_eq(l.count, 2);
    ck_assert_int_eq(l.items[0].number, 1);
    ck_assert_int_eq(l.items[1].number, 2);
    ck_assert_ptr_null(l.items[1].body);
    aw_revision_list_free(&l);
    aw_revision r;
    ck_assert_int_eq(aw_store_get(s, id, 1, &r), AW_STORE_OK);
    ck_assert_str_eq(r.body, "one");
    aw_revision_free(&r);
    ck_assert_int_eq(aw_store_get(s, id, 0, &r), AW_STORE_OK);
    ck_assert_str_eq(r.body, "two");
    aw_revision_free(&r);
    ck_assert_int_eq(aw_store_get(s, id, 3, &r), AW_STORE_NOT_FOUND);
    aw_revision_free(&r);
    ck_assert_int_eq(aw_store_revisions(s, 4242, &l), AW_STORE_NOT_FOUND);
    aw_store_close(s);
}
END_TEST

START_TEST(test_delete)
{
    aw_store *s = S_open();
    int64_t id = S_create_one(s, "one");
    ck_assert_int_eq(aw_store_delete(s, id, 2), AW_STORE_STALE);
    ck_assert_int_eq(aw_store_delete(s, id, 1), AW_STORE_OK);
    ck_assert_int_eq(aw_store_delete(s, id, 1), AW_STORE_NOT_FOUND);
    aw_revision r;
    ck_assert_int_eq(aw_store_get(s, id, 1, &r), AW_STORE_NOT_FOUND);
    aw_revision_free(&r);
    /* A deleted diagram's id is never given to another. */
    ck_assert_int_gt(S_create_one(s, "two"), id);
    aw_store_close(s);
}
END_TEST

enum { WRITERS = 4, TRIES = 25 };

typedef struct writer {
    aw_store *store;
    int64_t id;
    int saved;
} writer;

/* Read the latest, save on top of it; a stale answer means try again. */
static void *S_writer(void *arg)
{
    writer *w = arg;
    for (int i = 0; i < TRIES; i++) {
        aw_revision r;
        if (aw_store_get(w->store, w->id, 0, &r) != AW_STORE_OK)
            abort();
        aw_revision_input in = S_input("d", "x");
        aw_store_status st = aw_store_save(w->store, w->id, r.number, &in, NULL);
        aw_revision_free(&r);
        if (st == AW_STORE_OK)
            w->saved++;
        else if (st != AW_STORE_STALE)
            abort();
    }
    return NULL;
}

START_TEST(test_concurrent_writers_lose_nothing)
{
    aw_store *s = S_open();
    int64_t id = S_create_one(s, "start");
    writer w[WRITERS];
    pthread_t t[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (writer){.store = s, .id = id};
        pthread_create(&t[i], NULL, S_writer, &w[i]);
    }
    int saved = 0;
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(t[i], NULL);
        saved += w[i].saved;
    }
    aw_revision_list l;
    ck_assert_int_eq(aw_store_revisions(s, id, &l), AW_STORE_OK);
    ck_assert_int_gt(saved, 0);
    ck_assert_uint_eq(l.count, (size_t)saved + 1);
    aw_revision_list_free(&l);
    aw_store_close(s);
}
END_TEST

START_TEST(test_backup_is_a_working_copy)
{
    aw_store *s = S_open();
    aw_revision_input in = S_input("kept", "body");
    ck_assert_int_eq(aw_store_create(s, &in, NULL), AW_STORE_OK);
    ck_assert_int_gt(aw_store_size_bytes(s), 0);
    char copy[4300];
    snprintf(copy, sizeof copy, "%s/copy.db", S_dir);
    ck_assert_int_eq(aw_store_backup(s, copy), AW_STORE_OK);
    aw_store_close(s);
    char err[256];
    aw_store *c = aw_store_open(copy, err, sizeof err);
    ck_assert_ptr_nonnull(c);
    ck_assert(!c->created);
    aw_revision r;
    ck_assert_int_eq(aw_store_get(c, 1, 0, &r), AW_STORE_OK);
    ck_assert_str_eq(r.name, "kept");
    aw_revision_free(&r);
    aw_store_close(c);
}
END_TEST

/* ---- saves that do not wait ---- */

typedef struct told {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int calls;
    aw_store_status status[3];
} told;

static void S_told(void *ctx, aw_store_status st)
{
    told *t = ctx;
    pthread_mutex_lock(&t->lock);
    t->status[t->calls++] = st;
    pthread_cond_signal(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

/* Saves begun without waiting apply in the order they were begun, each
 * told once, the stale one as stale; all are in the database once told. */
START_TEST(test_saves_begun_without_waiting)
{
    aw_store *s = S_open();
    int64_t id = S_create_one(s, "one");
    aw_revision_input a = S_input("d", "two"), b = S_input("d", "three");
    aw_diagram_meta ma = {0}, mb = {0}, mc = {0};
    told t = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, {0}};
    aw_store_save_begin(s, id, 1, &a, &ma, S_told, &t);
    aw_store_save_begin(s, id, 2, &b, &mb, S_told, &t);
    aw_store_save_begin(s, id, 2, &b, &mc, S_told, &t);     /* revision 2 is no longer the latest */
    pthread_mutex_lock(&t.lock);
    while (t.calls < 3)
        pthread_cond_wait(&t.cond, &t.lock);
    pthread_mutex_unlock(&t.lock);
    ck_assert_int_eq(t.status[0], AW_STORE_OK);
    ck_assert_int_eq(t.status[1], AW_STORE_OK);
    ck_assert_int_eq(t.status[2], AW_STORE_STALE);
    ck_assert_int_eq(ma.revision, 2);
    ck_assert_int_eq(mb.revision, 3);
    aw_revision r;
    ck_assert_int_eq(aw_store_get(s, id, 0, &r), AW_STORE_OK);
    ck_assert_int_eq(r.number, 3);
    ck_assert_str_eq(r.body, "three");
    aw_revision_free(&r);
    aw_diagram_meta_free(&ma), aw_diagram_meta_free(&mb), aw_diagram_meta_free(&mc);
    aw_store_close(s);
}
END_TEST

/* ---- simulation runs ---- */

START_TEST(test_runs_are_kept_with_their_revision)
{
    aw_store *s = S_open();
    int64_t id = S_create_one(s, "one");
    aw_revision_input in = S_input("d", "two");
    ck_assert_int_eq(aw_store_save(s, id, 1, &in, NULL), AW_STORE_OK);
    aw_run_input a = {.state = "done", .options = "{\"seed\": 1}", .result = "{\"requests\": 10}"};
    aw_run_input b = {.state = "cancelled", .options = "{\"seed\": 2}", .result = NULL};
    int64_t n1 = 0, n2 = 0, n3 = 0;
    ck_assert_int_eq(aw_store_run_add(s, id, 1, &a, &n1), AW_STORE_OK);
    ck_assert_int_eq(aw_store_run_add(s, id, 1, &b, &n2), AW_STORE_OK);
    ck_assert_int_eq(aw_store_run_add(s, id, 2, &a, &n3), AW_STORE_OK);
    ck_assert_int_eq(n1, 1);
    ck_assert_int_eq(n2, 2);
    ck_assert_int_eq(n3, 1);    /* numbered within each revision */
    ck_assert_int_eq(aw_store_run_add(s, id, 3, &a, &n3), AW_STORE_NOT_FOUND);
    ck_assert_int_eq(aw_store_run_add(s, id + 1, 1, &a, &n3), AW_STORE_NOT_FOUND);
    aw_run_list l;
    ck_assert_int_eq(aw_store_runs(s, id, 1, &l), AW_STORE_OK);
    ck_assert_uint_eq(l.count, 2);
    ck_assert_str_eq(l.items[0].state, "done");
    ck_assert_str_eq(l.items[1].state, "cancelled");
    ck_assert_str_eq(l.items[1].options, "{\"seed\": 2}");
    ck_assert_ptr_null(l.items[0].result);     /* lists leave results out */
    ck_assert_int_gt(l.items[0].created_ms, 0);
    aw_run_list_free(&l);
    ck_assert_int_eq(aw_store_runs(s, id, 9, &l), AW_STORE_NOT_FOUND);
    aw_run r;
    ck_assert_int_eq(aw_store_run_get(s, id, 1, 1, &r), AW_STORE_OK);
    ck_assert_int_eq(r.diagram_id, id);
    ck_assert_int_eq(r.revision, 1);
    ck_assert_int_eq(r.number, 1);
    ck_assert_str_eq(r.result, "{\"requests\": 10}");
    aw_run_free(&r);
    ck_assert_int_eq(aw_store_run_get(s, id, 1, 2, &r), AW_STORE_OK);
    ck_assert_ptr_null(r.result);
    aw_run_free(&r);
    ck_assert_int_eq(aw_store_run_get(s, id, 1, 3, &r), AW_STORE_NOT_FOUND);
    aw_run_free(&r);
    /* deleting the diagram deletes its runs; a new diagram starts afresh */
    ck_assert_int_eq(aw_store_delete(s, id, AW_STORE_ANY), AW_STORE_OK);
    ck_assert_int_eq(aw_store_run_get(s, id, 1, 1, &r), AW_STORE_NOT_FOUND);
    aw_run_free(&r);
    int64_t other = S_create_one(s, "three");
    ck_assert_int_eq(aw_store_runs(s, other, 1, &l), AW_STORE_OK);
    ck_assert_uint_eq(l.count, 0);
    aw_run_list_free(&l);
    aw_store_close(s);
}
END_TEST

/* A run is stored when it is queued and updated when it ends; the history
 * of a whole diagram lists every revision's runs; runs a stopped server
 * left queued or running are closed on the next start. */
START_TEST(test_runs_are_updated_and_listed_per_diagram)
{
    aw_store *s = S_open();
    int64_t id = S_create_one(s, "one");
    aw_revision_input in = S_input("d", "two");
    ck_assert_int_eq(aw_store_save(s, id, 1, &in, NULL), AW_STORE_OK);
    aw_run_input queued = {.state = "queued", .options = "{\"rps\": 5}"};
    int64_t n = 0;
    ck_assert_int_eq(aw_store_run_add(s, id, 1, &queued, &n), AW_STORE_OK);
    ck_assert_int_eq(aw_store_run_add(s, id, 2, &queued, &n), AW_STORE_OK);
    ck_assert_int_eq(aw_store_run_add(s, id, 2, &queued, &n), AW_STORE_OK);
    aw_run_input done = {.state = "done", .summary = "{\"served\": 9}", .result = "{\"result\": {}}"};
    ck_assert_int_eq(aw_store_run_update(s, id, 2, 1, &done), AW_STORE_OK);
    ck_assert_int_eq(aw_store_run_update(s, id, 2, 7, &done), AW_STORE_NOT_FOUND);
    aw_run r;
    ck_assert_int_eq(aw_store_run_get(s, id, 2, 1, &r), AW_STORE_OK);
    ck_assert_str_eq(r.state, "done");
    ck_assert_str_eq(r.options, "{\"rps\": 5}");     /* an update keeps the options */
    ck_assert_str_eq(r.summary, "{\"served\": 9}");
    ck_assert_str_eq(r.result, "{\"result\": {}}");
    aw_run_free(&r);
    aw_run_list l;
    ck_assert_int_eq(aw_store_runs(s, id, 0, &l), AW_STORE_OK);
    ck_assert_uint_eq(l.count, 3);
    ck_assert_int_eq(l.items[0].revision, 1);
    ck_assert_int_eq(l.items[1].revision, 2);
    ck_assert_int_eq(l.items[2].number, 2);
    ck_assert_str_eq(l.items[1].summary, "{\"served\": 9}");     /* lists carry summaries */
    ck_assert_ptr_null(l.items[2].summary);
    aw_run_list_free(&l);
    ck_assert_int_eq(aw_store_runs(s, id + 1, 0, &l), AW_STORE_NOT_FOUND);
    aw_run_input gone = {.state = "failed", .result = "{\"error\": \"stopped\"}"};
    ck_assert_int_eq(aw_store_runs_abandon(s, &gone), AW_STORE_OK);
    ck_assert_int_eq(aw_store_runs(s, id, 0, &l), AW_STORE_OK);
    ck_assert_str_eq(l.items[0].state, "failed");
    ck_assert_str_eq(l.items[1].state, "done");    /* a finished run is left alone */
    ck_assert_str_eq(l.items[2].state, "failed");
    aw_run_list_free(&l);
    aw_store_close(s);
}
END_TEST

/* ---- migrations ---- */

START_TEST(test_migrations_from_every_version)
{
    for (int v = 0; v < S_backend->version; v++) {
        S_backend->fresh();
        char err[256];
        aw_store *s = S_backend->open_at(v, err, sizeof err);
        ck_assert_ptr_nonnull(s);
        aw_store_close(s);
        if (S_backend->rows_at[v])
            ck_assert(S_backend->exec(S_backend->rows_at[v]));
        s = S_open();
        ck_assert(s->created == (v == 0));
        if (v > 0) {
            aw_revision r;
            ck_assert_int_eq(aw_store_get(s, 7, 0, &r), AW_STORE_OK);
            ck_assert_str_eq(r.body, "second");
            ck_assert_str_eq(r.name, "old");
            aw_revision_free(&r);
            aw_revision_input in = S_input("new", "third");
            aw_diagram_meta m;
            ck_assert_int_eq(aw_store_save(s, 7, 2, &in, &m), AW_STORE_OK);
            ck_assert_int_eq(m.revision, 3);
            ck_assert_int_eq(m.errors, 1);
            aw_diagram_meta_free(&m);
            /* an old revision takes runs after the migration */
            aw_run_input run = {.state = "done", .options = "{}", .result = "{}"};
            int64_t number = 0;
            ck_assert_int_eq(aw_store_run_add(s, 7, 2, &run, &number), AW_STORE_OK);
            ck_assert_int_eq(number, v >= 3 ? 2 : 1);
            if (v >= 3) {   /* a run from before summaries keeps its result, without one */
                aw_run old;
                ck_assert_int_eq(aw_store_run_get(s, 7, 2, 1, &old), AW_STORE_OK);
                ck_assert_str_eq(old.result, "{\"requests\": 4}");
                ck_assert_ptr_null(old.summary);
                aw_run_free(&old);
            }
        }
        aw_store_close(s);
    }
}
END_TEST

START_TEST(test_newer_schema_refused)
{
    aw_store_close(S_open());
    ck_assert(S_backend->exec(S_backend->newer_sql));
    char err[256] = "";
    ck_assert_ptr_null(S_backend->open_at(S_backend->version, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "newer than this program's"));
}
END_TEST

START_TEST(test_wal_and_full_sync)
{
    aw_store *s = S_open();
    aw_store_close(s);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(S_db, &db), SQLITE_OK);
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);
}
END_TEST

/* ---- changes told between instances (PostgreSQL's LISTEN/NOTIFY) ---- */

typedef struct heard {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int64_t id, revision;
    int count;
} heard;

static void S_heard(void *ctx, int64_t id, int64_t revision)
{
    heard *h = ctx;
    pthread_mutex_lock(&h->lock);
    h->id = id;
    h->revision = revision;
    h->count++;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

/* Waits (5 s at most) until count changes have been heard. */
static bool S_wait_heard(heard *h, int count)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    pthread_mutex_lock(&h->lock);
    while (h->count < count && pthread_cond_timedwait(&h->cond, &h->lock, &until) == 0)
        ;
    bool ok = h->count >= count;
    pthread_mutex_unlock(&h->lock);
    return ok;
}

START_TEST(test_other_instances_are_told)
{
    heard h = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
    aw_store *listener = S_open();
    ck_assert(aw_store_watch(listener, S_heard, &h));
    aw_store *saver = S_open();
    int64_t id = S_create_one(saver, "one");
    ck_assert(S_wait_heard(&h, 1));
    ck_assert_int_eq(h.id, id);
    ck_assert_int_eq(h.revision, 1);
    aw_revision_input in = S_input("d", "two");
    ck_assert_int_eq(aw_store_save(saver, id, 1, &in, NULL), AW_STORE_OK);
    ck_assert(S_wait_heard(&h, 2));
    ck_assert_int_eq(h.revision, 2);
    ck_assert_int_eq(aw_store_delete(saver, id, 2), AW_STORE_OK);
    ck_assert(S_wait_heard(&h, 3));
    ck_assert_int_eq(h.revision, 0);
    /* A refused save tells nobody anything. */
    ck_assert_int_eq(aw_store_save(saver, id, 2, &in, NULL), AW_STORE_NOT_FOUND);
    aw_store_close(saver);
    aw_store_close(listener);
    ck_assert_int_eq(h.count, 3);
}
END_TEST

/* Two servers on one PostgreSQL database: a save through one reaches the
 * change stream of the other, and a save the other makes on top of the
 * same revision is refused. */
static aw_server *S_serve_on(aw_store *store)
{
    aw_server_config cfg;
    aw_server_config_init(&cfg);
    cfg.port = 0;
    cfg.threads = 2;
    char err[256];
    aw_server *srv = aw_server_start(&cfg, store, err, sizeof err);
    ck_assert_ptr_nonnull(srv);
    return srv;
}

START_TEST(test_two_servers_share_changes)
{
    aw_store *store_a = S_open(), *store_b = S_open();
    int64_t id = S_create_one(store_a, "{\"archway\": 1, \"name\": \"shared\", \"nodes\": []}");
    aw_server *a = S_serve_on(store_a), *b = S_serve_on(store_b);
    int fd = aw_http_connect(aw_server_port(a), 10);
    char req[128], buf[4096] = "";
    snprintf(req, sizeof req, "GET /api/diagrams/%lld/events HTTP/1.1\r\nHost: x\r\n\r\n", (long long)id);
    ck_assert(aw_http_send(fd, req, strlen(req)));
    size_t len = 0;
    ck_assert(aw_http_read_until(fd, buf, sizeof buf, &len, "event: hello"));
    char path[64], headers[128];
    snprintf(path, sizeof path, "/api/diagrams/%lld", (long long)id);
    snprintf(headers, sizeof headers, "Content-Type: application/json\r\nIf-Match: \"d%lld-r1\"\r\n", (long long)id);
    const char body[] = "{\"archway\": 1, \"name\": \"shared, renamed\", \"nodes\": []}";
    aw_http_resp r;
    ck_assert_int_eq(aw_http_request(aw_server_port(b), "PUT", path, headers, body, strlen(body), &r), 200);
    aw_http_resp_free(&r);
    ck_assert_int_eq(aw_http_request(aw_server_port(a), "PUT", path, headers, body, strlen(body), &r), 412);
    aw_http_resp_free(&r);
    ck_assert(aw_http_read_until(fd, buf, sizeof buf, &len, "event: saved"));
    ck_assert_ptr_nonnull(strstr(strstr(buf, "event: saved"), "\"revision\": 2"));
    close(fd);
    aw_server_stop(a);
    aw_server_stop(b);
    aw_store_close(store_a);
    aw_store_close(store_b);
}
END_TEST

START_TEST(test_sqlite_tells_nothing)
{
    heard h = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
    aw_store *s = S_open();
    ck_assert(!aw_store_watch(s, S_heard, &h));
    aw_store_close(s);
}
END_TEST

/* The tests every backend passes. */
static void S_add_common(TCase *tc)
{
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_create_get_list);
    tcase_add_test(tc, test_revisions_and_stale_saves);
    tcase_add_test(tc, test_delete);
    tcase_add_test(tc, test_concurrent_writers_lose_nothing);
    tcase_add_test(tc, test_saves_begun_without_waiting);
    tcase_add_test(tc, test_runs_are_kept_with_their_revision);
    tcase_add_test(tc, test_runs_are_updated_and_listed_per_diagram);
    tcase_add_test(tc, test_migrations_from_every_version);
    tcase_add_test(tc, test_newer_schema_refused);
}

static Suite *S_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = aw_test_tcase(s, "sqlite", S_sqlite_setup, S_sqlite_teardown);
    S_add_common(tc);
    tcase_add_test(tc, test_backup_is_a_working_copy);
    tcase_add_test(tc, test_wal_and_full_sync);
    tcase_add_test(tc, test_sqlite_tells_nothing);
    if (S_pg_find()) {
        TCase *pg = aw_test_tcase(s, "postgresql", S_pg_setup, NULL);
        tcase_add_unchecked_fixture(pg, S_cluster_start, S_cluster_stop);
        S_add_common(pg);
        tcase_add_test(pg, test_other_instances_are_told);
        tcase_add_test(pg, test_two_servers_share_changes);
    } else {
        fprintf(stderr, "store: PostgreSQL tests skipped: no initdb found (make deps installs postgresql)\n");
    }
    return s;
}

AW_TEST_MAIN(S_suite)
