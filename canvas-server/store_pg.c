/* The PostgreSQL backend of the store, for teams that run several server
 * instances on one database: the same schema as the SQLite backend, kept
 * in archway_schema and migrated on open; a pool of connections (libpq's
 * are not shared between threads); a save locks its diagram's row, so two
 * instances never both save on top of the same revision; and each change
 * is announced with NOTIFY for the other instances (aw_store_watch). */
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_sql.h"

#define S_MAX_CONNECTIONS 16
#define S_CHANNEL "archway_changes"

typedef struct pg_store {
    aw_store base;
    char *conninfo;
    pthread_mutex_t lock;           /* guards the pool */
    pthread_cond_t returned;
    PGconn *idle[S_MAX_CONNECTIONS];
    size_t idle_count, open_count;
    pthread_t watcher;
    PGconn *listener;               /* LISTENs for the watcher; closed by it */
    bool watching, stopping;
    pthread_mutex_t watch_lock;     /* held while on_change runs or is changed */
    aw_store_change_fn on_change;   /* NULL once the watcher stopped listening */
    void *on_change_ctx;
} pg_store;

static const char *const S_migrations[] = {
    "CREATE TABLE diagrams ("
    "  id BIGSERIAL PRIMARY KEY,"
    "  created_ms BIGINT NOT NULL,"
    "  latest BIGINT NOT NULL);"
    "CREATE TABLE revisions ("
    "  diagram_id BIGINT NOT NULL REFERENCES diagrams(id) ON DELETE CASCADE,"
    "  number BIGINT NOT NULL,"
    "  created_ms BIGINT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  format TEXT NOT NULL,"
    "  body BYTEA NOT NULL,"
    "  PRIMARY KEY (diagram_id, number));",
    "ALTER TABLE revisions ADD COLUMN findings TEXT;"
    "ALTER TABLE revisions ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE revisions ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE revisions ADD COLUMN note TEXT NOT NULL DEFAULT '';",
    "CREATE TABLE runs ("
    "  diagram_id BIGINT NOT NULL,"
    "  revision BIGINT NOT NULL,"
    "  number BIGINT NOT NULL,"
    "  created_ms BIGINT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  options TEXT NOT NULL,"
    "  result TEXT,"
    "  PRIMARY KEY (diagram_id, revision, number),"
    "  FOREIGN KEY (diagram_id, revision) REFERENCES revisions(diagram_id, number) ON DELETE CASCADE);",
    "ALTER TABLE runs ADD COLUMN summary TEXT;",
};

const int aw_store_pg_version = (int)(sizeof S_migrations / sizeof S_migrations[0]);

static void S_error(pg_store *s, PGconn *c, const char *what)
{
    const char *msg = c ? PQerrorMessage(c) : "no connection";
    snprintf(s->base.error, sizeof s->base.error, "%s: %.*s", what, (int)strcspn(msg, "\n"), msg);
}

/* ---- the pool ---- */

static PGconn *S_take(pg_store *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->idle_count == 0 && s->open_count >= S_MAX_CONNECTIONS)
        pthread_cond_wait(&s->returned, &s->lock);
    PGconn *c = s->idle_count ? s->idle[--s->idle_count] : NULL;
    if (!c)
        s->open_count++;
    pthread_mutex_unlock(&s->lock);
    if (!c)
        c = PQconnectdb(s->conninfo);
    if (PQstatus(c) != CONNECTION_OK)
        PQreset(c);
    return c;
}

static void S_give(pg_store *s, PGconn *c)
{
    pthread_mutex_lock(&s->lock);
    if (PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE) {
        s->idle[s->idle_count++] = c;
    } else {
        PQfinish(c);
        s->open_count--;
    }
    pthread_cond_signal(&s->returned);
    pthread_mutex_unlock(&s->lock);
}

/* ---- statements ---- */

/* Runs sql with integer and text parameters (int64 as text, body as binary
 * bytea); results in binary. NULL on failure (reported). */
static PGresult *S_run(pg_store *s, PGconn *c, const char *sql, int n, const char *const *values, const int *lengths,
                       const int *formats)
{
    PGresult *r = PQexecParams(c, sql, n, NULL, values, lengths, formats, 1);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    S_error(s, c, "query");
    PQclear(r);
    return NULL;
}

static bool S_exec(pg_store *s, PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
        S_error(s, c, "statement");
    PQclear(r);
    return ok;
}

static int64_t S_int(const PGresult *r, int row, int col)
{
    const unsigned char *p = (const unsigned char *)PQgetvalue(r, row, col);
    int len = PQgetlength(r, row, col);
    int64_t v = 0;
    for (int i = 0; i < len; i++)   /* big-endian, 4 or 8 bytes */
        v = (int64_t)((uint64_t)v << 8 | p[i]);
    return len == 4 ? (int32_t)v : v;
}

static char *S_str(const PGresult *r, int row, int col, size_t *len)
{
    if (PQgetisnull(r, row, col))
        return NULL;
    size_t n = (size_t)PQgetlength(r, row, col);
    char *out = malloc(n + 1);
    if (!out)
        abort();
    memcpy(out, PQgetvalue(r, row, col), n);
    out[n] = '\0';
    if (len)
        *len = n;
    return out;
}

/* ---- reads ---- */

/* Reads one row of a result into one list item. */
typedef void row_reader(const PGresult *r, int row, void *item);

/* Every row of r read into a zeroed array of `size`-byte items, with one
 * zeroed item past the end; *count = rows. The caller owns the array. */
static void *S_read_rows(const PGresult *r, size_t size, size_t *count, row_reader *read)
{
    *count = (size_t)PQntuples(r);
    char *items = calloc(*count + 1, size);
    if (!items)
        abort();
    for (size_t i = 0; i < *count; i++)
        read(r, (int)i, items + i * size);
    return items;
}

static void S_read_meta(const PGresult *r, int row, aw_diagram_meta *m)
{
    m->id = S_int(r, row, 0);
    m->name = S_str(r, row, 1, NULL);
    m->revision = S_int(r, row, 2);
    m->created_ms = S_int(r, row, 3);
    m->updated_ms = S_int(r, row, 4);
    m->errors = (int)S_int(r, row, 5);
    m->warnings = (int)S_int(r, row, 6);
}

static void S_meta_row(const PGresult *r, int row, void *item)
{
    S_read_meta(r, row, item);
}

static aw_store_status S_meta(pg_store *s, PGconn *c, int64_t id, aw_diagram_meta *out)
{
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    const char *v[] = {idt};
    PGresult *r = S_run(s, c, AW_SQL_META_SELECT "WHERE d.id = $1", 1, v, NULL, NULL);
    if (!r)
        return AW_STORE_FAILED;
    aw_store_status st = PQntuples(r) ? AW_STORE_OK : AW_STORE_NOT_FOUND;
    if (st == AW_STORE_OK && out)
        S_read_meta(r, 0, out);
    PQclear(r);
    return st;
}

static aw_store_status S_list(aw_store *base, aw_diagram_list *out)
{
    pg_store *s = (pg_store *)base;
    memset(out, 0, sizeof *out);
    PGconn *c = S_take(s);
    PGresult *r = S_run(s, c, AW_SQL_META_SELECT "ORDER BY d.id", 0, NULL, NULL, NULL);
    S_give(s, c);
    if (!r)
        return AW_STORE_FAILED;
    out->items = S_read_rows(r, sizeof *out->items, &out->count, S_meta_row);
    PQclear(r);
    return AW_STORE_OK;
}


static void S_read_revision(const PGresult *r, int row, aw_revision *rv, bool with_body)
{
    rv->diagram_id = S_int(r, row, 0);
    rv->number = S_int(r, row, 1);
    rv->created_ms = S_int(r, row, 2);
    rv->name = S_str(r, row, 3, NULL);
    rv->format = S_str(r, row, 4, NULL);
    rv->errors = (int)S_int(r, row, 5);
    rv->warnings = (int)S_int(r, row, 6);
    rv->note = S_str(r, row, 7, NULL);
    if (with_body) {
        rv->body = S_str(r, row, 8, &rv->body_len);
        rv->findings = S_str(r, row, 9, NULL);
    }
}

/* A revision in a list: its metadata without the body. */
static void S_revision_row(const PGresult *r, int row, void *item)
{
    S_read_revision(r, row, item, false);
}

static aw_store_status S_get(aw_store *base, int64_t id, int64_t number, aw_revision *out)
{
    pg_store *s = (pg_store *)base;
    memset(out, 0, sizeof *out);
    char idt[24], nt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    snprintf(nt, sizeof nt, "%lld", (long long)number);
    const char *v[] = {idt, nt};
    PGconn *c = S_take(s);
    PGresult *r = S_run(s, c,
                        number > 0 ? AW_SQL_REVISION_SELECT "WHERE diagram_id = $1 AND number = $2"
                                   : AW_SQL_REVISION_SELECT "WHERE diagram_id = $1 AND number = "
                                                       "(SELECT latest FROM diagrams WHERE id = $1) AND $2 = '0'",
                        2, v, NULL, NULL);
    S_give(s, c);
    if (!r)
        return AW_STORE_FAILED;
    aw_store_status st = PQntuples(r) ? AW_STORE_OK : AW_STORE_NOT_FOUND;
    if (st == AW_STORE_OK)
        S_read_revision(r, 0, out, true);
    PQclear(r);
    return st;
}

static aw_store_status S_revisions(aw_store *base, int64_t id, aw_revision_list *out)
{
    pg_store *s = (pg_store *)base;
    memset(out, 0, sizeof *out);
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    const char *v[] = {idt};
    PGconn *c = S_take(s);
    aw_store_status st = S_meta(s, c, id, NULL);
    PGresult *r = st == AW_STORE_OK ? S_run(s, c, AW_SQL_REVISION_SELECT "WHERE diagram_id = $1 ORDER BY number", 1, v,
                                            NULL, NULL)
                                    : NULL;
    S_give(s, c);
    if (st != AW_STORE_OK || !r)
        return st != AW_STORE_OK ? st : AW_STORE_FAILED;
    out->items = S_read_rows(r, sizeof *out->items, &out->count, S_revision_row);
    PQclear(r);
    return AW_STORE_OK;
}

/* ---- writes ---- */

/* Ends the transaction: commits on OK (announcing the change), else rolls back. */
static aw_store_status S_finish(pg_store *s, PGconn *c, aw_store_status st, int64_t id, int64_t revision)
{
    if (st == AW_STORE_OK) {
        char payload[64], sql[128];
        snprintf(payload, sizeof payload, "%lld %lld", (long long)id, (long long)revision);
        snprintf(sql, sizeof sql, "NOTIFY " S_CHANNEL ", '%s'", payload);
        if (!S_exec(s, c, sql) || !S_exec(s, c, "COMMIT"))
            st = AW_STORE_FAILED;
    }
    if (st != AW_STORE_OK)
        PQclear(PQexec(c, "ROLLBACK"));
    return st;
}

static bool S_insert_revision(pg_store *s, PGconn *c, int64_t id, int64_t number, const aw_revision_input *in)
{
    char idt[24], nt[24], now[24], errs[16], warns[16];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    snprintf(nt, sizeof nt, "%lld", (long long)number);
    snprintf(now, sizeof now, "%lld", (long long)aw_store_now_ms());
    snprintf(errs, sizeof errs, "%d", in->errors);
    snprintf(warns, sizeof warns, "%d", in->warnings);
    const char *v[] = {idt, nt, now, in->name, in->format, in->body, in->findings, errs, warns,
                       in->note ? in->note : ""};
    int lengths[10] = {0, 0, 0, 0, 0, (int)in->body_len};
    int formats[10] = {0, 0, 0, 0, 0, 1};
    PGresult *r = S_run(s, c,
                        "INSERT INTO revisions (diagram_id, number, created_ms, name, format, body, findings, "
                        "errors, warnings, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                        10, v, lengths, formats);
    PQclear(r);
    return r != NULL;
}

/* Starts a transaction and locks diagram id's row; *latest is its latest
 * revision, or -1 when there is no such diagram. */
static aw_store_status S_begin_write(pg_store *s, PGconn *c, int64_t id, int64_t expected, int64_t *latest)
{
    if (!S_exec(s, c, "BEGIN"))
        return AW_STORE_FAILED;
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    const char *v[] = {idt};
    PGresult *r = S_run(s, c, "SELECT latest FROM diagrams WHERE id = $1 FOR UPDATE", 1, v, NULL, NULL);
    if (!r)
        return AW_STORE_FAILED;
    *latest = PQntuples(r) ? S_int(r, 0, 0) : -1;
    PQclear(r);
    if (*latest < 0)
        return AW_STORE_NOT_FOUND;
    return expected != AW_STORE_ANY && *latest != expected ? AW_STORE_STALE : AW_STORE_OK;
}

static aw_store_status S_create(aw_store *base, const aw_revision_input *in, aw_diagram_meta *out)
{
    pg_store *s = (pg_store *)base;
    PGconn *c = S_take(s);
    char now[24];
    snprintf(now, sizeof now, "%lld", (long long)aw_store_now_ms());
    const char *v[] = {now};
    aw_store_status st = S_exec(s, c, "BEGIN") ? AW_STORE_OK : AW_STORE_FAILED;
    PGresult *r = st == AW_STORE_OK
                      ? S_run(s, c, "INSERT INTO diagrams (created_ms, latest) VALUES ($1, 1) RETURNING id", 1, v,
                              NULL, NULL)
                      : NULL;
    int64_t id = r && PQntuples(r) ? S_int(r, 0, 0) : -1;
    PQclear(r);
    if (id < 0 || !S_insert_revision(s, c, id, 1, in))
        st = AW_STORE_FAILED;
    st = S_finish(s, c, st, id, 1);
    if (st == AW_STORE_OK && out)
        st = S_meta(s, c, id, out);
    S_give(s, c);
    return st;
}

static aw_store_status S_save(aw_store *base, int64_t id, int64_t expected, const aw_revision_input *in,
                              aw_diagram_meta *out)
{
    pg_store *s = (pg_store *)base;
    PGconn *c = S_take(s);
    int64_t latest = -1;
    aw_store_status st = S_begin_write(s, c, id, expected, &latest);
    char idt[24], nt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    snprintf(nt, sizeof nt, "%lld", (long long)(latest + 1));
    const char *v[] = {nt, idt};
    if (st == AW_STORE_OK && !S_insert_revision(s, c, id, latest + 1, in))
        st = AW_STORE_FAILED;
    PGresult *r = st == AW_STORE_OK ? S_run(s, c, "UPDATE diagrams SET latest = $1 WHERE id = $2", 2, v, NULL, NULL)
                                    : NULL;
    if (st == AW_STORE_OK && !r)
        st = AW_STORE_FAILED;
    PQclear(r);
    st = S_finish(s, c, st, id, latest + 1);
    if (st == AW_STORE_OK && out)
        st = S_meta(s, c, id, out);
    S_give(s, c);
    return st;
}

static aw_store_status S_remove(aw_store *base, int64_t id, int64_t expected)
{
    pg_store *s = (pg_store *)base;
    PGconn *c = S_take(s);
    int64_t latest = -1;
    aw_store_status st = S_begin_write(s, c, id, expected, &latest);
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    const char *v[] = {idt};
    PGresult *r = st == AW_STORE_OK ? S_run(s, c, "DELETE FROM diagrams WHERE id = $1", 1, v, NULL, NULL) : NULL;
    if (st == AW_STORE_OK && !r)
        st = AW_STORE_FAILED;
    PQclear(r);
    st = S_finish(s, c, st, id, 0);
    S_give(s, c);
    return st;
}

/* ---- simulation runs ---- */

/* A run's key as text parameters $1, $2, $3; v has room for four more. */
typedef struct run_key {
    char text[3][24];
    const char *v[7];
} run_key;

static const char *const *S_run_key(run_key *k, int64_t id, int64_t revision, int64_t number)
{
    const int64_t parts[3] = {id, revision, number};
    for (int i = 0; i < 3; i++) {
        snprintf(k->text[i], sizeof k->text[i], "%lld", (long long)parts[i]);
        k->v[i] = k->text[i];
    }
    return k->v;
}

/* Adds the run in one transaction that locks its revision's row, so that
 * two runs finishing together get different numbers. No NOTIFY: a run is
 * no change to the diagram. */
static aw_store_status S_run_add(aw_store *base, int64_t id, int64_t revision, const aw_run_input *in, int64_t *number)
{
    pg_store *s = (pg_store *)base;
    run_key k;
    const char **v = (const char **)S_run_key(&k, id, revision, aw_store_now_ms());
    v[3] = in->state, v[4] = in->options, v[5] = in->result, v[6] = in->summary;    /* $3 is the time */
    PGconn *c = S_take(s);
    aw_store_status st = S_exec(s, c, "BEGIN") ? AW_STORE_OK : AW_STORE_FAILED;
    PGresult *r = st == AW_STORE_OK ? S_run(s, c,
                                            "SELECT 1 FROM revisions WHERE diagram_id = $1 AND number = $2 FOR UPDATE",
                                            2, v, NULL, NULL)
                                    : NULL;
    if (st == AW_STORE_OK)
        st = !r ? AW_STORE_FAILED : PQntuples(r) ? AW_STORE_OK : AW_STORE_NOT_FOUND;
    PQclear(r);
    r = st == AW_STORE_OK ? S_run(s, c,
                                  "INSERT INTO runs (diagram_id, revision, number, created_ms, state, options, result, "
                                  "summary) SELECT $1, $2, coalesce(max(number), 0) + 1, $3, $4, $5, $6, $7 FROM runs "
                                  "WHERE diagram_id = $1 AND revision = $2 RETURNING number",
                                  7, v, NULL, NULL)
                          : NULL;
    if (st == AW_STORE_OK && (!r || PQntuples(r) != 1))
        st = AW_STORE_FAILED;
    if (st == AW_STORE_OK)
        *number = S_int(r, 0, 0);
    PQclear(r);
    if (st == AW_STORE_OK && !S_exec(s, c, "COMMIT"))
        st = AW_STORE_FAILED;
    if (st != AW_STORE_OK)
        PQclear(PQexec(c, "ROLLBACK"));
    S_give(s, c);
    return st;
}

static void S_read_run(const PGresult *r, int row, aw_run *out, bool with_result)
{
    out->diagram_id = S_int(r, row, 0);
    out->revision = S_int(r, row, 1);
    out->number = S_int(r, row, 2);
    out->created_ms = S_int(r, row, 3);
    out->state = S_str(r, row, 4, NULL);
    out->options = S_str(r, row, 5, NULL);
    out->summary = S_str(r, row, 6, NULL);
    out->result = with_result ? S_str(r, row, 7, NULL) : NULL;
}

/* A run in a list: its summary without the full result. */
static void S_run_row(const PGresult *r, int row, void *item)
{
    S_read_run(r, row, item, false);
}

static aw_store_status S_runs(aw_store *base, int64_t id, int64_t revision, aw_run_list *out)
{
    pg_store *s = (pg_store *)base;
    memset(out, 0, sizeof *out);
    run_key k;
    const char *const *v = S_run_key(&k, id, revision, 0);
    PGconn *c = S_take(s);
    PGresult *exists = S_run(s, c, AW_SQL_RUN_OWNER_EXISTS, 2, v, NULL, NULL);
    aw_store_status st = !exists ? AW_STORE_FAILED : PQntuples(exists) ? AW_STORE_OK : AW_STORE_NOT_FOUND;
    PQclear(exists);
    PGresult *r = st == AW_STORE_OK ? S_run(s, c, AW_SQL_RUN_LIST AW_SQL_RUN_WHERE, 2, v, NULL, NULL)
                                    : NULL;
    S_give(s, c);
    if (st != AW_STORE_OK || !r)
        return st != AW_STORE_OK ? st : AW_STORE_FAILED;
    out->items = S_read_rows(r, sizeof *out->items, &out->count, S_run_row);
    PQclear(r);
    return AW_STORE_OK;
}

static aw_store_status S_run_get(aw_store *base, int64_t id, int64_t revision, int64_t number, aw_run *out)
{
    pg_store *s = (pg_store *)base;
    memset(out, 0, sizeof *out);
    run_key k;
    const char *const *v = S_run_key(&k, id, revision, number);
    PGconn *c = S_take(s);
    PGresult *r = S_run(s, c, AW_SQL_RUN_SELECT "WHERE diagram_id = $1 AND revision = $2 AND number = $3", 3, v, NULL,
                        NULL);
    S_give(s, c);
    if (!r)
        return AW_STORE_FAILED;
    aw_store_status st = PQntuples(r) ? AW_STORE_OK : AW_STORE_NOT_FOUND;
    if (st == AW_STORE_OK)
        S_read_run(r, 0, out, true);
    PQclear(r);
    return st;
}

/* Runs a write of the run columns: sql takes state, summary, result as
 * $1..$3 and, when key is given, diagram, revision, number as $4..$6.
 * NOT_FOUND when it changed no row and a key was given. */
static aw_store_status S_run_write(pg_store *s, const char *sql, const aw_run_input *in, const int64_t *key)
{
    run_key k;
    const char *v[6] = {in->state, in->summary, in->result};
    if (key) {
        S_run_key(&k, key[0], key[1], key[2]);
        v[3] = k.v[0], v[4] = k.v[1], v[5] = k.v[2];
    }
    PGconn *c = S_take(s);
    PGresult *r = S_run(s, c, sql, key ? 6 : 3, v, NULL, NULL);
    S_give(s, c);
    aw_store_status st = !r ? AW_STORE_FAILED : key && atoi(PQcmdTuples(r)) == 0 ? AW_STORE_NOT_FOUND : AW_STORE_OK;
    PQclear(r);
    return st;
}

static aw_store_status S_run_update(aw_store *base, int64_t id, int64_t revision, int64_t number, const aw_run_input *in)
{
    const int64_t key[3] = {id, revision, number};
    return S_run_write((pg_store *)base,
                       "UPDATE runs SET state = $1, summary = $2, result = $3 "
                       "WHERE diagram_id = $4 AND revision = $5 AND number = $6",
                       in, key);
}

static aw_store_status S_runs_abandon(aw_store *base, const aw_run_input *in)
{
    return S_run_write((pg_store *)base,
                       "UPDATE runs SET state = $1, summary = $2, result = $3 WHERE state IN ('queued', 'running')", in,
                       NULL);
}

/* ---- the database as a whole ---- */

static aw_store_status S_backup(aw_store *base, const char *path)
{
    snprintf(base->error, sizeof base->error, "%s: back up a PostgreSQL database with pg_dump", path);
    return AW_STORE_FAILED;
}

static int64_t S_size_bytes(aw_store *base)
{
    pg_store *s = (pg_store *)base;
    PGconn *c = S_take(s);
    PGresult *r = S_run(s, c, "SELECT pg_database_size(current_database())", 0, NULL, NULL, NULL);
    S_give(s, c);
    int64_t size = r && PQntuples(r) ? S_int(r, 0, 0) : -1;
    PQclear(r);
    return size;
}

/* ---- changes made by other instances ---- */

static void *S_watch_loop(void *arg)
{
    pg_store *s = arg;
    PGconn *c = s->listener;
    for (;;) {
        /* Wakes at least every 200 ms to see whether the store is closing. */
        struct pollfd pfd = {.fd = PQsocket(c), .events = POLLIN};
        if (poll(&pfd, 1, 200) < 0 || !PQconsumeInput(c))
            break;
        pthread_mutex_lock(&s->lock);
        bool stop = s->stopping;
        pthread_mutex_unlock(&s->lock);
        if (stop)
            break;
        for (PGnotify *n; (n = PQnotifies(c)); PQfreemem(n)) {
            long long id = 0, rev = 0;
            pthread_mutex_lock(&s->watch_lock);
            if (s->on_change && sscanf(n->extra, "%lld %lld", &id, &rev) == 2)
                s->on_change(s->on_change_ctx, id, rev);
            pthread_mutex_unlock(&s->watch_lock);
        }
    }
    PQfinish(c);
    return NULL;
}

/* Listens before returning, so that no change made after it returns is missed. */
static bool S_watch(aw_store *base, aw_store_change_fn fn, void *ctx)
{
    pg_store *s = (pg_store *)base;
    pthread_mutex_lock(&s->watch_lock);
    s->on_change = fn;
    s->on_change_ctx = ctx;
    pthread_mutex_unlock(&s->watch_lock);
    if (!fn || s->watching)
        return true;    /* a call under way has ended: the lock was taken */
    s->listener = PQconnectdb(s->conninfo);
    if (PQstatus(s->listener) != CONNECTION_OK || !S_exec(s, s->listener, "LISTEN " S_CHANNEL)) {
        PQfinish(s->listener);
        s->listener = NULL;
        return false;
    }
    s->watching = pthread_create(&s->watcher, NULL, S_watch_loop, s) == 0;
    if (!s->watching) {
        PQfinish(s->listener);
        s->listener = NULL;
    }
    return s->watching;
}

static void S_close(aw_store *base)
{
    pg_store *s = (pg_store *)base;
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_mutex_unlock(&s->lock);
    if (s->watching)
        pthread_join(s->watcher, NULL);
    for (size_t i = 0; i < s->idle_count; i++)
        PQfinish(s->idle[i]);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->watch_lock);
    pthread_cond_destroy(&s->returned);
    free(s->conninfo);
    free(s);
}

static const aw_store_ops S_ops = {
    .list = S_list,
    .create = S_create,
    .save = S_save,
    .get = S_get,
    .revisions = S_revisions,
    .remove = S_remove,
    .run_add = S_run_add,
    .runs = S_runs,
    .run_get = S_run_get,
    .run_update = S_run_update,
    .runs_abandon = S_runs_abandon,
    .backup = S_backup,
    .size_bytes = S_size_bytes,
    .watch = S_watch,
    .close = S_close,
};

/* Applies the missing migrations, each in a transaction that first takes
 * a lock, so that instances starting together migrate once. */
static bool S_migrate(pg_store *s, PGconn *c, int up_to)
{
    if (!S_exec(s, c, "CREATE TABLE IF NOT EXISTS archway_schema (version INTEGER NOT NULL)"))
        return false;
    for (;;) {
        if (!S_exec(s, c, "BEGIN") || !S_exec(s, c, "LOCK TABLE archway_schema IN EXCLUSIVE MODE"))
            return false;
        PGresult *r = S_run(s, c, "SELECT coalesce(max(version), 0) FROM archway_schema", 0, NULL, NULL, NULL);
        int version = r ? (int)S_int(r, 0, 0) : -1;
        PQclear(r);
        if (version < 0 || version > aw_store_pg_version || version >= up_to) {
            if (version > aw_store_pg_version)
                snprintf(s->base.error, sizeof s->base.error,
                         "the database has schema version %d, newer than this program's %d", version,
                         aw_store_pg_version);
            PQclear(PQexec(c, version >= 0 && version <= aw_store_pg_version ? "COMMIT" : "ROLLBACK"));
            return version >= 0 && version <= aw_store_pg_version;
        }
        if (version == 0)
            s->base.created = true;
        char sql[96];
        snprintf(sql, sizeof sql, "DELETE FROM archway_schema; INSERT INTO archway_schema VALUES (%d)", version + 1);
        if (!S_exec(s, c, S_migrations[version]) || !S_exec(s, c, sql) || !S_exec(s, c, "COMMIT")) {
            PQclear(PQexec(c, "ROLLBACK"));
            return false;
        }
    }
}

aw_store *aw_store_pg_open(const char *conninfo, int up_to_version, char *err, size_t err_size)
{
    pg_store *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->base.ops = &S_ops;
    s->conninfo = strdup(conninfo);
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->watch_lock, NULL);
    pthread_cond_init(&s->returned, NULL);
    PGconn *c = S_take(s);
    bool ok = PQstatus(c) == CONNECTION_OK;
    if (!ok)
        S_error(s, c, "connect");
    ok = ok && S_exec(s, c, "SET client_min_messages = warning");
    ok = ok && S_migrate(s, c, up_to_version);
    S_give(s, c);
    if (!ok) {
        snprintf(err, err_size, "%s", s->base.error);
        S_close(&s->base);
        return NULL;
    }
    return &s->base;
}
