/* The simulation job pool: a queue, worker threads, and one child process
 * per run. The engine cannot be interrupted from outside, and a run may
 * take minutes; a child process can be killed the moment a user cancels or
 * the time limit passes, and takes its memory with it. The child speaks
 * over a pipe: "p FRACTION" lines while it runs, then "r" and the report,
 * or "e MESSAGE" when the options do not fit the model. */
#define _GNU_SOURCE     /* close_range */
#include "sim_jobs.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../ir/arena.h"
#include "../sim/report.h"
#include "../sim/sim_cost.h"
#include "http.h"

enum { S_KEEP_ENDED = 64 };             /* ended jobs remembered for GET */
#define S_MAX_REPORT (64u << 20)        /* a report larger than this is refused */

typedef enum job_state { S_QUEUED, S_RUNNING, S_DONE, S_FAILED, S_CANCELLED } job_state;
static const char *const S_state_names[] = {"queued", "running", "done", "failed", "cancelled"};

typedef struct job {
    struct job *next;           /* all jobs, oldest first */
    int64_t number, diagram, revision;
    aw_checked k;
    aw_sim_options opt;
    char *options_json;
    job_state state;
    double progress;
    bool cancel;
    int64_t run;                /* its number in the store once stored */
    char error[256];
} job;

struct aw_sim_jobs {
    aw_store *store;
    aw_events *events;
    unsigned max_jobs;
    double max_seconds;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    job *jobs;
    int64_t last_number;
    unsigned live;              /* queued or running */
    bool stopping;
    pthread_t *workers;
    unsigned worker_count;
};

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void S_job_json(const job *j, aw_strbuf *b)
{
    aw_strbuf_printf(b, "{\"job\": %" PRId64 ", \"diagram\": %" PRId64 ", \"revision\": %" PRId64
                        ", \"state\": \"%s\", \"progress\": %.2f",
                     j->number, j->diagram, j->revision, S_state_names[j->state], j->progress);
    if (j->run)
        aw_strbuf_printf(b, ", \"run\": %" PRId64, j->run);
    if (j->error[0]) {
        aw_strbuf_puts(b, ", ");
        aw_json_key(b, "error");
        aw_json_str(b, j->error);
    }
    aw_strbuf_puts(b, "}");
}

/* Tells the diagram's change stream where job j stands. Called with the
 * lock held, so that events of one job arrive in order. */
static void S_publish(aw_sim_jobs *q, const job *j)
{
    aw_strbuf b = AW_STRBUF_INIT;
    S_job_json(j, &b);
    aw_events_publish(q->events, j->diagram, "simulation", b.data);
    aw_strbuf_free(&b);
}

/* ---- the child ---- */

static void S_write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            _exit(1);
        data += n;
        len -= (size_t)n;
    }
}

typedef struct child_progress {
    int fd;
    double told;
} child_progress;

static void S_child_progress(void *ctx, double fraction)
{
    child_progress *p = ctx;
    if (fraction < p->told + 0.01)
        return;
    p->told = fraction;
    char line[32];
    int n = snprintf(line, sizeof line, "p %.3f\n", fraction);
    S_write_all(p->fd, line, (size_t)n);
}

/* Runs j and writes what became of it to fd; never returns. Memory is left
 * to the process's end. */
static void S_child(const job *j, int fd)
{
    aw_arena arena;
    aw_arena_init(&arena);
    aw_sim_model *m = aw_sim_model_build(j->k.c.model, &arena);
    child_progress p = {.fd = fd, .told = 0};
    aw_sim_options opt = j->opt;
    opt.progress = S_child_progress, opt.progress_ctx = &p;
    const char *error = "the simulation model could not be built";
    aw_sim_result *r = m ? aw_sim_run(m, &opt, &error) : NULL;
    aw_strbuf out = AW_STRBUF_INIT;
    if (!r) {
        aw_strbuf_printf(&out, "e %s\n", error);
    } else {
        aw_sim_cost cost;
        char why[256];
        if (aw_sim_cost_price(j->k.c.model, m, r, &cost, why, sizeof why))
            r->cost = &cost;
        aw_strbuf_puts(&out, "r\n");
        aw_sim_report_json(m, r, &out);
    }
    S_write_all(fd, out.data, out.len);
    _exit(0);
}

/* ---- the parent's side of a run ---- */

/* Handles the child's progress lines in got from *parsed on; returns
 * where the report starts, or 0 while it has not. */
static size_t S_lines(aw_sim_jobs *q, job *j, const aw_strbuf *got, size_t *parsed)
{
    while (*parsed < got->len) {
        const char *line = got->data + *parsed;
        const char *nl = memchr(line, '\n', got->len - *parsed);
        if (!nl)
            return 0;
        *parsed = (size_t)(nl - got->data) + 1;
        if (line[0] == 'r')
            return *parsed;
        if (line[0] == 'e') {
            snprintf(j->error, sizeof j->error, "%.*s", (int)(nl - line - 2), line + 2);
            continue;
        }
        double f = strtod(line + 2, NULL);
        pthread_mutex_lock(&q->lock);
        if (f >= j->progress + 0.05) {   /* the stream hears of every 5% at most */
            j->progress = f;
            S_publish(q, j);
        }
        pthread_mutex_unlock(&q->lock);
    }
    return 0;
}

/* Reads the child until it ends, killing it on cancel or past the time
 * limit. Returns the report (malloc'd) or NULL with j->error set. */
static char *S_follow(aw_sim_jobs *q, job *j, pid_t pid, int fd)
{
    aw_strbuf got = AW_STRBUF_INIT;
    size_t parsed = 0, report_at = 0;
    double deadline = S_now() + q->max_seconds;
    bool killed = false;
    char buf[65536];
    for (;;) {
        pthread_mutex_lock(&q->lock);
        bool cancel = j->cancel;
        pthread_mutex_unlock(&q->lock);
        bool late = S_now() > deadline;
        if ((cancel || late || got.len > S_MAX_REPORT) && !killed) {
            kill(pid, SIGKILL);
            killed = true;
            if (late && !cancel)
                snprintf(j->error, sizeof j->error, "the run took longer than the server's limit of %.0f s",
                         q->max_seconds);
            else if (!cancel)
                snprintf(j->error, sizeof j->error, "the report is larger than the server's limit of %u MiB",
                         S_MAX_REPORT >> 20);
        }
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 100) <= 0)
            continue;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (!killed)
            aw_strbuf_put(&got, buf, (size_t)n);
        if (!report_at)
            report_at = S_lines(q, j, &got, &parsed);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    char *report = NULL;
    if (!killed && report_at && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        report = strdup(got.data + report_at);
    else if (!killed && !j->error[0])
        snprintf(j->error, sizeof j->error, "the simulation stopped unexpectedly");
    aw_strbuf_free(&got);
    return report;
}

/* Runs j in a child process; the report, or NULL with j->error set (or
 * j->cancel). */
static char *S_execute(aw_sim_jobs *q, job *j)
{
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(j->error, sizeof j->error, "the server could not start the run");
        return NULL;
    }
    pid_t pid = fork();
    if (pid == 0) {
        /* The child keeps only its pipe (as fd 3) and the standard streams:
         * a client's socket it held would stay open after the server
         * closed it, and the listening socket bound while the child lived. */
        if (dup2(fds[1], 3) != 3)
            _exit(1);
        close_range(4, ~0u, 0);
        S_child(j, 3);
    }
    close(fds[1]);
    char *report = NULL;
    if (pid < 0)
        snprintf(j->error, sizeof j->error, "the server could not start the run");
    else
        report = S_follow(q, j, pid, fds[0]);
    close(fds[0]);
    return report;
}

/* Stores j's outcome as a run of its revision. */
static void S_store(aw_sim_jobs *q, job *j, const char *report)
{
    aw_strbuf failure = AW_STRBUF_INIT;
    if (!report && j->error[0]) {
        aw_strbuf_puts(&failure, "{");
        aw_json_key(&failure, "error");
        aw_json_str(&failure, j->error);
        aw_strbuf_puts(&failure, "}\n");
    }
    job_state end = j->cancel ? S_CANCELLED : report ? S_DONE : S_FAILED;
    aw_run_input in = {.state = S_state_names[end], .options = j->options_json,
                       .result = report ? report : failure.data};
    int64_t run = 0;
    aw_store_status st = aw_store_run_add(q->store, j->diagram, j->revision, &in, &run);
    pthread_mutex_lock(&q->lock);
    j->state = end;
    j->run = st == AW_STORE_OK ? run : 0;
    if (st == AW_STORE_NOT_FOUND)
        snprintf(j->error, sizeof j->error, "the diagram was deleted while it ran");
    else if (st != AW_STORE_OK)
        snprintf(j->error, sizeof j->error, "the run could not be stored");
    if (j->state == S_DONE)
        j->progress = 1;
    q->live--;
    S_publish(q, j);
    pthread_mutex_unlock(&q->lock);
    aw_strbuf_free(&failure);
}

static job *S_next_queued(aw_sim_jobs *q)
{
    for (job *j = q->jobs; j; j = j->next)
        if (j->state == S_QUEUED)
            return j;
    return NULL;
}

static void *S_worker(void *arg)
{
    aw_sim_jobs *q = arg;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        job *j;
        while (!q->stopping && !(j = S_next_queued(q)))
            pthread_cond_wait(&q->wake, &q->lock);
        if (q->stopping)
            break;
        j->state = S_RUNNING;
        S_publish(q, j);
        bool cancelled = j->cancel;
        pthread_mutex_unlock(&q->lock);
        char *report = cancelled ? NULL : S_execute(q, j);
        aw_checked_free(&j->k);     /* before S_store: once ended, j may be forgotten */
        S_store(q, j, report);
        free(report);
        pthread_mutex_lock(&q->lock);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

/* Forgets the oldest ended jobs past S_KEEP_ENDED. Lock held. */
static void S_forget_old(aw_sim_jobs *q)
{
    unsigned ended = 0;
    for (job *j = q->jobs; j; j = j->next)
        ended += j->state > S_RUNNING;
    for (job **at = &q->jobs; *at && ended > S_KEEP_ENDED;) {
        job *j = *at;
        if (j->state <= S_RUNNING) {
            at = &j->next;
            continue;
        }
        *at = j->next;
        free(j->options_json);
        free(j);
        ended--;
    }
}

aw_sim_jobs *aw_sim_jobs_new(aw_store *store, aw_events *events, unsigned workers, unsigned max_jobs,
                             double max_seconds)
{
    aw_sim_jobs *q = calloc(1, sizeof *q);
    if (!q || !(q->workers = calloc(workers ? workers : 1, sizeof *q->workers)))
        abort();
    q->store = store, q->events = events;
    q->max_jobs = max_jobs, q->max_seconds = max_seconds;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->wake, NULL);
    for (unsigned i = 0; i < workers; i++)
        if (pthread_create(&q->workers[q->worker_count], NULL, S_worker, q) == 0)
            q->worker_count++;
    return q;
}

int64_t aw_sim_jobs_submit(aw_sim_jobs *q, int64_t id, int64_t revision, aw_checked *k, const aw_sim_options *opt,
                           const char *options_json)
{
    pthread_mutex_lock(&q->lock);
    if (q->live >= q->max_jobs || q->stopping || q->worker_count == 0) {
        pthread_mutex_unlock(&q->lock);
        return 0;
    }
    job *j = calloc(1, sizeof *j);
    if (!j)
        abort();
    *j = (job){.number = ++q->last_number, .diagram = id, .revision = revision, .k = *k, .opt = *opt,
               .options_json = strdup(options_json), .state = S_QUEUED};
    memset(k, 0, sizeof *k);
    job **at = &q->jobs;
    while (*at)
        at = &(*at)->next;
    *at = j;
    q->live++;
    S_forget_old(q);
    S_publish(q, j);
    pthread_cond_signal(&q->wake);
    int64_t number = j->number;
    pthread_mutex_unlock(&q->lock);
    return number;
}

static job *S_find(aw_sim_jobs *q, int64_t number)
{
    for (job *j = q->jobs; j; j = j->next)
        if (j->number == number)
            return j;
    return NULL;
}

bool aw_sim_jobs_describe(aw_sim_jobs *q, int64_t number, aw_strbuf *out)
{
    pthread_mutex_lock(&q->lock);
    job *j = S_find(q, number);
    if (j)
        S_job_json(j, out);
    pthread_mutex_unlock(&q->lock);
    return j != NULL;
}

aw_sim_cancel aw_sim_jobs_cancel(aw_sim_jobs *q, int64_t number)
{
    pthread_mutex_lock(&q->lock);
    job *j = S_find(q, number);
    aw_sim_cancel answer = !j ? AW_SIM_NO_SUCH_JOB : j->state > S_RUNNING ? AW_SIM_ALREADY_ENDED : AW_SIM_CANCELLED;
    if (answer == AW_SIM_CANCELLED)
        j->cancel = true;
    pthread_mutex_unlock(&q->lock);
    return answer;
}

void aw_sim_jobs_free(aw_sim_jobs *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->lock);
    for (job *j = q->jobs; j; j = j->next)
        j->cancel = true;
    q->stopping = true;
    pthread_cond_broadcast(&q->wake);
    pthread_mutex_unlock(&q->lock);
    for (unsigned i = 0; i < q->worker_count; i++)
        pthread_join(q->workers[i], NULL);
    while (q->jobs) {
        job *j = q->jobs;
        q->jobs = j->next;
        aw_checked_free(&j->k);
        free(j->options_json);
        free(j);
    }
    pthread_cond_destroy(&q->wake);
    pthread_mutex_destroy(&q->lock);
    free(q->workers);
    free(q);
}
