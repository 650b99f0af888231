/* Text that names the template's own resources, parameters and pseudo
 * parameters, in the format's spelling: ${ref:ID.ATTR} for an element the
 * diagram holds, ${param:NAME} for a template parameter (declared in the
 * diagram's parameters), for the fields whose references a build resolves. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../ir/strbuf.h"
#include "importer.h"

/* What Ref and each Fn::GetAtt attribute of a modelled resource type give,
 * as the attribute of ${ref:} (NULL: none the format offers). */
static const struct {
    const char *type, *ref;
    const char *atts[3][2];     /* template attribute -> format attribute */
} S_types[] = {
    {"AWS::SQS::Queue", "url", {{"Arn", "arn"}, {"QueueUrl", "url"}, {"QueueName", "name"}}},
    {"AWS::DynamoDB::Table", "name", {{"Arn", "arn"}}},
    {"AWS::SNS::Topic", "arn", {{"TopicArn", "arn"}, {"TopicName", "name"}}},
    {"AWS::S3::Bucket", "name", {{"Arn", "arn"}}},
    {"AWS::Kinesis::Stream", "name", {{"Arn", "arn"}}},
    {"AWS::Events::EventBus", "name", {{"Arn", "arn"}, {"Name", "name"}}},
    {"AWS::StepFunctions::StateMachine", "arn", {{"Arn", "arn"}, {"Name", "name"}}},
    {"AWS::Lambda::Function", "name", {{"Arn", "arn"}}},
    {"AWS::Serverless::Function", "name", {{"Arn", "arn"}}},
};

typedef struct reftext {
    aw_import *im;
    bool refs;                  /* resources as ${ref:}; else parameters only */
    const aw_doc *vars;         /* Fn::Sub's own variables, or NULL */
    const aw_loc *loc;          /* where the value is written */
    char why[400];              /* the first thing that could not be said */
} reftext;

static void S_unknown(reftext *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void S_unknown(reftext *r, const char *fmt, ...)
{
    if (r->why[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof r->why, fmt, ap);
    va_end(ap);
}

/* The one member of an intrinsic function object, or NULL. */
static const aw_doc_member *S_intrinsic(const aw_doc *v, const char *name)
{
    if (!v || v->kind != AW_DOC_OBJECT || v->as.object.count != 1)
        return NULL;
    const aw_doc_member *m = &v->as.object.members[0];
    return strcmp(m->key, name) == 0 ? m : NULL;
}

/* ${ref:ID.ATTR} for attribute att of a resource (NULL att: its Ref). */
static bool S_resource(reftext *r, const char *logical_id, const char *att, aw_strbuf *out)
{
    aw_import *im = r->im;
    const aw_doc *res = aw_import_resource(im, logical_id);
    const char *id = aw_import_node_id(im, logical_id);
    const char *type = aw_import_resource_type(res);
    if (!r->refs && res) {
        S_unknown(r, "%s (%s), a resource, which the diagram format refers to only in an integration's url, role, "
                  "path, request template, request parameters and mappings", logical_id, type);
        return false;
    }
    for (size_t i = 0; id && i < sizeof S_types / sizeof S_types[0]; i++) {
        if (strcmp(S_types[i].type, type) != 0)
            continue;
        const char *attr = att ? NULL : S_types[i].ref;
        for (size_t k = 0; att && k < 3 && S_types[i].atts[k][0]; k++)
            if (strcmp(S_types[i].atts[k][0], att) == 0)
                attr = S_types[i].atts[k][1];
        if (!attr)
            break;
        aw_strbuf_puts(out, "${ref:");
        aw_strbuf_puts(out, id);
        aw_strbuf_putc(out, '.');
        aw_strbuf_puts(out, attr);
        aw_strbuf_putc(out, '}');
        return true;
    }
    if (!res)
        S_unknown(r, "%s, which names nothing of the template", logical_id);
    else if (att)
        S_unknown(r, "attribute %s of %s (%s), which the diagram format cannot refer to", att, logical_id, type);
    else
        S_unknown(r, "Ref %s (%s), which the diagram format cannot refer to", logical_id, type);
    return false;
}

/* A template parameter as ${param:NAME}, declared in the diagram once. */
static void S_param(reftext *r, const char *name, aw_strbuf *out)
{
    aw_import_param_use(r->im, name);
    aw_strbuf_puts(out, "${param:");
    aw_strbuf_puts(out, name);
    aw_strbuf_putc(out, '}');
}

static bool S_value(reftext *r, const aw_doc *v, aw_strbuf *out);

/* One ${NAME} of Fn::Sub: its own variable, a pseudo parameter (kept as
 * written until the whole text is known), a parameter, a resource or a
 * resource's attribute. */
static bool S_sub_name(reftext *r, const char *name, aw_strbuf *out)
{
    const aw_doc *given = aw_import_get(r->vars, name);
    if (given) {
        reftext inner = {r->im, r->refs, NULL, r->loc, {0}};
        bool ok = S_value(&inner, given, out);
        if (!ok)
            S_unknown(r, "%s", inner.why);
        return ok;
    }
    if (strncmp(name, "AWS::", 5) == 0) {
        aw_strbuf_puts(out, "${");
        aw_strbuf_puts(out, name);
        aw_strbuf_putc(out, '}');
        return true;
    }
    if (aw_import_get(r->im->parameters, name)) {
        S_param(r, name, out);
        return true;
    }
    const char *dot = strchr(name, '.');
    if (!dot)
        return S_resource(r, name, NULL, out);
    return S_resource(r, aw_arena_strndup(r->im->arena, name, (size_t)(dot - name)), dot + 1, out);
}

static bool S_sub(reftext *r, const aw_doc *arg, aw_strbuf *out)
{
    const aw_doc *text = arg;
    if (arg->kind == AW_DOC_ARRAY && arg->as.array.count == 2) {
        text = arg->as.array.items[0];
        r->vars = arg->as.array.items[1];
    }
    if (text->kind != AW_DOC_STRING) {
        S_unknown(r, "%s", "Fn::Sub of something other than a text");
        return false;
    }
    const char *s = text->as.string.chars;
    for (;;) {
        const char *open = strstr(s, "${");
        const char *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            aw_strbuf_puts(out, s);
            return true;
        }
        aw_strbuf_put(out, s, (size_t)(open - s));
        if (open[2] == '!') {           /* ${!Literal} is ${Literal} as written */
            aw_strbuf_puts(out, "${");
            aw_strbuf_put(out, open + 3, (size_t)(close - open - 2));
        } else if (!S_sub_name(r, aw_arena_strndup(r->im->arena, open + 2, (size_t)(close - open - 2)), out)) {
            return false;
        }
        s = close + 1;
    }
}

static bool S_join(reftext *r, const aw_doc *arg, aw_strbuf *out)
{
    if (arg->kind != AW_DOC_ARRAY || arg->as.array.count != 2 || arg->as.array.items[0]->kind != AW_DOC_STRING ||
        arg->as.array.items[1]->kind != AW_DOC_ARRAY) {
        S_unknown(r, "%s", "Fn::Join not of a separator and a list");
        return false;
    }
    const aw_doc *list = arg->as.array.items[1];
    for (size_t i = 0; i < list->as.array.count; i++) {
        if (i)
            aw_strbuf_puts(out, arg->as.array.items[0]->as.string.chars);
        if (!S_value(r, list->as.array.items[i], out))
            return false;
    }
    return true;
}

static bool S_getatt(reftext *r, const aw_doc *a, aw_strbuf *out)
{
    if (a->kind == AW_DOC_ARRAY && a->as.array.count == 2 && a->as.array.items[0]->kind == AW_DOC_STRING &&
        a->as.array.items[1]->kind == AW_DOC_STRING)
        return S_resource(r, a->as.array.items[0]->as.string.chars, a->as.array.items[1]->as.string.chars, out);
    const char *dot = a->kind == AW_DOC_STRING ? strchr(a->as.string.chars, '.') : NULL;
    if (dot)
        return S_resource(r, aw_arena_strndup(r->im->arena, a->as.string.chars, (size_t)(dot - a->as.string.chars)),
                          dot + 1, out);
    S_unknown(r, "%s", "Fn::GetAtt not of a resource and an attribute");
    return false;
}

static bool S_value(reftext *r, const aw_doc *v, aw_strbuf *out)
{
    const aw_doc_member *m;
    if (v->kind == AW_DOC_STRING || v->kind == AW_DOC_NUMBER || v->kind == AW_DOC_BOOL) {
        aw_strbuf_puts(out, aw_import_text(r->im, v, NULL));
        return true;
    }
    if ((m = S_intrinsic(v, "Ref")) && m->value->kind == AW_DOC_STRING) {
        const char *name = m->value->as.string.chars;
        if (strncmp(name, "AWS::", 5) == 0)
            return S_sub_name(r, name, out);
        if (aw_import_get(r->im->parameters, name)) {
            S_param(r, name, out);
            return true;
        }
        return S_resource(r, name, NULL, out);
    }
    if ((m = S_intrinsic(v, "Fn::GetAtt")))
        return S_getatt(r, m->value, out);
    if ((m = S_intrinsic(v, "Fn::Sub"))) {
        reftext inner = {r->im, r->refs, NULL, r->loc, {0}};
        bool ok = S_sub(&inner, m->value, out);
        if (!ok)
            S_unknown(r, "%s", inner.why);
        return ok;
    }
    if ((m = S_intrinsic(v, "Fn::Join")))
        return S_join(r, m->value, out);
    /* A choice by a declared condition: ${if:NAME}THEN${else}ELSE${end}. */
    const char *choice = (m = S_intrinsic(v, "Fn::If")) ? aw_import_choice(r->im, m->value) : NULL;
    if (choice) {
        aw_strbuf_puts(out, choice);
        return true;
    }
    if (v->kind == AW_DOC_OBJECT && v->as.object.count == 1)
        S_unknown(r, "%s, a value not known before deployment", v->as.object.members[0].key);
    else
        S_unknown(r, "%s", "a value that is no text");
    return false;
}

/* Where the ARN or queue URL starting at p ends: at a quote, a space, a
 * separator, or a brace that closes no placeholder. */
static size_t S_token_len(const char *p)
{
    size_t n = 0;
    for (int depth = 0; p[n]; n++) {
        if (p[n] == '$' && p[n + 1] == '{')
            depth++;
        else if (p[n] == '}' && depth)
            depth--;
        else if (!depth && strchr("\"' \t\r\n,;()[]{}<>\\", p[n]))
            break;
    }
    return n;
}

/* An ARN or queue URL built from pseudo parameters names one store: the
 * element's own arn or url, which a build writes in the stack's terms. */
static const char *S_store_token(aw_import *im, const char *token, const aw_loc *loc)
{
    bool url = strncmp(token, "https://sqs.", 12) == 0;
    const char *last = strrchr(token, '$');
    if (last && strncmp(last, "${ref:", 6) == 0 && last[strlen(last) - 1] == '}') {
        /* ...:${ref:ID.name}: that element's whole ARN or URL */
        size_t n = strlen(last);
        if (n < 12 || strcmp(last + n - 6, ".name}") != 0)
            return NULL;
        return aw_arena_printf(im->arena, "${ref:%.*s.%s}", (int)(n - 12), last + 6, url ? "url" : "arn");
    }
    for (const char *p = strstr(token, "${"); p; p = strstr(p + 2, "${"))
        if (strncmp(p, "${AWS::", 7) != 0)
            return NULL;
    const char *id = aw_import_store_from(im, aw_itree_string(im, token, loc));
    return id ? aw_arena_printf(im->arena, "${ref:%s.%s}", id, url ? "url" : "arn") : NULL;
}

/* The text with each ARN or queue URL built from pseudo parameters as its
 * store's reference; AWS::Partition and AWS::URLSuffix as the commercial
 * partition's (as managed policies are read); NULL when a pseudo parameter
 * is left, with why set. */
static const char *S_pseudo(reftext *r, const char *text)
{
    if (!strstr(text, "${AWS::"))
        return text;
    aw_strbuf out = AW_STRBUF_INIT;
    for (const char *p = text; *p;) {
        bool start = strncmp(p, "arn:", 4) == 0 || strncmp(p, "https://sqs.", 12) == 0;
        size_t n = start ? S_token_len(p) : 0;
        char *token = n ? aw_arena_strndup(r->im->arena, p, n) : NULL;
        const char *ref = r->refs && token && strstr(token, "${AWS::") ? S_store_token(r->im, token, r->loc) : NULL;
        if (ref) {
            aw_strbuf_puts(&out, ref);
            p += n;
        } else if (strncmp(p, "${AWS::Partition}", 17) == 0) {
            aw_strbuf_puts(&out, "aws");
            p += 17;
        } else if (strncmp(p, "${AWS::URLSuffix}", 17) == 0) {
            aw_strbuf_puts(&out, "amazonaws.com");
            p += 17;
        } else {
            aw_strbuf_putc(&out, *p++);
        }
    }
    const char *result = aw_arena_strndup(r->im->arena, out.data ? out.data : "", out.len);
    aw_strbuf_free(&out);
    const char *left = strstr(result, "${AWS::");
    if (!left)
        return result;
    S_unknown(r, "the pseudo parameter %.*s, which the diagram format spells only inside a reference to an element",
              (int)(strcspn(left, "}") + 1), left);
    return NULL;
}

static void S_report(reftext *r, const char *what)
{
    if (what)
        aw_import_report(r->im, AW_SEV_WARNING, "AW-IMPORT-004", r->loc, "%s holds %s; it is left out", what, r->why);
}

/* The text of v, or NULL with why set. */
static const char *S_text(reftext *r, const aw_doc *v)
{
    aw_strbuf out = AW_STRBUF_INIT;
    bool ok = S_value(r, v, &out);
    const char *text = ok ? aw_arena_strndup(r->im->arena, out.data ? out.data : "", out.len) : NULL;
    aw_strbuf_free(&out);
    return text;
}

const char *aw_import_ref_text_kept(aw_import *im, const aw_doc *v)
{
    reftext r = {im, true, NULL, v ? &v->loc : NULL, {0}};
    return v ? S_text(&r, v) : NULL;
}

const char *aw_import_pseudo_text(aw_import *im, const char *text, const aw_loc *loc, const char *what)
{
    reftext r = {im, true, NULL, loc, {0}};
    const char *result = text ? S_pseudo(&r, text) : NULL;
    if (text && !result)
        S_report(&r, what);
    return result;
}

/* The whole text of v, pseudo parameters worked out; reported if none. */
static const char *S_whole(aw_import *im, const aw_doc *v, const char *what, bool refs)
{
    if (!v)
        return NULL;
    reftext r = {im, refs, NULL, &v->loc, {0}};
    const char *text = S_text(&r, v);
    if (text)
        text = S_pseudo(&r, text);
    if (!text)
        S_report(&r, what);
    return text;
}

const char *aw_import_ref_text(aw_import *im, const aw_doc *v, const char *what)
{
    return S_whole(im, v, what, true);
}

const char *aw_import_param_text(aw_import *im, const aw_doc *v, const char *what)
{
    return S_whole(im, v, what, false);
}

/* The one element that the ${ref:} of text name, in *found; false once a
 * second one is met. */
static bool S_one_ref(const char *text, const char **found, size_t *len)
{
    for (const char *p = text ? strstr(text, "${ref:") : NULL; p; p = strstr(p + 6, "${ref:")) {
        const char *close = strchr(p, '}'), *dot = close ? p + 6 : NULL;
        for (const char *q = dot; q && q < close; q++)
            if (*q == '.')
                dot = q;
        size_t n = dot ? (size_t)(dot - p - 6) : 0;
        if (!n)
            continue;
        if (*found && (n != *len || strncmp(*found, p + 6, n) != 0))
            return false;
        *found = p + 6;
        *len = n;
    }
    return true;
}

void aw_import_target_from_refs(aw_import *im, aw_doc *node)
{
    static const char *const fields[] = {"requestTemplate", "requestParameters", "parameterMappings"};
    const aw_doc *type = aw_itree_get(node, "type");
    if (aw_itree_get(node, "target") || !type || strcmp(type->as.string.chars, "aws") != 0)
        return;
    const char *found = NULL;
    size_t len = 0;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const aw_doc *v = aw_itree_get(node, fields[i]);
        bool one = true;
        if (v && v->kind == AW_DOC_STRING)
            one = S_one_ref(v->as.string.chars, &found, &len);
        for (size_t k = 0; v && v->kind == AW_DOC_OBJECT && k < v->as.object.count && one; k++)
            one = v->as.object.members[k].value->kind != AW_DOC_STRING ||
                  S_one_ref(v->as.object.members[k].value->as.string.chars, &found, &len);
        if (!one)
            return;
    }
    const char *id = found ? aw_arena_strndup(im->arena, found, len) : NULL;
    const aw_doc *store = id ? aw_strset_find(&im->ids, id) : NULL;
    const aw_doc *kind = store ? aw_itree_get(store, "kind") : NULL;
    if (kind && strcmp(kind->as.string.chars, "datastore") == 0)
        aw_itree_set_string(im, node, "target", id, &node->loc);
}
