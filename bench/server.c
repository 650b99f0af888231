/* The canvas server under wrk on loopback, beside nginx serving the same
 * bytes as a static file in the same run: requests per second and latency
 * percentiles for reading a diagram, check-on-save, and a static file; then
 * a mixed run reporting errors and the server's resident memory at its
 * start and end. Needs wrk and nginx (make deps); says so and skips
 * without them. BENCH_SECONDS (10) per figure, BENCH_SOAK_SECONDS (30). */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

enum { SERVER_PORT = 18471, NGINX_PORT = 18472, CONNECTIONS = 64 };

static char S_dir[256];

typedef struct wrk_result {
    double rps;
    double p50_ms, p90_ms, p99_ms;
    long requests;
    long failed;                /* answers other than 2xx/3xx */
    long socket_errors;         /* connect, read and write errors */
    long timeouts;              /* no answer within wrk's 2 s */
} wrk_result;

static double S_ms(const char *text)
{
    double v = atof(text);
    if (strstr(text, "us"))
        return v / 1000.0;
    if (strstr(text, "ms"))
        return v;
    if (strstr(text, "s"))
        return v * 1000.0;
    return v;
}

/* Runs wrk on url (with a Lua script when script is not NULL) and reads
 * its summary. */
static bool S_wrk(const char *url, const char *script, int seconds, wrk_result *out)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "wrk -t2 -c%d -d%ds --latency %s%s %s 2>&1", CONNECTIONS, seconds,
             script ? "-s " : "", script ? script : "", url);
    /* The previous run's connections are let go first, so that they do not
     * count against this run's (the server limits connections per address). */
    sleep(1);
    FILE *p = popen(cmd, "r");
    if (!p)
        return false;
    memset(out, 0, sizeof *out);
    char line[512];
    while (fgets(line, sizeof line, p)) {
        char a[64];
        long x, y, z, w;
        if (sscanf(line, " 50%% %63s", a) == 1)
            out->p50_ms = S_ms(a);
        else if (sscanf(line, " 90%% %63s", a) == 1)
            out->p90_ms = S_ms(a);
        else if (sscanf(line, " 99%% %63s", a) == 1)
            out->p99_ms = S_ms(a);
        else if (sscanf(line, "Requests/sec: %63s", a) == 1)
            out->rps = atof(a);
        else if (sscanf(line, " %ld requests in", &x) == 1)
            out->requests = x;
        else if (sscanf(line, " Non-2xx or 3xx responses: %ld", &x) == 1)
            out->failed = x;
        else if (sscanf(line, " Socket errors: connect %ld, read %ld, write %ld, timeout %ld", &x, &y, &z, &w) == 4)
            out->socket_errors = x + y + z, out->timeouts = w;
    }
    return pclose(p) == 0 && out->requests > 0;
}

static pid_t S_spawn(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

/* Waits (5 s at most) until something accepts connections on port. */
static bool S_wait_up(int port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < 50; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        bool up = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
        close(fd);
        if (up)
            return true;
        nanosleep(&(struct timespec){.tv_nsec = 100000000}, NULL);
    }
    return false;
}

static long S_rss_kib(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

/* A child that reads pid's resident memory at each tenth of the mixed run
 * (seconds long) into rss.txt, so that a rise that levels off can be told
 * from one that goes on. */
static pid_t S_sample_rss(pid_t pid, int seconds)
{
    pid_t child = fork();
    if (child != 0)
        return child;
    char path[512];
    snprintf(path, sizeof path, "%s/rss.txt", S_dir);
    FILE *f = fopen(path, "w");
    sleep(1);       /* S_wrk's pause before the run */
    for (int i = 1; f && i < 10; i++) {
        struct timespec tenth = {seconds / 10, (long)(seconds % 10) * 100000000L};
        nanosleep(&tenth, NULL);
        fprintf(f, "%ld\n", S_rss_kib(pid));
        fflush(f);
    }
    _exit(0);
}

static void S_print_samples(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/rss.txt", S_dir);
    FILE *f = fopen(path, "r");
    long kib;
    for (int i = 1; f && fscanf(f, "%ld", &kib) == 1; i++)
        printf(", %ld at %d0%%", kib, i);
    if (f)
        fclose(f);
}

static void S_write(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", S_dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void S_print(const char *what, const wrk_result *r)
{
    printf("  %-38s %7.0f req/s  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  failed %ld, socket errors %ld, "
           "timeouts %ld\n",
           what, r->rps, r->p50_ms, r->p90_ms, r->p99_ms, r->failed, r->socket_errors, r->timeouts);
}

static int S_env_int(const char *name, int dflt)
{
    const char *v = getenv(name);
    return v && atoi(v) > 0 ? atoi(v) : dflt;
}

int main(void)
{
    if (system("command -v wrk >/dev/null && command -v nginx >/dev/null || test -x /usr/sbin/nginx") != 0) {
        puts("server: skipped: wrk and nginx are needed (make deps installs them)");
        return 0;
    }
    const char *archway = getenv("ARCHWAY") ? getenv("ARCHWAY") : "build/archway";
    int seconds = S_env_int("BENCH_SECONDS", 10), soak = S_env_int("BENCH_SOAK_SECONDS", 30);
    snprintf(S_dir, sizeof S_dir, "%s/archway-bench-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(S_dir))
        return perror("mkdtemp"), 1;
    chmod(S_dir, 0755);
    char db[512], www[512], listen[64], cmd[2048];
    snprintf(db, sizeof db, "%s/bench.db", S_dir);
    snprintf(www, sizeof www, "%s/www", S_dir);
    mkdir(www, 0755);
    snprintf(listen, sizeof listen, "127.0.0.1:%d", SERVER_PORT);
    char *server_argv[] = {(char *)archway, "serve", "--db", db, "--listen", listen, "--web", www,
                           "--samples", "samples", "--quiet", NULL};
    pid_t server = S_spawn(server_argv);
    if (!S_wait_up(SERVER_PORT))
        return fprintf(stderr, "server: %s serve did not start\n", archway), 1;
    /* Diagram 1 is the first sample by name: the same bytes go to nginx, to
     * the server's static files, and into every save. */
    snprintf(cmd, sizeof cmd, "cp samples/bff-http-jwt.json %s/diagram.json && cp %s/diagram.json %s/save.json", www,
             www, S_dir);
    if (system(cmd) != 0)
        return 1;
    char conf[2048];
    snprintf(conf, sizeof conf,
             "worker_processes 2;\nerror_log %s/nginx-error.log;\npid %s/nginx.pid;\nevents { worker_connections 1024; }\n"
             "http { access_log off; sendfile on; default_type application/json;\n"
             "  server { listen 127.0.0.1:%d; root %s; } }\n",
             S_dir, S_dir, NGINX_PORT, www);
    S_write("nginx.conf", conf);
    char conf_path[512];
    snprintf(conf_path, sizeof conf_path, "%s/nginx.conf", S_dir);
    char *nginx_argv[] = {"nginx", "-c", conf_path, "-p", S_dir, "-g", "daemon off;", NULL};
    pid_t nginx = S_spawn(nginx_argv);
    bool nginx_up = S_wait_up(NGINX_PORT);
    char script[2048];
    snprintf(script, sizeof script,
             "local f = io.open(\"%s/save.json\"); local body = f:read(\"*a\"); f:close()\n"
             "wrk.method = \"PUT\"; wrk.body = body\n"
             "wrk.headers[\"Content-Type\"] = \"application/json\"; wrk.headers[\"If-Match\"] = \"*\"\n",
             S_dir);
    S_write("save.lua", script);
    snprintf(script, sizeof script,
             "local f = io.open(\"%s/save.json\"); local body = f:read(\"*a\"); f:close()\n"
             "local n = 0\n"
             "request = function()\n"
             "  n = n + 1\n"
             "  if n %% 10 == 0 then return wrk.format(\"PUT\", \"/api/diagrams/2\", "
             "{[\"Content-Type\"] = \"application/json\", [\"If-Match\"] = \"*\"}, body) end\n"
             "  if n %% 3 == 0 then return wrk.format(\"GET\", \"/diagram.json\") end\n"
             "  if n %% 5 == 0 then return wrk.format(\"GET\", \"/api/diagrams\") end\n"
             "  return wrk.format(\"GET\", \"/api/diagrams/1\")\n"
             "end\n",
             S_dir);
    S_write("mixed.lua", script);
    char url[256], save_lua[512], mixed_lua[512];
    snprintf(save_lua, sizeof save_lua, "%s/save.lua", S_dir);
    snprintf(mixed_lua, sizeof mixed_lua, "%s/mixed.lua", S_dir);

    printf("canvas server under wrk (2 threads, %d connections, %d s each) on loopback, beside nginx\n",
           CONNECTIONS, seconds);
    wrk_result read, save, stat, ngx = {0};
    snprintf(url, sizeof url, "http://%s/api/diagrams/1", listen);
    bool ok = S_wrk(url, NULL, seconds, &read);
    snprintf(url, sizeof url, "http://%s/diagram.json", listen);
    ok = S_wrk(url, NULL, seconds, &stat) && ok;
    if (nginx_up) {
        snprintf(url, sizeof url, "http://127.0.0.1:%d/diagram.json", NGINX_PORT);
        ok = S_wrk(url, NULL, seconds, &ngx) && ok;
    }
    snprintf(url, sizeof url, "http://%s/api/diagrams/1", listen);
    ok = S_wrk(url, save_lua, seconds, &save) && ok;
    S_print("GET a diagram (archway)", &read);
    S_print("GET the same bytes, static (archway)", &stat);
    if (nginx_up)
        S_print("GET the same bytes, static (nginx)", &ngx);
    else
        puts("  nginx did not start: no comparison");
    S_print("PUT check-on-save (archway)", &save);
    if (nginx_up)
        printf("  reading a diagram at %.2f of nginx's static rate\n", read.rps / ngx.rps);

    wrk_result mixed;
    long rss_start = S_rss_kib(server);
    pid_t sampler = S_sample_rss(server, soak);
    snprintf(url, sizeof url, "http://%s/", listen);
    ok = S_wrk(url, mixed_lua, soak, &mixed) && ok;
    long rss_end = S_rss_kib(server);
    waitpid(sampler, NULL, 0);
    printf("mixed run, %d s (reads, lists, static files, one save in ten):\n", soak);
    S_print("mixed", &mixed);
    printf("  server resident memory (KiB): %ld at the start", rss_start);
    S_print_samples();
    printf(", %ld at the end\n", rss_end);

    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
    if (nginx_up)
        kill(nginx, SIGQUIT);
    waitpid(nginx, NULL, 0);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", S_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "server: could not remove %s\n", S_dir);
    return ok ? 0 : 1;
}
