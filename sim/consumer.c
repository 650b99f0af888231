/* SQS queues and their Lambda event source mappings while a simulation
 * runs: a successful call to a queue's hop leaves a message; the mapping
 * takes batches (full, or once the oldest has waited the batching window)
 * as many at once as its scaling allows (five when messages appear, 300
 * more a minute while they wait, at most 1000 or maximumConcurrency, one
 * per message group on a FIFO queue) and the function's concurrency takes;
 * a batch that fails comes back after the visibility timeout, until
 * maxReceiveCount sends it to the dead-letter queue; a batch that runs past
 * the visibility timeout is received again. No batch starts after the run's
 * end: what waits then is left. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_state.h"

/* Lambda's poller looks again this long after the function refused a
 * batch (throttled). */
#define S_RETRY_S 1.0

/* ---- books ------------------------------------------------------------------- */

static aw_sim_consumer_stats *S_stats(aw_sim_engine *e, const aw_sim_consumer_state *c)
{
    return &e->res->consumers[c - e->consumers];
}

/* Brings the integrals up to now and notes the second's figures. */
static void S_account(aw_sim_engine *e, aw_sim_consumer_state *c)
{
    aw_sim_consumer_stats *st = S_stats(e, c);
    double dt = e->now - c->last;
    st->backlog_area += (double)c->len * dt;
    st->running_area += (double)c->running * dt;
    c->last = e->now;
    if ((int64_t)c->len > st->max_backlog)
        st->max_backlog = (int64_t)c->len;
    if (c->running > st->max_running)
        st->max_running = c->running;
    size_t s = e->now < 0 ? 0 : (size_t)e->now;
    if (!st->seconds)
        return;
    aw_sim_queue_second *sec = &st->series[s < st->seconds ? s : st->seconds - 1];
    if ((int64_t)c->len > sec->backlog)
        sec->backlog = (int64_t)c->len;
    if (c->running > sec->running)
        sec->running = c->running;
    double age = c->len ? (e->now - c->ring[c->first].sent) * 1000.0 : 0.0;
    if (age > sec->age_ms)
        sec->age_ms = age;
}

/* ---- the visible ring and the returned heap ---------------------------------------- */

static bool S_ring_room(aw_sim_engine *e, aw_sim_consumer_state *c)
{
    if (c->len < c->cap)
        return true;
    size_t cap = c->cap ? c->cap * 2 : 64;
    aw_sim_msg *ring = malloc(cap * sizeof *ring);
    if (!ring) {
        e->out_of_memory = true;
        return false;
    }
    for (size_t i = 0; i < c->len; i++)
        ring[i] = c->ring[(c->first + i) % c->cap];
    free(c->ring);
    c->ring = ring, c->cap = cap, c->first = 0;
    return true;
}

static void S_push_back(aw_sim_engine *e, aw_sim_consumer_state *c, aw_sim_msg m)
{
    if (S_ring_room(e, c))
        c->ring[(c->first + c->len++) % c->cap] = m;
}

/* Back at the head: a batch the function refused keeps its place. */
static void S_push_front(aw_sim_engine *e, aw_sim_consumer_state *c, aw_sim_msg m)
{
    if (!S_ring_room(e, c))
        return;
    c->first = (c->first + c->cap - 1) % c->cap;
    c->ring[c->first] = m;
    c->len++;
}

static aw_sim_msg S_pop_front(aw_sim_consumer_state *c)
{
    aw_sim_msg m = c->ring[c->first];
    c->first = (c->first + 1) % c->cap;
    c->len--;
    return m;
}

static void S_hide(aw_sim_engine *e, aw_sim_consumer_state *c, aw_sim_msg m)
{
    if (c->hidden_len == c->hidden_cap) {
        size_t cap = c->hidden_cap ? c->hidden_cap * 2 : 64;
        aw_sim_msg *h = realloc(c->hidden, cap * sizeof *h);
        if (!h) {
            e->out_of_memory = true;
            return;
        }
        c->hidden = h, c->hidden_cap = cap;
    }
    size_t i = c->hidden_len++;
    while (i && c->hidden[(i - 1) / 2].visible_at > m.visible_at) {
        c->hidden[i] = c->hidden[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    c->hidden[i] = m;
}

static aw_sim_msg S_unhide(aw_sim_consumer_state *c)
{
    aw_sim_msg top = c->hidden[0], last = c->hidden[--c->hidden_len];
    size_t i = 0;
    for (;;) {
        size_t k = 2 * i + 1;
        if (k >= c->hidden_len)
            break;
        if (k + 1 < c->hidden_len && c->hidden[k + 1].visible_at < c->hidden[k].visible_at)
            k++;
        if (!(c->hidden[k].visible_at < last.visible_at))
            break;
        c->hidden[i] = c->hidden[k];
        i = k;
    }
    if (c->hidden_len)
        c->hidden[i] = last;
    return top;
}

/* ---- batches ------------------------------------------------------------------ */

static int64_t S_slot(aw_sim_engine *e, aw_sim_consumer_state *c)
{
    if (c->free_slot >= 0) {
        int64_t s = c->free_slot;
        c->free_slot = c->slots[s].next_free;
        return s;
    }
    aw_sim_batch *slots = realloc(c->slots, (c->slot_count + 1) * sizeof *slots);
    aw_sim_msg *msgs = malloc((size_t)c->def->batch_size * sizeof *msgs);
    if (!slots || !msgs) {
        free(msgs);
        c->slots = slots ? slots : c->slots;
        e->out_of_memory = true;
        return -1;
    }
    c->slots = slots;
    c->slots[c->slot_count] = (aw_sim_batch){.msgs = msgs, .next_free = -1};
    return (int64_t)c->slot_count++;
}

static void S_slot_free(aw_sim_consumer_state *c, int64_t s)
{
    c->slots[s].next_free = c->free_slot;
    c->free_slot = s;
}

static void S_arm(aw_sim_engine *e, aw_sim_consumer_state *c, double at)
{
    if (at >= c->timer_at || at >= e->duration)
        return;
    c->timer_at = at;
    uint32_t n = (uint32_t)(e->m->hop_count + (size_t)(c - e->consumers));
    e->out_of_memory |= !aw_heap_push(&e->heap, at, AW_EVENT_TIMER | n);
}

/* Batches it may run at once now: its scaling grows while messages wait
 * and shrinks back to the start when none do, at the same pace. */
static int64_t S_limit(aw_sim_engine *e, aw_sim_consumer_state *c)
{
    c->allowed = aw_sim_sqs_scaled(c->allowed, c->pressing, e->now - c->scaled);
    c->scaled = e->now;
    return (int64_t)aw_sim_sqs_limit(c->def, c->allowed);
}

/* Takes the head's batch to the function: false when it refused it (the
 * messages stay). */
static bool S_start(aw_sim_engine *e, aw_sim_consumer_state *c, size_t n)
{
    int64_t s = S_slot(e, c);
    aw_sim_req *q = s >= 0 ? aw_sim_req_new(e) : NULL;
    if (!q) {
        if (s >= 0)
            S_slot_free(c, s);
        return false;
    }
    aw_sim_batch *b = &c->slots[s];
    for (b->count = 0; b->count < n; b->count++)
        b->msgs[b->count] = S_pop_front(c);
    b->received = e->now;
    q->batch = 1;
    q->route = (uint32_t)(c - e->consumers);
    q->key = (uint32_t)s;
    q->phase = S_PH_TARGET;
    q->at = c->def->function;
    q->t0 = q->t_integ = q->t_target = e->now;
    aw_sim_consumer_stats *st = S_stats(e, c);
    if (aw_sim_hop_enter(e, q->at, q) < 0) {
        st->throttled++;
        while (b->count)
            S_push_front(e, c, b->msgs[--b->count]);
        S_slot_free(c, s);
        aw_sim_req_free(e, q);
        c->backoff_until = e->now + S_RETRY_S;
        S_arm(e, c, c->backoff_until);
        return false;
    }
    st->batches++;
    st->received += n;
    for (size_t i = 0; i < n; i++) {
        b->msgs[i].receives++;
        aw_hist_add(&st->wait, (e->now - b->msgs[i].sent) * 1000.0);
    }
    c->running++;
    aw_sim_engine_begin(e, q);
    return true;
}

/* Starts what may start now; sets the timer for what waits on time. */
static void S_poll(aw_sim_engine *e, aw_sim_consumer_state *c)
{
    const aw_sim_consumer *d = c->def;
    S_account(e, c);
    while (c->hidden_len && c->hidden[0].visible_at <= e->now)
        S_push_back(e, c, S_unhide(c));
    int64_t limit = S_limit(e, c);
    while (e->now < e->duration && e->now >= c->backoff_until && c->len && c->running < limit && !e->out_of_memory) {
        size_t n = c->len < (size_t)d->batch_size ? c->len : (size_t)d->batch_size;
        double ready = c->ring[c->first].sent + d->batch_window_ms / 1000.0;
        if (n < (size_t)d->batch_size && ready > e->now) {
            S_arm(e, c, ready);
            break;
        }
        if (!S_start(e, c, n))
            break;
    }
    c->pressing = c->len > 0;
    if (c->hidden_len)
        S_arm(e, c, c->hidden[0].visible_at);
    S_account(e, c);
}

/* ---- the engine's calls ------------------------------------------------------------ */

void aw_sim_queue_put(aw_sim_engine *e, uint32_t h)
{
    aw_sim_consumer_state *c = &e->consumers[e->hops[h].consumer];
    S_account(e, c);
    S_stats(e, c)->sent++;
    S_push_back(e, c, (aw_sim_msg){.sent = e->now});
    S_poll(e, c);
}

void aw_sim_consumer_timer(aw_sim_engine *e, uint32_t i)
{
    aw_sim_consumer_state *c = &e->consumers[i];
    c->timer_at = INFINITY;
    S_poll(e, c);
}

void aw_sim_consumer_done(aw_sim_engine *e, aw_sim_req *q, aw_sim_cause cause)
{
    aw_sim_consumer_state *c = &e->consumers[q->route];
    const aw_sim_consumer *d = c->def;
    aw_sim_consumer_stats *st = S_stats(e, c);
    aw_sim_batch *b = &c->slots[q->key];
    S_account(e, c);
    c->running--;
    bool late = (e->now - b->received) * 1000.0 > d->visibility_ms;
    st->failed_batches += cause != AW_SIM_OK;
    for (size_t i = 0; i < b->count; i++) {
        aw_sim_msg m = b->msgs[i];
        if (cause == AW_SIM_OK && !late) {
            st->deleted++;
        } else if (cause == AW_SIM_OK) {
            st->redelivered++;      /* visible again since received + visibility: a second run */
            S_push_back(e, c, m);
        } else if (d->max_receives > 0 && m.receives >= (uint32_t)d->max_receives) {
            st->dead_lettered++;
        } else {
            st->returned++;
            m.visible_at = b->received + d->visibility_ms / 1000.0;
            S_hide(e, c, m);
        }
    }
    S_slot_free(c, q->key);
    aw_sim_req_free(e, q);
    S_poll(e, c);
}

/* ---- set-up and end ------------------------------------------------------------------ */

bool aw_sim_consumers_init(aw_sim_engine *e)
{
    const aw_sim_model *m = e->m;
    size_t n = m->consumer_count;
    e->consumers = calloc(n ? n : 1, sizeof *e->consumers);
    e->res->consumers = calloc(n ? n : 1, sizeof *e->res->consumers);
    if (!e->consumers || !e->res->consumers)
        return false;
    e->res->consumer_count = n;
    for (size_t h = 0; h < m->hop_count; h++)
        e->hops[h].consumer = -1;
    size_t seconds = (size_t)ceil(e->duration) + 1;
    for (size_t i = 0; i < n; i++) {
        aw_sim_consumer_state *c = &e->consumers[i];
        c->def = &m->consumers[i];
        c->allowed = AW_SIM_SQS_START;
        c->free_slot = -1;
        c->timer_at = INFINITY;
        /* One consumer per queue: a second mapping on the same queue would
         * compete for its messages, which the model does not split. */
        if (e->hops[c->def->queue].consumer < 0)
            e->hops[c->def->queue].consumer = (int32_t)i;
        aw_sim_consumer_stats *st = &e->res->consumers[i];
        if (!(st->series = calloc(seconds, sizeof *st->series)))
            return false;
        st->seconds = seconds;
    }
    return true;
}

void aw_sim_consumers_finish(aw_sim_engine *e)
{
    for (size_t i = 0; i < e->m->consumer_count; i++) {
        aw_sim_consumer_state *c = &e->consumers[i];
        S_account(e, c);
        e->res->consumers[i].left = c->len + c->hidden_len;
    }
}

void aw_sim_consumers_free(aw_sim_engine *e)
{
    for (size_t i = 0; e->consumers && i < e->m->consumer_count; i++) {
        aw_sim_consumer_state *c = &e->consumers[i];
        for (size_t s = 0; s < c->slot_count; s++)
            free(c->slots[s].msgs);
        free(c->slots), free(c->ring), free(c->hidden);
    }
    free(e->consumers);
}
