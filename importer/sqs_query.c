/* An SQS call in the query protocol ("sqs:path/ACCOUNT/QUEUE", the form a
 * build writes for a REST or WebSocket SQS integration) read back as
 * service sqs, the action its request names, and the queue as target. */
#include <string.h>

#include "importer.h"

/* The value of "Action=" in a form-encoded template, or NULL. */
static const char *S_template_action(aw_import *im, const char *tmpl)
{
    for (const char *p = tmpl ? strstr(tmpl, "Action=") : NULL; p; p = strstr(p + 1, "Action=")) {
        if (p != tmpl && p[-1] != '&' && p[-1] != '\n')
            continue;       /* "MessageAction=" or the like */
        size_t n = strcspn(p + 7, "&\n\r\" ");
        if (n && !memchr(p + 7, '$', n))
            return aw_arena_strndup(im->arena, p + 7, n);
    }
    return NULL;
}

/* The action a constant query parameter names ('SendMessage'), or NULL. */
static const char *S_parameter_action(aw_import *im, const aw_doc *params)
{
    const char *v = aw_import_text(im, aw_import_get(params, "integration.request.querystring.Action"), NULL);
    size_t n = v ? strlen(v) : 0;
    return n > 2 && v[0] == '\'' && v[n - 1] == '\'' ? aw_arena_strndup(im->arena, v + 1, n - 2) : NULL;
}

/* The template's queue of that logical id or QueueName. Resources are
 * read by the template, not the diagram: an API's methods are read before
 * the queues are filled. */
static const char *S_declared_queue(aw_import *im, const char *name)
{
    for (size_t i = 0; im->resources && i < im->resources->as.object.count; i++) {
        const aw_doc_member *m = &im->resources->as.object.members[i];
        if (strcmp(aw_import_resource_type(m->value), "AWS::SQS::Queue") != 0)
            continue;
        const aw_doc *queue_name = aw_import_get(aw_import_get(m->value, "Properties"), "QueueName");
        const char *text = queue_name ? aw_import_raw_text(queue_name) : NULL;
        if (strcmp(m->key, name) == 0 || (text && strcmp(text, name) == 0))
            return aw_import_node_id(im, m->key);
    }
    return NULL;
}

/* The region of the uri "arn:P:apigateway:REGION:sqs:path/..." when it is
 * written out, or NULL; at is where ":sqs:path/" starts. */
static const char *S_region(aw_import *im, const char *text, const char *at)
{
    const char *start = at;
    while (start > text && start[-1] != ':')
        start--;
    return start < at && !memchr(start, '}', (size_t)(at - start))
               ? aw_arena_strndup(im->arena, start, (size_t)(at - start)) : NULL;
}

/* A queue of an account written out ("210987654321/NAME") is not the
 * deploying account's: its store keeps the ARN a build names it by again. */
static void S_other_account(aw_import *im, const char *store, const char *account, size_t n, const char *region,
                            const char *name, const aw_loc *loc)
{
    if (!n || account[0] == '$')
        return;     /* ${AWS::AccountId}: the account deployed to */
    if (!region) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", loc,
                         "the SQS queue '%s' is in account %.*s, which a diagram's queue gives by its ARN, but the "
                         "uri's region is not written out; the queue is imported as the deploying account's",
                         name, (int)n, account);
        return;
    }
    aw_doc *node = aw_strset_find(&im->ids, store);
    if (node && !aw_itree_get(node, "arn"))
        aw_itree_set_string(im, node, "arn",
                            aw_arena_printf(im->arena, "arn:aws:sqs:%s:%.*s:%s", region, (int)n, account, name), loc);
}

/* The queue the path ("ACCOUNT/QUEUE") names: the template's, else the
 * data store of that queue name (made for it on first use). */
static const char *S_queue(aw_import *im, const char *path, const char *region, const aw_loc *loc)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (!*name || strstr(name, "${"))
        return NULL;
    const char *declared = S_declared_queue(im, name);
    if (declared)
        return declared;
    const char *store = aw_import_store_named(im, "sqs", name, loc);
    S_other_account(im, store, path, slash ? (size_t)(slash - path) : 0, region, name, loc);
    return store;
}

bool aw_import_is_sqs_query(const aw_doc *uri)
{
    const char *text = uri ? aw_import_raw_text(uri) : NULL;
    return text && strstr(text, ":sqs:path/");
}

bool aw_import_sqs_derived_params(const aw_doc *params)
{
    static const char *const derived[] = {"integration.request.header.Content-Type",
                                          "integration.request.querystring.Action"};
    for (size_t i = 0; params && params->kind == AW_DOC_OBJECT && i < params->as.object.count; i++) {
        bool known = false;
        for (size_t k = 0; k < sizeof derived / sizeof *derived; k++)
            known = known || strcmp(params->as.object.members[i].key, derived[k]) == 0;
        if (!known)
            return false;
    }
    return true;
}

bool aw_import_sqs_query(aw_import *im, aw_doc *node, const aw_doc *uri, const aw_doc *params, const char *tmpl,
                         const aw_loc *tmpl_loc)
{
    if (!aw_import_is_sqs_query(uri))
        return false;
    const char *text = aw_import_raw_text(uri), *path = strstr(text, ":sqs:path/");
    const char *region = S_region(im, text, path);
    path += 10;
    const char *action = S_template_action(im, tmpl);
    if (!action)
        action = S_parameter_action(im, params);
    aw_itree_set_string(im, node, "service", "sqs", &uri->loc);
    aw_itree_set_string(im, node, "action", action, &uri->loc);
    aw_itree_set_string(im, node, "target", S_queue(im, path, region, &uri->loc), &uri->loc);
    /* The template a build writes when the diagram gives none. */
    const char *built = action ? aw_arena_printf(im->arena, "Action=%s&MessageBody=$util.urlEncode($input.body)", action)
                               : NULL;
    if (tmpl && !(built && strcmp(tmpl, built) == 0))
        aw_itree_set_string(im, node, "requestTemplate", tmpl, tmpl_loc);
    if (!action)
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &uri->loc,
                         "the SQS call to '%s' names no action: neither its request template (\"Action=...\") nor "
                         "a constant integration.request.querystring.Action gives one",
                         path);
    return true;
}
