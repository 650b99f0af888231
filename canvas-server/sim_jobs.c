/* The simulation pool: a FIFO of live runs, worker threads, and the watch
 * function the simulator calls every few milliseconds of its work, which
 * publishes progress and stops a run that was cancelled or ran too long.
 * Runs share the process (no fork: a child forked from a threaded server
 * can inherit a lock another thread held), so every run's memory is its
 * own arena and result, freed when it ends. */
#include "sim_jobs.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../sim/advise.h"
#include "../sim/report.h"
#include "../sim/sim_cost.h"
#include "http.h"
#include "sim_outcome.h"

#define S_PUBLISH_EVERY 0.25    /* seconds between live pictures on the change stream */

typedef struct job {
    struct job *next;           /* live runs, oldest first */
    int64_t diagram, revision, run;
    aw_sim_spec spec;
    bool running, ending;       /* ending: its outcome is being stored; too late to cancel */
    atomic_bool cancel;
    double progress;            /* guarded by the pool's lock */
    double deadline, published; /* monotonic seconds; the worker's own */
    bool timed_out;
    double share;               /* the main run's part of the progress (0.5 with advice) */
    aw_sim_jobs *pool;
} job;

struct aw_sim_jobs {
    aw_store *store;
    aw_events *events;
    unsigned max_live;
    double max_seconds;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    job *live;
    unsigned live_count;
    bool stopping;
    pthread_t *workers;
    unsigned worker_count;
};

void aw_sim_spec_free(aw_sim_spec *spec)
{
    aw_checked_free(&spec->k);
    aw_arena_free(&spec->arena);
    free(spec->request);
    memset(spec, 0, sizeof *spec);
}

/* Sends where j stands to its diagram's change stream; hops (JSON array)
 * may be NULL. */
static void S_publish(aw_sim_jobs *q, const job *j, const char *state, double progress, const char *hops)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_printf(&b, "{\"run\": %" PRId64 ", \"revision\": %" PRId64 ", \"state\": \"%s\", \"progress\": ", j->run,
                     j->revision, state);
    aw_strbuf_number(&b, progress);
    aw_strbuf_printf(&b, ", \"hops\": %s}", hops ? hops : "[]");
    aw_events_publish(q->events, j->diagram, "simulation", b.data);
    aw_strbuf_free(&b);
}

/* ---- the watch hook ---- */

/* Whether j should stop now: cancelled, or past its wall-clock limit. */
static bool S_must_stop(job *j)
{
    if (atomic_load(&j->cancel))
        return true;
    if (aw_now_s() > j->deadline)
        j->timed_out = true;
    return j->timed_out;
}

/* The main run's watch: progress, and a picture of the hops at most every
 * S_PUBLISH_EVERY seconds. */
static bool S_watch(void *ctx, double fraction, double now_s, const aw_sim_result *so_far)
{
    job *j = ctx;
    if (S_must_stop(j))
        return false;
    double progress = fraction * j->share;
    pthread_mutex_lock(&j->pool->lock);
    j->progress = progress;
    pthread_mutex_unlock(&j->pool->lock);
    double now = aw_now_s();
    if (now - j->published >= S_PUBLISH_EVERY) {
        j->published = now;
        aw_strbuf hops = AW_STRBUF_INIT;
        aw_sim_hops_json(j->spec.m, so_far, now_s, &hops);
        S_publish(j->pool, j, "running", progress, hops.data);
        aw_strbuf_free(&hops);
    }
    return true;
}

/* The advice's runs: only whether to stop. */
static bool S_watch_quietly(void *ctx, double fraction, double now_s, const aw_sim_result *so_far)
{
    (void)fraction, (void)now_s, (void)so_far;
    return !S_must_stop(ctx);
}

/* ---- one run ---- */

typedef struct outcome {
    const char *state;
    aw_strbuf summary, doc, hops;   /* doc: {"result", "advice"} or {"error"} */
} outcome;

static void S_fail(outcome *o, const char *why)
{
    o->state = "failed";
    aw_strbuf_free(&o->doc);
    aw_strbuf_puts(&o->doc, "{\"error\": ");
    aw_strbuf_json_string(&o->doc, why, strlen(why));
    aw_strbuf_puts(&o->doc, "}");
}

/* The sizing advice, as `archway simulate --target-rps` gives it. */
static bool S_advise(job *j, outcome *o)
{
    aw_sim_options opt = j->spec.opt;
    opt.watch = S_watch_quietly;
    aw_sim_slo slo = {.quantile = 0.99, .errors = 0.001};
    aw_sim_advice advice;
    const char *error = NULL;
    if (!aw_sim_advise(j->spec.m, &opt, &slo, j->spec.target_rps, &advice, &error)) {
        S_fail(o, error ? error : "the advice could not be worked out");
        return false;
    }
    aw_strbuf_puts(&o->doc, ",\n\"advice\": ");
    aw_sim_advice_json(j->spec.m, &advice, &o->doc);
    aw_sim_advice_free(&advice);
    return true;
}

static void S_execute(aw_sim_jobs *q, job *j, outcome *o)
{
    j->deadline = aw_now_s() + q->max_seconds;
    j->share = j->spec.target_rps > 0 ? 0.5 : 1.0;
    j->spec.opt.watch = S_watch, j->spec.opt.watch_ctx = j;
    const char *error = NULL;
    aw_sim_result *r = aw_sim_run(j->spec.m, &j->spec.opt, &error);
    aw_sim_cost cost;
    char why[256];
    bool priced = r && aw_sim_cost_price(j->spec.k.c.model, j->spec.m, r, &cost, why, sizeof why);
    if (r) {
        r->cost = priced ? &cost : NULL;
        o->state = "done";
        aw_strbuf_puts(&o->doc, "{\"result\": ");
        aw_sim_report_json(j->spec.m, r, &o->doc);
        aw_sim_summary_json(j->spec.m, r, r->cost, &o->summary);
        aw_sim_hops_json(j->spec.m, r, r->duration_s, &o->hops);
        if (j->spec.target_rps <= 0 || S_advise(j, o))
            aw_strbuf_puts(&o->doc, "}");
    } else {
        S_fail(o, error ? error : "the simulation failed");
    }
    if (r)
        aw_sim_cost_free(&cost);
    aw_sim_result_free(r);
}

/* What a stopped run says. */
static void S_stopped(job *j, outcome *o, double max_seconds)
{
    aw_strbuf_free(&o->summary);
    aw_strbuf_free(&o->hops);
    if (atomic_load(&j->cancel)) {
        o->state = "cancelled";
        aw_strbuf_free(&o->doc);
        return;
    }
    char why[128];
    snprintf(why, sizeof why, "the run took longer than the server's limit of %.0f s", max_seconds);
    S_fail(o, why);
}

/* Stores j's outcome, takes it off the live list and says so on the
 * change stream. */
static void S_end(aw_sim_jobs *q, job *j, outcome *o)
{
    pthread_mutex_lock(&q->lock);
    j->ending = true;
    pthread_mutex_unlock(&q->lock);
    aw_run_input in = {.state = o->state, .summary = o->summary.data, .result = o->doc.data};
    aw_store_status st = aw_store_run_update(q->store, j->diagram, j->revision, j->run, &in);
    if (st == AW_STORE_FAILED)
        fprintf(stderr, "archway serve: a simulation's outcome was not stored: %s\n", aw_store_error(q->store));
    pthread_mutex_lock(&q->lock);
    job **at = &q->live;
    while (*at != j)
        at = &(*at)->next;
    *at = j->next;
    q->live_count--;
    pthread_mutex_unlock(&q->lock);
    S_publish(q, j, o->state, strcmp(o->state, "done") == 0 ? 1.0 : j->progress, o->hops.data);
    aw_sim_spec_free(&j->spec);
    free(j);
}

static job *S_next_queued(aw_sim_jobs *q)
{
    for (job *j = q->live; j; j = j->next)
        if (!j->running)
            return j;
    return NULL;
}

static void *S_worker(void *arg)
{
    aw_sim_jobs *q = arg;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        job *j = NULL;
        while (!q->stopping && !(j = S_next_queued(q)))
            pthread_cond_wait(&q->wake, &q->lock);
        if (!j)
            break;
        j->running = true;
        pthread_mutex_unlock(&q->lock);
        outcome o = {.state = "cancelled", .summary = AW_STRBUF_INIT, .doc = AW_STRBUF_INIT, .hops = AW_STRBUF_INIT};
        if (!atomic_load(&j->cancel)) {
            S_publish(q, j, "running", 0, NULL);
            S_execute(q, j, &o);
            if (atomic_load(&j->cancel) || j->timed_out)
                S_stopped(j, &o, q->max_seconds);
        }
        S_end(q, j, &o);
        aw_strbuf_free(&o.summary), aw_strbuf_free(&o.doc), aw_strbuf_free(&o.hops);
        pthread_mutex_lock(&q->lock);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

/* ---- the pool ---- */

aw_sim_jobs *aw_sim_jobs_new(aw_store *store, aw_events *events, unsigned workers, unsigned max_live,
                             double max_seconds)
{
    aw_sim_jobs *q = calloc(1, sizeof *q);
    if (!q || !(q->workers = calloc(workers ? workers : 1, sizeof *q->workers)))
        abort();
    q->store = store, q->events = events;
    q->max_live = max_live, q->max_seconds = max_seconds;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->wake, NULL);
    for (unsigned i = 0; i < workers; i++)
        if (pthread_create(&q->workers[q->worker_count], NULL, S_worker, q) == 0)
            q->worker_count++;
    return q;
}

aw_sim_submit aw_sim_jobs_submit(aw_sim_jobs *q, int64_t id, int64_t revision, aw_sim_spec *spec, int64_t *run,
                                 aw_store_status *st)
{
    pthread_mutex_lock(&q->lock);
    bool room = q->live_count < q->max_live && !q->stopping && q->worker_count > 0;
    q->live_count += room;      /* the slot is held while the store adds the run */
    pthread_mutex_unlock(&q->lock);
    if (!room)
        return AW_SIM_FULL;
    aw_run_input in = {.state = "queued", .options = spec->request};
    *st = aw_store_run_add(q->store, id, revision, &in, run);
    pthread_mutex_lock(&q->lock);
    if (*st != AW_STORE_OK) {
        q->live_count--;
        pthread_mutex_unlock(&q->lock);
        return AW_SIM_STORE_FAILED;
    }
    job *j = calloc(1, sizeof *j);
    if (!j)
        abort();
    j->diagram = id, j->revision = revision, j->run = *run, j->spec = *spec, j->pool = q;
    atomic_init(&j->cancel, false);
    memset(spec, 0, sizeof *spec);
    job **at = &q->live;
    while (*at)
        at = &(*at)->next;
    *at = j;
    S_publish(q, j, "queued", 0, NULL);
    pthread_cond_signal(&q->wake);
    pthread_mutex_unlock(&q->lock);
    return AW_SIM_QUEUED;
}

static job *S_find(aw_sim_jobs *q, int64_t id, int64_t revision, int64_t run)
{
    for (job *j = q->live; j; j = j->next)
        if (j->diagram == id && j->revision == revision && j->run == run && !j->ending)
            return j;
    return NULL;
}

bool aw_sim_jobs_live(aw_sim_jobs *q, int64_t id, int64_t revision, int64_t run, const char **state,
                      double *progress)
{
    pthread_mutex_lock(&q->lock);
    job *j = S_find(q, id, revision, run);
    if (j) {
        *state = j->running ? "running" : "queued";
        *progress = j->progress;
    }
    pthread_mutex_unlock(&q->lock);
    return j != NULL;
}

bool aw_sim_jobs_cancel(aw_sim_jobs *q, int64_t id, int64_t revision, int64_t run)
{
    pthread_mutex_lock(&q->lock);
    job *j = S_find(q, id, revision, run);
    if (j)
        atomic_store(&j->cancel, true);
    pthread_mutex_unlock(&q->lock);
    return j != NULL;
}

void aw_sim_jobs_free(aw_sim_jobs *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->lock);
    for (job *j = q->live; j; j = j->next)
        atomic_store(&j->cancel, true);
    pthread_mutex_unlock(&q->lock);
    /* The workers end the cancelled runs (each stored as such), queued
     * ones included, before they see the stop. */
    for (;;) {
        pthread_mutex_lock(&q->lock);
        bool idle = q->live == NULL || q->worker_count == 0;
        if (idle)
            q->stopping = true;
        pthread_cond_broadcast(&q->wake);
        pthread_mutex_unlock(&q->lock);
        if (idle)
            break;
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    for (unsigned i = 0; i < q->worker_count; i++)
        pthread_join(q->workers[i], NULL);
    while (q->live) {   /* only when no worker ever started */
        job *j = q->live;
        q->live = j->next;
        aw_sim_spec_free(&j->spec);
        free(j);
    }
    pthread_cond_destroy(&q->wake);
    pthread_mutex_destroy(&q->lock);
    free(q->workers);
    free(q);
}
