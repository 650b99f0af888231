/* The kill -9 test: a server in a child process takes a stream of saves and
 * is killed with SIGKILL in the middle of it; every save it acknowledged
 * must be in the database afterwards, byte for byte, the database must pass
 * PRAGMA integrity_check, and a new server must serve it. Also the command
 * itself: its flags, and a clean stop on SIGTERM. */
#include <glob.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>

#include "../../canvas-server/server.h"
#include "../../cli/serve.h"
#include "http_client.h"
#include "test_support.h"

enum { MAX_SAVES = 4000, KILL_AFTER = 40 };

static char S_dir[4096];
static char S_db[4200];
static uint16_t S_port;

typedef struct saves {
    char *bodies[MAX_SAVES + 2];    /* by revision */
    atomic_int acked;               /* the latest acknowledged revision */
} saves;

static const char S_template[] =
    "{\"archway\": 1, \"name\": \"Save %d\", \"regions\": [\"eu-west-1\"], \"nodes\": [\n"
    "  {\"kind\": \"api\", \"id\": \"api-%d\", \"type\": \"http\"}\n]}\n";

static char *S_body(int n)
{
    char *b = malloc(256);
    snprintf(b, 256, S_template, n, n);
    return b;
}

/* The child: serves the database until it is killed. */
static void S_child(int report_fd)
{
    char err[256];
    aw_store *store = aw_store_open(S_db, err, sizeof err);
    aw_server_config cfg;
    aw_server_config_init(&cfg);
    cfg.port = 0;
    cfg.threads = 2;
    aw_server *srv = store ? aw_server_start(&cfg, store, err, sizeof err) : NULL;
    uint16_t port = srv ? aw_server_port(srv) : 0;
    if (write(report_fd, &port, sizeof port) != sizeof port || !srv)
        _exit(1);
    for (;;)
        pause();
}

static pid_t S_spawn(void)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        S_child(fds[1]);
    }
    close(fds[1]);
    ck_assert_int_eq(read(fds[0], &S_port, sizeof S_port), (ssize_t)sizeof S_port);
    close(fds[0]);
    ck_assert_uint_gt(S_port, 0);
    return pid;
}

/* Saves one revision after another until the server stops answering. */
static void *S_stream(void *arg)
{
    saves *sv = arg;
    for (int rev = 2; rev <= MAX_SAVES; rev++) {
        char headers[128];
        snprintf(headers, sizeof headers, "Content-Type: application/json\r\nIf-Match: \"d1-r%d\"\r\n", rev - 1);
        sv->bodies[rev] = S_body(rev);
        aw_http_resp r;
        int status = aw_http_request(S_port, "PUT", "/api/diagrams/1", headers, sv->bodies[rev],
                                     strlen(sv->bodies[rev]), &r);
        aw_http_resp_free(&r);
        if (status != 200)
            break;
        atomic_store(&sv->acked, rev);
    }
    return NULL;
}

static void S_setup(void)
{
    aw_test_scratch_dir(S_dir, sizeof S_dir);
    snprintf(S_db, sizeof S_db, "%s/durable.db", S_dir);
}

static void S_teardown(void)
{
    aw_test_remove_dir(S_dir);
}

START_TEST(test_acknowledged_saves_survive_sigkill)
{
    saves sv = {0};
    sv.bodies[1] = S_body(1);
    pid_t pid = S_spawn();
    aw_http_resp r;
    ck_assert_int_eq(aw_http_request(S_port, "POST", "/api/diagrams", "Content-Type: application/json\r\n",
                                     sv.bodies[1], strlen(sv.bodies[1]), &r),
                     201);
    aw_http_resp_free(&r);
    atomic_store(&sv.acked, 1);
    pthread_t writer;
    pthread_create(&writer, NULL, S_stream, &sv);
    while (atomic_load(&sv.acked) < KILL_AFTER)
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    kill(pid, SIGKILL);     /* a save is in flight now, most likely */
    int status;
    waitpid(pid, &status, 0);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    pthread_join(writer, NULL);
    int acked = atomic_load(&sv.acked);
    ck_assert_int_ge(acked, KILL_AFTER);

    /* The database is whole ... */
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(S_db, &db), SQLITE_OK);
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* ... every acknowledged revision is in it as sent ... */
    char err[256];
    aw_store *store = aw_store_open(S_db, err, sizeof err);
    ck_assert_ptr_nonnull(store);
    for (int rev = 1; rev <= acked; rev++) {
        aw_revision rv;
        ck_assert_int_eq(aw_store_get(store, 1, rev, &rv), AW_STORE_OK);
        ck_assert_str_eq(rv.body, sv.bodies[rev]);
        aw_revision_free(&rv);
    }
    /* ... and the latest is the last acknowledged, or the one in flight. */
    aw_revision latest;
    ck_assert_int_eq(aw_store_get(store, 1, 0, &latest), AW_STORE_OK);
    ck_assert(latest.number == acked || latest.number == acked + 1);
    aw_revision_free(&latest);
    aw_store_close(store);

    /* A new server serves it. */
    pid = S_spawn();
    ck_assert_int_eq(aw_http_get(S_port, "/api/diagrams/1/revisions", &r), 200);
    char want[64];
    snprintf(want, sizeof want, "\"revision\": %d,", acked);
    ck_assert_ptr_nonnull(strstr(r.body, want));
    aw_http_resp_free(&r);
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    for (int i = 0; i <= MAX_SAVES; i++)
        free(sv.bodies[i]);
}
END_TEST

/* ---- the command: flags, and a clean stop on SIGTERM ---- */

static int S_serve(const char *const *args, int n)
{
    char *argv[16];
    for (int i = 0; i < n; i++)
        argv[i] = strdup(args[i]);
    int code = aw_cli_serve(n, argv);
    for (int i = 0; i < n; i++)
        free(argv[i]);
    return code;
}

START_TEST(test_bad_flags_are_usage_errors)
{
    const char *const unknown[] = {"--bogus"};
    ck_assert_int_eq(S_serve(unknown, 1), 2);
    const char *const no_value[] = {"--db"};
    ck_assert_int_eq(S_serve(no_value, 1), 2);
    const char *const bad_listen[] = {"--listen", "localhost"};
    ck_assert_int_eq(S_serve(bad_listen, 2), 2);
    const char *const open_without_token[] = {"--db", S_db, "--listen", "0.0.0.0:0"};
    ck_assert_int_eq(S_serve(open_without_token, 4), 2);
    const char *const short_token[] = {"--db", S_db, "--token", "short"};
    ck_assert_int_eq(S_serve(short_token, 4), 2);
    const char *const threads[] = {"--threads", "0"};
    ck_assert_int_eq(S_serve(threads, 2), 2);
    char missing[4300];
    snprintf(missing, sizeof missing, "%s/none.db", S_dir);
    const char *const backup_of_nothing[] = {"--db", missing, "--backup", S_db};
    ck_assert_int_eq(S_serve(backup_of_nothing, 4), 2);
    ck_assert_int_ne(access(missing, F_OK), 0);
}
END_TEST

/* The diagrams a new database is seeded with: every sample, either spelling. */
static size_t S_sample_count(void)
{
    size_t n = 0;
    const char *const patterns[] = {"samples/*.json", "samples/*.xml"};
    for (size_t i = 0; i < 2; i++) {
        glob_t g;
        if (glob(patterns[i], 0, NULL, &g) == 0)
            n += g.gl_pathc;
        globfree(&g);
    }
    ck_assert_uint_gt(n, 0);
    return n;
}

START_TEST(test_sigterm_stops_cleanly)
{
    char listen[32];
    int port = 20000 + (int)(getpid() % 20000);
    snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        const char *const args[] = {"--db", S_db, "--listen", listen, "--quiet", "--samples", "samples"};
        _exit(S_serve(args, 7));
    }
    S_port = (uint16_t)port;
    aw_http_resp r;
    int status = 0;
    for (int i = 0; i < 100 && status != 200; i++) {
        status = aw_http_get(S_port, "/healthz", &r);
        aw_http_resp_free(&r);
        if (status != 200)
            nanosleep(&(struct timespec){.tv_nsec = 50000000}, NULL);
    }
    ck_assert_int_eq(status, 200);
    /* A new database got the samples, every one of them. */
    size_t samples = S_sample_count();
    char last[64];
    snprintf(last, sizeof last, "/api/diagrams/%zu", samples);
    ck_assert_int_eq(aw_http_get(S_port, last, &r), 200);
    aw_http_resp_free(&r);
    kill(pid, SIGTERM);
    int code;
    waitpid(pid, &code, 0);
    ck_assert(WIFEXITED(code));
    ck_assert_int_eq(WEXITSTATUS(code), 0);
    /* Closed cleanly: SQLite folded the log back and removed it. */
    char wal[4300];
    snprintf(wal, sizeof wal, "%s-wal", S_db);
    ck_assert_int_ne(access(wal, F_OK), 0);
    /* And a backup of it is a database with the same diagrams. */
    char copy[4300];
    snprintf(copy, sizeof copy, "%s/copy.db", S_dir);
    const char *const backup[] = {"--db", S_db, "--backup", copy};
    ck_assert_int_eq(S_serve(backup, 4), 0);
    char err[256];
    aw_store *store = aw_store_open(copy, err, sizeof err);
    ck_assert_ptr_nonnull(store);
    aw_diagram_list l;
    ck_assert_int_eq(aw_store_list(store, &l), AW_STORE_OK);
    ck_assert_uint_eq(l.count, samples);
    aw_diagram_list_free(&l);
    aw_store_close(store);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("server durability");
    TCase *tc = aw_test_tcase(s, "kill -9", S_setup, S_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_acknowledged_saves_survive_sigkill);
    TCase *cmd = aw_test_tcase(s, "command", S_setup, S_teardown);
    tcase_set_timeout(cmd, 60);
    tcase_add_test(cmd, test_bad_flags_are_usage_errors);
    tcase_add_test(cmd, test_sigterm_stops_cleanly);
    return s;
}

AW_TEST_MAIN(S_suite)
