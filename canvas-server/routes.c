/* The canvas server's whole API in one table: method, path pattern, handler.
 * A path that matches with another method answers 405 with Allow; a
 * pattern's {n} is a positive integer, {s} any one segment. */
#include <stdlib.h>
#include <string.h>

#include "http.h"

const aw_http_route aw_http_routes[] = {
    {"GET", "/healthz", aw_api_health, "liveness and database reachability"},
    {"GET", "/metrics", aw_api_metrics, "figures in the Prometheus text format"},
    {"GET", "/", aw_api_index, "this page (or the canvas, with --web)"},
    {"GET", "/api/diagrams", aw_api_diagrams_list, "every diagram with its latest revision"},
    {"POST", "/api/diagrams", aw_api_diagram_create, "create (import) a diagram from a JSON or XML body"},
    {"GET", "/api/diagrams/{n}", aw_api_diagram_get, "the latest revision's text (ETag)"},
    {"PUT", "/api/diagrams/{n}", aw_api_diagram_update, "save a new revision (If-Match)"},
    {"DELETE", "/api/diagrams/{n}", aw_api_diagram_delete, "delete a diagram and its history (If-Match)"},
    {"GET", "/api/diagrams/{n}/events", aw_api_events, "change stream (server-sent events)"},
    {"GET", "/api/diagrams/{n}/revisions", aw_api_revisions_list, "every revision, oldest first"},
    {"GET", "/api/diagrams/{n}/diff", aw_api_revisions_diff, "elements changed between ?from=N&to=M"},
    {"GET", "/api/diagrams/{n}/revisions/{n}", aw_api_revision_get, "one revision's text"},
    {"POST", "/api/diagrams/{n}/revisions/{n}/restore", aw_api_revision_restore,
     "save an old revision as the newest (If-Match)"},
    {"GET", "/api/diagrams/{n}/revisions/{n}/findings", aw_api_findings, "what checking the revision found"},
    {"GET", "/api/diagrams/{n}/revisions/{n}/artifacts", aw_api_artifacts_list, "the revision's artifacts"},
    {"GET", "/api/diagrams/{n}/revisions/{n}/artifacts/{s}", aw_api_artifact_get, "one artifact"},
    {"POST", "/api/diagrams/{n}/revisions/{n}/simulations", aw_api_simulation_start,
     "start a simulation of the revision (202; progress on the change stream)"},
    {"GET", "/api/diagrams/{n}/revisions/{n}/simulations", aw_api_simulations_list, "the revision's runs, newest first"},
    {"GET", "/api/diagrams/{n}/revisions/{n}/simulations/{n}", aw_api_simulation_get,
     "one run with its result, advice or error"},
    {"DELETE", "/api/diagrams/{n}/revisions/{n}/simulations/{n}", aw_api_simulation_cancel,
     "cancel a queued or running run (202; 409 once it ended)"},
    {"GET", "/api/diagrams/{n}/simulations", aw_api_diagram_simulations, "every revision's runs, newest first"},
    {"POST", "/api/check", aw_api_check, "check a diagram body without storing it"},
    {"GET", "/api/rules", aw_api_rules_list, "the lint rule catalogue"},
    {"GET", "/api/rules/{s}", aw_api_rule_get, "one rule, explained"},
    {"GET", "/api/schema/diagram", aw_api_schema_diagram, "the diagram format's JSON Schema"},
    {"POST", "/api/session", aw_api_session_open, "sign a browser in with the token (session cookie)"},
    {"DELETE", "/api/session", aw_api_session_close, "sign out (ends the session, clears the cookie)"},
};

const size_t aw_http_route_count = sizeof aw_http_routes / sizeof aw_http_routes[0];

static bool S_method_is(const char *route_method, const char *method)
{
    return strcmp(route_method, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0);
}

/* Whether path matches pattern; fills rq's parameters on the way. */
static bool S_match(aw_request *rq, const char *pattern, const char *path)
{
    size_t ids = 0;
    while (*pattern && *path) {
        if (strncmp(pattern, "{n}", 3) == 0 || strncmp(pattern, "{s}", 3) == 0) {
            size_t n = strcspn(path, "/");
            if (n == 0)
                return false;
            if (pattern[1] == 'n') {
                char *end;
                long long v = strtoll(path, &end, 10);
                if (end != path + n || v <= 0 || path[0] == '+' || path[0] == '0' || ids == AW_MAX_PARAMS)
                    return false;
                rq->ids[ids++] = v;
            } else {
                if (n >= sizeof rq->word_buf)
                    return false;
                memcpy(rq->word_buf, path, n);
                rq->word_buf[n] = '\0';
                rq->word = rq->word_buf;
            }
            pattern += 3;
            path += n;
        } else if (*pattern++ != *path++) {
            return false;
        }
    }
    return *pattern == '\0' && *path == '\0';
}

int aw_http_route_match(aw_request *rq, const char *path, char *allow, size_t allow_size)
{
    int found = AW_ROUTE_NONE;
    size_t used = 0;
    for (size_t i = 0; i < aw_http_route_count; i++) {
        if (!S_match(rq, aw_http_routes[i].pattern, path))
            continue;
        if (S_method_is(aw_http_routes[i].method, rq->method))
            return (int)i;
        if (strstr(allow, aw_http_routes[i].method) == NULL && used + strlen(aw_http_routes[i].method) + 3 < allow_size) {
            if (used) {
                strcpy(allow + used, ", ");
                used += 2;
            }
            strcpy(allow + used, aw_http_routes[i].method);
            used += strlen(aw_http_routes[i].method);
            if (strcmp(aw_http_routes[i].method, "GET") == 0 && used + 7 < allow_size) {
                strcpy(allow + used, ", HEAD");
                used += 6;
            }
        }
        found = AW_ROUTE_WRONG_METHOD;
    }
    return found;
}
