/* FIFO rule (AW-COMPAT-008): AWS service integrations that send to a FIFO
 * queue or topic without the message group and deduplication ids it
 * requires. Catalogue entries: rules.c. */
#include <string.h>
#include <strings.h>

#include "../../ir/ir_fields.h"
#include "rules.h"

/* The calls that put a message on a queue or topic, by service. */
static const struct {
    const char *service, *action;
} S_sends[] = {
    {"sqs", "SendMessage"},
    {"sns", "Publish"},
};

static bool S_is_send(const aw_integration *in)
{
    for (size_t i = 0; i < sizeof S_sends / sizeof *S_sends; i++)
        if (in->service && in->action && strcasecmp(in->service, S_sends[i].service) == 0 &&
            strcasecmp(in->action, S_sends[i].action) == 0)
            return true;
    return false;
}

/* Whether the integration passes the parameter: as a request parameter (an
 * HTTP API's, or a REST mapping whose key names it) or in its mapping
 * template. */
static bool S_passes(const aw_integration *in, const char *param)
{
    for (size_t i = 0; i < in->request_parameters.count; i++)
        if (strstr(in->request_parameters.items[i].key, param))
            return true;
    return in->request_template && strstr(in->request_template, param);
}

void aw_compat008_check(aw_lint_ctx *ctx)
{
    for (size_t i = 0; i < ctx->model->node_count; i++) {
        const aw_node *node = ctx->model->nodes[i];
        if (node->kind != AW_KIND_INTEGRATION || node->as.integration.type != AW_INTEG_AWS)
            continue;
        const aw_integration *in = &node->as.integration;
        const aw_node *q = in->target.node;
        if (!S_is_send(in) || !q || q->kind != AW_KIND_DATASTORE || !q->as.datastore.fifo)
            continue;
        bool group = S_passes(in, "MessageGroupId");
        bool dedup = q->as.datastore.content_dedup || S_passes(in, "MessageDeduplicationId");
        if (group && dedup)
            continue;
        const char *what = !group && !dedup ? "a message group id (MessageGroupId) or a deduplication id "
                                              "(MessageDeduplicationId)"
                           : !group ? "a message group id (MessageGroupId)"
                                    : "a deduplication id (MessageDeduplicationId), and it does not deduplicate "
                                      "by content";
        aw_diag *d = aw_lint_report(ctx, node, aw_node_field_loc(node, "action"), aw_node_field_loc(q, "fifo"),
                                    "integration '%s' calls %s on FIFO %s '%s' but does not pass %s, so every call "
                                    "is refused",
                                    node->id, in->action, q->as.datastore.engine == AW_STORE_SNS ? "topic" : "queue",
                                    q->id, what);
        aw_lint_relate(ctx, d, "'%s' is declared FIFO here", q->id);
    }
}
