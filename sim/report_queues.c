/* The SQS consumers of a run in its reports: per queue, what was sent,
 * processed, returned and dead-lettered, the backlog and its age, the
 * consumer's concurrency, and a per-second series of the three. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "../emitters/json_writer.h"
#include "report.h"

static double S_round3(double v)
{
    return round(v * 1000.0) / 1000.0;
}

static void S_counts(aw_jw *w, const aw_sim_consumer_stats *s)
{
    static const struct {
        const char *key;
        size_t at;
    } counts[] = {
        {"sent", offsetof(aw_sim_consumer_stats, sent)},
        {"received", offsetof(aw_sim_consumer_stats, received)},
        {"deleted", offsetof(aw_sim_consumer_stats, deleted)},
        {"returned", offsetof(aw_sim_consumer_stats, returned)},
        {"deadLettered", offsetof(aw_sim_consumer_stats, dead_lettered)},
        {"redelivered", offsetof(aw_sim_consumer_stats, redelivered)},
        {"left", offsetof(aw_sim_consumer_stats, left)},
        {"batches", offsetof(aw_sim_consumer_stats, batches)},
        {"failedBatches", offsetof(aw_sim_consumer_stats, failed_batches)},
        {"throttledBatches", offsetof(aw_sim_consumer_stats, throttled)},
    };
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
        aw_jw_member_int(w, counts[i].key, (int64_t)*(const uint64_t *)((const char *)s + counts[i].at));
}

static void S_mean_max(aw_jw *w, const char *key, double mean, int64_t max)
{
    aw_jw_key(w, key);
    aw_jw_object_inline(w);
    aw_jw_member_number(w, "mean", S_round3(mean));
    aw_jw_member_int(w, "max", max);
    aw_jw_end_object(w);
}

static void S_queue(aw_jw *w, const aw_sim_consumer *c, const aw_sim_consumer_stats *s, double duration)
{
    aw_jw_object(w);
    aw_jw_member_string(w, "id", c->id);
    aw_jw_member_string(w, "queue", c->queue_node);
    aw_jw_member_string(w, "function", c->function_node);
    S_counts(w, s);
    S_mean_max(w, "backlog", s->backlog_area / duration, s->max_backlog);
    aw_jw_key(w, "ageMs");
    aw_jw_object_inline(w);
    aw_jw_member_number(w, "p50", S_round3(aw_hist_quantile(&s->wait, 0.5)));
    aw_jw_member_number(w, "p99", S_round3(aw_hist_quantile(&s->wait, 0.99)));
    aw_jw_member_number(w, "max", S_round3(s->wait.max_ms));
    aw_jw_end_object(w);
    S_mean_max(w, "concurrency", s->running_area / duration, s->max_running);
    aw_jw_key(w, "series");
    aw_jw_array(w);
    for (size_t i = 0; i < s->seconds; i++) {
        aw_jw_object_inline(w);
        aw_jw_member_int(w, "t", (int64_t)i);
        aw_jw_member_int(w, "backlog", s->series[i].backlog);
        aw_jw_member_number(w, "ageMs", S_round3(s->series[i].age_ms));
        aw_jw_member_int(w, "concurrency", s->series[i].running);
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
    aw_jw_end_object(w);
}

void aw_sim_report_queues_json(aw_jw *w, const aw_sim_model *m, const aw_sim_result *r)
{
    if (!r->consumer_count)
        return;
    aw_jw_key(w, "queues");
    aw_jw_array(w);
    for (size_t i = 0; i < r->consumer_count; i++)
        S_queue(w, &m->consumers[i], &r->consumers[i], r->duration_s);
    aw_jw_end_array(w);
}

void aw_sim_report_queues_text(const aw_sim_model *m, const aw_sim_result *r, aw_strbuf *out)
{
    for (size_t i = 0; i < r->consumer_count; i++) {
        const aw_sim_consumer_stats *s = &r->consumers[i];
        aw_strbuf_printf(out, "\nqueue %s -> %s: %llu sent, %llu processed, %llu returned, %llu dead-lettered, "
                         "%llu left; backlog %.1f mean, %lld max; age p99 %.0f ms, max %.0f ms; "
                         "%.1f batches at once (max %lld)\n",
                         m->consumers[i].queue_node, m->consumers[i].function_node, (unsigned long long)s->sent,
                         (unsigned long long)s->deleted, (unsigned long long)s->returned,
                         (unsigned long long)s->dead_lettered, (unsigned long long)s->left,
                         s->backlog_area / r->duration_s, (long long)s->max_backlog,
                         aw_hist_quantile(&s->wait, 0.99), s->wait.max_ms, s->running_area / r->duration_s,
                         (long long)s->max_running);
    }
}
