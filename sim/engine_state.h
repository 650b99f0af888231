/* The discrete-event engine's run-time state, shared by engine.c (requests
 * and the event loop) and hop_state.c (what each hop admits and when it
 * frees). Private to the simulator. */
#ifndef AW_SIM_ENGINE_STATE_H
#define AW_SIM_ENGINE_STATE_H

#include <stddef.h>
#include <string.h>

#include "heap.h"
#include "rng.h"
#include "second_latency.h"
#include "sim.h"

/* Inlined whatever the compiler's estimate: the few steps every request
 * takes, each called from two or three places. */
#define AW_SIM_HOT static inline __attribute__((always_inline))

/* Where a request is: its authorizer's function, its target's own work,
 * a call, or waiting for the connection its target holds throughout. */
enum { S_PH_AUTH, S_PH_TARGET, S_PH_CALL, S_PH_HOLD };

/* A request in flight; lives from arrival to answer (or, if it gave up
 * waiting in a queue, until the queue lets go of it). */
typedef struct aw_sim_req {
    double t0, t_integ, t_target, t_call, t_start;  /* seconds: arrival, integration, entries, service */
    double t_held;                  /* since when it holds `held` */
    struct aw_sim_req *next;        /* queue or free list */
    uint32_t id;                    /* its place in the blocks: what its event names */
    /* From here on zero when it is made (aw_sim_req_new). */
    struct aw_sim_req *parent;      /* a call's own chain: the caller waiting for it, else NULL */
    uint32_t route, at, callee, key;
    uint32_t call, left;            /* the target's call being made, and repeats left */
    uint32_t held;                  /* 1 + the hop whose connection it holds, 0 none */
    uint8_t phase, cause, cold, reached, cache_miss, queued, call_held;
    uint8_t depth;                  /* how many callers wait above it */
    uint8_t batch;                  /* an SQS consumer's batch: route = the consumer, key = its slot */
    uint8_t direct;                 /* went straight to its plain target (aw_sim_engine_plan) */
} aw_sim_req;

typedef struct aw_sim_hop_state {
    const aw_sim_hop *def;
    aw_sim_hop_stats *st;           /* its figures in the result: &res->hops[h], kept at hand */
    double tokens, refilled;        /* bucket, service rate limit */
    double scale_tokens, scaled;    /* Lambda: environments that may still start */
    double fault_tokens, fault_refilled;
    int64_t busy, envs, queue_len;
    int64_t slots;                  /* servers without a fault (aw_sim_hop_slots) */
    aw_sim_req *head, *tail;
    double last;                    /* time of the last change of busy or queue_len */
    double *expiry;                 /* authorizer identities, cache keys */
    double timer_at;                /* the pending queue-timeout timer, INFINITY none */
    double *idle;                   /* Lambda: when each idle environment went idle, a ring: */
    size_t idle_first, idle_len, idle_cap;      /* the oldest first, reused newest first; cap a power of 2 */
    bool has_fault;
    bool plain;                     /* a service that calls nothing, never fails, has no fault and
                                     * no consumer: its work is a draw and its end the answer */
    int32_t consumer;               /* the SQS consumer of the queue it is, -1 none */
} aw_sim_hop_state;

/* A message in an SQS queue. */
typedef struct aw_sim_msg {
    double sent, visible_at;        /* visible_at: when a returned message shows again */
    uint32_t receives;
} aw_sim_msg;

/* The messages of a batch being processed. */
typedef struct aw_sim_batch {
    aw_sim_msg *msgs;
    size_t count;
    double received;
    int64_t next_free;              /* in the consumer's free slots, -1 last */
} aw_sim_batch;

/* An SQS queue and its event source mapping while a simulation runs. */
typedef struct aw_sim_consumer_state {
    const aw_sim_consumer *def;
    aw_sim_msg *ring;               /* visible messages, oldest first */
    size_t first, len, cap;
    aw_sim_msg *hidden;             /* returned, a min-heap on visible_at */
    size_t hidden_len, hidden_cap;
    aw_sim_batch *slots;
    size_t slot_count;
    int64_t free_slot;
    int64_t running;                /* batches in the function now */
    double allowed, scaled;         /* batches allowed at once (scaling), and when last scaled */
    bool pressing;                  /* messages were waiting at the last look */
    double backoff_until;           /* the function refused a batch: no other before */
    double last;                    /* last change of the backlog or running (integrals) */
    double timer_at;
} aw_sim_consumer_state;

typedef struct aw_sim_engine {
    const aw_sim_model *m;
    const aw_sim_options *opt;
    aw_rng rng;
    aw_heap heap;
    double now, duration;
    double idle_s;                  /* Lambda environments idle this long expire (INFINITY: never) */
    aw_sim_hop_state *hops;
    uint8_t *direct;                /* per route: no authorizer, no cache, a plain target */
    aw_sim_result *res;
    aw_sim_consumer_state *consumers;
    aw_sim_req *free_list;
    void **blocks;
    size_t block_count;
    size_t in_flight;
    aw_sec_latency seconds;         /* the per-second latency percentiles */
    size_t arrival_sec;             /* the second of the last arrival, from arrival_from to */
    double arrival_from, arrival_end;   /* arrival_end (0, 0 before the first): its series entry and
                                         * its latency histogram are there, no need to look */
    bool out_of_memory;
} aw_sim_engine;

/* Enters hop h: 1 started (service begins now), 0 queued, -1 refused. */
int aw_sim_hop_enter(aw_sim_engine *e, uint32_t h, aw_sim_req *q);
/* Leaves hop h, entered at time `since`; a waiter that now gets the slot is returned (its service
 * starts now), else NULL. Waiters that gave up are freed on the way. */
aw_sim_req *aw_sim_hop_leave(aw_sim_engine *e, uint32_t h, double since);
/* The head of hop h's queue if it has waited as long as it may (removed
 * from the queue), else NULL, with a timer set for when it will have. */
aw_sim_req *aw_sim_hop_expired(aw_sim_engine *e, uint32_t h);
/* Whether token bucket (or quota) hop h has a token now; take() takes it. */
bool aw_sim_gate_has(aw_sim_engine *e, uint32_t h);
void aw_sim_gate_take(aw_sim_engine *e, uint32_t h);
/* The fault of this kind active on hop h now, or NULL. */
const aw_sim_fault *aw_sim_hop_fault_find(const aw_sim_engine *e, uint32_t h, aw_sim_fault_kind kind);

/* The same, inline: most hops have no fault, and every request asks. */
static inline const aw_sim_fault *aw_sim_hop_fault(const aw_sim_engine *e, uint32_t h, aw_sim_fault_kind kind)
{
    return e->hops[h].has_fault ? aw_sim_hop_fault_find(e, h, kind) : NULL;
}

/* The hop's error fraction and service-time factor now (faults applied). */
static inline double aw_sim_hop_error_rate(const aw_sim_engine *e, uint32_t h)
{
    const aw_sim_fault *f = aw_sim_hop_fault(e, h, AW_FAULT_ERRORS);
    return f ? f->value : e->hops[h].def->error_rate;
}

/* Whether the work just ended on hop h failed: a draw against its error
 * fraction, and none when that is 0 (most hops), so an error-free hop
 * takes nothing from the stream. */
static inline bool aw_sim_hop_fails(aw_sim_engine *e, uint32_t h)
{
    double p = aw_sim_hop_error_rate(e, h);
    return p > 0 && aw_rng_uniform(&e->rng) < p;
}

static inline double aw_sim_hop_latency_factor(const aw_sim_engine *e, uint32_t h)
{
    const aw_sim_fault *f = aw_sim_hop_fault(e, h, AW_FAULT_LATENCY);
    return f ? f->value : 1.0;
}
/* consumer.c: the queues' consumers set up and freed; a message sent to
 * queue hop h (a call to it that succeeded); the consumer's timer; a
 * batch's end (frees q). */
bool aw_sim_consumers_init(aw_sim_engine *e);
void aw_sim_consumers_free(aw_sim_engine *e);
void aw_sim_queue_put(aw_sim_engine *e, uint32_t h);
void aw_sim_consumer_timer(aw_sim_engine *e, uint32_t c);
void aw_sim_consumer_done(aw_sim_engine *e, aw_sim_req *q, aw_sim_cause cause);
/* Closes the consumers' books at the end of the run. */
void aw_sim_consumers_finish(aw_sim_engine *e);
/* engine.c: a request its target (hop q->at) has just taken starts there. */
void aw_sim_engine_begin(aw_sim_engine *e, aw_sim_req *q);
/* engine.c: marks the plain hops and the direct routes, once the hops and
 * consumers are set up (false: out of memory). */
bool aw_sim_engine_plan(aw_sim_engine *e);

/* lambda_envs.c: drops hop s's environments idle past the lifetime; makes
 * room for one more idle one (false: out of memory, noted). */
void aw_sim_env_expire(aw_sim_engine *e, aw_sim_hop_state *s);
bool aw_sim_env_grow(aw_sim_engine *e, aw_sim_hop_state *s);

/* Whether Lambda hop h has an idle environment for a new invocation now
 * (taken if so, the newest). Inline: every invocation asks. */
static inline bool aw_sim_env_warm(aw_sim_engine *e, uint32_t h)
{
    aw_sim_hop_state *s = &e->hops[h];
    if (s->idle_len && s->envs > s->def->provisioned && s->idle[s->idle_first] <= e->now - e->idle_s)
        aw_sim_env_expire(e, s);
    if (!s->idle_len)
        return false;
    s->idle_len--;
    return true;
}

/* An environment of Lambda hop h goes idle at `since`. */
static inline void aw_sim_env_idle(aw_sim_engine *e, uint32_t h, double since)
{
    aw_sim_hop_state *s = &e->hops[h];
    if (s->idle_len == s->idle_cap && !aw_sim_env_grow(e, s))
        return;
    s->idle[(s->idle_first + s->idle_len++) & (s->idle_cap - 1)] = since;
}
/* Brings the hop's time integrals up to now. */
void aw_sim_hop_account(aw_sim_engine *e, uint32_t h);
/* Requests live in blocks of this many; a request's id is its place. */
#define AW_SIM_REQ_BLOCK 4096
/* Another block of free requests (false, with out_of_memory set, when
 * none can be had). */
bool aw_sim_req_block(aw_sim_engine *e);

/* A request from the free list (NULL, with out_of_memory set, when none
 * can be had); freed by aw_sim_req_free(). Inline, as every request is
 * one. */
static inline aw_sim_req *aw_sim_req_new(aw_sim_engine *e)
{
    if (!e->free_list && !aw_sim_req_block(e))
        return NULL;
    aw_sim_req *q = e->free_list;
    e->free_list = q->next;
    /* The times are set before they are read; a whole memset was a string
     * store, slow to start. */
    memset(&q->parent, 0, sizeof *q - offsetof(aw_sim_req, parent));
    if (++e->in_flight > e->res->peak_in_flight)
        e->res->peak_in_flight = e->in_flight;
    return q;
}

static inline void aw_sim_req_free(aw_sim_engine *e, aw_sim_req *q)
{
    q->next = e->free_list;
    e->free_list = q;
    e->in_flight--;
}

/* The request with this id. */
static inline aw_sim_req *aw_sim_req_at(const aw_sim_engine *e, uint32_t id)
{
    return &((aw_sim_req *)e->blocks[id / AW_SIM_REQ_BLOCK])[id % AW_SIM_REQ_BLOCK];
}

/* engine.c: a request that passed its gates goes on (authorizer, cache,
 * integration) when its route is not direct (engine_direct.h); events of
 * requests in flight and timers; the answer a client gets; the series
 * entry of second t. */
void aw_sim_engine_admit(aw_sim_engine *e, aw_sim_req *q);
void aw_sim_engine_event(aw_sim_engine *e, const aw_event *ev);
void aw_sim_engine_answer(aw_sim_engine *e, aw_sim_req *q, aw_sim_cause cause);
aw_sim_second *aw_sim_engine_second_grow(aw_sim_engine *e, size_t s);

/* Inline, as every request asks twice and the series rarely has to grow
 * (NULL, with out_of_memory set, when it cannot). */
static inline aw_sim_second *aw_sim_engine_second(aw_sim_engine *e, double t)
{
    size_t s = t < 0 ? 0 : (size_t)(int64_t)t;       /* a signed conversion is one instruction */
    return s < e->res->seconds ? &e->res->series[s] : aw_sim_engine_second_grow(e, s);
}

#endif
