/* The store suite (canvas-server/store.h): what the server relies on of
 * every backend — revisions numbered from 1, stale saves refused, deletes
 * that take the history, concurrent writers that lose nothing — and the
 * SQLite backend's schema migrations from every earlier version. */
#include <pthread.h>
#include <sqlite3.h>

#include "../../canvas-server/store.h"
#include "http_client.h"
#include "test_support.h"

static char S_dir[4096];
static char S_db[4200];

static void S_setup(void)
{
    aw_test_scratch_dir(S_dir, sizeof S_dir);
    snprintf(S_db, sizeof S_db, "%s/store.db", S_dir);
}

static void S_teardown(void)
{
    aw_test_remove_dir(S_dir);
}

static aw_store *S_open(void)
{
    char err[256];
    aw_store *s = aw_store_open(S_db, err, sizeof err);
    if (!s)
        fprintf(stderr, "%s\n", err);
    ck_assert_ptr_nonnull(s);
    return s;
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

/* ---- SQLite migrations ---- */

/* A diagram written the way each earlier schema version spelt it (none in
 * an empty database); a new migration needs a row here. */
static const char *const S_rows_at[] = {
    NULL,
    "INSERT INTO diagrams (id, created_ms, latest) VALUES (7, 1000, 2);"
    "INSERT INTO revisions VALUES (7, 1, 1000, 'old', 'json', 'first');"
    "INSERT INTO revisions VALUES (7, 2, 2000, 'old', 'json', 'second');",
};

START_TEST(test_migrations_from_every_version)
{
    ck_assert_int_eq(aw_store_sqlite_version, (int)(sizeof S_rows_at / sizeof S_rows_at[0]));
    for (int v = 0; v < aw_store_sqlite_version; v++) {
        snprintf(S_db, sizeof S_db, "%s/v%d.db", S_dir, v);
        char err[256];
        aw_store *s = aw_store_sqlite_open(S_db, v, err, sizeof err);
        ck_assert_ptr_nonnull(s);
        aw_store_close(s);
        if (S_rows_at[v]) {
            sqlite3 *db;
            ck_assert_int_eq(sqlite3_open(S_db, &db), SQLITE_OK);
            ck_assert_int_eq(sqlite3_exec(db, S_rows_at[v], NULL, NULL, NULL), SQLITE_OK);
            sqlite3_close(db);
        }
        s = aw_store_open(S_db, err, sizeof err);
        ck_assert_ptr_nonnull(s);
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
        }
        aw_store_close(s);
    }
}
END_TEST

START_TEST(test_newer_schema_refused)
{
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(S_db, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char err[256] = "";
    ck_assert_ptr_null(aw_store_open(S_db, err, sizeof err));
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

static Suite *S_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = aw_test_tcase(s, "sqlite", S_setup, S_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_create_get_list);
    tcase_add_test(tc, test_revisions_and_stale_saves);
    tcase_add_test(tc, test_delete);
    tcase_add_test(tc, test_concurrent_writers_lose_nothing);
    tcase_add_test(tc, test_backup_is_a_working_copy);
    tcase_add_test(tc, test_migrations_from_every_version);
    tcase_add_test(tc, test_newer_schema_refused);
    tcase_add_test(tc, test_wal_and_full_sync);
    return s;
}

AW_TEST_MAIN(S_suite)
