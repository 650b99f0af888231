/* Data stores a template names without declaring them (a queue URL, a
 * table in a mapping template, an ARN with the account written out): each
 * becomes one data-store element of the diagram, found again by engine
 * and name wherever else it is named. */
#include <string.h>

#include "importer.h"

const char *aw_import_store_named(aw_import *im, const char *engine, const char *name, const aw_loc *loc)
{
    for (size_t i = 0; i < im->nodes->as.array.count; i++) {
        const aw_doc *n = im->nodes->as.array.items[i];
        const aw_doc *e = aw_itree_get(n, "engine"), *r = aw_itree_get(n, "resourceName");
        if (e && r && e->kind == AW_DOC_STRING && r->kind == AW_DOC_STRING && strcmp(e->as.string.chars, engine) == 0 &&
            strcmp(r->as.string.chars, name) == 0)
            return aw_itree_id(n);
    }
    aw_doc *node = aw_itree_node(im, "datastore", name, loc);
    aw_itree_set_string(im, node, "engine", engine, loc);
    aw_itree_set_string(im, node, "resourceName", name, loc);
    size_t n = strlen(name);
    if (strcmp(engine, "sqs") == 0 && n > 5 && strcmp(name + n - 5, ".fifo") == 0)
        aw_itree_set(im, node, "fifo", aw_itree_bool(im, true, loc));
    return aw_itree_id(node);
}

const char *aw_import_raw_text(const aw_doc *v)
{
    const aw_doc_member *sub = aw_doc_member_find(v, "Fn::Sub");
    if (sub)
        v = sub->value->kind == AW_DOC_ARRAY && sub->value->as.array.count ? sub->value->as.array.items[0] : sub->value;
    return v && v->kind == AW_DOC_STRING ? v->as.string.chars : NULL;
}

/* ARN service -> engine, and what precedes the name in the resource part. */
static const struct {
    const char *service, *engine, *prefix;
} S_arns[] = {
    {"sqs", "sqs", ""},
    {"sns", "sns", ""},
    {"dynamodb", "dynamodb", "table/"},
    {"kinesis", "kinesis", "stream/"},
    {"states", "stepfunctions", "stateMachine:"},
    {"events", "eventbridge", "event-bus/"},
    {"s3", "s3", ""},
};

const char *aw_import_store_from(aw_import *im, const aw_doc *v)
{
    const char *raw = v ? aw_import_raw_text(v) : NULL;
    if (!raw)
        return NULL;
    /* ${AWS::Region} and its like stand for one ARN field each: "X". */
    char *text = aw_arena_strdup(im->arena, raw), *w = text;
    for (const char *r = raw; *r;) {
        const char *close = r[0] == '$' && r[1] == '{' ? strchr(r, '}') : NULL;
        *w++ = close ? 'X' : *r;
        r = close ? close + 1 : r + 1;
    }
    *w = '\0';
    if (strncmp(text, "https://sqs.", 12) == 0) {
        const char *slash = strrchr(text, '/');
        return slash && slash[1] ? aw_import_store_named(im, "sqs", slash + 1, &v->loc) : NULL;
    }
    if (strncmp(text, "arn:", 4) != 0)
        return NULL;
    /* arn:partition:service:region:account:resource */
    const char *p = text;
    for (int i = 0; i < 2 && p; i++)
        p = strchr(p + 1, ':');
    const char *service = p ? p + 1 : NULL;
    const char *resource = p;
    for (int i = 0; i < 3 && resource; i++)
        resource = strchr(resource + 1, ':');
    if (!service || !resource)
        return NULL;
    resource++;
    for (size_t i = 0; i < sizeof S_arns / sizeof *S_arns; i++) {
        size_t n = strlen(S_arns[i].service), k = strlen(S_arns[i].prefix);
        if (strncmp(service, S_arns[i].service, n) != 0 || service[n] != ':' || strncmp(resource, S_arns[i].prefix, k) != 0)
            continue;
        const char *name = resource + k;
        size_t len = strcspn(name, "/:");
        if (!len || strstr(name, "${"))
            return NULL;
        return aw_import_store_named(im, S_arns[i].engine, aw_arena_strndup(im->arena, name, len), &v->loc);
    }
    return NULL;
}

/* A service integration's parameters; the queue an SQS call sends to is the
 * integration's target, from which a build writes QueueUrl again. */
void aw_import_service_parameters(aw_import *im, aw_doc *node, const aw_doc *params)
{
    const aw_doc *queue_url = aw_import_get(params, "QueueUrl");
    const char *queue = queue_url ? aw_import_node_id(im, aw_import_ref(im, queue_url)) : NULL;
    if (queue_url && !queue)
        queue = aw_import_store_from(im, queue_url);
    aw_itree_set_string(im, node, "target", queue, queue_url ? &queue_url->loc : NULL);
    aw_doc *map = aw_itree_object(im, &params->loc);
    for (size_t i = 0; params->kind == AW_DOC_OBJECT && i < params->as.object.count; i++) {
        const aw_doc_member *m = &params->as.object.members[i];
        if (queue && m->value == queue_url)
            continue;
        const char *text = aw_import_ref_text(im, m->value, m->key);
        if (text)
            aw_itree_set(im, map, m->key, aw_itree_string(im, text, &m->value->loc));
    }
    if (map->as.object.count)
        aw_itree_set(im, node, "requestParameters", map);
}

