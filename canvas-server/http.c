/* Request and response plumbing of the canvas server: what every request
 * goes through before and after its handler (limits, origin and token
 * checks, body collection, security headers, the access log) and the JSON
 * and problem-document helpers the handlers share. */
#include "http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../compiler/lint.h"

double aw_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- JSON and problem documents ---- */

void aw_json_str(aw_strbuf *b, const char *s)
{
    if (s)
        aw_strbuf_json_string(b, s, strlen(s));
    else
        aw_strbuf_puts(b, "null");
}

void aw_json_key(aw_strbuf *b, const char *key)
{
    aw_json_str(b, key);
    aw_strbuf_puts(b, ": ");
}

static const struct {
    unsigned status;
    const char *title;
} S_titles[] = {
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {304, "Not Modified"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {412, "Precondition Failed"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {422, "Unprocessable Content"},
    {428, "Precondition Required"},
    {500, "Internal Server Error"},
    {503, "Service Unavailable"},
};

const char *aw_status_title(unsigned status)
{
    for (size_t i = 0; i < sizeof S_titles / sizeof S_titles[0]; i++)
        if (S_titles[i].status == status)
            return S_titles[i].title;
    return "Error";
}

static void S_problem_head(aw_reply *rp, unsigned status, const char *detail)
{
    rp->status = status;
    rp->type = "application/problem+json";
    aw_strbuf_free(&rp->body);
    aw_strbuf_puts(&rp->body, "{\"type\": \"about:blank\", ");
    aw_json_key(&rp->body, "title");
    aw_json_str(&rp->body, aw_status_title(status));
    aw_strbuf_printf(&rp->body, ", \"status\": %u, ", status);
    aw_json_key(&rp->body, "detail");
    aw_json_str(&rp->body, detail);
}

void aw_reply_problem(aw_reply *rp, unsigned status, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    S_problem_head(rp, status, detail);
    aw_strbuf_puts(&rp->body, "}\n");
}

void aw_reply_problem_findings(aw_reply *rp, unsigned status, const char *detail, const char *findings)
{
    S_problem_head(rp, status, detail);
    aw_strbuf_puts(&rp->body, ", \"findings\": ");
    aw_strbuf_puts(&rp->body, findings);
    aw_strbuf_puts(&rp->body, "}\n");
}

void aw_reply_store_status(aw_request *rq, aw_reply *rp, aw_store_status st)
{
    if (st == AW_STORE_NOT_FOUND) {
        aw_reply_problem(rp, 404, "no such diagram or revision");
    } else if (st == AW_STORE_STALE) {
        atomic_fetch_add(&rq->srv->metrics.stale_writes, 1);
        aw_reply_problem(rp, 412, "the diagram was saved by someone else since the revision you hold; "
                                  "reload it, merge your changes and save again");
    } else {
        aw_strbuf line = AW_STRBUF_INIT;
        aw_strbuf_puts(&line, "{\"event\": \"store-failure\", ");
        aw_json_key(&line, "error");
        aw_json_str(&line, aw_store_error(rq->srv->store));
        aw_strbuf_puts(&line, "}\n");
        aw_server_log(rq->srv, line.data, line.len);
        aw_strbuf_free(&line);
        aw_reply_problem(rp, 500, "the database could not complete the request");
    }
}

const char *aw_request_arg(aw_request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *aw_request_header(aw_request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

void aw_server_log(aw_server *srv, const char *line, size_t len)
{
    if (!srv->cfg.access_log)
        return;
    pthread_mutex_lock(&srv->log_lock);
    fwrite(line, 1, len, srv->cfg.access_log);
    fflush(srv->cfg.access_log);
    pthread_mutex_unlock(&srv->log_lock);
}

void aw_json_time(aw_strbuf *b, const char *key, int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    char text[40];
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    aw_strbuf_printf(b, ", \"%s\": \"%s.%03dZ\"", key, text, (int)(ms % 1000));
}
