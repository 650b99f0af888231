/* Simulation runs off the request thread: a bounded queue served by a few
 * worker threads, each run in a child process of its own so that a cancel
 * or the time limit stops it at once. Progress and the end of each run go
 * to the diagram's change stream; finished runs go to the store as the
 * revision's run history. */
#ifndef AW_SIM_JOBS_H
#define AW_SIM_JOBS_H

#include <stdbool.h>
#include <stdint.h>

#include "../ir/strbuf.h"
#include "../sim/sim.h"
#include "checking.h"
#include "events.h"
#include "store.h"

typedef struct aw_sim_jobs aw_sim_jobs;

/* workers: runs at once; max_jobs: runs queued or running at once (more
 * are refused); max_seconds: wall-clock time a run may take before it is
 * stopped and recorded as failed. store and events are borrowed and must
 * outlive the pool. */
aw_sim_jobs *aw_sim_jobs_new(aw_store *store, aw_events *events, unsigned workers, unsigned max_jobs,
                             double max_seconds);

/* Queues a run of revision `revision` of diagram id. k is moved into the
 * job (the caller must not free it) and must hold a model that compiled;
 * options_json is what the run is stored with. Returns the job's number,
 * or 0 when max_jobs are queued or running (k is then left to the caller). */
int64_t aw_sim_jobs_submit(aw_sim_jobs *q, int64_t id, int64_t revision, aw_checked *k, const aw_sim_options *opt,
                           const char *options_json);

/* The job as JSON ({"job", "diagram", "revision", "state", "progress",
 * "run" once stored, "error" when it failed}); false for an unknown job. */
bool aw_sim_jobs_describe(aw_sim_jobs *q, int64_t job, aw_strbuf *out);

typedef enum aw_sim_cancel {
    AW_SIM_CANCELLED,       /* it was queued or running, and stops */
    AW_SIM_ALREADY_ENDED,   /* it had finished (or failed) */
    AW_SIM_NO_SUCH_JOB,
} aw_sim_cancel;

aw_sim_cancel aw_sim_jobs_cancel(aw_sim_jobs *q, int64_t job);

/* Stops every run (those under way are recorded as cancelled; queued ones
 * are dropped), joins the workers and frees the pool. */
void aw_sim_jobs_free(aw_sim_jobs *q);

#endif
