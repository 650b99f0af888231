/* SQS consumers in the fluid model (see fluid_queues.h). Messages are
 * counted by how often they have been received (up to the redrive's
 * maxReceiveCount, else up to S_CLASSES, the last class holding the rest),
 * so that the dead-letter queue takes the right share and a message back
 * from a failed batch is as old as its earlier receives made it; those
 * that come back later wait in a delay line of slots. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "erlang.h"
#include "fluid_queues.h"
#include "hist.h"
#include "sim_model.h"

/* The delay line's length at most: a long visibility timeout is kept in
 * coarser slots (within 1/4096 of it). */
#define S_MAX_SLOTS 4096
#define S_CLASSES 4

struct aw_fluid_queue {
    const aw_sim_consumer *def;
    double *backlog;            /* visible messages, by receives so far */
    double *line;               /* coming back: slot x class */
    size_t classes, slots, slot_steps, head;
    size_t step;
    double allowed, batch_rate;
    double out_rate;            /* messages received per second, smoothed over about a second */
    double wait_s;              /* the wait of the messages received last */
    bool pressing;
    double *residual;           /* by class: fractions of messages not yet in the wait histogram */
    double *takes;              /* by class: received this step */
    double sent, received, deleted, returned, dead, redelivered, batches, failed_batches, throttled;
};

bool aw_fluid_queues_init(aw_fluid_queues *qs, const aw_sim_model *m, aw_sim_result *res, double dt, double duration)
{
    size_t n = m->consumer_count;
    *qs = (aw_fluid_queues){.m = m, .res = res, .dt = dt, .duration = duration};
    qs->q = calloc(n ? n : 1, sizeof *qs->q);
    res->consumers = calloc(n ? n : 1, sizeof *res->consumers);
    if (!qs->q || !res->consumers)
        return false;
    res->consumer_count = n;
    size_t seconds = (size_t)ceil(duration) + 1;
    for (size_t i = 0; i < n; i++) {
        aw_fluid_queue *q = &qs->q[i];
        q->def = &m->consumers[i];
        q->classes = q->def->max_receives > 0 ? (size_t)q->def->max_receives : S_CLASSES;
        double steps = ceil(q->def->visibility_ms / 1000.0 / dt) + 1;
        q->slot_steps = steps > S_MAX_SLOTS ? (size_t)ceil(steps / S_MAX_SLOTS) : 1;
        q->slots = (size_t)ceil(steps / (double)q->slot_steps) + 2;
        q->allowed = AW_SIM_SQS_START;
        q->backlog = calloc(q->classes, sizeof *q->backlog);
        q->line = calloc(q->slots * q->classes, sizeof *q->line);
        q->residual = calloc(q->classes, sizeof *q->residual);
        q->takes = calloc(q->classes, sizeof *q->takes);
        res->consumers[i].series = calloc(seconds, sizeof *res->consumers[i].series);
        res->consumers[i].seconds = seconds;
        if (!q->backlog || !q->line || !q->residual || !q->takes || !res->consumers[i].series)
            return false;
    }
    return true;
}

double aw_fluid_queues_batch_rate(const aw_fluid_queues *qs, size_t i)
{
    return qs->q[i].batch_rate;
}

static double S_sum(const double *v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

/* Messages of class k come back (visible) after `delay_s`. */
static void S_later(const aw_fluid_queues *qs, aw_fluid_queue *q, size_t k, double amount, double delay_s)
{
    double slots = ceil(delay_s / qs->dt / (double)q->slot_steps);
    size_t ahead = slots < 1 ? 1 : slots >= (double)q->slots ? q->slots - 1 : (size_t)slots;
    q->line[((q->head + ahead) % q->slots) * q->classes + k] += amount;
}

/* The batches the mapping may run at once: its scaling grows while messages
 * wait and shrinks back to the start when none do, at the same pace. */
static double S_limit(const aw_fluid_queues *qs, aw_fluid_queue *q)
{
    q->allowed = aw_sim_sqs_scaled(q->allowed, q->pressing, qs->dt);
    return aw_sim_sqs_limit(q->def, q->allowed);
}

/* What the received messages of class k become: deleted, received again
 * (their batch outlived the visibility timeout), dead-lettered or back
 * after the timeout. */
static void S_outcome(const aw_fluid_queues *qs, aw_fluid_queue *q, size_t k, double got, const aw_fluid_queue_step *in)
{
    const aw_sim_consumer *d = q->def;
    size_t next = k + 1 < q->classes ? k + 1 : q->classes - 1;
    double ok = got * (1.0 - in->failed), failed = got - ok;
    q->deleted += ok * (1.0 - in->late);
    q->redelivered += ok * in->late;
    S_later(qs, q, next, ok * in->late, in->hold_s);
    if (d->max_receives > 0 && k + 1 >= (size_t)d->max_receives) {
        q->dead += failed;
    } else {
        q->returned += failed;
        S_later(qs, q, next, failed, d->visibility_ms / 1000.0);
    }
}

/* How long the messages received now waited: the backlog left drains at
 * the rate messages leave (first in, first out; while none leave, the
 * oldest just ages); and a message that found every batch running (with
 * chance busy) waits for one to end: as in M/M/c with batches of one (the
 * Erlang C wait, at most ten batches' time: near the limit the backlog
 * takes over), half the time between two ends with larger ones. */
static double S_wait_s(aw_fluid_queue *q, double dt, double left, double got, double limit, double hold_s, double busy)
{
    q->out_rate = q->out_rate > 0 ? q->out_rate + (got / dt - q->out_rate) * fmin(1.0, dt) : got / dt;
    if (left < 0.5)
        q->wait_s = 0.0;
    else if (got > 0 && q->out_rate > 0)
        q->wait_s = left / q->out_rate;
    else
        q->wait_s += dt;
    double a = q->batch_rate * hold_s;
    if (!(limit >= 1 && hold_s > 0 && busy > 0))
        return q->wait_s;
    if (q->def->batch_size > 1 || a >= limit)
        return q->wait_s + busy * hold_s / (2.0 * limit);
    return q->wait_s + fmin(busy * hold_s / (limit - a), 10.0 * hold_s);
}

/* The ages of `got` messages of class k received now, which waited wait_ms
 * this time and a visibility timeout for each earlier receive. */
static void S_ages(aw_fluid_queue *q, aw_sim_consumer_stats *st, size_t k, double got, double wait_ms)
{
    q->residual[k] += got;
    double whole = floor(q->residual[k]);
    q->residual[k] -= whole;
    if (whole > 0)
        aw_hist_add_n(&st->wait, wait_ms + (double)k * q->def->visibility_ms, (uint64_t)whole);
}

static void S_books(const aw_fluid_queues *qs, aw_sim_consumer_stats *st, double t, double backlog, double running,
                    double wait_ms)
{
    double dt = qs->dt;
    st->backlog_area += backlog * dt;
    st->running_area += running * dt;
    int64_t b = llround(backlog), r = (int64_t)ceil(running - 1e-9);
    st->max_backlog = b > st->max_backlog ? b : st->max_backlog;
    st->max_running = r > st->max_running ? r : st->max_running;
    size_t s = (size_t)t < st->seconds ? (size_t)t : st->seconds - 1;
    aw_sim_queue_second *sec = &st->series[s];
    sec->backlog = b > sec->backlog ? b : sec->backlog;
    sec->running = r > sec->running ? r : sec->running;
    sec->age_ms = fmax(sec->age_ms, backlog >= 0.5 ? wait_ms : 0.0);
}

static void S_step_one(const aw_fluid_queues *qs, aw_fluid_queue *q, aw_sim_consumer_stats *st, double t,
                       const aw_fluid_queue_step *in)
{
    const aw_sim_consumer *d = q->def;
    double dt = qs->dt;
    if (q->step++ % q->slot_steps == 0) {   /* this slot's messages are visible again */
        q->head = (q->head + 1) % q->slots;
        double *due = &q->line[q->head * q->classes];
        for (size_t k = 0; k < q->classes; k++)
            q->backlog[k] += due[k], due[k] = 0;
    }
    q->sent += in->sent;
    q->backlog[0] += in->sent;
    double backlog = S_sum(q->backlog, q->classes), limit = S_limit(qs, q);
    double hold = in->hold_s > 0 ? in->hold_s : dt;
    /* Batches this step: a message that finds a batch slot free starts its
     * own; one that finds them all running (Erlang C's chance, if messages
     * were batches of one) waits for the next to end, which takes it with
     * those that came meanwhile (half the arrivals of a slot's time); never
     * more batches than end at the limit, nor more than batchSize each. */
    double offered = backlog / dt, cap = t < qs->duration ? limit / hold : 0.0;
    double a = offered * hold, busy = a < limit ? aw_erlang_c(limit, a) : 1.0, slots_busy = busy;
    double grouped = d->batch_size > 1 ? 1.0 + a / (2.0 * limit) : 1.0;
    /* A batching window holds a batch until it is full or its first
     * message has waited the window: batches of what arrives meanwhile,
     * their messages waiting half that on average. */
    double arriving = in->sent / dt, fill_s = 0.0;
    if (d->batch_window_ms > 0 && d->batch_size > 1 && arriving > 0) {
        fill_s = fmin(d->batch_window_ms / 1000.0, ((double)d->batch_size - 1.0) / arriving);
        grouped = fmax(grouped, fmin((double)d->batch_size, 1.0 + arriving * fill_s));
        busy = 1.0;
    }
    double rate = fmin(cap, (1.0 - busy) * offered + busy * offered / grouped);
    rate = fmax(rate, fmin(cap, offered / (double)d->batch_size));
    double want = rate * dt, got = fmin(backlog, want * (double)d->batch_size);
    double started = want * (1.0 - in->refused);
    got *= 1.0 - in->refused;
    if (in->refused > 0 && want > 0)
        q->throttled += dt;     /* refused, the poller tries again a second later */
    double *takes = q->takes;
    for (size_t k = 0; k < q->classes; k++) {
        takes[k] = backlog > 0 && got > 0 ? got * q->backlog[k] / backlog : 0.0;
        q->backlog[k] -= takes[k];
        S_outcome(qs, q, k, takes[k], in);
    }
    q->received += got;
    q->batches += started;
    q->failed_batches += started * in->failed;
    q->batch_rate = started / dt;
    double left = S_sum(q->backlog, q->classes);
    q->pressing = left >= 1.0 || slots_busy >= 0.5;    /* messages wait for a batch to end */
    double wait_ms = (S_wait_s(q, dt, left, got, limit, hold, slots_busy) + fill_s / 2.0) * 1000.0;
    for (size_t k = 0; k < q->classes; k++)
        S_ages(q, st, k, takes[k], wait_ms);
    S_books(qs, st, t, left, q->batch_rate * hold, wait_ms);
}

void aw_fluid_queues_step(aw_fluid_queues *qs, double t, const aw_fluid_queue_step *in)
{
    for (size_t i = 0; i < qs->m->consumer_count; i++)
        S_step_one(qs, &qs->q[i], &qs->res->consumers[i], t, &in[i]);
}

static uint64_t S_count(double v)
{
    return v > 0 ? (uint64_t)llround(v) : 0;
}

void aw_fluid_queues_finish(aw_fluid_queues *qs)
{
    for (size_t i = 0; i < qs->m->consumer_count; i++) {
        aw_fluid_queue *q = &qs->q[i];
        aw_sim_consumer_stats *st = &qs->res->consumers[i];
        st->sent = S_count(q->sent), st->received = S_count(q->received), st->deleted = S_count(q->deleted);
        st->returned = S_count(q->returned), st->dead_lettered = S_count(q->dead);
        st->redelivered = S_count(q->redelivered), st->batches = S_count(q->batches);
        st->failed_batches = S_count(q->failed_batches), st->throttled = S_count(q->throttled);
        st->left = S_count(S_sum(q->backlog, q->classes) + S_sum(q->line, q->slots * q->classes));
    }
}

void aw_fluid_queues_free(aw_fluid_queues *qs)
{
    for (size_t i = 0; qs->q && i < qs->m->consumer_count; i++)
        free(qs->q[i].backlog), free(qs->q[i].line), free(qs->q[i].residual), free(qs->q[i].takes);
    free(qs->q);
    qs->q = NULL;
}
