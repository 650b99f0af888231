/* Simulation runs off the request threads: a bounded queue served by a few
 * worker threads. A run is stored with its revision when it is queued and
 * updated when it ends; while it goes, its progress and a per-hop picture
 * go to the diagram's change stream, and a cancel or the time limit stops
 * it through the simulator's watch hook (sim.h) within milliseconds. */
#ifndef AW_SIM_JOBS_H
#define AW_SIM_JOBS_H

#include <stdbool.h>
#include <stdint.h>

#include "../ir/arena.h"
#include "../sim/sim.h"
#include "checking.h"
#include "events.h"
#include "store.h"

/* One run as the handler prepared it; the pool takes it over whole. */
typedef struct aw_sim_spec {
    aw_checked k;               /* the revision, compiled without errors */
    aw_arena arena;             /* holds m and the faults opt points to */
    aw_sim_model *m;
    aw_sim_options opt;
    double target_rps;          /* > 0: the sizing advice too */
    char *request;              /* the request as posted (JSON), malloc'd */
} aw_sim_spec;

/* Releases what a spec holds (the pool does this for specs it took). */
void aw_sim_spec_free(aw_sim_spec *spec);

typedef struct aw_sim_jobs aw_sim_jobs;

/* workers: runs at once; max_live: runs queued or running at once (more
 * are refused); max_seconds: wall-clock time a run may take before it is
 * stopped and recorded as failed. store and events are borrowed and must
 * outlive the pool. */
aw_sim_jobs *aw_sim_jobs_new(aw_store *store, aw_events *events, unsigned workers, unsigned max_live,
                             double max_seconds);

typedef enum aw_sim_submit {
    AW_SIM_QUEUED,              /* *run holds its number */
    AW_SIM_FULL,                /* max_live runs are queued or running */
    AW_SIM_STORE_FAILED,        /* the store could not add it (status in *st) */
} aw_sim_submit;

/* Stores a queued run of revision `revision` of diagram id and queues it.
 * spec is moved into the pool when the answer is AW_SIM_QUEUED (zeroed
 * here); otherwise it stays the caller's. */
aw_sim_submit aw_sim_jobs_submit(aw_sim_jobs *q, int64_t id, int64_t revision, aw_sim_spec *spec, int64_t *run,
                                 aw_store_status *st);

/* Where a live run stands: state ("queued" or "running") and progress;
 * false when the pool has no such run under way (it ended, or never was
 * this server's). */
bool aw_sim_jobs_live(aw_sim_jobs *q, int64_t id, int64_t revision, int64_t run, const char **state,
                      double *progress);

/* Asks a queued or running run to stop; false when the pool has no such
 * run under way. The run ends as "cancelled" shortly after. */
bool aw_sim_jobs_cancel(aw_sim_jobs *q, int64_t id, int64_t revision, int64_t run);

/* Stops every run (each is stored as cancelled), joins the workers and
 * frees the pool. */
void aw_sim_jobs_free(aw_sim_jobs *q);

#endif
