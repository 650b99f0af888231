/* SQS queues and their event source mappings in the fluid model: per time
 * step, the messages sent, the backlog, the batches the mapping's scaling
 * and the function take, their outcomes (deleted, returned after the
 * visibility timeout, dead-lettered, received again when a batch ran past
 * it) and the messages' age, into the same figures the discrete engine
 * reports (consumer.c). */
#ifndef AW_SIM_FLUID_QUEUES_H
#define AW_SIM_FLUID_QUEUES_H

#include <stdbool.h>
#include <stddef.h>

#include "sim.h"

/* What the fluid model says of a consumer's queue and function this step. */
typedef struct aw_fluid_queue_step {
    double sent;            /* messages the queue took */
    double hold_s;          /* mean time a batch holds the function */
    double refused;         /* share of the function's demand it refused */
    double failed;          /* share of its invocations that fail (errors, calls, its timeout) */
    double late;            /* share that runs past the queue's visibility timeout */
} aw_fluid_queue_step;

typedef struct aw_fluid_queue aw_fluid_queue;

/* Every consumer of the model, its figures in res->consumers (allocated
 * here, the result's). Owns the rest; free with aw_fluid_queues_free(). */
typedef struct aw_fluid_queues {
    const aw_sim_model *m;
    aw_sim_result *res;
    aw_fluid_queue *q;
    double dt, duration;
} aw_fluid_queues;

bool aw_fluid_queues_init(aw_fluid_queues *qs, const aw_sim_model *m, aw_sim_result *res, double dt,
                          double duration);
/* The batches per second consumer i asks of its function, as of the last
 * step. */
double aw_fluid_queues_batch_rate(const aw_fluid_queues *qs, size_t i);
/* One step at time t; in[i] for consumer i. */
void aw_fluid_queues_step(aw_fluid_queues *qs, double t, const aw_fluid_queue_step *in);
/* Counts into the result at the end of the run. */
void aw_fluid_queues_finish(aw_fluid_queues *qs);
void aw_fluid_queues_free(aw_fluid_queues *qs);

#endif
