/* The YAML front end of the importer: libyaml's events turned into the same
 * document tree the JSON reader makes, with CloudFormation's short-form
 * tags (!Ref, !Sub, ...) spelt as their long forms ({"Ref": ...}). */
#include "importer.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../compiler/limits.h"

/* An alias is one more reference to a node already built, so a "billion
 * laughs" costs no memory here; but every walk over the tree would visit
 * each expansion, so the nodes reachable through aliases are counted and
 * bounded like the input's own. */
#define S_MAX_EXPANDED_NODES (4u * 1000u * 1000u)

typedef struct S_anchor {
    const char *name;
    aw_doc *doc;
    size_t weight;              /* nodes of the subtree, aliases expanded */
} S_anchor;

typedef struct S_reader {
    aw_arena *arena;
    aw_diags *diags;
    const char *file;
    yaml_parser_t parser;
    S_anchor *anchors;          /* malloc'd */
    size_t anchor_count, anchor_cap;
    size_t expanded;            /* nodes reachable, aliases expanded */
    size_t budget;              /* arena bytes the tree may reach */
    bool failed;
} S_reader;

/* Short-form tag -> the key of its long form. */
static const struct {
    const char *tag;
    const char *key;
} S_short_forms[] = {
    {"!Ref", "Ref"},           {"!Sub", "Fn::Sub"},         {"!GetAtt", "Fn::GetAtt"},
    {"!If", "Fn::If"},         {"!Join", "Fn::Join"},       {"!Select", "Fn::Select"},
    {"!Split", "Fn::Split"},   {"!FindInMap", "Fn::FindInMap"}, {"!Equals", "Fn::Equals"},
    {"!Not", "Fn::Not"},       {"!And", "Fn::And"},         {"!Or", "Fn::Or"},
    {"!Condition", "Condition"}, {"!ImportValue", "Fn::ImportValue"}, {"!Base64", "Fn::Base64"},
    {"!Cidr", "Fn::Cidr"},     {"!GetAZs", "Fn::GetAZs"},   {"!Transform", "Fn::Transform"},
    {"!Length", "Fn::Length"}, {"!ToJsonString", "Fn::ToJsonString"},
};

static aw_loc S_loc(const S_reader *r, yaml_mark_t mark, const char *path)
{
    return (aw_loc){r->file, path, (unsigned)mark.line + 1, (unsigned)mark.column + 1};
}

static void S_fail(S_reader *r, yaml_mark_t mark, const char *code, const char *fmt, const char *arg)
{
    if (r->failed)
        return;
    r->failed = true;
    aw_loc loc = S_loc(r, mark, NULL);
    aw_diag_add(r->diags, AW_SEV_ERROR, code, &loc, fmt, arg);
}

static bool S_next(S_reader *r, yaml_event_t *ev)
{
    if (yaml_parser_parse(&r->parser, ev))
        return true;
    yaml_mark_t mark = r->parser.problem_mark;
    const char *problem = r->parser.problem ? r->parser.problem : "malformed YAML";
    S_fail(r, mark, "yaml-syntax", "YAML syntax error: %s", problem);
    return false;
}

static bool S_over_budget(S_reader *r, yaml_mark_t mark)
{
    if (r->expanded > S_MAX_EXPANDED_NODES) {
        S_fail(r, mark, "input-too-large", "%s",
               "the document has too many values once its aliases are expanded (more than 4,000,000)");
        return true;
    }
    if (r->arena->total > r->budget) {
        S_fail(r, mark, "input-too-large", "%s", "the document needs more memory than its size allows");
        return true;
    }
    return false;
}

static void S_anchor_add(S_reader *r, const char *name, aw_doc *doc, size_t weight)
{
    if (!name)
        return;
    if (r->anchor_count == r->anchor_cap) {
        r->anchor_cap = r->anchor_cap ? r->anchor_cap * 2 : 16;
        S_anchor *grown = realloc(r->anchors, r->anchor_cap * sizeof *grown);
        if (!grown)
            abort();
        r->anchors = grown;
    }
    /* Later anchors of the same name shadow earlier ones, as YAML says. */
    r->anchors[r->anchor_count++] = (S_anchor){aw_arena_strdup(r->arena, name), doc, weight};
}

static const S_anchor *S_anchor_find(const S_reader *r, const char *name)
{
    for (size_t i = r->anchor_count; i-- > 0;)
        if (strcmp(r->anchors[i].name, name) == 0)
            return &r->anchors[i];
    return NULL;
}

/* YAML 1.2 core schema for plain scalars: null, booleans, numbers; the rest,
 * and every quoted scalar, is a string. */
static void S_type_plain(aw_doc *d, const char *s, size_t len)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    static const char *const trues[] = {"true", "True", "TRUE"};
    static const char *const falses[] = {"false", "False", "FALSE"};
    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++)
        if (strcmp(s, nulls[i]) == 0) {
            d->kind = AW_DOC_NULL;
            return;
        }
    for (size_t i = 0; i < 3; i++)
        if (strcmp(s, trues[i]) == 0 || strcmp(s, falses[i]) == 0) {
            d->kind = AW_DOC_BOOL;
            d->as.boolean = strcmp(s, trues[i]) == 0;
            return;
        }
    char *end = NULL;
    double v = len && strspn(s, "+-0123456789.eE") == len ? strtod(s, &end) : 0;
    if (end && *end == '\0' && end != s) {
        d->kind = AW_DOC_NUMBER;
        d->as.number.value = v;
        d->as.number.integral = strcspn(s, ".eE") == len;
    }
}

static aw_doc *S_scalar(S_reader *r, const yaml_event_t *ev, const char *path)
{
    aw_doc *d = aw_arena_alloc(r->arena, sizeof *d);
    d->loc = S_loc(r, ev->start_mark, path);
    size_t len = ev->data.scalar.length;
    if (len > AW_MAX_STRING_BYTES) {
        S_fail(r, ev->start_mark, "input-too-large", "%s", "a string is longer than 1 MiB");
        return NULL;
    }
    d->kind = AW_DOC_STRING;
    d->as.string.chars = aw_arena_strndup(r->arena, (const char *)ev->data.scalar.value, len);
    d->as.string.len = len;
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag;
    if (plain)
        S_type_plain(d, d->as.string.chars, len);
    return d;
}

static aw_doc *S_value(S_reader *r, yaml_event_t *ev, const char *path, unsigned depth, size_t *weight);

static const char *S_key_text(S_reader *r, const aw_doc *key, yaml_mark_t mark)
{
    if (key->kind == AW_DOC_ARRAY || key->kind == AW_DOC_OBJECT) {
        S_fail(r, mark, "yaml-unsupported", "%s", "a mapping key must be a scalar");
        return NULL;
    }
    if (key->kind == AW_DOC_STRING)
        return key->as.string.chars;
    return key->kind == AW_DOC_NULL ? "" : aw_arena_printf(r->arena, "%g", key->kind == AW_DOC_NUMBER ? key->as.number.value : key->as.boolean);
}

static aw_doc *S_mapping(S_reader *r, const yaml_event_t *start, const char *path, unsigned depth, size_t *weight)
{
    aw_doc *d = aw_arena_alloc(r->arena, sizeof *d);
    d->kind = AW_DOC_OBJECT;
    d->growable = true;
    d->loc = S_loc(r, start->start_mark, path);
    for (;;) {
        yaml_event_t ev;
        if (!S_next(r, &ev))
            return NULL;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            return d;
        }
        yaml_mark_t key_mark = ev.start_mark;
        size_t kw = 0;
        aw_doc *key = S_value(r, &ev, path, depth + 1, &kw);
        const char *text = key ? S_key_text(r, key, key_mark) : NULL;
        if (!text || !S_next(r, &ev))
            return NULL;
        aw_doc *value = S_value(r, &ev, aw_doc_json_pointer_append(r->arena, path, text), depth + 1, weight);
        if (!value)
            return NULL;
        d->as.object.members = aw_arena_grow(r->arena, d->as.object.members, d->as.object.count, sizeof(aw_doc_member));
        d->as.object.members[d->as.object.count++] = (aw_doc_member){text, S_loc(r, key_mark, path), value};
    }
}

static aw_doc *S_sequence(S_reader *r, const yaml_event_t *start, const char *path, unsigned depth, size_t *weight)
{
    aw_doc *d = aw_arena_alloc(r->arena, sizeof *d);
    d->kind = AW_DOC_ARRAY;
    d->growable = true;
    d->loc = S_loc(r, start->start_mark, path);
    for (;;) {
        yaml_event_t ev;
        if (!S_next(r, &ev))
            return NULL;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return d;
        }
        const char *item_path = aw_doc_json_pointer_index(r->arena, path, d->as.array.count);
        aw_doc *item = S_value(r, &ev, item_path, depth + 1, weight);
        if (!item)
            return NULL;
        d->as.array.items = aw_arena_grow(r->arena, d->as.array.items, d->as.array.count, sizeof(aw_doc *));
        d->as.array.items[d->as.array.count++] = item;
    }
}

/* A short-form tag wraps the value in a one-member object. */
static aw_doc *S_apply_tag(S_reader *r, const char *tag, aw_doc *value, yaml_mark_t mark)
{
    if (!tag || !value || tag[0] != '!' || tag[1] == '!' || strncmp(tag, "tag:", 4) == 0)
        return value;
    for (size_t i = 0; i < sizeof S_short_forms / sizeof *S_short_forms; i++) {
        if (strcmp(tag, S_short_forms[i].tag) != 0)
            continue;
        aw_doc *wrap = aw_arena_alloc(r->arena, sizeof *wrap);
        wrap->kind = AW_DOC_OBJECT;
        wrap->loc = value->loc;
        wrap->as.object.members = aw_arena_alloc(r->arena, sizeof(aw_doc_member));
        wrap->as.object.members[0] = (aw_doc_member){S_short_forms[i].key, value->loc, value};
        wrap->as.object.count = 1;
        return wrap;
    }
    S_fail(r, mark, "yaml-unsupported", "unknown tag '%s' (CloudFormation's short forms are !Ref, !Sub, !GetAtt, ...)", tag);
    return NULL;
}

static const char *S_tag_of(const yaml_event_t *ev)
{
    const yaml_char_t *tag = ev->type == YAML_SCALAR_EVENT           ? ev->data.scalar.tag
                             : ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.tag
                             : ev->type == YAML_MAPPING_START_EVENT  ? ev->data.mapping_start.tag
                                                                     : NULL;
    return (const char *)tag;
}

static const char *S_anchor_of(const yaml_event_t *ev)
{
    const yaml_char_t *a = ev->type == YAML_SCALAR_EVENT           ? ev->data.scalar.anchor
                           : ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
                           : ev->type == YAML_MAPPING_START_EVENT  ? ev->data.mapping_start.anchor
                                                                   : NULL;
    return (const char *)a;
}

static aw_doc *S_alias(S_reader *r, const yaml_event_t *ev, size_t *weight)
{
    const S_anchor *a = S_anchor_find(r, (const char *)ev->data.alias.anchor);
    if (!a) {
        S_fail(r, ev->start_mark, "yaml-syntax", "alias '*%s' names no anchor before it",
               (const char *)ev->data.alias.anchor);
        return NULL;
    }
    r->expanded += a->weight;
    *weight += a->weight;
    return S_over_budget(r, ev->start_mark) ? NULL : a->doc;
}

/* Builds the value that starts with ev (and consumes ev). */
static aw_doc *S_value(S_reader *r, yaml_event_t *ev, const char *path, unsigned depth, size_t *weight)
{
    aw_doc *d = NULL;
    if (depth > AW_MAX_DEPTH) {
        S_fail(r, ev->start_mark, "too-deep", "%s", "values are nested more than 64 deep");
        yaml_event_delete(ev);
        return NULL;
    }
    size_t own = 1;
    r->expanded++;
    if (S_over_budget(r, ev->start_mark)) {
        yaml_event_delete(ev);
        return NULL;
    }
    if (ev->type == YAML_ALIAS_EVENT)
        d = S_alias(r, ev, weight);
    else if (ev->type == YAML_SCALAR_EVENT)
        d = S_scalar(r, ev, path);
    else if (ev->type == YAML_SEQUENCE_START_EVENT)
        d = S_sequence(r, ev, path, depth, &own);
    else if (ev->type == YAML_MAPPING_START_EVENT)
        d = S_mapping(r, ev, path, depth, &own);
    if (ev->type != YAML_ALIAS_EVENT) {
        d = S_apply_tag(r, S_tag_of(ev), d, ev->start_mark);
        S_anchor_add(r, S_anchor_of(ev), d, own);
        *weight += own;
    }
    yaml_event_delete(ev);
    return d;
}

static aw_doc *S_document(S_reader *r)
{
    yaml_event_t ev;
    aw_doc *root = NULL;
    /* stream start, document start, the root value, document end */
    if (!S_next(r, &ev))
        return NULL;
    yaml_event_delete(&ev);
    if (!S_next(r, &ev))
        return NULL;
    if (ev.type != YAML_DOCUMENT_START_EVENT) {
        yaml_mark_t mark = ev.start_mark;
        yaml_event_delete(&ev);
        S_fail(r, mark, "yaml-syntax", "%s", "the input holds no YAML document");
        return NULL;
    }
    yaml_event_delete(&ev);
    if (!S_next(r, &ev))
        return NULL;
    size_t weight = 0;
    root = S_value(r, &ev, "", 1, &weight);
    if (!root || !S_next(r, &ev))
        return NULL;
    yaml_event_delete(&ev);
    if (!S_next(r, &ev))
        return NULL;
    bool more = ev.type == YAML_DOCUMENT_START_EVENT;
    yaml_mark_t mark = ev.start_mark;
    yaml_event_delete(&ev);
    if (more) {
        S_fail(r, mark, "yaml-unsupported", "%s", "the input holds more than one YAML document");
        return NULL;
    }
    return root;
}

aw_doc *aw_yaml_read(aw_arena *arena, aw_diags *diags, const char *file, const char *text, size_t len)
{
    S_reader r = {.arena = arena, .diags = diags, .file = file};
    r.budget = AW_TREE_BUDGET(arena, len);
    if (!yaml_parser_initialize(&r.parser))
        abort();
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
    aw_doc *root = S_document(&r);
    yaml_parser_delete(&r.parser);
    free(r.anchors);
    return r.failed ? NULL : root;
}
