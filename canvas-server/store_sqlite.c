/* The SQLite backend of the store: one database file in WAL mode, its schema
 * versioned in PRAGMA user_version and migrated step by step on open.
 *
 * Durability: journal_mode=WAL with synchronous=FULL. WAL alone survives a
 * crash of the process at any point; FULL also syncs the log at every commit,
 * so a save the server has acknowledged survives a crash of the machine or a
 * power cut too (NORMAL may lose the latest commits then). The price is one
 * fsync per save, which the check that precedes a save dwarfs anyway. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "store_sql.h"

/* Read-only connections at most; more readers at once than this read on
 * the writer's connection. */
#define S_MAX_READERS 32

/* Commit rounds between checkpoints (each round one or more saves); the
 * checkpointer also runs once a second when anything was committed. */
#define S_CHECKPOINT_EVERY 64

typedef struct sqlite_store {
    aw_store base;
    sqlite3 *db;            /* the writer's connection */
    pthread_mutex_t lock;   /* held for every use of db */
    char *path;
    pthread_mutex_t readers_lock;
    sqlite3 *idle[S_MAX_READERS];   /* read-only connections not in use */
    /* The statements of S_get(), prepared once per connection: reading a
     * diagram is the request the canvas makes most. The writer's is first. */
    struct {
        sqlite3 *db;
        sqlite3_stmt *get[2];       /* by number; latest */
    } stmts[S_MAX_READERS + 1];
    size_t stmts_count;
    pthread_mutex_t queue_lock;     /* guards queue and the flags below */
    pthread_cond_t queue_done;      /* a commit round ended */
    pthread_cond_t queue_grew;      /* a save joined the queue (or the store closes) */
    struct pending_save *queue;     /* saves waiting for the next commit */
    pthread_t writer;               /* commits the queue, round after round */
    bool writing;
    pthread_t checkpointer;         /* folds the log back into the database */
    bool checkpointing, stopping;   /* guarded by queue_lock */
    unsigned commits_since;         /* commit rounds since the last checkpoint */
    pthread_cond_t log_grew;
    size_t idle_count;
    size_t reader_count;            /* opened, idle or in use */
} sqlite_store;

/* Each step takes the schema from version (index) to version (index + 1). */
static const char *const S_migrations[] = {
    "CREATE TABLE diagrams ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  created_ms INTEGER NOT NULL,"
    "  latest INTEGER NOT NULL);"
    "CREATE TABLE revisions ("
    "  diagram_id INTEGER NOT NULL REFERENCES diagrams(id) ON DELETE CASCADE,"
    "  number INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  format TEXT NOT NULL,"
    "  body BLOB NOT NULL,"
    "  PRIMARY KEY (diagram_id, number)) WITHOUT ROWID;",
    /* 2: what checking found is kept with each revision, and why it was made. */
    "ALTER TABLE revisions ADD COLUMN findings TEXT;"
    "ALTER TABLE revisions ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE revisions ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE revisions ADD COLUMN note TEXT NOT NULL DEFAULT '';",
    /* 3: each revision's simulation runs, its run history. */
    "CREATE TABLE runs ("
    "  diagram_id INTEGER NOT NULL,"
    "  revision INTEGER NOT NULL,"
    "  number INTEGER NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  state TEXT NOT NULL,"
    "  options TEXT NOT NULL,"
    "  result TEXT,"
    "  PRIMARY KEY (diagram_id, revision, number),"
    "  FOREIGN KEY (diagram_id, revision) REFERENCES revisions(diagram_id, number) ON DELETE CASCADE"
    ") WITHOUT ROWID;",
    /* 4: a run is kept from the moment it is queued, with its headline
     * figures beside the result so that a history lists without results. */
    "ALTER TABLE runs ADD COLUMN summary TEXT;",
};

const int aw_store_sqlite_version = (int)(sizeof S_migrations / sizeof S_migrations[0]);

static aw_store_status S_fail(sqlite_store *s, sqlite3 *db, const char *what)
{
    snprintf(s->base.error, sizeof s->base.error, "%s: %s", what, sqlite3_errmsg(db));
    return AW_STORE_FAILED;
}

static bool S_exec(sqlite_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return true;
    snprintf(s->base.error, sizeof s->base.error, "%s", msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    return false;
}

static sqlite3_stmt *S_prepare(sqlite_store *s, sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        S_fail(s, db, "prepare");
        return NULL;
    }
    return st;
}

static char *S_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    if (!t)
        return NULL;
    size_t n = (size_t)sqlite3_column_bytes(st, col);
    char *out = malloc(n + 1);
    if (!out)
        abort();
    memcpy(out, t, n);
    out[n] = '\0';
    return out;
}

/* An integer from a one-row query with one integer parameter (or none when
 * arg < 0); dflt when there is no row. */
static int64_t S_query_int(sqlite_store *s, sqlite3 *db, const char *sql, int64_t arg, int64_t dflt)
{
    sqlite3_stmt *st = S_prepare(s, db, sql);
    if (!st)
        return dflt;
    if (arg >= 0)
        sqlite3_bind_int64(st, 1, arg);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : dflt;
    sqlite3_finalize(st);
    return v;
}

static bool S_migrate(sqlite_store *s, int up_to)
{
    int version = (int)S_query_int(s, s->db, "PRAGMA user_version", -1, 0);
    if (version > aw_store_sqlite_version) {
        snprintf(s->base.error, sizeof s->base.error,
                 "the database has schema version %d, newer than this program's %d", version,
                 aw_store_sqlite_version);
        return false;
    }
    s->base.created = version == 0;
    for (; version < up_to; version++) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version + 1);
        if (!S_exec(s, "BEGIN IMMEDIATE"))
            return false;
        if (!S_exec(s, S_migrations[version]) || !S_exec(s, sql)) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return false;
        }
        if (!S_exec(s, "COMMIT"))
            return false;
    }
    return true;
}

/* ---- reads ------------------------------------------------------------------ */

/* items with room for one more of `size` bytes after count, doubling. */
static void *S_grow(void *items, size_t count, size_t *cap, size_t size)
{
    if (count < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 16;
    items = realloc(items, *cap * size);
    if (!items)
        abort();
    return items;
}


static void S_read_meta(sqlite3_stmt *st, aw_diagram_meta *m)
{
    m->id = sqlite3_column_int64(st, 0);
    m->name = S_text(st, 1);
    m->revision = sqlite3_column_int64(st, 2);
    m->created_ms = sqlite3_column_int64(st, 3);
    m->updated_ms = sqlite3_column_int64(st, 4);
    m->errors = sqlite3_column_int(st, 5);
    m->warnings = sqlite3_column_int(st, 6);
}

static aw_store_status S_meta(sqlite_store *s, sqlite3 *db, int64_t id, aw_diagram_meta *out)
{
    sqlite3_stmt *st = S_prepare(s, db, AW_SQL_META_SELECT "WHERE d.id = ?");
    if (!st)
        return AW_STORE_FAILED;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && out)
        S_read_meta(st, out);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? AW_STORE_OK : rc == SQLITE_DONE ? AW_STORE_NOT_FOUND : S_fail(s, db, "read");
}

/* A read-only connection from the pool (opened when the pool is empty): in
 * WAL mode readers wait neither for the writer nor for each other. When no
 * more may be opened, the writer's connection serves, under its lock.
 * The pool's lock is held only to take or give back a connection. */
static sqlite3 *S_read_begin(sqlite_store *s)
{
    sqlite3 *db = NULL;
    pthread_mutex_lock(&s->readers_lock);
    if (s->idle_count > 0) {
        db = s->idle[--s->idle_count];
    } else if (s->reader_count < S_MAX_READERS) {
        if (sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
            sqlite3_busy_timeout(db, 5000);
            /* 1 MiB of page cache each, so that the pool's memory is bounded
             * (32 MiB at most) rather than SQLite's 2 MiB a connection. */
            sqlite3_exec(db, "PRAGMA cache_size = -1024", NULL, NULL, NULL);
            s->reader_count++;
            s->stmts[s->stmts_count++].db = db;
        } else {
            sqlite3_close(db);
            db = NULL;
        }
    }
    pthread_mutex_unlock(&s->readers_lock);
    if (db)
        return db;
    pthread_mutex_lock(&s->lock);
    return s->db;
}

static void S_read_end(sqlite_store *s, sqlite3 *db)
{
    if (db == s->db) {
        pthread_mutex_unlock(&s->lock);
        return;
    }
    pthread_mutex_lock(&s->readers_lock);
    s->idle[s->idle_count++] = db;
    pthread_mutex_unlock(&s->readers_lock);
}

static aw_store_status S_list(aw_store *base, aw_diagram_list *out)
{
    sqlite_store *s = (sqlite_store *)base;
    memset(out, 0, sizeof *out);
    sqlite3 *db = S_read_begin(s);
    aw_store_status status = AW_STORE_OK;
    sqlite3_stmt *st = S_prepare(s, db, AW_SQL_META_SELECT "ORDER BY d.id");
    size_t cap = 0;
    int rc = SQLITE_DONE;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->items = S_grow(out->items, out->count, &cap, sizeof *out->items);
        S_read_meta(st, &out->items[out->count++]);
    }
    if (!st || rc != SQLITE_DONE)
        status = S_fail(s, db, "list");
    sqlite3_finalize(st);
    S_read_end(s, db);
    return status;
}

static void S_read_revision(sqlite3_stmt *st, aw_revision *r, bool with_body)
{
    r->diagram_id = sqlite3_column_int64(st, 0);
    r->number = sqlite3_column_int64(st, 1);
    r->created_ms = sqlite3_column_int64(st, 2);
    r->name = S_text(st, 3);
    r->format = S_text(st, 4);
    r->errors = sqlite3_column_int(st, 5);
    r->warnings = sqlite3_column_int(st, 6);
    r->note = S_text(st, 7);
    if (!with_body)
        return;
    r->body = S_text(st, 8);
    r->body_len = (size_t)sqlite3_column_bytes(st, 8);
    r->findings = S_text(st, 9);
}


static const char *const S_get_sql[2] = {
    AW_SQL_REVISION_SELECT "WHERE diagram_id = ? AND number = ?",
    AW_SQL_REVISION_SELECT "WHERE diagram_id = ? AND number = (SELECT latest FROM diagrams WHERE id = ?)",
};

/* db's prepared statement for S_get(); db is held by the caller alone. */
static sqlite3_stmt *S_get_stmt(sqlite_store *s, sqlite3 *db, int latest)
{
    pthread_mutex_lock(&s->readers_lock);
    size_t i = 0;
    while (i < s->stmts_count && s->stmts[i].db != db)
        i++;
    pthread_mutex_unlock(&s->readers_lock);
    if (i == s->stmts_count)
        return NULL;
    sqlite3_stmt **st = &s->stmts[i].get[latest];
    if (!*st && sqlite3_prepare_v3(db, S_get_sql[latest], -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        S_fail(s, db, "prepare");
    return *st;
}

static aw_store_status S_get(aw_store *base, int64_t id, int64_t number, aw_revision *out)
{
    sqlite_store *s = (sqlite_store *)base;
    memset(out, 0, sizeof *out);
    sqlite3 *db = S_read_begin(s);
    sqlite3_stmt *st = S_get_stmt(s, db, number <= 0);
    aw_store_status status = AW_STORE_FAILED;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, number > 0 ? number : id);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            S_read_revision(st, out, true);
        status = rc == SQLITE_ROW ? AW_STORE_OK : rc == SQLITE_DONE ? AW_STORE_NOT_FOUND : S_fail(s, db, "get");
        sqlite3_reset(st);
    }
    S_read_end(s, db);
    return status;
}

static aw_store_status S_revisions(aw_store *base, int64_t id, aw_revision_list *out)
{
    sqlite_store *s = (sqlite_store *)base;
    memset(out, 0, sizeof *out);
    sqlite3 *db = S_read_begin(s);
    aw_store_status status = S_meta(s, db, id, NULL);
    sqlite3_stmt *st = status == AW_STORE_OK ? S_prepare(s, db, AW_SQL_REVISION_SELECT "WHERE diagram_id = ? ORDER BY number")
                                             : NULL;
    size_t cap = 0;
    int rc = SQLITE_DONE;
    if (st)
        sqlite3_bind_int64(st, 1, id);
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->items = S_grow(out->items, out->count, &cap, sizeof *out->items);
        memset(&out->items[out->count], 0, sizeof out->items[0]);
        S_read_revision(st, &out->items[out->count++], false);
    }
    if (status == AW_STORE_OK && (!st || rc != SQLITE_DONE))
        status = S_fail(s, db, "revisions");
    sqlite3_finalize(st);
    S_read_end(s, db);
    return status;
}

/* ---- writes ----------------------------------------------------------------- */

static bool S_insert_revision(sqlite_store *s, int64_t id, int64_t number, int64_t now, const aw_revision_input *in)
{
    sqlite3_stmt *st = S_prepare(s, s->db, "INSERT INTO revisions (diagram_id, number, created_ms, name, format, body, "
                                    "findings, errors, warnings, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, number);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_text(st, 4, in->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, in->format, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 6, in->body, (int)in->body_len, SQLITE_STATIC);
    if (in->findings)
        sqlite3_bind_text(st, 7, in->findings, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, in->errors);
    sqlite3_bind_int(st, 9, in->warnings);
    sqlite3_bind_text(st, 10, in->note ? in->note : "", -1, SQLITE_STATIC);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        S_fail(s, s->db, "insert revision");
    sqlite3_finalize(st);
    return ok;
}

/* Runs sql with two integer parameters; true when it changed a row. */
static bool S_update(sqlite_store *s, const char *sql, int64_t a, int64_t b)
{
    sqlite3_stmt *st = S_prepare(s, s->db, sql);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    bool ok = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(s->db) == 1;
    sqlite3_finalize(st);
    return ok;
}

/* Ends the write transaction: commits on OK, else rolls back. */
static aw_store_status S_finish(sqlite_store *s, aw_store_status status)
{
    if (status == AW_STORE_OK && !S_exec(s, "COMMIT"))
        status = AW_STORE_FAILED;
    if (status != AW_STORE_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}

static aw_store_status S_create(aw_store *base, const aw_revision_input *in, aw_diagram_meta *out)
{
    sqlite_store *s = (sqlite_store *)base;
    pthread_mutex_lock(&s->lock);
    aw_store_status status = S_exec(s, "BEGIN IMMEDIATE") ? AW_STORE_OK : AW_STORE_FAILED;
    /* AUTOINCREMENT: a deleted diagram's id is never given again, so that
     * an ETag or a link to it cannot come to mean another diagram. */
    int64_t now = aw_store_now_ms();
    if (status == AW_STORE_OK && !S_update(s, "INSERT INTO diagrams (created_ms, latest) VALUES (?, ?)", now, 1))
        status = S_fail(s, s->db, "create");
    int64_t id = sqlite3_last_insert_rowid(s->db);
    if (status == AW_STORE_OK && !S_insert_revision(s, id, 1, now, in))
        status = AW_STORE_FAILED;
    status = S_finish(s, status);
    if (status == AW_STORE_OK && out)
        status = S_meta(s, s->db, id, out);
    pthread_mutex_unlock(&s->lock);
    return status;
}

/* Opens a write transaction on diagram id and checks that its latest
 * revision is expected; S_finish() ends the transaction whatever this says. */
static aw_store_status S_begin_write(sqlite_store *s, int64_t id, int64_t expected, int64_t *latest)
{
    if (!S_exec(s, "BEGIN IMMEDIATE"))
        return AW_STORE_FAILED;
    *latest = S_query_int(s, s->db, "SELECT latest FROM diagrams WHERE id = ?", id, -1);
    if (*latest < 0)
        return AW_STORE_NOT_FOUND;
    return expected != AW_STORE_ANY && *latest != expected ? AW_STORE_STALE : AW_STORE_OK;
}

/* ---- group commit ----------------------------------------------------------
 * A durable commit costs an fsync, far more than checking a diagram. Saves
 * wait in a queue; one writer thread commits all that are waiting in one
 * transaction and one fsync, each in a savepoint of its own so that one
 * stale or failing save leaves the others whole, while the next ones
 * queue. No save is acknowledged before the commit that holds it is done. */

typedef struct pending_save {
    struct pending_save *next;
    int64_t id, expected;
    const aw_revision_input *in;
    aw_diagram_meta *out;
    aw_store_status status;
    int64_t number, saved_ms;       /* the revision it made, and when */
    bool done;
    aw_store_saved_fn told;         /* begun without waiting: told, then freed; else NULL */
    void *told_ctx;
} pending_save;

/* Runs one save inside the open transaction, in its own savepoint. */
static void S_save_one(sqlite_store *s, pending_save *p)
{
    int64_t latest = S_query_int(s, s->db, "SELECT latest FROM diagrams WHERE id = ?", p->id, -1);
    p->status = latest < 0 ? AW_STORE_NOT_FOUND
                : p->expected != AW_STORE_ANY && latest != p->expected ? AW_STORE_STALE
                                                                       : AW_STORE_OK;
    if (p->status != AW_STORE_OK)
        return;
    if (!S_exec(s, "SAVEPOINT save")) {
        p->status = AW_STORE_FAILED;
        return;
    }
    p->number = latest + 1, p->saved_ms = aw_store_now_ms();
    if (!S_insert_revision(s, p->id, p->number, p->saved_ms, p->in)
        || !S_update(s, "UPDATE diagrams SET latest = ? WHERE id = ?", latest + 1, p->id)) {
        p->status = AW_STORE_FAILED;
        S_exec(s, "ROLLBACK TO save");
    }
    S_exec(s, "RELEASE save");
}

/* The diagram as the save left it: a later save of the same diagram in
 * the same commit must not lend it its revision (nor its ETag). */
static void S_meta_of_save(sqlite_store *s, pending_save *p)
{
    p->status = S_meta(s, s->db, p->id, p->out);
    if (p->status != AW_STORE_OK)
        return;
    free(p->out->name);
    p->out->name = strdup(p->in->name);
    p->out->revision = p->number, p->out->updated_ms = p->saved_ms;
    p->out->errors = p->in->errors, p->out->warnings = p->in->warnings;
}

/* Commits every queued save: one transaction, then the answers. Called
 * by the writer with queue_lock held. */
static void S_commit_round(sqlite_store *s)
{
    pending_save *batch = s->queue;
    s->queue = NULL;
    pthread_mutex_unlock(&s->queue_lock);
    pthread_mutex_lock(&s->lock);
    bool open = S_exec(s, "BEGIN IMMEDIATE");
    for (pending_save *p = batch; p; p = p->next) {
        if (open)
            S_save_one(s, p);
        else
            p->status = AW_STORE_FAILED;
    }
    if (open && !S_exec(s, "COMMIT")) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        for (pending_save *p = batch; p; p = p->next)
            p->status = AW_STORE_FAILED;
    }
    for (pending_save *p = batch; p; p = p->next)
        if (p->status == AW_STORE_OK && p->out)
            S_meta_of_save(s, p);
    pthread_mutex_unlock(&s->lock);
    /* Those that did not wait are told now; the others wake below. */
    for (pending_save **at = &batch; *at;) {
        pending_save *p = *at;
        if (!p->told) {
            at = &p->next;
            continue;
        }
        *at = p->next;
        p->told(p->told_ctx, p->status);
        free(p);
    }
    pthread_mutex_lock(&s->queue_lock);
    for (pending_save *p = batch; p; p = p->next)
        p->done = true;
    if (++s->commits_since >= S_CHECKPOINT_EVERY)
        pthread_cond_signal(&s->log_grew);
    pthread_cond_broadcast(&s->queue_done);
}

/* Checkpoints on a thread of their own, with a connection of their own: a
 * checkpoint copies the log into the database and syncs it, which would
 * stall the commit that ran it (SQLite's automatic checkpoint, turned off
 * on the writer's connection). PASSIVE never waits for readers or writers;
 * what it cannot copy now is copied next time. */
static void *S_checkpoint_loop(void *arg)
{
    sqlite_store *s = arg;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    pthread_mutex_lock(&s->queue_lock);
    while (!s->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        if (s->commits_since < S_CHECKPOINT_EVERY)
            pthread_cond_timedwait(&s->log_grew, &s->queue_lock, &until);
        if (s->stopping || s->commits_since == 0)
            continue;
        s->commits_since = 0;
        pthread_mutex_unlock(&s->queue_lock);
        sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&s->queue_lock);
    }
    pthread_mutex_unlock(&s->queue_lock);
    sqlite3_close(db);
    return NULL;
}

/* The writer: a commit round whenever saves wait, until the store closes
 * (the queue is emptied first). */
static void *S_writer_loop(void *arg)
{
    sqlite_store *s = arg;
    pthread_mutex_lock(&s->queue_lock);
    while (s->queue || !s->stopping) {
        if (s->queue)
            S_commit_round(s);
        else
            pthread_cond_wait(&s->queue_grew, &s->queue_lock);
    }
    pthread_mutex_unlock(&s->queue_lock);
    return NULL;
}

/* Queues p, in arrival order so that saves on one diagram apply in turn.
 * queue_lock held. */
static void S_enqueue(sqlite_store *s, pending_save *p)
{
    pending_save **tail = &s->queue;
    while (*tail)
        tail = &(*tail)->next;
    *tail = p;
    pthread_cond_signal(&s->queue_grew);
}

static aw_store_status S_save(aw_store *base, int64_t id, int64_t expected, const aw_revision_input *in,
                              aw_diagram_meta *out)
{
    sqlite_store *s = (sqlite_store *)base;
    pending_save me = {.id = id, .expected = expected, .in = in, .out = out};
    pthread_mutex_lock(&s->queue_lock);
    S_enqueue(s, &me);
    while (!me.done)
        pthread_cond_wait(&s->queue_done, &s->queue_lock);
    pthread_mutex_unlock(&s->queue_lock);
    return me.status;
}

static void S_save_begin(aw_store *base, int64_t id, int64_t expected, const aw_revision_input *in,
                         aw_diagram_meta *out, aw_store_saved_fn done, void *ctx)
{
    sqlite_store *s = (sqlite_store *)base;
    pending_save *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    *p = (pending_save){.id = id, .expected = expected, .in = in, .out = out, .told = done, .told_ctx = ctx};
    pthread_mutex_lock(&s->queue_lock);
    S_enqueue(s, p);
    pthread_mutex_unlock(&s->queue_lock);
}

static aw_store_status S_remove(aw_store *base, int64_t id, int64_t expected)
{
    sqlite_store *s = (sqlite_store *)base;
    int64_t latest;
    pthread_mutex_lock(&s->lock);
    aw_store_status status = S_begin_write(s, id, expected, &latest);
    if (status == AW_STORE_OK && !S_update(s, "DELETE FROM diagrams WHERE id = ? AND latest = ?", id, latest))
        status = S_fail(s, s->db, "delete");
    status = S_finish(s, status);
    pthread_mutex_unlock(&s->lock);
    return status;
}

/* ---- simulation runs ---------------------------------------------------------- */

/* Binds text, or NULL for a NULL string. */
static void S_bind_text(sqlite3_stmt *st, int at, const char *text)
{
    if (text)
        sqlite3_bind_text(st, at, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, at);
}

/* Whether revision number of diagram id exists (the diagram, for number
 * 0); -1 when the query failed. */
static int S_revision_exists(sqlite_store *s, sqlite3 *db, int64_t id, int64_t number)
{
    sqlite3_stmt *st = S_prepare(s, db, AW_SQL_RUN_OWNER_EXISTS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, number);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static aw_store_status S_run_add(aw_store *base, int64_t id, int64_t revision, const aw_run_input *in, int64_t *number)
{
    sqlite_store *s = (sqlite_store *)base;
    pthread_mutex_lock(&s->lock);
    aw_store_status status = S_exec(s, "BEGIN IMMEDIATE") ? AW_STORE_OK : AW_STORE_FAILED;
    int exists = status == AW_STORE_OK ? S_revision_exists(s, s->db, id, revision) : -1;
    if (status == AW_STORE_OK)
        status = exists < 0 ? S_fail(s, s->db, "run") : exists ? AW_STORE_OK : AW_STORE_NOT_FOUND;
    sqlite3_stmt *st = status == AW_STORE_OK
                           ? S_prepare(s, s->db,
                                       "INSERT INTO runs (diagram_id, revision, number, created_ms, state, options, "
                                       "result, summary) SELECT ?1, ?2, coalesce(max(number), 0) + 1, ?3, ?4, ?5, ?6, ?7 "
                                       "FROM runs WHERE diagram_id = ?1 AND revision = ?2 RETURNING number")
                           : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, revision);
        sqlite3_bind_int64(st, 3, aw_store_now_ms());
        sqlite3_bind_text(st, 4, in->state, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, in->options, -1, SQLITE_STATIC);
        S_bind_text(st, 6, in->result);
        S_bind_text(st, 7, in->summary);
        if (sqlite3_step(st) == SQLITE_ROW)
            *number = sqlite3_column_int64(st, 0);
        else
            status = S_fail(s, s->db, "insert run");
        sqlite3_finalize(st);
    } else if (status == AW_STORE_OK) {
        status = AW_STORE_FAILED;
    }
    status = S_finish(s, status);
    pthread_mutex_unlock(&s->lock);
    return status;
}

static void S_read_run(sqlite3_stmt *st, aw_run *r, bool with_result)
{
    r->diagram_id = sqlite3_column_int64(st, 0);
    r->revision = sqlite3_column_int64(st, 1);
    r->number = sqlite3_column_int64(st, 2);
    r->created_ms = sqlite3_column_int64(st, 3);
    r->state = S_text(st, 4);
    r->options = S_text(st, 5);
    r->summary = S_text(st, 6);
    r->result = with_result ? S_text(st, 7) : NULL;
}

static aw_store_status S_runs(aw_store *base, int64_t id, int64_t revision, aw_run_list *out)
{
    sqlite_store *s = (sqlite_store *)base;
    memset(out, 0, sizeof *out);
    sqlite3 *db = S_read_begin(s);
    int exists = S_revision_exists(s, db, id, revision);
    aw_store_status status = exists < 0 ? S_fail(s, db, "runs") : exists ? AW_STORE_OK : AW_STORE_NOT_FOUND;
    sqlite3_stmt *st = status == AW_STORE_OK
                           ? S_prepare(s, db, AW_SQL_RUN_LIST AW_SQL_RUN_WHERE)
                           : NULL;
    size_t cap = 0;
    int rc = SQLITE_DONE;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, revision);
    }
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->items = S_grow(out->items, out->count, &cap, sizeof *out->items);
        S_read_run(st, &out->items[out->count++], false);
    }
    if (status == AW_STORE_OK && (!st || rc != SQLITE_DONE))
        status = S_fail(s, db, "runs");
    sqlite3_finalize(st);
    S_read_end(s, db);
    return status;
}

static aw_store_status S_run_get(aw_store *base, int64_t id, int64_t revision, int64_t number, aw_run *out)
{
    sqlite_store *s = (sqlite_store *)base;
    memset(out, 0, sizeof *out);
    sqlite3 *db = S_read_begin(s);
    sqlite3_stmt *st = S_prepare(s, db, AW_SQL_RUN_SELECT "WHERE diagram_id = ? AND revision = ? AND number = ?");
    aw_store_status status = AW_STORE_FAILED;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, revision);
        sqlite3_bind_int64(st, 3, number);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            S_read_run(st, out, true);
        status = rc == SQLITE_ROW ? AW_STORE_OK : rc == SQLITE_DONE ? AW_STORE_NOT_FOUND : S_fail(s, db, "run");
        sqlite3_finalize(st);
    }
    S_read_end(s, db);
    return status;
}

/* Runs a write of the run columns: sql binds state, summary, result as
 * ?1..?3 and, when key is given, diagram, revision, number as ?4..?6.
 * NOT_FOUND when it changed no row and a key was given. */
static aw_store_status S_run_write(sqlite_store *s, const char *sql, const aw_run_input *in, const int64_t *key)
{
    pthread_mutex_lock(&s->lock);
    sqlite3_stmt *st = S_prepare(s, s->db, sql);
    aw_store_status status = AW_STORE_FAILED;
    if (st) {
        S_bind_text(st, 1, in->state);
        S_bind_text(st, 2, in->summary);
        S_bind_text(st, 3, in->result);
        for (int i = 0; key && i < 3; i++)
            sqlite3_bind_int64(st, 4 + i, key[i]);
        status = sqlite3_step(st) != SQLITE_DONE     ? S_fail(s, s->db, "update run")
                 : key && !sqlite3_changes(s->db) ? AW_STORE_NOT_FOUND
                                                   : AW_STORE_OK;
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&s->lock);
    return status;
}

static aw_store_status S_run_update(aw_store *base, int64_t id, int64_t revision, int64_t number, const aw_run_input *in)
{
    const int64_t key[3] = {id, revision, number};
    return S_run_write((sqlite_store *)base,
                       "UPDATE runs SET state = ?1, summary = ?2, result = ?3 "
                       "WHERE diagram_id = ?4 AND revision = ?5 AND number = ?6",
                       in, key);
}

static aw_store_status S_runs_abandon(aw_store *base, const aw_run_input *in)
{
    return S_run_write((sqlite_store *)base,
                       "UPDATE runs SET state = ?1, summary = ?2, result = ?3 WHERE state IN ('queued', 'running')", in,
                       NULL);
}

/* ---- the database as a whole ------------------------------------------------ */

static aw_store_status S_backup(aw_store *base, const char *path)
{
    sqlite_store *s = (sqlite_store *)base;
    sqlite3 *dst = NULL;
    if (sqlite3_open(path, &dst) != SQLITE_OK) {
        snprintf(s->base.error, sizeof s->base.error, "%s: %s", path, dst ? sqlite3_errmsg(dst) : "cannot open");
        sqlite3_close(dst);
        return AW_STORE_FAILED;
    }
    /* Small steps with the lock released in between, so that saves go on
     * while a large database is copied; the backup restarts if one lands. */
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
    int rc = b ? SQLITE_OK : sqlite3_errcode(dst);
    while (b && (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)) {
        pthread_mutex_lock(&s->lock);
        rc = sqlite3_backup_step(b, 64);
        pthread_mutex_unlock(&s->lock);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(10);
    }
    if (b)
        sqlite3_backup_finish(b);
    aw_store_status status = rc == SQLITE_DONE ? AW_STORE_OK : AW_STORE_FAILED;
    if (status != AW_STORE_OK)
        snprintf(s->base.error, sizeof s->base.error, "backup to %s: %s", path, sqlite3_errmsg(dst));
    sqlite3_close(dst);
    return status;
}

static int64_t S_size_bytes(aw_store *base)
{
    sqlite_store *s = (sqlite_store *)base;
    pthread_mutex_lock(&s->lock);
    int64_t pages = S_query_int(s, s->db, "PRAGMA page_count", -1, -1);
    int64_t size = S_query_int(s, s->db, "PRAGMA page_size", -1, -1);
    pthread_mutex_unlock(&s->lock);
    return pages < 0 || size < 0 ? -1 : pages * size;
}

static void S_close(aw_store *base)
{
    sqlite_store *s = (sqlite_store *)base;
    pthread_mutex_lock(&s->queue_lock);
    s->stopping = true;
    pthread_cond_signal(&s->log_grew);
    pthread_cond_signal(&s->queue_grew);
    pthread_mutex_unlock(&s->queue_lock);
    if (s->checkpointing)
        pthread_join(s->checkpointer, NULL);
    if (s->writing)
        pthread_join(s->writer, NULL);
    for (size_t i = 0; i < s->stmts_count; i++) {
        sqlite3_finalize(s->stmts[i].get[0]);
        sqlite3_finalize(s->stmts[i].get[1]);
    }
    for (size_t i = 0; i < s->idle_count; i++)
        sqlite3_close(s->idle[i]);
    sqlite3_close(s->db);
    pthread_mutex_destroy(&s->readers_lock);
    pthread_mutex_destroy(&s->queue_lock);
    pthread_cond_destroy(&s->queue_done);
    pthread_cond_destroy(&s->queue_grew);
    pthread_cond_destroy(&s->log_grew);
    pthread_mutex_destroy(&s->lock);
    free(s->path);
    free(s);
}

static const aw_store_ops S_ops = {
    .list = S_list,
    .create = S_create,
    .save = S_save,
    .save_begin = S_save_begin,
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
    .close = S_close,
};

aw_store *aw_store_sqlite_open(const char *path, int up_to_version, char *err, size_t err_size)
{
    sqlite_store *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->base.ops = &S_ops;
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->readers_lock, NULL);
    pthread_mutex_init(&s->queue_lock, NULL);
    pthread_cond_init(&s->queue_done, NULL);
    pthread_cond_init(&s->queue_grew, NULL);
    pthread_cond_init(&s->log_grew, NULL);
    s->path = strdup(path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    bool ok = sqlite3_open_v2(path, &s->db, flags, NULL) == SQLITE_OK;
    if (!ok)
        S_fail(s, s->db, path);
    ok = ok && sqlite3_busy_timeout(s->db, 5000) == SQLITE_OK;
    s->stmts[s->stmts_count++].db = s->db;
    ok = ok && S_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
    if (ok && S_query_int(s, s->db, "SELECT journal_mode = 'wal' FROM pragma_journal_mode", -1, 0) != 1) {
        snprintf(s->base.error, sizeof s->base.error, "%s: cannot use write-ahead logging here", path);
        ok = false;
    }
    ok = ok && S_migrate(s, up_to_version);
    if (ok && !(s->writing = pthread_create(&s->writer, NULL, S_writer_loop, s) == 0))
        ok = false, snprintf(s->base.error, sizeof s->base.error, "%s: cannot start the writer thread", path);
    if (!ok) {
        snprintf(err, err_size, "%s", s->base.error);
        S_close(&s->base);
        return NULL;
    }
    if (S_exec(s, "PRAGMA wal_autocheckpoint = 0"))
        s->checkpointing = pthread_create(&s->checkpointer, NULL, S_checkpoint_loop, s) == 0;
    if (!s->checkpointing)
        S_exec(s, "PRAGMA wal_autocheckpoint = 1000");
    return &s->base;
}
