/* The advice of aw_sim_advise() for the terminal and as JSON (the
 * "advice" document of docs/simulation-format.md). */
#include <math.h>
#include <stdio.h>

#include "../emitters/json_writer.h"
#include "advise.h"

static void S_objective(const aw_sim_slo *slo, aw_strbuf *out)
{
    aw_strbuf_puts(out, "objective:");
    if (slo->latency_ms > 0)
        aw_strbuf_printf(out, " p%g at most %g ms,", slo->quantile * 100, slo->latency_ms);
    aw_strbuf_printf(out, " errors (answers other than 2xx) at most %g%%\n", slo->errors * 100);
}

static const char *S_limit(double v, char *buf, size_t size)
{
    if (v < 0)
        snprintf(buf, size, "none");
    else
        snprintf(buf, size, "%.0f", v);
    return buf;
}

static const char *S_rate(double v, char *buf, size_t size)
{
    snprintf(buf, size, v >= 100 ? "%.0f" : "%.3g", v);
    return buf;
}

void aw_sim_advice_text(const aw_sim_model *m, const aw_sim_advice *a, aw_strbuf *out)
{
    S_objective(&a->slo, out);
    char r[32];
    if (a->max_rps > 0)
        aw_strbuf_printf(out, "holds up to %s requests/s (the clients' mix at constant rates; %d simulations)%s\n",
                         S_rate(a->max_rps, r, sizeof r), a->runs,
                         a->max_rps < 10 ? ": at such rates the diagram's own error rates and latencies decide" : "");
    else
        aw_strbuf_printf(out, "holds no rate at all: even 0.01 requests/s misses it (%d simulations)\n", a->runs);
    if (a->target_rps <= 0)
        return;
    if (!a->change_count) {
        aw_strbuf_printf(out, "no limit stands in the way of %.0f requests/s\n", a->target_rps);
    } else {
        aw_strbuf_printf(out, "to hold %.0f requests/s, change:\n", a->target_rps);
        for (size_t i = 0; i < a->change_count; i++) {
            const aw_sim_change *c = &a->changes[i];
            const aw_sim_hop *h = &m->hops[c->hop];
            char from[32], to[32];
            aw_strbuf_printf(out, "  %s (%s): %s %s -> %s: %s\n", h->id, h->node ? h->node : "the account", c->what,
                             S_limit(c->from, from, sizeof from),
                             S_limit(c->to, to, sizeof to), c->why);
        }
    }
    aw_strbuf_printf(out, "with %s, %.0f requests/s gives p%g %.0f ms and %.3g%% errors: %s\n",
                     a->change_count ? "these changes" : "the diagram as it is", a->target_rps,
                     a->slo.quantile * 100, a->verified_p, a->verified_errors * 100,
                     a->verified ? "within the objective" : "still outside the objective (the diagram's own error "
                                                            "rates or latencies, which no limit changes)");
}

/* The change as the diagram's number: what the canvas applies. */
static void S_edit(aw_jw *w, const aw_sim_knob *k, double value)
{
    aw_jw_key(w, "edit");
    aw_jw_object_inline(w);
    aw_jw_key(w, "element");
    if (k->element)
        aw_jw_string(w, k->element);
    else
        aw_jw_raw_value(w, "null", 4);
    aw_jw_key(w, "path");
    aw_jw_array_inline(w);
    for (size_t i = 0; i < 4 && k->path[i]; i++)
        aw_jw_string(w, k->path[i]);
    aw_jw_end_array(w);
    aw_jw_member_number(w, "value", value);
    aw_jw_end_object(w);
}

void aw_sim_advice_json(const aw_sim_model *m, const aw_sim_advice *a, aw_strbuf *out)
{
    aw_jw w;
    aw_jw_init(&w, out);
    aw_jw_object(&w);
    aw_jw_member_int(&w, "simulationAdvice", 1);
    aw_jw_key(&w, "objective");
    aw_jw_object_inline(&w);
    aw_jw_member_number(&w, "quantile", a->slo.quantile);
    if (a->slo.latency_ms > 0)
        aw_jw_member_number(&w, "latencyMs", a->slo.latency_ms);
    aw_jw_member_number(&w, "errors", a->slo.errors);
    aw_jw_end_object(&w);
    aw_jw_member_number(&w, "maxRps", round(a->max_rps * 100) / 100);
    aw_jw_member_int(&w, "simulations", a->runs);
    if (a->target_rps > 0) {
        aw_jw_member_number(&w, "targetRps", a->target_rps);
        aw_jw_key(&w, "changes");
        aw_jw_array(&w);
        for (size_t i = 0; i < a->change_count; i++) {
            const aw_sim_change *c = &a->changes[i];
            aw_jw_object_inline(&w);
            aw_jw_member_string(&w, "hop", m->hops[c->hop].id);
            if (m->hops[c->hop].node)
                aw_jw_member_string(&w, "node", m->hops[c->hop].node);
            aw_jw_member_string(&w, "change", c->what);
            aw_jw_member_number(&w, "from", c->from);
            aw_jw_member_number(&w, "to", c->to);
            aw_jw_member_string(&w, "why", c->why);
            if (c->knob >= 0)
                S_edit(&w, &m->knobs[c->knob], c->to);
            aw_jw_end_object(&w);
        }
        aw_jw_end_array(&w);
        aw_jw_key(&w, "withChanges");
        aw_jw_object_inline(&w);
        aw_jw_member_bool(&w, "holds", a->verified);
        aw_jw_member_number(&w, "latencyMs", round(a->verified_p * 1000) / 1000);
        aw_jw_member_number(&w, "errors", round(a->verified_errors * 1e6) / 1e6);
        aw_jw_end_object(&w);
    }
    aw_jw_end_object(&w);
    aw_jw_finish(&w);
}
