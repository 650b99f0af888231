/* The canvas server's storage: diagrams and every revision of them behind one
 * narrow interface, so that each backend (SQLite, PostgreSQL) passes the same
 * store test suite and the server never speaks SQL itself. */
#ifndef AW_STORE_H
#define AW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum aw_store_status {
    AW_STORE_OK,
    AW_STORE_NOT_FOUND,     /* no such diagram, or no such revision of it */
    AW_STORE_STALE,         /* the revision the writer expected is no longer the latest */
    AW_STORE_FAILED,        /* the database failed; aw_store_error() says how */
} aw_store_status;

/* A diagram as listed: its latest revision and what checking it found. */
typedef struct aw_diagram_meta {
    int64_t id;
    char *name;             /* malloc'd */
    int64_t revision;       /* the latest, from 1 */
    int64_t created_ms;     /* milliseconds since the epoch (UTC) */
    int64_t updated_ms;
    int errors, warnings;   /* of the latest revision */
} aw_diagram_meta;

typedef struct aw_diagram_list {
    aw_diagram_meta *items; /* malloc'd, by id */
    size_t count;
} aw_diagram_list;

/* One revision. Every string is malloc'd and owned by the struct: release
 * with aw_revision_free(). In a revision list, body and findings are NULL. */
typedef struct aw_revision {
    int64_t diagram_id;
    int64_t number;
    int64_t created_ms;
    char *name;             /* the diagram's name at this revision */
    char *format;           /* "json" or "xml" */
    char *body;             /* the diagram text as saved, NUL-terminated */
    size_t body_len;
    char *findings;         /* what checking it found (JSON), or NULL */
    int errors, warnings;
    char *note;             /* why it was made: "", "imported", "restored revision 3" */
} aw_revision;

typedef struct aw_revision_list {
    aw_revision *items;     /* malloc'd, oldest first */
    size_t count;
} aw_revision_list;

/* What a save writes; everything is borrowed for the call. */
typedef struct aw_revision_input {
    const char *name;
    const char *format;
    const char *body;
    size_t body_len;
    const char *findings;   /* may be NULL */
    int errors, warnings;
    const char *note;       /* may be NULL */
} aw_revision_input;

/* One simulation run of a revision, as kept in its run history: added
 * when it is queued, updated when it ends. Strings are malloc'd and owned
 * by the struct: release with aw_run_free(). In a run list, result is
 * NULL. */
typedef struct aw_run {
    int64_t diagram_id, revision;
    int64_t number;         /* from 1 within its revision */
    int64_t created_ms;
    char *state;            /* "queued", "running", "done", "failed" or "cancelled" */
    char *options;          /* the options it ran with (JSON) */
    char *summary;          /* its headline figures (JSON), or NULL */
    char *result;           /* what became of it (JSON), or NULL */
} aw_run;

typedef struct aw_run_list {
    aw_run *items;          /* malloc'd, oldest first */
    size_t count;
} aw_run_list;

/* What a run writes; borrowed for the call. */
typedef struct aw_run_input {
    const char *state;
    const char *options;    /* ignored by aw_store_run_update() */
    const char *summary;    /* may be NULL */
    const char *result;     /* may be NULL */
} aw_run_input;

typedef struct aw_store aw_store;

/* Told of every change to diagram id, made by any process sharing the
 * database: revision is the new latest, or 0 when the diagram was deleted.
 * Called on a thread of the store's. */
typedef void (*aw_store_change_fn)(void *ctx, int64_t id, int64_t revision);

/* Told that a save begun with aw_store_save_begin() is durable (OK) or
 * failed; called once, on a thread of the store's or the caller's. */
typedef void (*aw_store_saved_fn)(void *ctx, aw_store_status st);

/* What each backend provides. Every operation is safe to call from many
 * threads at once; a save is atomic and durable once it returns OK. */
typedef struct aw_store_ops {
    aw_store_status (*list)(aw_store *s, aw_diagram_list *out);
    aw_store_status (*create)(aw_store *s, const aw_revision_input *in, aw_diagram_meta *out);
    aw_store_status (*save)(aw_store *s, int64_t id, int64_t expected, const aw_revision_input *in,
                            aw_diagram_meta *out);
    void (*save_begin)(aw_store *s, int64_t id, int64_t expected, const aw_revision_input *in,
                       aw_diagram_meta *out, aw_store_saved_fn done, void *ctx);   /* NULL: none */
    aw_store_status (*get)(aw_store *s, int64_t id, int64_t number, aw_revision *out);
    aw_store_status (*revisions)(aw_store *s, int64_t id, aw_revision_list *out);
    aw_store_status (*remove)(aw_store *s, int64_t id, int64_t expected);
    aw_store_status (*backup)(aw_store *s, const char *path);
    int64_t (*size_bytes)(aw_store *s);
    aw_store_status (*run_add)(aw_store *s, int64_t id, int64_t revision, const aw_run_input *in, int64_t *number);
    aw_store_status (*runs)(aw_store *s, int64_t id, int64_t revision, aw_run_list *out);
    aw_store_status (*run_get)(aw_store *s, int64_t id, int64_t revision, int64_t number, aw_run *out);
    aw_store_status (*run_update)(aw_store *s, int64_t id, int64_t revision, int64_t number, const aw_run_input *in);
    aw_store_status (*runs_abandon)(aw_store *s, const aw_run_input *in);
    bool (*watch)(aw_store *s, aw_store_change_fn fn, void *ctx);   /* NULL: cannot */
    void (*close)(aw_store *s);
} aw_store_ops;

/* The part every backend's handle begins with. */
struct aw_store {
    const aw_store_ops *ops;
    bool created;           /* the database was empty when opened: seed it */
    char error[256];        /* the latest failure, for logs (never sent to clients) */
};

/* Opens the database named by where: "postgres://..." or "postgresql://..."
 * for PostgreSQL, anything else is a SQLite file (created and migrated on
 * first open). NULL on failure, with the reason in err. */
aw_store *aw_store_open(const char *where, char *err, size_t err_size);

/* The latest schema version of each backend, and openers that stop
 * migrating at an earlier one (for the migration tests). */
extern const int aw_store_sqlite_version;
aw_store *aw_store_sqlite_open(const char *path, int up_to_version, char *err, size_t err_size);
extern const int aw_store_pg_version;
/* conninfo: a libpq connection string or URI. */
aw_store *aw_store_pg_open(const char *conninfo, int up_to_version, char *err, size_t err_size);

/* Lists every diagram, by id. Free with aw_diagram_list_free(). */
aw_store_status aw_store_list(aw_store *s, aw_diagram_list *out);
/* Creates a diagram with its first revision; out (may be NULL) receives it. */
aw_store_status aw_store_create(aw_store *s, const aw_revision_input *in, aw_diagram_meta *out);
/* Adds a revision to diagram id if its latest revision is expected (STALE
 * if not: someone else saved in between); expected AW_STORE_ANY adds it
 * on top of whatever is latest. */
#define AW_STORE_ANY 0
aw_store_status aw_store_save(aw_store *s, int64_t id, int64_t expected, const aw_revision_input *in,
                              aw_diagram_meta *out);
/* aw_store_save() that does not wait for the commit: done is called once
 * the save is durable or failed, and in and out must live until then. A
 * backend without a commit queue saves at once and calls done before
 * returning. A thread that serves requests need not wait for an fsync. */
void aw_store_save_begin(aw_store *s, int64_t id, int64_t expected, const aw_revision_input *in,
                         aw_diagram_meta *out, aw_store_saved_fn done, void *ctx);
/* Revision number of diagram id; number 0 is the latest. */
aw_store_status aw_store_get(aw_store *s, int64_t id, int64_t number, aw_revision *out);
/* Every revision of diagram id, oldest first, without bodies. */
aw_store_status aw_store_revisions(aw_store *s, int64_t id, aw_revision_list *out);
/* Deletes diagram id and its history if its latest revision is expected
 * (or expected is AW_STORE_ANY). */
aw_store_status aw_store_delete(aw_store *s, int64_t id, int64_t expected);
/* Adds a simulation run to revision `revision` of diagram id (NOT_FOUND
 * when there is no such revision); *number receives its number. Durable
 * once it returns OK; deleting the diagram deletes its runs. */
aw_store_status aw_store_run_add(aw_store *s, int64_t id, int64_t revision, const aw_run_input *in, int64_t *number);
/* Sets a run's state, summary and result (its options stay); NOT_FOUND
 * when there is no such run (its diagram was deleted meanwhile). */
aw_store_status aw_store_run_update(aw_store *s, int64_t id, int64_t revision, int64_t number, const aw_run_input *in);
/* Gives every run still "queued" or "running" in's state and result: what
 * a server that is the database's only one does on start, for the runs a
 * crash or a kill left behind. */
aw_store_status aw_store_runs_abandon(aw_store *s, const aw_run_input *in);
/* The runs of a revision (of every revision when revision is 0), oldest
 * first, without results (NOT_FOUND when there is no such revision or
 * diagram). Free with aw_run_list_free(). */
aw_store_status aw_store_runs(aw_store *s, int64_t id, int64_t revision, aw_run_list *out);
/* One run with its result. Free with aw_run_free(). */
aw_store_status aw_store_run_get(aw_store *s, int64_t id, int64_t revision, int64_t number, aw_run *out);
/* Copies the database, consistent, into path while it stays in use. */
aw_store_status aw_store_backup(aw_store *s, const char *path);
/* Bytes the database takes on disk; -1 if unknown. */
int64_t aw_store_size_bytes(aw_store *s);
const char *aw_store_error(const aw_store *s);
/* Calls fn on every change any process makes, from now until the store is
 * closed or fn is replaced; false when the backend cannot tell (SQLite: the
 * server that saves tells its own clients). fn NULL stops the calls, and
 * returns once no call is under way, so ctx may then be freed. */
bool aw_store_watch(aw_store *s, aw_store_change_fn fn, void *ctx);
void aw_store_close(aw_store *s);

void aw_diagram_meta_free(aw_diagram_meta *m);
void aw_diagram_list_free(aw_diagram_list *l);
void aw_revision_free(aw_revision *r);
void aw_revision_list_free(aw_revision_list *l);
void aw_run_free(aw_run *r);
void aw_run_list_free(aw_run_list *l);

/* Milliseconds since the epoch, for the backends' timestamps. */
int64_t aw_store_now_ms(void);

#endif
