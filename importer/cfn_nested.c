/* Nested stacks: an AWS::CloudFormation::Stack whose TemplateURL is a local
 * file (as `archway build` writes an estate past one stack's limits, and as
 * `aws cloudformation package` takes) is read into the template imported:
 * the child's resources join the root's, and each parameter passed down
 * and each output taken up (Fn::GetAtt Stack.Outputs.X) is replaced by the
 * value it carries, so that references across stacks name the resources
 * themselves and the mapping reads one template. */
#define _XOPEN_SOURCE 700   /* realpath */
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/strbuf.h"
#include "importer.h"

#define S_MAX_DEPTH 8           /* stacks within stacks below the root */
#define S_MAX_STACKS 1000       /* nested templates read in all */
#define S_MAX_HOPS 64           /* parameter and output hops one value takes */

typedef struct frame frame;
struct frame {
    const frame *parent;
    const char *stack;          /* the Stack resource's logical id (NULL: root) */
    const aw_doc *given;        /* its Parameters, in the parent's terms */
    const aw_doc *params, *resources, *outputs;     /* the template's sections */
    const char *dir, *shown_dir, *real;             /* where its file is */
    aw_strset children;         /* logical id of a Stack -> its frame */
};

typedef struct nest {
    aw_import *im;
    aw_doc *resources, *parameters;
    aw_strset taken;            /* logical ids in resources */
    size_t stacks;
    size_t vars;                /* Fn::Sub variables made */
    frame **frames;             /* every frame, freed at the end */
    size_t frame_count;
} nest;

static const aw_doc *S_flat(nest *n, const frame *f, const aw_doc *v, unsigned hops);

static const aw_doc_member *S_intrinsic(const aw_doc *v, const char *name)
{
    if (!v || v->kind != AW_DOC_OBJECT || v->as.object.count != 1)
        return NULL;
    const aw_doc_member *m = &v->as.object.members[0];
    return strcmp(m->key, name) == 0 ? m : NULL;
}

static bool S_too_far(nest *n, const aw_doc *v, unsigned hops)
{
    if (hops <= S_MAX_HOPS)
        return false;
    aw_import_report(n->im, AW_SEV_ERROR, "AW-IMPORT-004", &v->loc, "%s",
                     "this value is passed between nested stacks in a circle (a parameter given the output it makes)");
    return true;
}

/* A parameter of f: the value its Stack passes, or, at the root or when
 * none is passed, the parameter itself (a child's then declared too). */
static const aw_doc *S_param(nest *n, const frame *f, const char *name, const aw_doc *v, unsigned hops)
{
    const aw_doc *given = aw_import_get(f->given, name);
    if (given)
        return S_too_far(n, v, hops) ? v : S_flat(n, f->parent, given, hops + 1);
    const aw_doc_member *decl = aw_doc_member_find(f->params, name);
    if (f->parent && decl && !aw_import_get(n->parameters, name))
        aw_itree_copy_member(n->im, n->parameters, decl);
    return v;
}

/* Output `name` of nested stack `stack` of f, as the value it gives. */
static const aw_doc *S_output(nest *n, const frame *f, const char *stack, const char *name, const aw_doc *v,
                              unsigned hops)
{
    const frame *c = aw_strset_find((aw_strset *)&f->children, stack);
    if (!c)
        return v;
    const aw_doc *value = aw_import_get(aw_import_get(c->outputs, name), "Value");
    if (!value) {
        aw_import_report(n->im, AW_SEV_WARNING, "AW-IMPORT-004", &v->loc,
                         "nested stack %s gives no output %s; the value is left as written", stack, name);
        return v;
    }
    return S_too_far(n, v, hops) ? v : S_flat(n, c, value, hops + 1);
}

static const aw_doc *S_getatt(nest *n, const frame *f, const aw_doc *v, const aw_doc *arg, unsigned hops)
{
    const char *res = NULL, *att = NULL;
    if (arg->kind == AW_DOC_ARRAY && arg->as.array.count == 2 && arg->as.array.items[0]->kind == AW_DOC_STRING &&
        arg->as.array.items[1]->kind == AW_DOC_STRING) {
        res = arg->as.array.items[0]->as.string.chars;
        att = arg->as.array.items[1]->as.string.chars;
    } else if (arg->kind == AW_DOC_STRING && strchr(arg->as.string.chars, '.')) {
        const char *dot = strchr(arg->as.string.chars, '.');
        res = aw_arena_strndup(n->im->arena, arg->as.string.chars, (size_t)(dot - arg->as.string.chars));
        att = dot + 1;
    }
    if (!res || strncmp(att, "Outputs.", 8) != 0)
        return v;
    return S_output(n, f, res, att + 8, v, hops);
}

/* What ${name} of a Fn::Sub text of f stands for in the root's terms, or
 * NULL when it stays as written (a resource, a root parameter, a variable). */
static const aw_doc *S_sub_value(nest *n, const frame *f, const char *name, const aw_doc *at, unsigned hops)
{
    const char *dot = strchr(name, '.');
    if (dot && strncmp(dot, ".Outputs.", 9) == 0) {
        const char *stack = aw_arena_strndup(n->im->arena, name, (size_t)(dot - name));
        const aw_doc *v = S_output(n, f, stack, dot + 9, at, hops);
        return v == at ? NULL : v;
    }
    if (dot || !aw_import_get(f->params, name))
        return NULL;
    const aw_doc *v = S_param(n, f, name, at, hops);
    return v == at ? NULL : v;
}

/* The value v spelt inside a Fn::Sub text, or false when it has no
 * spelling there (it becomes a variable of the function instead). */
static bool S_spell(nest *n, const aw_doc *v, aw_strbuf *out)
{
    const aw_doc_member *m;
    if (v->kind == AW_DOC_STRING || v->kind == AW_DOC_NUMBER || v->kind == AW_DOC_BOOL) {
        /* literal text: its "${" escaped as "${!" */
        for (const char *p = aw_import_text(n->im, v, NULL); *p; p++) {
            bool open = p[0] == '$' && p[1] == '{';
            aw_strbuf_puts(out, open ? "${!" : (char[]){*p, '\0'});
            p += open;
        }
        return true;
    }
    if ((m = S_intrinsic(v, "Ref")) && m->value->kind == AW_DOC_STRING) {
        aw_strbuf_printf(out, "${%s}", m->value->as.string.chars);
        return true;
    }
    if ((m = S_intrinsic(v, "Fn::GetAtt")) && m->value->kind == AW_DOC_STRING) {
        aw_strbuf_printf(out, "${%s}", m->value->as.string.chars);
        return true;
    }
    if ((m = S_intrinsic(v, "Fn::GetAtt")) && m->value->kind == AW_DOC_ARRAY && m->value->as.array.count == 2 &&
        m->value->as.array.items[0]->kind == AW_DOC_STRING && m->value->as.array.items[1]->kind == AW_DOC_STRING) {
        aw_strbuf_printf(out, "${%s.%s}", m->value->as.array.items[0]->as.string.chars,
                         m->value->as.array.items[1]->as.string.chars);
        return true;
    }
    if ((m = S_intrinsic(v, "Fn::Sub")) && m->value->kind == AW_DOC_STRING) {
        aw_strbuf_puts(out, m->value->as.string.chars);
        return true;
    }
    return false;
}

/* What ${name} of a Fn::Sub text stands for when name is one of its
 * variables (already flattened in new_vars): the variable's value written
 * into the text where it has a spelling there (a child of a split takes a
 * bundled ARN as a variable, picked from its list), else NULL (it stays a
 * variable). */
static const aw_doc *S_sub_variable(const aw_doc *new_vars, const char *name)
{
    const aw_doc *value = aw_import_get(new_vars, name);
    return S_intrinsic(value, "Ref") || S_intrinsic(value, "Fn::GetAtt") ? value : NULL;
}

static const aw_doc *S_sub(nest *n, const frame *f, const aw_doc *v, const aw_doc *arg, unsigned hops)
{
    aw_import *im = n->im;
    const aw_doc *text = arg->kind == AW_DOC_ARRAY && arg->as.array.count == 2 ? arg->as.array.items[0] : arg;
    const aw_doc *vars = text == arg ? NULL : arg->as.array.items[1];
    if (text->kind != AW_DOC_STRING)
        return v;
    aw_doc *new_vars = aw_itree_object(im, &v->loc);
    for (size_t i = 0; vars && vars->kind == AW_DOC_OBJECT && i < vars->as.object.count; i++) {
        aw_doc_member m = vars->as.object.members[i];
        m.value = (aw_doc *)S_flat(n, f, m.value, hops);
        aw_itree_copy_member(im, new_vars, &m);
    }
    aw_strbuf out = AW_STRBUF_INIT;
    for (const char *s = text->as.string.chars;;) {
        const char *open = strstr(s, "${"), *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            aw_strbuf_puts(&out, s);
            break;
        }
        aw_strbuf_put(&out, s, (size_t)(close + 1 - s));
        char *name = aw_arena_strndup(im->arena, open + 2, (size_t)(close - open - 2));
        const aw_doc *value = open[2] == '!'                ? NULL
                              : aw_import_get(vars, name) ? S_sub_variable(new_vars, name)
                                                          : S_sub_value(n, f, name, text, hops);
        if (value) {
            out.len -= (size_t)(close + 1 - open);
            if (!S_spell(n, value, &out)) {
                const char *var = aw_arena_printf(im->arena, "Nested%zu", ++n->vars);
                aw_strbuf_printf(&out, "${%s}", var);
                aw_itree_set(im, new_vars, var, (aw_doc *)value);
            }
        }
        s = close + 1;
    }
    aw_doc *result = aw_itree_object(im, &v->loc);
    aw_doc *new_text = aw_itree_string(im, aw_arena_strndup(im->arena, out.data ? out.data : "", out.len), &text->loc);
    /* variables written into the text are dropped */
    aw_doc *kept = aw_itree_object(im, &v->loc);
    for (size_t i = 0; i < new_vars->as.object.count; i++) {
        const aw_doc_member *m = &new_vars->as.object.members[i];
        char *placeholder = aw_arena_printf(im->arena, "${%s}", m->key);
        if (!S_sub_variable(new_vars, m->key) || strstr(new_text->as.string.chars, placeholder))
            aw_itree_copy_member(im, kept, m);
    }
    new_vars = kept;
    aw_strbuf_free(&out);
    if (new_vars->as.object.count) {
        aw_doc *pair = aw_itree_array(im, &arg->loc);
        aw_itree_push(im, pair, new_text);
        aw_itree_push(im, pair, new_vars);
        new_text = pair;
    }
    aw_itree_set(im, result, "Fn::Sub", new_text);
    return result;
}

/* Copies of v's object or array with each member flattened; v itself when
 * none changes. */
static const aw_doc *S_members(nest *n, const frame *f, const aw_doc *v, unsigned hops)
{
    aw_import *im = n->im;
    if (v->kind == AW_DOC_ARRAY) {
        aw_doc *copy = NULL;
        for (size_t i = 0; i < v->as.array.count; i++) {
            const aw_doc *item = S_flat(n, f, v->as.array.items[i], hops);
            if (item != v->as.array.items[i] && !copy) {
                copy = aw_itree_array(im, &v->loc);
                for (size_t k = 0; k < i; k++)
                    aw_itree_push(im, copy, v->as.array.items[k]);
            }
            if (copy)
                aw_itree_push(im, copy, (aw_doc *)item);
        }
        return copy ? copy : v;
    }
    aw_doc *copy = NULL;
    for (size_t i = 0; v->kind == AW_DOC_OBJECT && i < v->as.object.count; i++) {
        aw_doc_member m = v->as.object.members[i];
        m.value = (aw_doc *)S_flat(n, f, m.value, hops);
        if (m.value != v->as.object.members[i].value && !copy) {
            copy = aw_itree_object(im, &v->loc);
            for (size_t k = 0; k < i; k++)
                aw_itree_copy_member(im, copy, &v->as.object.members[k]);
        }
        if (copy)
            aw_itree_copy_member(im, copy, &m);
    }
    return copy ? copy : v;
}

/* The item that Fn::Select's flattened arguments pick from a list a child
 * gives whole (a split's bundle of ARNs, {"Fn::Join": [",", items]} once
 * flattened), when no item is text that holds a comma; else NULL. The
 * item of a resource under a condition, {"Fn::If": [C, value, "-"]}, is
 * its value: what picks it exists under C too. */
static const aw_doc *S_select(const aw_doc *args)
{
    const aw_doc_member *join;
    if (args->kind != AW_DOC_ARRAY || args->as.array.count != 2 ||
        !(join = S_intrinsic(args->as.array.items[1], "Fn::Join")) || join->value->kind != AW_DOC_ARRAY ||
        join->value->as.array.count != 2)
        return NULL;
    const aw_doc *index = args->as.array.items[0], *sep = join->value->as.array.items[0],
                 *items = join->value->as.array.items[1];
    double at = index->kind == AW_DOC_NUMBER ? index->as.number.value
                : index->kind == AW_DOC_STRING ? strtod(index->as.string.chars, NULL) : -1;
    if (sep->kind != AW_DOC_STRING || strcmp(sep->as.string.chars, ",") != 0 || items->kind != AW_DOC_ARRAY ||
        !(at >= 0 && at < (double)items->as.array.count && at == (double)(size_t)at))
        return NULL;
    for (size_t i = 0; i < items->as.array.count; i++)
        if (items->as.array.items[i]->kind == AW_DOC_STRING && strchr(items->as.array.items[i]->as.string.chars, ','))
            return NULL;
    const aw_doc *item = items->as.array.items[(size_t)at];
    const aw_doc_member *held = S_intrinsic(item, "Fn::If");
    if (held && held->value->kind == AW_DOC_ARRAY && held->value->as.array.count == 3 &&
        held->value->as.array.items[2]->kind == AW_DOC_STRING &&
        strcmp(held->value->as.array.items[2]->as.string.chars, "-") == 0)
        return held->value->as.array.items[1];
    return item;
}

static const aw_doc *S_flat(nest *n, const frame *f, const aw_doc *v, unsigned hops)
{
    const aw_doc_member *m;
    if (!v || (v->kind != AW_DOC_OBJECT && v->kind != AW_DOC_ARRAY))
        return v;
    if ((m = S_intrinsic(v, "Ref")) && m->value->kind == AW_DOC_STRING)
        return aw_import_get(f->params, m->value->as.string.chars)
                   ? S_param(n, f, m->value->as.string.chars, v, hops)
                   : v;
    if ((m = S_intrinsic(v, "Fn::GetAtt")))
        return S_getatt(n, f, v, m->value, hops);
    if ((m = S_intrinsic(v, "Fn::Sub")))
        return S_sub(n, f, v, m->value, hops);
    if ((m = S_intrinsic(v, "Fn::Select"))) {
        const aw_doc *args = S_members(n, f, m->value, hops), *picked = S_select(args);
        if (picked || args == m->value)
            return picked ? picked : v;
        aw_doc *copy = aw_itree_object(n->im, &v->loc);
        aw_itree_set(n->im, copy, "Fn::Select", (aw_doc *)args);
        return copy;
    }
    return S_members(n, f, v, hops);
}

/* ---- reading the stacks ---------------------------------------------------------- */

static bool S_is_stack(const aw_doc *res)
{
    return strcmp(aw_import_resource_type(res), "AWS::CloudFormation::Stack") == 0;
}

static frame *S_frame(nest *n, const frame *parent, const char *stack, const aw_doc *root, const char *real)
{
    frame *f = calloc(1, sizeof *f);
    if (!f)
        abort();
    n->frames = aw_arena_grow(n->im->arena, n->frames, n->frame_count, sizeof *n->frames);
    n->frames[n->frame_count++] = f;
    f->parent = parent;
    f->stack = stack;
    f->params = aw_import_get(root, "Parameters");
    f->resources = aw_import_get(root, "Resources");
    f->outputs = aw_import_get(root, "Outputs");
    f->real = real;
    aw_strset_init(&f->children);
    if (real) {
        char *a = aw_arena_strdup(n->im->arena, real), *b = aw_arena_strdup(n->im->arena, root->loc.file);
        f->dir = aw_arena_strdup(n->im->arena, dirname(a));
        f->shown_dir = aw_arena_strdup(n->im->arena, dirname(b));
    }
    return f;
}

/* Sections of a nested template that its Stack cannot carry into the
 * root's: reported as the root's own are. */
static void S_report_sections(nest *n, const aw_doc *root)
{
    static const char *const sections[] = {"Conditions", "Mappings", "Rules", "Transform", "Globals", NULL};
    for (size_t i = 0; sections[i]; i++) {
        const aw_doc_member *m = aw_doc_member_find(root, sections[i]);
        if (m) {
            n->im->counts.unmapped++;
            aw_import_report(n->im, AW_SEV_WARNING, "AW-IMPORT-003", &m->key_loc,
                             "the nested template's %s have no place in the diagram format; they are left out",
                             sections[i]);
        }
    }
}

static bool S_on_chain(const frame *f, const char *real)
{
    for (; f; f = f->parent)
        if (f->real && strcmp(f->real, real) == 0)
            return true;
    return false;
}

static void S_children(nest *n, frame *f, unsigned depth);

/* Reads the template of Stack resource m of f into a frame of its own. */
static void S_child(nest *n, frame *f, const aw_doc_member *m, unsigned depth)
{
    aw_import *im = n->im;
    const aw_doc *props = aw_import_get(m->value, "Properties");
    const aw_doc *url = aw_import_get(props, "TemplateURL");
    if (!url) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &m->key_loc,
                         "nested stack %s names no TemplateURL; it is left out", m->key);
        return;
    }
    if (depth >= S_MAX_DEPTH || n->stacks >= S_MAX_STACKS) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-007", &url->loc,
                         "nested stack %s is %s; it is not followed", m->key,
                         depth >= S_MAX_DEPTH ? "more than 8 stacks deep" : "past the 1,000 nested templates one "
                                                                            "import follows");
        return;
    }
    const char *real = NULL;
    const aw_doc *root = aw_import_read_nested(im, url, f->dir, f->shown_dir, &real);
    if (!root)
        return;
    if (root->kind != AW_DOC_OBJECT || !aw_import_get(root, "Resources")) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-007", &url->loc,
                         "the template of nested stack %s has no Resources", m->key);
        return;
    }
    if (S_on_chain(f, real)) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-007", &url->loc,
                         "nested stack %s's template holds the stack that names it (a circle); it is not followed",
                         m->key);
        return;
    }
    n->stacks++;
    frame *c = S_frame(n, f, m->key, root, real);
    c->given = aw_import_get(props, "Parameters");
    aw_strset_insert(&f->children, m->key, c, NULL);
    S_report_sections(n, root);
    S_children(n, c, depth + 1);
}

static void S_children(nest *n, frame *f, unsigned depth)
{
    for (size_t i = 0; f->resources && f->resources->kind == AW_DOC_OBJECT && i < f->resources->as.object.count; i++)
        if (S_is_stack(f->resources->as.object.members[i].value))
            S_child(n, f, &f->resources->as.object.members[i], depth);
}

/* The stack resource itself: followed (a note), or left out. */
static void S_count_stack(nest *n, const frame *f, const aw_doc_member *m)
{
    aw_import *im = n->im;
    static const char *const handled[] = {"TemplateURL", "Parameters", NULL};
    im->counts.resources++;
    if (!aw_strset_find((aw_strset *)&f->children, m->key)) {
        im->counts.skipped++;
        return;
    }
    size_t before = im->counts.unmapped;
    aw_import_report(im, AW_SEV_NOTE, "AW-IMPORT-005", &m->key_loc,
                     "nested stack %s is followed: its resources are read with this template's (a build cuts an "
                     "estate into nested stacks again where one stack's limits require)",
                     m->key);
    aw_import_report_rest(im, aw_import_get(m->value, "Properties"), handled, m->key);
    if (im->counts.unmapped > before)
        im->counts.partly++;
    else
        im->counts.imported++;
}

/* Every resource of f and of its children, in the order written. */
static void S_emit(nest *n, const frame *f)
{
    aw_import *im = n->im;
    for (size_t i = 0; f->resources && f->resources->kind == AW_DOC_OBJECT && i < f->resources->as.object.count; i++) {
        aw_doc_member m = f->resources->as.object.members[i];
        if (S_is_stack(m.value)) {
            S_count_stack(n, f, &m);
            const frame *c = aw_strset_find((aw_strset *)&f->children, m.key);
            if (c)
                S_emit(n, c);
            continue;
        }
        if (!aw_strset_insert(&n->taken, m.key, m.value, NULL)) {
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", &m.key_loc,
                             "resource %s of nested stack %s has the logical id of another stack's resource; it is "
                             "left out",
                             m.key, f->stack ? f->stack : "(the root)");
            continue;
        }
        m.value = (aw_doc *)S_flat(n, f, m.value, 0);
        aw_itree_append(im, n->resources, &m);
    }
}

static bool S_has_stack(const aw_doc *resources)
{
    for (size_t i = 0; resources && resources->kind == AW_DOC_OBJECT && i < resources->as.object.count; i++)
        if (S_is_stack(resources->as.object.members[i].value))
            return true;
    return false;
}

void aw_import_nested(aw_import *im)
{
    if (!S_has_stack(im->resources))
        return;
    nest n = {im, aw_itree_object(im, &im->resources->loc), aw_itree_object(im, &im->root->loc), {0}, 0, 0, NULL, 0};
    aw_strset_init(&n.taken);
    for (size_t i = 0; im->parameters && im->parameters->kind == AW_DOC_OBJECT && i < im->parameters->as.object.count;
         i++)
        aw_itree_copy_member(im, n.parameters, &im->parameters->as.object.members[i]);
    char real[PATH_MAX];
    frame *root = S_frame(&n, NULL, NULL, im->root, NULL);
    root->dir = im->dir;
    root->shown_dir = im->shown_dir;
    root->real = im->dir && realpath(im->file, real) ? aw_arena_strdup(im->arena, real) : NULL;
    S_children(&n, root, 0);
    S_emit(&n, root);
    im->resources = n.resources;
    im->parameters = n.parameters;
    aw_strset_free(&n.taken);
    for (size_t i = 0; i < n.frame_count; i++) {
        aw_strset_free(&n.frames[i]->children);
        free(n.frames[i]);
    }
}
