/* Runs a simulation request by request: sets up the hops and the traffic
 * sources, draws Poisson arrivals at each source's rate of the moment, takes
 * every gate's token in AWS's order, and drives the event loop until the
 * last request in flight is answered. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_direct.h"
#include "traffic.h"

/* A traffic source while the run goes: its rate profile and its routes
 * with cumulative weights. */
typedef struct S_source {
    aw_sim_traffic traffic;
    const uint32_t *routes, *gates;
    size_t route_count, gate_count;
    double *cumulative;
    bool constant;              /* its rate never changes: no need to ask the profile ... */
    double gap;                 /* ... nor to divide by it: its mean gap, 0 when it sends nothing */
    bool idle;                  /* its next "arrival" is only a look at the rate again */
} S_source;

typedef struct S_run {
    aw_sim_engine e;
    S_source *sources;
    size_t source_count;
    aw_sim_traffic *traffic;
    uint32_t *all_routes;
    double *next_arrival;       /* per source; arrivals stay out of the heap */
} S_run;

static const struct {
    int status;
    const char *name;
} S_causes[AW_SIM_CAUSE_COUNT] = {
    [AW_SIM_OK] = {200, "ok"},
    [AW_SIM_CACHED] = {200, "cached"},
    [AW_SIM_THROTTLED] = {429, "throttled"},
    [AW_SIM_QUOTA] = {429, "quotaExceeded"},
    [AW_SIM_AUTH_FAILED] = {500, "authorizerFailed"},
    [AW_SIM_LAMBDA_THROTTLED] = {500, "lambdaThrottled"},
    [AW_SIM_FUNCTION_ERROR] = {502, "functionError"},
    [AW_SIM_DOWNSTREAM_ERROR] = {502, "downstreamError"},
    [AW_SIM_TIMEOUT] = {504, "integrationTimeout"},
};

int aw_sim_cause_status(aw_sim_cause cause)
{
    return S_causes[cause].status;
}

const char *aw_sim_cause_name(aw_sim_cause cause)
{
    return S_causes[cause].name;
}

/* ---- set-up ------------------------------------------------------------------ */

/* The mean time between arrivals at a rate; 0 when nothing arrives. */
static double S_gap(double rate)
{
    return rate > 0 ? 1.0 / rate : 0.0;
}

static bool S_hops_init(S_run *run)
{
    aw_sim_engine *e = &run->e;
    const aw_sim_model *m = e->m;
    e->hops = calloc(m->hop_count ? m->hop_count : 1, sizeof *e->hops);
    if (!e->hops)
        return false;
    for (size_t i = 0; i < m->hop_count; i++) {
        aw_sim_hop_state *s = &e->hops[i];
        const aw_sim_hop *d = &m->hops[i];
        s->def = d;
        s->st = &e->res->hops[i];
        s->slots = aw_sim_hop_slots(d);
        s->tokens = d->kind == AW_SIM_HOP_QUOTA ? d->rate : d->burst;     /* buckets start full */
        s->scale_tokens = d->scale_burst;
        s->envs = d->provisioned;
        for (int64_t k = 0; d->kind == AW_SIM_HOP_LAMBDA && k < d->provisioned; k++)
            aw_sim_env_idle(e, (uint32_t)i, 0.0);
        s->fault_tokens = 1.0;
        s->timer_at = INFINITY;
        if ((d->kind == AW_SIM_HOP_AUTHORIZER || d->kind == AW_SIM_HOP_CACHE) && d->keys > 0 &&
            !(s->expiry = calloc((size_t)d->keys, sizeof *s->expiry)))
            return false;
        if (d->kind == AW_SIM_HOP_AUTHORIZER && d->ttl_ms <= 0)
            s->def = d;     /* a TTL of 0 caches nothing: expiry stays 0 */
    }
    for (size_t f = 0; f < e->opt->fault_count; f++)
        if (e->opt->faults[f].hop < m->hop_count)
            e->hops[e->opt->faults[f].hop].has_fault = true;
    return true;
}

static bool S_sources_init(S_run *run, const char **error)
{
    aw_sim_engine *e = &run->e;
    const aw_sim_model *m = e->m;
    size_t n = m->source_count ? m->source_count : 1;
    run->traffic = calloc(n, sizeof *run->traffic);
    run->sources = calloc(n, sizeof *run->sources);
    run->next_arrival = calloc(n, sizeof *run->next_arrival);
    if (!run->traffic || !run->sources || !run->next_arrival)
        return false;
    run->source_count = aw_sim_traffic_plan(m, e->opt, run->traffic, &e->duration);
    if (!run->source_count) {
        *error = m->source_count ? "the diagram's clients send no traffic; give --rps"
                                 : "the diagram has no clients to send traffic; give --rps";
        return false;
    }
    if (!m->route_count) {
        *error = "the diagram has no routes to send traffic to";
        return false;
    }
    if (!m->source_count) {
        run->all_routes = malloc(m->route_count * sizeof *run->all_routes);
        if (!run->all_routes)
            return false;
        for (size_t i = 0; i < m->route_count; i++)
            run->all_routes[i] = (uint32_t)i;
    }
    for (size_t i = 0; i < run->source_count; i++) {
        S_source *s = &run->sources[i];
        s->traffic = run->traffic[i];
        s->constant = s->traffic.profile == AW_SIM_CONSTANT;
        s->gap = S_gap(s->traffic.rate);
        const aw_sim_source *src = m->source_count ? &m->sources[i] : NULL;
        s->routes = src ? src->routes : run->all_routes;
        s->route_count = src ? src->route_count : m->route_count;
        s->gates = src ? src->gates : NULL;
        s->gate_count = src ? src->gate_count : 0;
        s->cumulative = malloc((s->route_count ? s->route_count : 1) * sizeof *s->cumulative);
        if (!s->cumulative)
            return false;
        double sum = 0;
        for (size_t k = 0; k < s->route_count; k++)
            s->cumulative[k] = sum += src ? src->weights[k] : 1.0;
    }
    return true;
}

/* ---- arrivals ------------------------------------------------------------------ */

AW_SIM_HOT void S_schedule_arrival(S_run *run, size_t src)
{
    aw_sim_engine *e = &run->e;
    S_source *s = &run->sources[src];
    double gap = s->constant ? s->gap : S_gap(aw_sim_traffic_rate(&s->traffic, e->now, e->duration));
    /* No traffic now: look again at the next whole second, which brings
     * no request itself. */
    s->idle = !(gap > 0);
    double t = gap > 0 ? e->now + aw_rng_exp(&e->rng, gap) : floor(e->now) + 1.0;
    run->next_arrival[src] = t < e->duration ? t : INFINITY;
}

/* A route by the source's weights; no draw when it calls one route. */
static uint32_t S_pick_route(aw_sim_engine *e, const S_source *s)
{
    if (s->route_count == 1)
        return s->routes[0];
    double u = aw_rng_uniform(&e->rng) * s->cumulative[s->route_count - 1];
    size_t lo = 0, hi = s->route_count - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->cumulative[mid] <= u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return s->routes[lo];
}

/* Every gate must have a token, in AWS's order: the client's usage plan,
 * then the route, the stage and the account. The first that has none
 * answers 429 and no token is taken. */
static aw_sim_cause S_gates(aw_sim_engine *e, const S_source *s, const aw_sim_route *r)
{
    for (size_t g = 0; g < s->gate_count + r->gate_count; g++) {
        uint32_t h = g < s->gate_count ? s->gates[g] : r->gates[g - s->gate_count];
        e->res->hops[h].arrivals++;
        if (!aw_sim_gate_has(e, h)) {
            e->res->hops[h].rejected++;
            return e->m->hops[h].kind == AW_SIM_HOP_QUOTA ? AW_SIM_QUOTA : AW_SIM_THROTTLED;
        }
    }
    for (size_t g = 0; g < s->gate_count + r->gate_count; g++) {
        uint32_t h = g < s->gate_count ? s->gates[g] : r->gates[g - s->gate_count];
        aw_sim_gate_take(e, h);
        e->res->hops[h].admitted++;
    }
    return AW_SIM_OK;
}

/* The first arrival in a second: the seconds before it that no answer
 * can reach any more are done; its series entry and histogram are made. */
static void S_arrive_second(aw_sim_engine *e)
{
    aw_sim_second *sec = aw_sim_engine_second(e, e->now);
    if (!sec)
        return;
    sec->offered++;
    size_t now_sec = (size_t)(sec - e->res->series);
    if (now_sec != e->arrival_sec) {
        aw_sec_latency_settle(&e->seconds, e->res->series, e->res->seconds, now_sec);
        e->arrival_sec = now_sec;
    }
    if (!aw_sec_latency_arrive(&e->seconds, now_sec)) {
        e->out_of_memory = true;
        return;
    }
    e->arrival_from = (double)now_sec, e->arrival_end = (double)(now_sec + 1);
}

static void S_arrive(S_run *run, size_t src)
{
    aw_sim_engine *e = &run->e;
    const S_source *s = &run->sources[src];
    bool idle = s->idle;
    S_schedule_arrival(run, src);
    if (idle || !s->route_count)
        return;
    aw_sim_req *q = aw_sim_req_new(e);
    if (!q)
        return;
    q->route = S_pick_route(e, s);
    q->t0 = e->now;
    e->res->routes[q->route].offered++;
    if (e->now < e->arrival_end) {
        e->res->series[e->arrival_sec].offered++;
        e->seconds.open[e->arrival_sec & (e->seconds.cap - 1)]++;
    } else {
        S_arrive_second(e);
    }
    aw_sim_cause gate = S_gates(e, s, &e->m->routes[q->route]);
    if (gate != AW_SIM_OK)
        aw_sim_engine_answer(e, q, gate);
    else if (e->direct[q->route])
        aw_sim_direct_admit(e, q, (uint32_t)e->m->routes[q->route].target);
    else
        aw_sim_engine_admit(e, q);
}

/* ---- the run ------------------------------------------------------------------------ */

/* The figures summed from others rather than counted per request: the
 * run's requests, each route's served (2xx, cached or not). */
static void S_tally(aw_sim_engine *e)
{
    aw_sim_result *r = e->res;
    r->requests = 0;
    for (size_t i = 0; i < e->m->route_count; i++) {
        aw_sim_route_stats *rs = &r->routes[i];
        rs->served = rs->causes[AW_SIM_OK] + rs->causes[AW_SIM_CACHED];
        r->requests += rs->offered;
    }
}

/* The source whose arrival comes next. */
static size_t S_next_source(const S_run *run)
{
    size_t src = 0;
    for (size_t i = 1; i < run->source_count; i++)
        if (run->next_arrival[i] < run->next_arrival[src])
            src = i;
    return src;
}

/* Runs the events to the end; false when the caller's watch stopped it. */
static bool S_loop(S_run *run)
{
    aw_sim_engine *e = &run->e;
    for (size_t i = 0; i < run->source_count; i++)
        S_schedule_arrival(run, i);
    aw_event ev;
    uint64_t n = 0;
    bool going = true, several = run->source_count > 1;
    const double *next_arrival = run->next_arrival;
    while (!e->out_of_memory) {
        /* The next arrival of the few sources, or the heap's next event. */
        size_t src = several ? S_next_source(run) : 0;
        double ta = next_arrival[src];
        if (aw_heap_next_time(&e->heap) < ta) {
            aw_heap_pop(&e->heap, &ev);
            e->now = ev.t;
            aw_sim_req *q = ev.ref & AW_EVENT_TIMER ? NULL : aw_sim_req_at(e, ev.ref);
            if (q && q->direct)
                aw_sim_direct_end(e, q);
            else
                aw_sim_engine_event(e, &ev);
        } else if (ta < INFINITY) {
            e->now = ta;
            S_arrive(run, src);
        } else {
            break;
        }
        if ((++n & 0xffff) == 0) {
            S_tally(e);     /* the watch sees the result so far */
            going = aw_sim_tick(e->opt, fmin(1.0, e->now / e->duration), e->now, e->res);
            if (!going)
                break;
        }
    }
    e->res->events = n;
    for (size_t h = 0; h < e->m->hop_count; h++)
        aw_sim_hop_account(e, (uint32_t)h);
    aw_sec_latency_settle(&e->seconds, e->res->series, e->res->seconds, SIZE_MAX);
    aw_sim_consumers_finish(e);
    return going;
}

static void S_run_free(S_run *run)
{
    aw_sim_engine *e = &run->e;
    for (size_t i = 0; e->hops && i < e->m->hop_count; i++)
        free(e->hops[i].expiry), free(e->hops[i].idle);
    free(e->hops), free(e->direct);
    aw_sim_consumers_free(e);
    for (size_t i = 0; run->sources && i < run->source_count; i++)
        free(run->sources[i].cumulative);
    free(run->sources), free(run->traffic), free(run->all_routes), free(run->next_arrival);
    for (size_t i = 0; i < e->block_count; i++)
        free(e->blocks[i]);
    free(e->blocks);
    aw_heap_free(&e->heap);
    aw_sec_latency_free(&e->seconds);
}

aw_sim_result *aw_sim_run_discrete(const aw_sim_model *m, const aw_sim_options *opt, const char **error)
{
    S_run run = {.e = {.m = m, .opt = opt, .idle_s = aw_sim_idle_lifetime(opt)}};
    aw_sim_engine *e = &run.e;
    *error = NULL;
    aw_rng_seed(&e->rng, opt->seed);
    aw_sim_result *r = e->res = calloc(1, sizeof *r);
    bool ok = r && (r->routes = calloc(m->route_count ? m->route_count : 1, sizeof *r->routes)) &&
              (r->hops = calloc(m->hop_count ? m->hop_count : 1, sizeof *r->hops)) && S_hops_init(&run) &&
              S_sources_init(&run, error) && aw_sim_consumers_init(e) && aw_sim_engine_plan(e);
    if (ok && !S_loop(&run))
        ok = false, *error = AW_SIM_CANCELLED;
    ok = ok && !e->out_of_memory;
    if (ok) {
        S_tally(e);
        r->duration_s = e->duration;
        r->seed = opt->seed;
        r->offered_rps = (double)r->requests / e->duration;
        /* The series ends with the run or with its last answer, whichever
         * is later; the doubling array may hold empty seconds beyond. */
        size_t used = (size_t)ceil(e->duration);
        for (size_t i = r->seconds; i-- > used;)
            if (r->series[i].latency_sum_ms > 0 || r->series[i].offered || r->series[i].causes[AW_SIM_OK]) {
                used = i + 1;
                break;
            }
        r->seconds = used < r->seconds ? used : r->seconds;
        r->bottleneck = aw_sim_bottleneck(m, r);
        aw_sim_ws_finish(&r->ws, fmax(e->duration, e->now));
        for (size_t i = 0; i < m->route_count; i++)
            r->websocket |= m->routes[i].ws != AW_SIM_WS_NONE;
    }
    S_run_free(&run);
    if (!ok) {
        if (!*error)
            *error = "out of memory";
        aw_sim_result_free(r);
        return NULL;
    }
    return r;
}

void aw_sim_result_free(aw_sim_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->consumers && i < r->consumer_count; i++)
        free(r->consumers[i].series);
    free(r->routes), free(r->hops), free(r->series), free(r->consumers);
    free(r);
}
