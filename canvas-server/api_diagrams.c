/* Diagrams and their history over HTTP: list, create (import), read with an
 * ETag, save with If-Match (412 when someone else saved first), delete,
 * and the revisions: list, read, restore. Every save is checked first and
 * stored with its findings. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "checking.h"
#include "http.h"

/* ---- JSON of the store's records ---- */

static void S_meta_json(aw_strbuf *b, const aw_diagram_meta *m)
{
    aw_strbuf_printf(b, "{\"id\": %" PRId64 ", ", m->id);
    aw_json_key(b, "name");
    aw_json_str(b, m->name);
    aw_strbuf_printf(b, ", \"revision\": %" PRId64, m->revision);
    aw_json_time(b, "created", m->created_ms);
    aw_json_time(b, "updated", m->updated_ms);
    aw_strbuf_printf(b, ", \"errors\": %d, \"warnings\": %d}", m->errors, m->warnings);
}

static void S_revision_json(aw_strbuf *b, const aw_revision *r)
{
    aw_strbuf_printf(b, "{\"diagram\": %" PRId64 ", \"revision\": %" PRId64 ", ", r->diagram_id, r->number);
    aw_json_key(b, "name");
    aw_json_str(b, r->name);
    aw_strbuf_puts(b, ", ");
    aw_json_key(b, "format");
    aw_json_str(b, r->format);
    aw_json_time(b, "created", r->created_ms);
    aw_strbuf_printf(b, ", \"errors\": %d, \"warnings\": %d, ", r->errors, r->warnings);
    aw_json_key(b, "note");
    aw_json_str(b, r->note);
    aw_strbuf_putc(b, '}');
}

static void S_etag(aw_reply *rp, int64_t id, int64_t revision)
{
    snprintf(rp->etag, sizeof rp->etag, "\"d%" PRId64 "-r%" PRId64 "\"", id, revision);
}

/* Tells the diagram's open canvases what happened to it, unless the store
 * tells every instance itself (server.c passes that on). */
static void S_publish(aw_request *rq, const char *type, int64_t id, int64_t revision, int errors, int warnings)
{
    if (rq->srv->store_tells)
        return;
    char data[160];
    snprintf(data, sizeof data,
             "{\"diagram\": %" PRId64 ", \"revision\": %" PRId64 ", \"errors\": %d, \"warnings\": %d}", id,
             revision, errors, warnings);
    aw_events_publish(rq->srv->events, id, type, data);
}

/* ---- bodies and preconditions ---- */

static const char *const S_diagram_types[] = {"application/json", "application/xml", "text/xml", NULL};

/* A diagram body must say it is JSON or XML: a form or plain text from
 * another page never reaches the store. */
static bool S_diagram_body(aw_request *rq, aw_reply *rp)
{
    const char *type = aw_request_header(rq, "Content-Type");
    size_t n = type ? strcspn(type, "; ") : 0;
    for (const char *const *t = S_diagram_types; type && *t; t++)
        if (strlen(*t) == n && strncasecmp(type, *t, n) == 0) {
            if (rq->body.len)
                return true;
            aw_reply_problem(rp, 400, "the body is empty: send the diagram's JSON or XML");
            return false;
        }
    aw_reply_problem(rp, 415, "send the diagram as application/json or application/xml");
    return false;
}

/* The revision If-Match names (the latest for "*"); false with the reply
 * set when it is missing (428) or names another diagram or nothing (412). */
static bool S_if_match(aw_request *rq, aw_reply *rp, int64_t id, int64_t *expected)
{
    const char *tag = aw_request_header(rq, "If-Match");
    if (!tag) {
        aw_reply_problem(rp, 428, "send If-Match with the ETag of the revision you changed, so that "
                                  "nobody's save is overwritten silently");
        return false;
    }
    if (strcmp(tag, "*") == 0) {
        *expected = AW_STORE_ANY;
        return true;
    }
    int64_t tag_id, tag_rev;
    int used = 0;
    if (sscanf(tag, "\"d%" SCNd64 "-r%" SCNd64 "\"%n", &tag_id, &tag_rev, &used) != 2 || tag[used] != '\0'
        || tag_id != id) {
        aw_reply_problem(rp, 412, "If-Match does not name a revision of this diagram");
        return false;
    }
    *expected = tag_rev;
    return true;
}

/* Checks the body; false with a 422 reply (and its findings) when it is not
 * a JSON or XML document at all. */
static bool S_check_body(aw_request *rq, aw_reply *rp, aw_checked *k, const char *text, size_t len)
{
    const char *fallback = aw_request_arg(rq, "name");
    aw_check_text(k, "diagram", text, len, fallback && *fallback ? fallback : "untitled");
    aw_metrics_compile(&rq->srv->metrics, k->seconds);
    if (!k->readable)
        aw_reply_problem_findings(rp, 422, "the body is not a well-formed diagram document", k->findings.data);
    return k->readable;
}

static aw_revision_input S_input(const aw_checked *k, const char *text, size_t len, const char *note)
{
    return (aw_revision_input){.name = k->name,
                               .format = k->format,
                               .body = text,
                               .body_len = len,
                               .findings = k->findings.data,
                               .errors = (int)k->c.diags.errors,
                               .warnings = (int)k->c.diags.warnings,
                               .note = note};
}

/* The answer to a save: the diagram as listed and what checking found. */
static void S_saved(aw_request *rq, aw_reply *rp, unsigned status, const aw_diagram_meta *m, const aw_checked *k)
{
    rp->status = status;
    aw_strbuf_puts(&rp->body, "{\"diagram\": ");
    S_meta_json(&rp->body, m);
    aw_strbuf_puts(&rp->body, ", \"findings\": ");
    aw_strbuf_puts(&rp->body, k->findings.data);
    aw_strbuf_puts(&rp->body, "}\n");
    S_etag(rp, m->id, m->revision);
    snprintf(rp->location, sizeof rp->location, "/api/diagrams/%" PRId64, m->id);
    atomic_fetch_add(&rq->srv->metrics.saves, 1);
    S_publish(rq, "saved", m->id, m->revision, m->errors, m->warnings);
}

/* Saves text as the next revision of diagram id after the one expected. */
static void S_save(aw_request *rq, aw_reply *rp, int64_t id, int64_t expected, const char *text, size_t len,
                   const char *note)
{
    aw_checked k;
    if (S_check_body(rq, rp, &k, text, len)) {
        aw_revision_input in = S_input(&k, text, len, note);
        aw_diagram_meta m = {0};
        aw_store_status st = aw_store_save(rq->srv->store, id, expected, &in, &m);
        if (st == AW_STORE_OK)
            S_saved(rq, rp, 200, &m, &k);
        else
            aw_reply_store_status(rq, rp, st);
        aw_diagram_meta_free(&m);
    }
    aw_checked_free(&k);
}

/* A save of a request's own body, waiting for its commit without holding
 * the thread (the request keeps the body, and this, until it ends). */
typedef struct deferred_save {
    aw_checked k;
    aw_revision_input in;
    aw_diagram_meta m;
    aw_store_status st;
} deferred_save;

static void S_deferred_free(void *pending)
{
    deferred_save *d = pending;
    aw_diagram_meta_free(&d->m);
    aw_checked_free(&d->k);
    free(d);
}

static void S_deferred_saved(void *ctx, aw_store_status st)
{
    aw_request *rq = ctx;
    ((deferred_save *)rq->pending)->st = st;
    aw_request_wake(rq);
}

static void S_deferred_finish(aw_request *rq, aw_reply *rp)
{
    deferred_save *d = rq->pending;
    if (d->st == AW_STORE_OK)
        S_saved(rq, rp, 200, &d->m, &d->k);
    else
        aw_reply_store_status(rq, rp, d->st);
}

/* S_save() of the request's body, answered once the commit holding it is
 * synced: the thread serves other connections meanwhile, and every save
 * that waits shares the next fsync, however few the threads. */
static void S_save_body(aw_request *rq, aw_reply *rp, int64_t id, int64_t expected)
{
    deferred_save *d = calloc(1, sizeof *d);
    if (!d)
        abort();
    if (!S_check_body(rq, rp, &d->k, rq->body.data, rq->body.len))
        return S_deferred_free(d);
    d->in = S_input(&d->k, rq->body.data, rq->body.len, "");
    aw_request_defer(rq, rp, S_deferred_finish, d, S_deferred_free);
    aw_store_save_begin(rq->srv->store, id, expected, &d->in, &d->m, S_deferred_saved, rq);
}

/* ---- handlers ---- */

void aw_api_diagrams_list(aw_request *rq, aw_reply *rp)
{
    aw_diagram_list l;
    aw_store_status st = aw_store_list(rq->srv->store, &l);
    if (st != AW_STORE_OK)
        return aw_reply_store_status(rq, rp, st);
    aw_strbuf_puts(&rp->body, "{\"diagrams\": [");
    for (size_t i = 0; i < l.count; i++) {
        aw_strbuf_puts(&rp->body, i ? ",\n  " : "\n  ");
        S_meta_json(&rp->body, &l.items[i]);
    }
    aw_strbuf_puts(&rp->body, l.count ? "\n]}\n" : "]}\n");
    aw_diagram_list_free(&l);
}

void aw_api_diagram_create(aw_request *rq, aw_reply *rp)
{
    if (!S_diagram_body(rq, rp))
        return;
    aw_checked k;
    if (S_check_body(rq, rp, &k, rq->body.data, rq->body.len)) {
        aw_revision_input in = S_input(&k, rq->body.data, rq->body.len, "created");
        aw_diagram_meta m = {0};
        aw_store_status st = aw_store_create(rq->srv->store, &in, &m);
        if (st == AW_STORE_OK)
            S_saved(rq, rp, 201, &m, &k);
        else
            aw_reply_store_status(rq, rp, st);
        aw_diagram_meta_free(&m);
    }
    aw_checked_free(&k);
}

/* A revision's own text, as saved, with its ETag (304 when the client has it). */
static void S_text_reply(aw_request *rq, aw_reply *rp, int64_t number)
{
    aw_revision r;
    aw_store_status st = aw_store_get(rq->srv->store, rq->ids[0], number, &r);
    if (st != AW_STORE_OK) {
        aw_revision_free(&r);
        return aw_reply_store_status(rq, rp, st);
    }
    S_etag(rp, r.diagram_id, r.number);
    const char *have = aw_request_header(rq, "If-None-Match");
    if (have && (strcmp(have, rp->etag) == 0 || strcmp(have, "*") == 0)) {
        rp->status = 304;
    } else {
        rp->type = strcmp(r.format, "xml") == 0 ? "application/xml" : "application/json";
        aw_strbuf_put(&rp->body, r.body, r.body_len);
    }
    /* An old revision never changes; the latest must be asked for again. */
    rp->cache = number ? "private, max-age=86400, immutable" : "no-cache";
    aw_revision_free(&r);
}

void aw_api_diagram_get(aw_request *rq, aw_reply *rp)
{
    S_text_reply(rq, rp, 0);
}

void aw_api_revision_get(aw_request *rq, aw_reply *rp)
{
    S_text_reply(rq, rp, rq->ids[1]);
}

void aw_api_diagram_update(aw_request *rq, aw_reply *rp)
{
    int64_t expected;
    if (S_if_match(rq, rp, rq->ids[0], &expected) && S_diagram_body(rq, rp))
        S_save_body(rq, rp, rq->ids[0], expected);
}

void aw_api_diagram_delete(aw_request *rq, aw_reply *rp)
{
    int64_t expected;
    if (!S_if_match(rq, rp, rq->ids[0], &expected))
        return;
    aw_store_status st = aw_store_delete(rq->srv->store, rq->ids[0], expected);
    if (st != AW_STORE_OK)
        return aw_reply_store_status(rq, rp, st);
    rp->status = 204;
    S_publish(rq, "deleted", rq->ids[0], 0, 0, 0);
}

void aw_api_revisions_list(aw_request *rq, aw_reply *rp)
{
    aw_revision_list l;
    aw_store_status st = aw_store_revisions(rq->srv->store, rq->ids[0], &l);
    if (st != AW_STORE_OK)
        return aw_reply_store_status(rq, rp, st);
    aw_strbuf_puts(&rp->body, "{\"revisions\": [");
    for (size_t i = 0; i < l.count; i++) {
        aw_strbuf_puts(&rp->body, i ? ",\n  " : "\n  ");
        S_revision_json(&rp->body, &l.items[i]);
    }
    aw_strbuf_puts(&rp->body, l.count ? "\n]}\n" : "]}\n");
    aw_revision_list_free(&l);
}

void aw_api_revision_restore(aw_request *rq, aw_reply *rp)
{
    int64_t expected;
    if (!S_if_match(rq, rp, rq->ids[0], &expected))
        return;
    aw_revision old;
    aw_store_status st = aw_store_get(rq->srv->store, rq->ids[0], rq->ids[1], &old);
    if (st == AW_STORE_OK) {
        char note[64];
        snprintf(note, sizeof note, "restored revision %" PRId64, old.number);
        S_save(rq, rp, rq->ids[0], expected, old.body, old.body_len, note);
    } else {
        aw_reply_store_status(rq, rp, st);
    }
    aw_revision_free(&old);
}

void aw_api_findings(aw_request *rq, aw_reply *rp)
{
    aw_revision r;
    aw_store_status st = aw_store_get(rq->srv->store, rq->ids[0], rq->ids[1], &r);
    if (st == AW_STORE_OK && r.findings)
        aw_strbuf_puts(&rp->body, r.findings);
    else if (st == AW_STORE_OK)
        aw_reply_problem(rp, 404, "revision %" PRId64 " was stored without findings", r.number);
    else
        aw_reply_store_status(rq, rp, st);
    aw_revision_free(&r);
}
