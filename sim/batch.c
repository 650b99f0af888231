/* Independent runs (seeds, rates, scenarios) on several threads: each run
 * reads the shared model and writes only its own result, so they need no
 * locks; a shared counter hands out the next run. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "sim.h"

typedef struct S_batch {
    const aw_sim_model *m;
    const aw_sim_options *opts;
    aw_sim_result **results;
    const char **errors;
    size_t count;
    atomic_size_t next;
} S_batch;

static void *S_worker(void *arg)
{
    S_batch *b = arg;
    for (size_t i; (i = atomic_fetch_add(&b->next, 1)) < b->count;)
        b->results[i] = aw_sim_run(b->m, &b->opts[i], &b->errors[i]);
    return NULL;
}

size_t aw_sim_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

void aw_sim_run_batch(const aw_sim_model *m, const aw_sim_options *opts, size_t count, size_t threads,
                      aw_sim_result **results, const char **errors)
{
    S_batch b = {.m = m, .opts = opts, .results = results, .errors = errors, .count = count};
    atomic_init(&b.next, 0);
    if (threads > count)
        threads = count;
    pthread_t *ids = calloc(threads ? threads : 1, sizeof *ids);
    size_t started = 0;
    for (size_t t = 1; ids && t < threads; t++)
        started += pthread_create(&ids[started], NULL, S_worker, &b) == 0;
    S_worker(&b);       /* this thread works too, and alone if no thread starts */
    for (size_t t = 0; t < started; t++)
        pthread_join(ids[t], NULL);
    free(ids);
}
