/* Simulations over HTTP: start one of a revision (checked and prepared
 * here, run by the pool off the request thread), list a revision's or a
 * diagram's run history, read one run, cancel one. */
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

#define S_MAX_REQUEST 65536     /* bytes of a request body; 413 past it */
#define S_MAX_FAULTS 16

/* ---- the request ---- */

static const char *const S_keys[] = {"pattern", "rps", "duration", "seed", "fail", "targetRps", "engine"};
static const char *const S_patterns[] = {"constant", "ramp", "spike", "wave"};  /* aw_sim_profile order */
static const char *const S_engines[] = {"auto", "discrete", "fluid"};           /* aw_sim_engine_kind order */

/* A number member of obj in (lo, hi], left as it was when absent; false
 * with the reply set when it is something else. */
static bool S_number(aw_reply *rp, json_t *obj, const char *key, double lo, double hi, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return true;
    if (!json_is_number(v) || !(json_number_value(v) > lo && json_number_value(v) <= hi)) {
        aw_reply_problem(rp, 400, "'%s' must be a number above %g and at most %g", key, lo, hi);
        return false;
    }
    *out = json_number_value(v);
    return true;
}

static bool S_known_keys(aw_reply *rp, json_t *obj)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        size_t i = 0;
        while (i < sizeof S_keys / sizeof *S_keys && strcmp(key, S_keys[i]) != 0)
            i++;
        if (i == sizeof S_keys / sizeof *S_keys) {
            aw_reply_problem(rp, 400, "unknown member '%.60s' (known: pattern, rps, duration, seed, fail, targetRps, engine)",
                             key);
            return false;
        }
    }
    return true;
}

/* The index of member key's string in names (n of them): -1 when absent,
 * -2 with the reply set when it is none of them. */
static int S_choice(aw_reply *rp, json_t *obj, const char *key, const char *const *names, size_t n)
{
    json_t *v = json_object_get(obj, key);
    for (size_t i = 0; v && json_is_string(v) && i < n; i++)
        if (strcmp(json_string_value(v), names[i]) == 0)
            return (int)i;
    if (!v)
        return -1;
    aw_strbuf one_of = AW_STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        aw_strbuf_printf(&one_of, "%s\"%s\"", i == 0 ? "" : i + 1 < n ? ", " : " or ", names[i]);
    aw_reply_problem(rp, 400, "'%s' must be %s", key, one_of.data);
    aw_strbuf_free(&one_of);
    return -2;
}

static bool S_choices(aw_reply *rp, json_t *obj, aw_sim_options *opt)
{
    int pattern = S_choice(rp, obj, "pattern", S_patterns, sizeof S_patterns / sizeof *S_patterns);
    if (pattern >= 0)
        opt->pattern_set = true, opt->pattern = (aw_sim_profile)pattern;
    int engine = pattern == -2 ? -2 : S_choice(rp, obj, "engine", S_engines, sizeof S_engines / sizeof *S_engines);
    if (engine >= 0)
        opt->engine = (aw_sim_engine_kind)engine;
    return pattern != -2 && engine != -2;
}

/* Every "fail" entry, parsed against the model as `simulate --fail` does. */
static bool S_faults(aw_reply *rp, json_t *obj, aw_sim_spec *spec)
{
    json_t *list = json_object_get(obj, "fail");
    if (!list)
        return true;
    if (!json_is_array(list) || json_array_size(list) > S_MAX_FAULTS) {
        aw_reply_problem(rp, 400, "'fail' must be an array of at most %d strings such as \"fn:orders=errors:0.2@60s-120s\"",
                         S_MAX_FAULTS);
        return false;
    }
    size_t n = json_array_size(list);
    aw_sim_fault *faults = aw_arena_alloc(&spec->arena, (n ? n : 1) * sizeof *faults);
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(list, i);
        char buf[256];
        const char *why = json_is_string(v) ? aw_sim_fault_parse(spec->m, json_string_value(v), &faults[i], buf, sizeof buf)
                                            : "each entry must be a string";
        if (why) {
            aw_reply_problem(rp, 400, "'fail' entry %zu: %s", i + 1, why);
            return false;
        }
    }
    spec->opt.faults = faults, spec->opt.fault_count = n;
    return true;
}

/* Reads the body into spec (its model already built); false with the
 * reply set when it is wrong or asks for more than the server allows. */
static bool S_request(aw_request *rq, aw_reply *rp, aw_sim_spec *spec)
{
    const aw_server_config *cfg = &rq->srv->cfg;
    json_error_t err;
    json_t *obj = rq->body.len ? json_loadb(rq->body.data, rq->body.len, 0, &err) : json_object();
    double seed = 1, duration = 0, rps = 0;
    bool ok = json_is_object(obj);
    if (!ok)
        aw_reply_problem(rp, 400, "the body must be a JSON object: {\"pattern\", \"rps\", \"duration\", \"seed\", "
                                  "\"fail\", \"targetRps\"}, each optional");
    ok = ok && S_known_keys(rp, obj) && S_choices(rp, obj, &spec->opt);
    ok = ok && S_number(rp, obj, "rps", 0, cfg->sim_max_rps, &rps);
    ok = ok && S_number(rp, obj, "duration", 0, cfg->sim_max_duration_s, &duration);
    ok = ok && S_number(rp, obj, "seed", -1, 9007199254740991.0, &seed);
    ok = ok && S_number(rp, obj, "targetRps", 0, cfg->sim_max_rps, &spec->target_rps);
    if (ok && seed != floor(seed))
        ok = false, aw_reply_problem(rp, 400, "'seed' must be a whole number");
    spec->opt.seed = (uint64_t)seed, spec->opt.duration_s = duration, spec->opt.rps = rps;
    ok = ok && S_faults(rp, obj, spec);
    double offered = ok ? aw_sim_expected_requests(spec->m, &spec->opt) : 0;
    if (ok && !(offered <= cfg->sim_max_requests)) {
        aw_reply_problem(rp, 413, "the run would offer %.3g requests; the server simulates at most %.3g in one run "
                                  "(a shorter duration or a lower rate)", offered, cfg->sim_max_requests);
        ok = false;
    }
    if (ok)
        spec->request = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    return ok;
}

/* ---- a run as JSON ---- */

enum { S_LIVE = 1, S_WITH_DOC = 2 };

/* Writes run r: with S_LIVE, what the pool says of it while it is live
 * (else as stored); with S_WITH_DOC, its result, advice or error too. */
static void S_run_json(aw_request *rq, aw_strbuf *b, const aw_run *r, unsigned how)
{
    const char *state = r->state;
    double progress = strcmp(state, "done") == 0 ? 1 : 0;
    if (how & S_LIVE)
        aw_sim_jobs_live(rq->srv->sims, r->diagram_id, r->revision, r->number, &state, &progress);
    aw_strbuf_printf(b, "{\"run\": %" PRId64 ", \"revision\": %" PRId64 ", \"state\": \"%s\"", r->number,
                     r->revision, state);
    aw_json_time(b, "created", r->created_ms);
    aw_strbuf_printf(b, ", \"request\": %s, \"summary\": %s, \"progress\": ", r->options,
                     r->summary ? r->summary : "null");
    aw_strbuf_number(b, progress);
    /* The stored outcome is an object of result, advice or error: its
     * members join the run's. */
    size_t len = r->result ? strlen(r->result) : 0;
    if ((how & S_WITH_DOC) && len > 2 && r->result[0] == '{' && r->result[len - 1] == '}') {
        aw_strbuf_puts(b, ",\n");
        aw_strbuf_put(b, r->result + 1, len - 2);
    }
    aw_strbuf_puts(b, "}");
}

/* The reply for run number run of the request's revision. */
static void S_reply_run(aw_request *rq, aw_reply *rp, int64_t run, unsigned how)
{
    aw_run r;
    aw_store_status st = aw_store_run_get(rq->srv->store, rq->ids[0], rq->ids[1], run, &r);
    if (st == AW_STORE_OK) {
        S_run_json(rq, &rp->body, &r, how);
        aw_strbuf_puts(&rp->body, "\n");
    } else {
        aw_reply_store_status(rq, rp, st);
    }
    aw_run_free(&r);
}

/* ---- handlers ---- */

static const char S_refusal[] = "the revision has errors; only diagrams without errors are simulated";

void aw_api_simulation_start(aw_request *rq, aw_reply *rp)
{
    if (rq->body.len > S_MAX_REQUEST)
        return aw_reply_problem(rp, 413, "a simulation request is at most %d bytes", S_MAX_REQUEST);
    aw_sim_spec spec;
    memset(&spec, 0, sizeof spec);
    aw_arena_init(&spec.arena);
    if (aw_revision_checked(rq, rp, &spec.k, S_refusal) && (spec.m = aw_sim_model_build(spec.k.c.model, &spec.arena))
        && S_request(rq, rp, &spec)) {
        int64_t run = 0;
        aw_store_status st = AW_STORE_OK;
        switch (aw_sim_jobs_submit(rq->srv->sims, rq->ids[0], rq->ids[1], &spec, &run, &st)) {
        case AW_SIM_QUEUED:
            rp->status = 202;
            snprintf(rp->location, sizeof rp->location, "/api/diagrams/%" PRId64 "/revisions/%" PRId64 "/simulations/%" PRId64,
                     rq->ids[0], rq->ids[1], run);
            S_reply_run(rq, rp, run, 0);     /* as queued, whether or not a worker has it yet */
            rp->status = 202;
            break;
        case AW_SIM_FULL:
            aw_reply_problem(rp, 503, "%u simulations are queued or running, the server's limit; try again later",
                             rq->srv->cfg.sim_max_jobs);
            break;
        case AW_SIM_STORE_FAILED:
            aw_reply_store_status(rq, rp, st);
            break;
        }
    } else if (rp->status == 0 || rp->status == 200) {
        aw_reply_problem(rp, 500, "the simulation model could not be built");
    }
    aw_sim_spec_free(&spec);
}

/* Newest first: by creation time, then revision and number. */
static int S_newest_first(const void *a, const void *b)
{
    const aw_run *x = a, *y = b;
    if (x->created_ms != y->created_ms)
        return x->created_ms < y->created_ms ? 1 : -1;
    if (x->revision != y->revision)
        return x->revision < y->revision ? 1 : -1;
    return x->number < y->number ? 1 : x->number > y->number ? -1 : 0;
}

static void S_list(aw_request *rq, aw_reply *rp, int64_t revision)
{
    aw_run_list l;
    aw_store_status st = aw_store_runs(rq->srv->store, rq->ids[0], revision, &l);
    if (st != AW_STORE_OK) {
        aw_run_list_free(&l);
        return aw_reply_store_status(rq, rp, st);
    }
    if (l.count > 1)
        qsort(l.items, l.count, sizeof *l.items, S_newest_first);
    aw_strbuf_puts(&rp->body, "{\"runs\": [");
    for (size_t i = 0; i < l.count; i++) {
        aw_strbuf_puts(&rp->body, i ? ",\n  " : "\n  ");
        S_run_json(rq, &rp->body, &l.items[i], S_LIVE);
    }
    aw_strbuf_puts(&rp->body, l.count ? "\n]}\n" : "]}\n");
    aw_run_list_free(&l);
}

void aw_api_simulations_list(aw_request *rq, aw_reply *rp)
{
    S_list(rq, rp, rq->ids[1]);
}

void aw_api_diagram_simulations(aw_request *rq, aw_reply *rp)
{
    S_list(rq, rp, 0);
}

void aw_api_simulation_get(aw_request *rq, aw_reply *rp)
{
    S_reply_run(rq, rp, rq->ids[2], S_LIVE | S_WITH_DOC);
}

void aw_api_simulation_cancel(aw_request *rq, aw_reply *rp)
{
    if (aw_sim_jobs_cancel(rq->srv->sims, rq->ids[0], rq->ids[1], rq->ids[2])) {
        S_reply_run(rq, rp, rq->ids[2], S_LIVE);
        rp->status = 202;
        return;
    }
    aw_run r;
    aw_store_status st = aw_store_run_get(rq->srv->store, rq->ids[0], rq->ids[1], rq->ids[2], &r);
    bool live = st == AW_STORE_OK && (!strcmp(r.state, "queued") || !strcmp(r.state, "running"));
    if (live)   /* stored as live, but not this server's: another instance on the same database runs it */
        aw_reply_problem(rp, 409, "the run is %s on another server; cancel it there", r.state);
    else if (st == AW_STORE_OK)
        aw_reply_problem(rp, 409, "the run has already ended (%s)", r.state);
    else
        aw_reply_store_status(rq, rp, st);
    aw_run_free(&r);
}
