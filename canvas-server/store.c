/* The store interface's dispatch: picks the backend a database name asks
 * for, forwards each call to it, and frees what the calls return. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

aw_store *aw_store_open(const char *where, char *err, size_t err_size)
{
    if (strncmp(where, "postgres://", 11) == 0 || strncmp(where, "postgresql://", 13) == 0)
        return aw_store_pg_open(where, aw_store_pg_version, err, err_size);
    return aw_store_sqlite_open(where, aw_store_sqlite_version, err, err_size);
}

aw_store_status aw_store_list(aw_store *s, aw_diagram_list *out)
{
    return s->ops->list(s, out);
}

aw_store_status aw_store_create(aw_store *s, const aw_revision_input *in, aw_diagram_meta *out)
{
    return s->ops->create(s, in, out);
}

aw_store_status aw_store_save(aw_store *s, int64_t id, int64_t expected, const aw_revision_input *in,
                              aw_diagram_meta *out)
{
    return s->ops->save(s, id, expected, in, out);
}

void aw_store_save_begin(aw_store *s, int64_t id, int64_t expected, const aw_revision_input *in,
                         aw_diagram_meta *out, aw_store_saved_fn done, void *ctx)
{
    if (s->ops->save_begin)
        s->ops->save_begin(s, id, expected, in, out, done, ctx);
    else
        done(ctx, s->ops->save(s, id, expected, in, out));
}

aw_store_status aw_store_get(aw_store *s, int64_t id, int64_t number, aw_revision *out)
{
    return s->ops->get(s, id, number, out);
}

aw_store_status aw_store_revisions(aw_store *s, int64_t id, aw_revision_list *out)
{
    return s->ops->revisions(s, id, out);
}

aw_store_status aw_store_delete(aw_store *s, int64_t id, int64_t expected)
{
    return s->ops->remove(s, id, expected);
}

aw_store_status aw_store_run_add(aw_store *s, int64_t id, int64_t revision, const aw_run_input *in, int64_t *number)
{
    return s->ops->run_add(s, id, revision, in, number);
}

aw_store_status aw_store_runs(aw_store *s, int64_t id, int64_t revision, aw_run_list *out)
{
    return s->ops->runs(s, id, revision, out);
}

aw_store_status aw_store_run_get(aw_store *s, int64_t id, int64_t revision, int64_t number, aw_run *out)
{
    return s->ops->run_get(s, id, revision, number, out);
}

aw_store_status aw_store_run_update(aw_store *s, int64_t id, int64_t revision, int64_t number, const aw_run_input *in)
{
    return s->ops->run_update(s, id, revision, number, in);
}

aw_store_status aw_store_runs_abandon(aw_store *s, const aw_run_input *in)
{
    return s->ops->runs_abandon(s, in);
}

aw_store_status aw_store_backup(aw_store *s, const char *path)
{
    return s->ops->backup(s, path);
}

int64_t aw_store_size_bytes(aw_store *s)
{
    return s->ops->size_bytes(s);
}

bool aw_store_watch(aw_store *s, aw_store_change_fn fn, void *ctx)
{
    return s->ops->watch && s->ops->watch(s, fn, ctx);
}

const char *aw_store_error(const aw_store *s)
{
    return s->error;
}

void aw_store_close(aw_store *s)
{
    if (s)
        s->ops->close(s);
}

void aw_diagram_meta_free(aw_diagram_meta *m)
{
    free(m->name);
    m->name = NULL;
}

void aw_diagram_list_free(aw_diagram_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        aw_diagram_meta_free(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

void aw_revision_free(aw_revision *r)
{
    free(r->name);
    free(r->format);
    free(r->body);
    free(r->findings);
    free(r->note);
    memset(r, 0, sizeof *r);
}

void aw_revision_list_free(aw_revision_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        aw_revision_free(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

void aw_run_free(aw_run *r)
{
    free(r->state);
    free(r->options);
    free(r->summary);
    free(r->result);
    memset(r, 0, sizeof *r);
}

void aw_run_list_free(aw_run_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        aw_run_free(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

int64_t aw_store_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
