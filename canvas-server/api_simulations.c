/* Simulations over HTTP: start one of a revision (checked first, run by the
 * job pool off the request thread), follow or cancel it, and read the
 * revision's run history from the store. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "http.h"

/* ---- the options a run takes ---- */

static const char *const S_engines[] = {"auto", "discrete", "fluid"};   /* aw_sim_engine_kind order */

/* A number field of obj in (lo, hi], or dflt when absent; false with the
 * reply set when it is something else. */
static bool S_number(aw_reply *rp, json_t *obj, const char *key, double lo, double hi, double dflt, double *out)
{
    json_t *v = json_object_get(obj, key);
    *out = dflt;
    if (!v)
        return true;
    if (!json_is_number(v) || !(json_number_value(v) > lo && json_number_value(v) <= hi)) {
        aw_reply_problem(rp, 400, "'%s' must be a number above %g and at most %g", key, lo, hi);
        return false;
    }
    *out = json_number_value(v);
    return true;
}

static bool S_engine(aw_reply *rp, json_t *obj, aw_sim_engine_kind *out)
{
    json_t *v = json_object_get(obj, "engine");
    *out = AW_SIM_AUTO;
    for (size_t i = 0; v && i < sizeof S_engines / sizeof S_engines[0]; i++)
        if (json_is_string(v) && strcmp(json_string_value(v), S_engines[i]) == 0)
            return *out = (aw_sim_engine_kind)i, true;
    if (v)
        aw_reply_problem(rp, 400, "'engine' must be \"auto\", \"discrete\" or \"fluid\"");
    return !v;
}

/* Reads the body's options (all optional: {"seed", "duration", "rps",
 * "engine"}) into opt, and their full spelling, defaults included, into
 * canon; false with the reply set when they are wrong. */
static bool S_options(aw_request *rq, aw_reply *rp, aw_sim_options *opt, aw_strbuf *canon)
{
    memset(opt, 0, sizeof *opt);
    json_error_t err;
    json_t *obj = rq->body.len ? json_loadb(rq->body.data, rq->body.len, 0, &err) : json_object();
    const char *known[] = {"seed", "duration", "rps", "engine"};
    bool ok = json_is_object(obj);
    if (!ok)
        aw_reply_problem(rp, 400, "the body must be a JSON object of run options (or empty)");
    const char *key;
    json_t *value;
    json_object_foreach(ok ? obj : NULL, key, value) {
        size_t i = 0;
        while (i < 4 && strcmp(key, known[i]) != 0)
            i++;
        if (i == 4) {
            aw_reply_problem(rp, 400, "unknown run option '%.60s' (known: seed, duration, rps, engine)", key);
            ok = false;
            break;
        }
    }
    double seed = 1, duration = 0, rps = 0;
    ok = ok && S_number(rp, obj, "seed", -1, 9007199254740991.0, 1, &seed);
    if (ok && seed != floor(seed))
        ok = false, aw_reply_problem(rp, 400, "'seed' must be a whole number");
    ok = ok && S_number(rp, obj, "duration", 0, rq->srv->cfg.sim_max_duration_s, 0, &duration);
    ok = ok && S_number(rp, obj, "rps", 0, 1e9, 0, &rps);
    ok = ok && S_engine(rp, obj, &opt->engine);
    json_decref(obj);
    opt->seed = (uint64_t)seed, opt->duration_s = duration, opt->rps = rps;
    aw_strbuf_printf(canon, "{\"seed\": %" PRIu64 ", \"duration\": %.17g, \"rps\": %.17g, \"engine\": \"%s\"}",
                     opt->seed, duration, rps, S_engines[opt->engine]);
    return ok;
}

/* ---- handlers ---- */

void aw_api_simulation_start(aw_request *rq, aw_reply *rp)
{
    aw_sim_options opt;
    aw_strbuf canon = AW_STRBUF_INIT;
    aw_checked k;
    memset(&k, 0, sizeof k);
    if (S_options(rq, rp, &opt, &canon)
        && aw_revision_checked(rq, rp, &k, "the revision has errors; only diagrams without errors are simulated")) {
        int64_t job = aw_sim_jobs_submit(rq->srv->sims, rq->ids[0], rq->ids[1], &k, &opt, canon.data);
        if (!job) {
            aw_reply_problem(rp, 503, "%u simulations are queued or running, the server's limit; try again later",
                             rq->srv->cfg.sim_max_jobs);
        } else {
            rp->status = 202;
            snprintf(rp->location, sizeof rp->location, "/api/simulations/%" PRId64, job);
            aw_sim_jobs_describe(rq->srv->sims, job, &rp->body);
            aw_strbuf_puts(&rp->body, "\n");
        }
    }
    aw_checked_free(&k);
    aw_strbuf_free(&canon);
}

static void S_run_json(aw_strbuf *b, const aw_run *r)
{
    aw_strbuf_printf(b, "{\"run\": %" PRId64 ", \"revision\": %" PRId64 ", \"state\": \"%s\"", r->number, r->revision,
                     r->state);
    aw_json_time(b, "created", r->created_ms);
    aw_strbuf_printf(b, ", \"options\": %s", r->options);
    if (r->result)
        aw_strbuf_printf(b, ",\n\"result\": %s", r->result);
    aw_strbuf_puts(b, "}");
}

void aw_api_simulations_list(aw_request *rq, aw_reply *rp)
{
    aw_run_list l;
    aw_store_status st = aw_store_runs(rq->srv->store, rq->ids[0], rq->ids[1], &l);
    if (st != AW_STORE_OK) {
        aw_run_list_free(&l);
        return aw_reply_store_status(rq, rp, st);
    }
    aw_strbuf_puts(&rp->body, "{\"runs\": [");
    for (size_t i = 0; i < l.count; i++) {
        aw_strbuf_puts(&rp->body, i ? ",\n  " : "\n  ");
        S_run_json(&rp->body, &l.items[i]);
    }
    aw_strbuf_puts(&rp->body, l.count ? "\n]}\n" : "]}\n");
    aw_run_list_free(&l);
}

void aw_api_simulation_get(aw_request *rq, aw_reply *rp)
{
    aw_run r;
    aw_store_status st = aw_store_run_get(rq->srv->store, rq->ids[0], rq->ids[1], rq->ids[2], &r);
    if (st == AW_STORE_OK) {
        S_run_json(&rp->body, &r);
        aw_strbuf_puts(&rp->body, "\n");
        rp->cache = "private, max-age=31536000, immutable";     /* a stored run never changes */
    } else {
        aw_reply_store_status(rq, rp, st);
    }
    aw_run_free(&r);
}

void aw_api_job_get(aw_request *rq, aw_reply *rp)
{
    if (!aw_sim_jobs_describe(rq->srv->sims, rq->ids[0], &rp->body))
        return aw_reply_problem(rp, 404, "no such simulation (the server keeps the latest ones it ran)");
    aw_strbuf_puts(&rp->body, "\n");
}

void aw_api_job_cancel(aw_request *rq, aw_reply *rp)
{
    switch (aw_sim_jobs_cancel(rq->srv->sims, rq->ids[0])) {
    case AW_SIM_CANCELLED:
        rp->status = 202;
        aw_sim_jobs_describe(rq->srv->sims, rq->ids[0], &rp->body);
        aw_strbuf_puts(&rp->body, "\n");
        return;
    case AW_SIM_ALREADY_ENDED:
        return aw_reply_problem(rp, 409, "the simulation has already ended");
    case AW_SIM_NO_SUCH_JOB:
        return aw_reply_problem(rp, 404, "no such simulation (the server keeps the latest ones it ran)");
    }
}
