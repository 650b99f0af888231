/* Checking without storing, and the lint rule catalogue: what the canvas
 * needs to mark elements as the architect draws and to explain a finding. */
#include <string.h>

#include "../compiler/lint.h"
#include "checking.h"
#include "http.h"

void aw_api_check(aw_request *rq, aw_reply *rp)
{
    if (!rq->body.len)
        return aw_reply_problem(rp, 400, "the body is empty: send the diagram's JSON or XML");
    aw_checked k;
    aw_check_text(&k, "diagram", rq->body.data, rq->body.len, "untitled");
    aw_metrics_compile(&rq->srv->metrics, k.seconds);
    aw_strbuf_put(&rp->body, k.findings.data, k.findings.len);
    aw_checked_free(&k);
}

static void S_rule_json(aw_strbuf *b, const aw_rule *r, bool explain)
{
    char link[128];
    aw_rule_doc_link(r, link, sizeof link);
    aw_strbuf_puts(b, "{");
    aw_json_key(b, "id");
    aw_json_str(b, r->id);
    aw_strbuf_puts(b, ", ");
    aw_json_key(b, "category");
    aw_json_str(b, aw_rule_category_name(r->category));
    aw_strbuf_puts(b, ", ");
    aw_json_key(b, "severity");
    aw_json_str(b, aw_severity_name(r->severity));
    aw_strbuf_puts(b, ", ");
    aw_json_key(b, "title");
    aw_json_str(b, r->title);
    aw_strbuf_puts(b, ", ");
    aw_json_key(b, "docs");
    aw_json_str(b, link);
    if (explain) {
        aw_strbuf_puts(b, ", ");
        aw_json_key(b, "explanation");
        aw_json_str(b, r->explanation);
    }
    aw_strbuf_puts(b, "}");
}

void aw_api_rules_list(aw_request *rq, aw_reply *rp)
{
    (void)rq;
    aw_strbuf_puts(&rp->body, "{\"rules\": [");
    for (size_t i = 0; i < aw_rule_count; i++) {
        aw_strbuf_puts(&rp->body, i ? ",\n  " : "\n  ");
        S_rule_json(&rp->body, &aw_rules[i], false);
    }
    aw_strbuf_puts(&rp->body, "\n]}\n");
    rp->cache = "public, max-age=3600";
}

void aw_api_rule_get(aw_request *rq, aw_reply *rp)
{
    const aw_rule *r = aw_rule_find(rq->word);
    if (!r)
        return aw_reply_problem(rp, 404, "no lint rule has that id");
    S_rule_json(&rp->body, r, true);
    aw_strbuf_putc(&rp->body, '\n');
    rp->cache = "public, max-age=3600";
}
