/* The server about itself: /healthz, /metrics, the index page (until the
 * canvas arrives, a plain list of the API made from the route table), and
 * a diagram's change stream. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "http.h"

void aw_api_health(aw_request *rq, aw_reply *rp)
{
    aw_diagram_list l;
    aw_store_status st = aw_store_list(rq->srv->store, &l);
    aw_diagram_list_free(&l);
    if (st != AW_STORE_OK)
        return aw_reply_problem(rp, 503, "the database cannot be read");
    aw_strbuf_puts(&rp->body, "{\"status\": \"ok\"}\n");
}

void aw_api_metrics(aw_request *rq, aw_reply *rp)
{
    aw_metrics_write(&rq->srv->metrics, aw_store_size_bytes(rq->srv->store), aw_events_open(rq->srv->events),
                     &rp->body);
    rp->type = "text/plain; version=0.0.4; charset=utf-8";
}

void aw_api_index(aw_request *rq, aw_reply *rp)
{
    if (rq->srv->web_root)
        return aw_api_static(rq, rp);
    rp->type = "text/html; charset=utf-8";
    rp->cache = "no-cache";
    aw_strbuf *b = &rp->body;
    aw_strbuf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                      "<title>Archway canvas server</title></head><body>\n"
                      "<h1>Archway canvas server</h1>\n"
                      "<p>The browser canvas is not part of this server yet; it arrives with its own release. "
                      "Until then this server stores, checks and builds diagrams through the JSON API below "
                      "(docs/server-api.md).</p>\n<table>\n<tr><th>method</th><th>path</th><th>what</th></tr>\n");
    for (size_t i = 0; i < aw_http_route_count; i++) {
        aw_strbuf_printf(b, "<tr><td>%s</td><td><code>", aw_http_routes[i].method);
        aw_strbuf_xml_escaped(b, aw_http_routes[i].pattern, strlen(aw_http_routes[i].pattern), 0);
        aw_strbuf_puts(b, "</code></td><td>");
        aw_strbuf_xml_escaped(b, aw_http_routes[i].summary, strlen(aw_http_routes[i].summary), 0);
        aw_strbuf_puts(b, "</td></tr>\n");
    }
    aw_strbuf_puts(b, "</table>\n</body></html>\n");
}

void aw_api_events(aw_request *rq, aw_reply *rp)
{
    aw_revision r;
    aw_store_status st = aw_store_get(rq->srv->store, rq->ids[0], 0, &r);
    if (st != AW_STORE_OK) {
        aw_revision_free(&r);
        return aw_reply_store_status(rq, rp, st);
    }
    char hello[160];
    snprintf(hello, sizeof hello,
             "{\"diagram\": %" PRId64 ", \"revision\": %" PRId64 ", \"errors\": %d, \"warnings\": %d}",
             r.diagram_id, r.number, r.errors, r.warnings);
    aw_revision_free(&r);
    rp->raw = aw_events_stream(rq->srv->events, rq->conn, rq->ids[0], hello);
    if (!rp->raw)
        return aw_reply_problem(rp, 503, "too many change streams are open; try again later");
    MHD_add_response_header(rp->raw, "Content-Type", "text/event-stream");
    MHD_add_response_header(rp->raw, "X-Accel-Buffering", "no");
}
