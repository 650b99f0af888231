/* Design facts as template Metadata and x-archway-* members: what of a
 * diagram no deployable property holds, so that an import of the build
 * gives the same diagram back. Driven by the field tables. */
#include "design_meta.h"

#include "cfn.h"
#include "integration_spec.h"
#include "openapi.h"
#include "openapi_docs.h"

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "../ir/text_refs.h"
#include "../ir/units.h"
#include "sorted_map.h"

/* Fields every element may carry that no template property holds. */
static const char *const S_every[] = {"position", "suppress", NULL};

/* Per kind, the fields no property of its resources holds. Names,
 * descriptions and tags of kinds whose resources carry them are not here:
 * the template says them already. */
static const struct {
    aw_kind kind;
    const char *fields[8];     /* NULL-terminated */
} S_design[] = {
    {AW_KIND_API, {"defaultAuthorizer"}},
    /* A route's throttle is written as each stage's per-route setting. */
    {AW_KIND_ROUTE, {"name", "description", "tags", "noneReason", "throttle"}},
    /* The backend, load balancer and store of an integration are elements
     * no resource holds; the template has only their address. */
    {AW_KIND_INTEGRATION, {"name", "description", "tags", "backend", "listener", "target"}},
    {AW_KIND_AUTHORIZER, {"description", "tags", "tokenUrl"}},
    {AW_KIND_FUNCTION, {"name", "coldStart", "latency", "errorRate"}},
    {AW_KIND_VPC_LINK, {"description", "targets"}},
};

/* A private integration's template names the load balancer's listener by
 * ARN and spells the backend's URL and headers as request parameters and a
 * TLS server name, which the import does not read back as the diagram's. */
static const char *const S_private[] = {"url", "listenerPort", "headers", NULL};

/* The fields of an integration whose ${ref:ID.ATTR} the build resolves
 * (compiler/resolve_text_refs.c): texts and maps of texts. */
static const char *const S_ref_fields[] = {"url", "role", "path", "requestTemplate", "requestParameters",
                                           "parameterMappings", NULL};

/* What a REST API's body does not say of an authorizer, which its own
 * resource says in the other families. */
static const char *const S_in_body[] = {"name", NULL};

/* The lists above as field descriptors, per kind, found once: a build
 * writes the metadata of every element, so no field is looked up by name
 * more than once per process. */
enum { S_DESIGN, S_EVERY, S_PRIVATE, S_IN_BODY, S_REFS, S_LISTS };
typedef struct S_resolved {
    const aw_field *field;          /* NULL ends a list */
    bool common;                    /* of aw_node_common_desc, else of the kind's */
} S_resolved;
static S_resolved S_fields[AW_KIND_COUNT][S_LISTS][8];
static pthread_once_t S_fields_once = PTHREAD_ONCE_INIT;

static void S_resolve_list(aw_kind kind, int list, const char *const *names)
{
    size_t n = 0;
    for (size_t i = 0; names[i] && n < 7; i++) {
        const aw_field *f = aw_struct_field(&aw_node_common_desc, names[i]);
        bool common = f != NULL;
        if (!f)
            f = aw_struct_field(aw_kind_descs[kind].desc, names[i]);
        if (f)
            S_fields[kind][list][n++] = (S_resolved){f, common};
    }
}

static void S_resolve(void)
{
    for (size_t i = 0; i < sizeof S_design / sizeof S_design[0]; i++)
        S_resolve_list(S_design[i].kind, S_DESIGN, S_design[i].fields);
    for (int k = 0; k < AW_KIND_COUNT; k++)
        S_resolve_list((aw_kind)k, S_EVERY, S_every);
    S_resolve_list(AW_KIND_INTEGRATION, S_PRIVATE, S_private);
    S_resolve_list(AW_KIND_AUTHORIZER, S_IN_BODY, S_in_body);
    S_resolve_list(AW_KIND_INTEGRATION, S_REFS, S_ref_fields);
}

/* The resource whose Metadata holds an element's: its logical id's word. */
static const struct {
    aw_kind kind;
    const char *word;
} S_resource_words[] = {
    {AW_KIND_API, "Api"},
    {AW_KIND_ROUTE, "Route"},
    {AW_KIND_STAGE, "Stage"},
    {AW_KIND_INTEGRATION, "Integration"},
    {AW_KIND_AUTHORIZER, "Authorizer"},
    {AW_KIND_USAGE_PLAN, "UsagePlan"},
    {AW_KIND_API_KEY, "ApiKey"},
    {AW_KIND_FUNCTION, "Function"},
    {AW_KIND_VPC_LINK, "VpcLink"},
};

static void S_value(aw_jw *w, const aw_field *f, const void *base);

/* A number field's default as the number it spells, read once per field
 * and thread (a slot of a small cache by the field's address): every
 * element's and edge's metadata compares its numbers with their defaults. */
static double S_default_number(const aw_field *f)
{
    enum { SLOTS = 64 };
    static _Thread_local struct {
        const aw_field *field;
        double value;
    } cache[SLOTS];
    size_t slot = (size_t)((uintptr_t)f / sizeof *f) % SLOTS;
    if (cache[slot].field != f) {
        cache[slot].field = f;
        cache[slot].value = strtod(f->def, NULL);
    }
    return cache[slot].value;
}

/* Whether the field holds what it holds when left out. Scalars are
 * compared without being formatted where their type allows. */
static bool S_is_default(const aw_field *f, const void *base)
{
    if (!aw_field_is_set(f, base))
        return true;
    if (!f->def || f->type == AW_F_STRINGS || f->type >= AW_F_REFS)
        return false;
    const void *p = (const char *)base + f->offset;
    switch (f->type) {
    case AW_F_BOOL: return *(const bool *)p == (strcmp(f->def, "true") == 0);
    case AW_F_INT: return (double)*(const int64_t *)p == S_default_number(f);
    case AW_F_NUMBER: return *(const double *)p == S_default_number(f);
    case AW_F_STRING: return strcmp(*(const char *const *)p, f->def) == 0;
    case AW_F_ENUM: {
        const char *name = aw_enum_name(f, *(const int *)p);
        return name && strcmp(name, f->def) == 0;
    }
    default: break;
    }
    aw_strbuf text = AW_STRBUF_INIT;
    aw_field_format_scalar(&text, f, base);
    bool same = text.data && strcmp(text.data, f->def) == 0;
    aw_strbuf_free(&text);
    return same;
}

static void S_struct(aw_jw *w, const aw_struct_desc *desc, const void *base)
{
    aw_jw_object_inline(w);
    for (size_t i = 0; i < desc->field_count; i++)
        if (!S_is_default(&desc->fields[i], base)) {
            aw_jw_key(w, desc->fields[i].name);
            S_value(w, &desc->fields[i], base);
        }
    aw_jw_end_object(w);
}

static bool S_whole(double x)
{
    return x > -9e15 && x < 9e15 && x == (double)(int64_t)x;
}

/* A number or a duration as a string ("0.5", "450ms"). Its text has
 * nothing to escape: it is spelled in place between its quotes, not in a
 * fresh buffer for each value. */
static void S_quoted_number(aw_jw *w, bool duration, double v)
{
    aw_jw_raw_value(w, "\"", 1);
    if (duration)
        aw_duration_format(w->out, v);
    else
        aw_strbuf_number(w->out, v);
    aw_strbuf_putc(w->out, '"');
}

static void S_scalar(aw_jw *w, const aw_field *f, const void *base)
{
    const void *p = (const char *)base + f->offset;
    if (f->type == AW_F_BOOL) {
        aw_jw_bool(w, *(const bool *)p);
    } else if (f->type == AW_F_INT) {
        aw_jw_int(w, *(const int64_t *)p);
    } else if (f->type == AW_F_NUMBER && S_whole(*(const double *)p)) {
        aw_jw_number(w, *(const double *)p);
    } else if (f->type == AW_F_NUMBER || f->type == AW_F_DURATION) {
        /* cfn-lint takes no fractions in Metadata: "0.5", which the import
         * reads back as the number by the field's type */
        S_quoted_number(w, f->type == AW_F_DURATION, *(const double *)p);
    } else if (f->type == AW_F_STRING) {
        aw_jw_string(w, *(const char *const *)p);
    } else if (f->type == AW_F_REF) {
        aw_jw_string(w, ((const aw_ref *)p)->id);
    } else if (f->type == AW_F_ENUM && aw_enum_name(f, *(const int *)p)) {
        aw_jw_string(w, aw_enum_name(f, *(const int *)p));
    } else {
        aw_strbuf text = AW_STRBUF_INIT;
        aw_field_format_scalar(&text, f, base);
        aw_jw_string(w, text.data ? text.data : "");
        aw_strbuf_free(&text);
    }
}

static void S_value(aw_jw *w, const aw_field *f, const void *base)
{
    const void *p = (const char *)base + f->offset;
    if (f->type == AW_F_STRINGS || f->type == AW_F_REFS) {
        size_t count = f->type == AW_F_STRINGS ? ((const aw_strings *)p)->count : ((const aw_refs *)p)->count;
        aw_jw_array_inline(w);
        for (size_t i = 0; i < count; i++)
            aw_jw_string(w, f->type == AW_F_STRINGS ? ((const aw_strings *)p)->items[i]
                                                    : ((const aw_refs *)p)->items[i].id);
        aw_jw_end_array(w);
    } else if (f->type == AW_F_MAP) {
        const aw_map *map = p;
        aw_pair *sorted = aw_map_sorted(map);
        aw_jw_object_inline(w);
        for (size_t i = 0; i < map->count; i++)
            aw_jw_member_string(w, sorted[i].key, sorted[i].value);
        aw_jw_end_object(w);
        free(sorted);
    } else if (f->type == AW_F_OBJECT) {
        S_struct(w, f->sub, *(const void *const *)p);
    } else if (f->type == AW_F_OBJECTS) {
        const char *items;
        size_t count = aw_field_objects(f, base, &items);
        aw_jw_array_inline(w);
        for (size_t i = 0; i < count; i++)
            S_struct(w, f->sub, items + i * f->sub->size);
        aw_jw_end_array(w);
    } else
        S_scalar(w, f, base);
}

/* The fields of one of node's lists that differ from their defaults. */
static void S_named_fields(aw_jw *w, const aw_node *node, int list)
{
    const void *kind_base = (const char *)node + aw_kind_descs[node->kind].union_offset;
    for (const S_resolved *r = S_fields[node->kind][list]; r->field; r++) {
        const void *base = r->common ? (const void *)node : kind_base;
        if (!S_is_default(r->field, base)) {
            aw_jw_key(w, r->field->name);
            S_value(w, r->field, base);
        }
    }
}

/* A route's authorizer is a design fact where the template cannot say it:
 * "none" written out, the API's default named again, or an IAM authorizer
 * of an HTTP or WebSocket API, which is no resource there. */
static void S_route_authorizer(aw_jw *w, const aw_node *route)
{
    const char *id = route->as.route.authorizer.id;
    const aw_node *api = route->as.route.api.node, *auth = route->as.route.authorizer.node;
    const char *dflt = api ? api->as.api.default_authorizer.id : NULL;
    bool iam_element = auth && auth->as.authorizer.type == AW_AUTH_IAM && api && api->as.api.type != AW_API_REST;
    if (id && (strcmp(id, "none") == 0 || (dflt && strcmp(id, dflt) == 0) || iam_element))
        aw_jw_member_string(w, "authorizer", id);
}

/* The path mapping a build derives from the url of an HTTP API's private
 * integration whose own mappings do not set it (integration_spec.c). */
static bool S_derived_path_mapping(const aw_node *node, aw_strbuf *out)
{
    const aw_integration *in = &node->as.integration;
    if (node->kind != AW_KIND_INTEGRATION || in->type != AW_INTEG_PRIVATE || !in->url || !node->owner_api ||
        node->owner_api->as.api.type != AW_API_HTTP)
        return false;
    for (size_t i = 0; i < in->parameter_mappings.count; i++)
        if (strcmp(in->parameter_mappings.items[i].key, "overwrite:path") == 0)
            return false;
    return aw_integration_path_override(in->url, out);
}

/* What the build writes for a field the diagram leaves unset, so that the
 * import leaves it unset again while the template still says that. */
static void S_defaults(aw_jw *w, const aw_deploy *d, const aw_node *node)
{
    const char *field = NULL, *value = NULL;
    aw_strbuf text = AW_STRBUF_INIT;
    /* A body's info says a description the build wrote for the API. */
    bool body = node->kind == AW_KIND_API && (node->as.api.type == AW_API_REST || aw_deploy_api_body(d, node));
    if (body && !node->description) {
        aw_openapi_docs_api_description(d, node, &text);
        field = "description", value = text.data;
    } else if (node->kind == AW_KIND_INTEGRATION && node->as.integration.type == AW_INTEG_MOCK &&
               !node->as.integration.request_template) {
        aw_strbuf_printf(&text, "{\"statusCode\": %d}", aw_integration_status_code(node));
        field = "requestTemplate", value = text.data;
    } else if (node->kind == AW_KIND_FUNCTION && !node->as.function.handler && !node->as.function.existing) {
        field = "handler";
        value = aw_cfn_default_handler(node->as.function.runtime);
    } else if (node->kind == AW_KIND_INTEGRATION && !node->as.integration.alias && node->as.integration.function.node) {
        const aw_function *fn = &node->as.integration.function.node->as.function;
        if (!fn->existing && fn->provisioned_concurrency != AW_UNSET_INT && fn->provisioned_concurrency > 0)
            field = "alias", value = AW_DEPLOY_LIVE_ALIAS;
    }
    const char *mapping = NULL;
    if (!field && S_derived_path_mapping(node, &text))
        mapping = "overwrite:path";
    if ((field && value) || mapping) {
        aw_jw_key(w, "defaults");
        aw_jw_object_inline(w);
        if (mapping) {
            aw_jw_key(w, "parameterMappings");
            aw_jw_object_inline(w);
            aw_jw_member_string(w, mapping, text.data);
            aw_jw_end_object(w);
        } else {
            aw_jw_member_string(w, field, value);
        }
        aw_jw_end_object(w);
    }
    aw_strbuf_free(&text);
}

/* Text as an import reads it back: each reference the build writes as
 * literal text (a store's name) replaced by that text, the others kept;
 * false when no reference is written so. */
static bool S_refs_written(const aw_deploy *d, const aw_node *node, const char *text, aw_strbuf *out)
{
    aw_deploy quiet = *d;
    quiet.sink = NULL;      /* what cannot be written is reported where the field is */
    bool literal_seen = false;
    aw_text_ref ref;
    const char *p = text;
    for (; aw_text_ref_next(p, &ref); p = ref.start + ref.len) {
        aw_strbuf_put(out, p, (size_t)(ref.start - p));
        aw_subst one = AW_SUBST_INIT;
        char *written = strndup(ref.start, ref.len);
        aw_subst_text(&quiet, node, &one, written);
        free(written);
        bool literal = !one.has_ref && one.text.len;
        literal_seen |= literal;
        if (!literal)
            aw_strbuf_put(out, ref.start, ref.len);
        for (const char *q = one.text.data; literal && *q; q++) {
            bool escaped = q[0] == '$' && q[1] == '{' && q[2] == '!';     /* Fn::Sub's "${!" reads back as "${" */
            aw_strbuf_puts(out, escaped ? "${" : (char[]){*q, '\0'});
            q += escaped ? 2 : 0;
        }
        aw_subst_free(&one);
    }
    aw_strbuf_puts(out, p);
    return literal_seen;
}

/* {"diagram": the diagram's text, "template": what the template holds}
 * as member key, for a text the build wrote with a reference resolved to
 * literal text; with w NULL, only whether it was. */
static bool S_ref_text(aw_jw *w, const aw_deploy *d, const aw_node *node, const char *key, const char *text)
{
    aw_strbuf written = AW_STRBUF_INIT;
    bool changed = strstr(text, AW_TEXT_REF_OPEN) && S_refs_written(d, node, text, &written);
    if (changed && w) {
        aw_jw_key(w, key);
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "diagram", text);
        aw_jw_member_string(w, "template", written.data);
        aw_jw_end_object(w);
    }
    aw_strbuf_free(&written);
    return changed;
}

/* "refs": an integration's texts whose references the template holds as
 * literal text (a map field's by key), so that an import gives the
 * references back while the template still holds that text: a later edit
 * of it wins. */
static void S_refs(aw_jw *w, const aw_deploy *d, const aw_node *node)
{
    const void *base = (const char *)node + aw_kind_descs[node->kind].union_offset;
    bool open = false;
    for (const S_resolved *r = S_fields[node->kind][S_REFS]; r->field; r++) {
        const aw_field *f = r->field;
        if (!aw_field_is_set(f, base) || (f->type != AW_F_STRING && f->type != AW_F_MAP))
            continue;
        const void *p = (const char *)base + f->offset;
        const aw_map *map = f->type == AW_F_MAP ? p : NULL;
        bool any = !map && S_ref_text(NULL, d, node, f->name, *(const char *const *)p);
        for (size_t k = 0; map && k < map->count && !any; k++)
            any = S_ref_text(NULL, d, node, map->items[k].key, map->items[k].value);
        if (!any)
            continue;
        if (!open) {
            aw_jw_key(w, "refs");
            aw_jw_object_inline(w);
            open = true;
        }
        if (!map) {
            S_ref_text(w, d, node, f->name, *(const char *const *)p);
            continue;
        }
        aw_jw_key(w, f->name);
        aw_jw_object_inline(w);
        for (size_t k = 0; k < map->count; k++)
            S_ref_text(w, d, node, map->items[k].key, map->items[k].value);
        aw_jw_end_object(w);
    }
    if (open)
        aw_jw_end_object(w);
}

/* "modelDefinitions": the schemas of a REST API's body that are its
 * models' local definitions, which the body holds as schemas of their own
 * ({"Model": {"definition": "Schema"}}), so that an import folds them back. */
static void S_model_definitions(aw_jw *w, const aw_node *api)
{
    bool open = false;
    for (size_t i = 0; i < api->as.api.model_count; i++) {
        const aw_model_def *md = &api->as.api.models[i];
        json_t *root = md->schema ? json_loads(md->schema, 0, NULL) : NULL;
        json_t *defs = json_object_get(root, "definitions");
        if (json_is_object(root) && json_is_object(defs) && json_object_size(defs)) {
            if (!open) {
                aw_jw_key(w, "modelDefinitions");
                aw_jw_object_inline(w);
                open = true;
            }
            aw_jw_key(w, md->name);
            aw_jw_object_inline(w);
            const char *key;
            json_t *def;
            json_object_foreach(defs, key, def) {
                aw_strbuf name = AW_STRBUF_INIT;
                aw_openapi_definition_name(&name, md->name, key);
                aw_jw_member_string(w, key, name.data);
                aw_strbuf_free(&name);
            }
            aw_jw_end_object(w);
        }
        json_decref(root);
    }
    if (open)
        aw_jw_end_object(w);
}

void aw_design_meta_fields(aw_jw *w, const aw_deploy *d, const aw_node *node)
{
    pthread_once(&S_fields_once, S_resolve);
    aw_jw_member_string(w, "id", node->id);
    S_named_fields(w, node, S_DESIGN);
    S_named_fields(w, node, S_EVERY);
    if (node->kind == AW_KIND_INTEGRATION && node->as.integration.type == AW_INTEG_PRIVATE)
        S_named_fields(w, node, S_PRIVATE);
    if (node->kind == AW_KIND_AUTHORIZER && aw_design_meta_in_body(d, node))
        S_named_fields(w, node, S_IN_BODY);
    if (node->kind == AW_KIND_ROUTE)
        S_route_authorizer(w, node);
    S_defaults(w, d, node);
    if (node->kind == AW_KIND_INTEGRATION)
        S_refs(w, d, node);
    if (node->kind == AW_KIND_API && node->as.api.type == AW_API_REST)
        S_model_definitions(w, node);
}

void aw_design_meta_member(aw_jw *w, const char *key, const aw_deploy *d, const aw_node *node)
{
    aw_jw_key(w, key);
    aw_jw_object_inline(w);
    aw_design_meta_fields(w, d, node);
    aw_jw_end_object(w);
}

void aw_design_meta_operation(aw_jw *w, const aw_deploy *d, const aw_node *route)
{
    aw_design_meta_member(w, "x-archway-route", d, route);
    if (route->as.route.integration.node)
        aw_design_meta_member(w, "x-archway-integration", d, route->as.route.integration.node);
}

const char *aw_design_meta_resource_word(const aw_deploy *d, const aw_node *node)
{
    if (aw_design_meta_in_body(d, node))
        return NULL;
    if (node->kind == AW_KIND_API && node->as.api.type == AW_API_REST)
        return "RestApi";
    for (size_t i = 0; i < sizeof S_resource_words / sizeof S_resource_words[0]; i++)
        if (S_resource_words[i].kind == node->kind)
            return S_resource_words[i].word;
    return NULL;
}

bool aw_design_meta_in_body(const aw_deploy *d, const aw_node *node)
{
    bool body_kind =
        node->kind == AW_KIND_ROUTE || node->kind == AW_KIND_INTEGRATION || node->kind == AW_KIND_AUTHORIZER;
    const aw_node *api = node->owner_api;
    return body_kind && api && (api->as.api.type == AW_API_REST || aw_deploy_api_body(d, api));
}

/* The keys of the metadata, and where the 'w' of "archway" stands in
 * each: a 'w' is rare in a template, so the text is searched once, from
 * one 'w' to the next, for both keys (rather than once for each). */
static const char S_body_key[] = "\"x-archway-", S_resource_key[] = "\"Metadata\": {\"Archway\"";
static const struct {
    const char *text;
    size_t len, w;
} S_meta_keys[] = {{S_body_key, sizeof S_body_key - 1, 7}, {S_resource_key, sizeof S_resource_key - 1, 18}};

/* The key of the metadata whose 'w' is at w, at or after p, when it starts
 * a member line of its own (not text inside a string), or NULL. */
static const char *S_key_at(const char *p, const char *w, const char *end)
{
    if (w - p < 7 || w[-1] != 'h')     /* both keys have "hw" past their 7th byte */
        return NULL;
    for (size_t k = 0; k < sizeof S_meta_keys / sizeof S_meta_keys[0]; k++) {
        const char *q = w - S_meta_keys[k].w;
        if ((size_t)(w - p) < S_meta_keys[k].w || (size_t)(end - q) < S_meta_keys[k].len ||
            memcmp(q, S_meta_keys[k].text, S_meta_keys[k].len) != 0)
            continue;
        const char *line = q;
        while (line > p && line[-1] == ' ')
            line--;
        return line > p && line[-1] == '\n' ? q : NULL;
    }
    return NULL;
}

uint64_t aw_design_meta_hash(uint64_t seed, const char *text, size_t len)
{
    aw_text_hash hash;
    aw_text_hash_init(&hash, seed);
    const char *p = text, *end = text + len;
    for (const char *w = p; (w = memchr(w, 'w', (size_t)(end - w))) != NULL; w++) {
        const char *q = S_key_at(p, w, end);
        if (!q)
            continue;
        const char *line = q;
        while (line[-1] == ' ')
            line--;
        /* from the comma that ends the member before to the line's end */
        const char *from = line - 1 > p && line[-2] == ',' ? line - 2 : line - 1;
        const char *eol = memchr(q, '\n', (size_t)(end - q));
        aw_text_hash_add(&hash, p, (size_t)(from - p));
        p = w = eol ? eol : end;
        if (p == end)
            break;
    }
    aw_text_hash_add(&hash, p, (size_t)(end - p));
    return aw_text_hash_end(&hash);
}

/* Every set field of a struct that differs from its default. */
static void S_all_fields(aw_jw *w, const aw_struct_desc *desc, const void *base, const char *const *skip)
{
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_field *f = &desc->fields[i];
        bool skipped = false;
        for (size_t k = 0; skip && skip[k] && !skipped; k++)     /* every edge skips some: first letters first */
            skipped = skip[k][0] == f->name[0] && strcmp(skip[k], f->name) == 0;
        if (!skipped && !S_is_default(f, base)) {
            aw_jw_key(w, f->name);
            S_value(w, f, base);
        }
    }
}

static void S_element(aw_jw *w, const aw_node *node)
{
    const aw_kind_desc *kd = &aw_kind_descs[node->kind];
    aw_jw_object_inline(w);
    aw_jw_member_string(w, AW_KIND_FIELD, kd->name);
    S_all_fields(w, &aw_node_common_desc, node, NULL);
    S_all_fields(w, kd->desc, (const char *)node + kd->union_offset, NULL);
    aw_jw_end_object(w);
}

void aw_design_meta_edge(aw_jw *w, const aw_edge *edge, const char *skip)
{
    bool own_id = edge->id && edge->from.id && edge->to.id &&
                  !(strncmp(edge->id, edge->from.id, strlen(edge->from.id)) == 0 &&
                    strncmp(edge->id + strlen(edge->from.id), "->", 2) == 0 &&
                    strcmp(edge->id + strlen(edge->from.id) + 2, edge->to.id) == 0);
    const char *const skipped[] = {skip ? skip : "", own_id ? "" : "id", NULL};
    aw_jw_object_inline(w);
    S_all_fields(w, &aw_edge_desc, edge, skipped);
    aw_jw_end_object(w);
}

void aw_design_meta_template(aw_jw *w, const aw_model *model, bool (*carried)(const aw_node *node, void *ctx),
                             void *ctx)
{
    static const char *const not_diagram[] = {"archway", "name", "edges", NULL};
    aw_jw_key(w, "Archway");
    aw_jw_object(w);
    aw_jw_member_int(w, "version", AW_DESIGN_META_VERSION);
    aw_jw_key(w, "diagram");
    aw_jw_object_inline(w);
    S_all_fields(w, &aw_diagram_desc, model, not_diagram);
    aw_jw_end_object(w);
    aw_jw_key(w, "elements");
    aw_jw_array(w);
    for (size_t i = 0; i < model->node_count; i++)
        if (!carried(model->nodes[i], ctx))
            S_element(w, model->nodes[i]);
    aw_jw_end_array(w);
    aw_jw_key(w, "edges");
    aw_jw_array(w);
    for (size_t i = 0; i < model->edge_count; i++)
        if (!model->edges[i].from.node || !carried(model->edges[i].from.node, ctx))
            aw_design_meta_edge(w, &model->edges[i], NULL);
    aw_jw_end_array(w);
    aw_jw_end_object(w);
}

/* ---- the template's side ------------------------------------------------------ */

/* The logical id of the resource that carries node's metadata, into buf;
 * false for an element no resource carries. */
static bool S_primary_id(const aw_cfn *c, const aw_node *node, char *buf, size_t size)
{
    const char *word = aw_design_meta_resource_word(&c->d, node);
    if (!word)
        return false;
    aw_cfn_id(c, node, word, buf, size);
    return true;
}

/* The edges drawn from each node, as lists through the edge array. */
struct aw_cfn_meta {
    size_t *head, *next;        /* head by node index, next by edge index; SIZE_MAX ends */
};

static const struct aw_cfn_meta *S_index(aw_cfn *c)
{
    if (c->meta)
        return c->meta;
    const aw_model *model = c->d.model;
    c->meta = calloc(1, sizeof *c->meta);
    if (!c->meta || !(c->meta->head = malloc((model->node_count + 1) * sizeof(size_t))) ||
        !(c->meta->next = malloc((model->edge_count + 1) * sizeof(size_t))))
        abort();
    for (size_t i = 0; i < model->node_count; i++)
        c->meta->head[i] = SIZE_MAX;
    for (size_t e = model->edge_count; e-- > 0;) {
        const aw_node *from = model->edges[e].from.node;
        c->meta->next[e] = from ? c->meta->head[from->index] : SIZE_MAX;
        if (from)
            c->meta->head[from->index] = e;
    }
    return c->meta;
}

void aw_cfn_design_meta_free(aw_cfn *c)
{
    if (!c->meta)
        return;
    free(c->meta->head);
    free(c->meta->next);
    free(c->meta);
    c->meta = NULL;
}

/* The edges drawn from node, which its resource's metadata carries. */
static void S_edges_from(aw_cfn *c, const aw_node *node)
{
    const struct aw_cfn_meta *ix = S_index(c);
    size_t e = ix->head[node->index];
    if (e == SIZE_MAX)
        return;
    aw_jw_key(c->w, "edges");
    aw_jw_array_inline(c->w);
    for (; e != SIZE_MAX; e = ix->next[e])
        aw_design_meta_edge(c->w, &c->d.model->edges[e], "from");
    aw_jw_end_array(c->w);
}

void aw_cfn_design_meta_resource(aw_cfn *c)
{
    const aw_cfn_span *span = &c->spans[c->span_count - 1];
    char id[300];
    if (!span->node || !S_primary_id(c, span->node, id, sizeof id) || strcmp(id, span->id) != 0)
        return;
    aw_jw_key(c->w, "Metadata");
    aw_jw_object_inline(c->w);
    aw_jw_key(c->w, "Archway");
    aw_jw_object_inline(c->w);
    aw_design_meta_fields(c->w, &c->d, span->node);
    S_edges_from(c, span->node);
    aw_jw_end_object(c->w);
    aw_jw_end_object(c->w);
}

static bool S_carried(const aw_node *node, void *ctx)
{
    const aw_cfn *c = ctx;
    char id[300];
    if (aw_design_meta_in_body(&c->d, node))
        return true;
    return S_primary_id(c, node, id, sizeof id) && aw_strset_find(&c->logical_ids, id);
}

void aw_cfn_design_meta_template(aw_cfn *c, aw_jw *w)
{
    aw_jw_key(w, "Metadata");
    aw_jw_object(w);
    aw_design_meta_template(w, c->d.model, S_carried, c);
    aw_jw_end_object(w);
}
