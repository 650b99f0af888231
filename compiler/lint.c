/* The lint engine: configuration, running the rules, suppressions, and
 * turning findings into diagnostics. The rules themselves live under
 * compiler/rules/. */
#include "lint.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../ir/ir_fields.h"
#include "suggest.h"

static const char *const S_category_names[AW_CAT_COUNT] = {
    "security", "throttling", "capacity", "compatibility", "observability", "cost",
};

const char *aw_rule_category_name(aw_rule_category cat)
{
    return (unsigned)cat < AW_CAT_COUNT ? S_category_names[cat] : "?";
}

bool aw_rule_category_find(const char *name, aw_rule_category *out)
{
    for (int i = 0; i < AW_CAT_COUNT; i++)
        if (strcasecmp(S_category_names[i], name) == 0) {
            *out = (aw_rule_category)i;
            return true;
        }
    return false;
}

const aw_rule *aw_rule_find(const char *id)
{
    for (size_t i = 0; i < aw_rule_count; i++)
        if (strcasecmp(aw_rules[i].id, id) == 0)
            return &aw_rules[i];
    return NULL;
}

void aw_rule_doc_link(const aw_rule *rule, char *buf, size_t size)
{
    if (!size)
        return;
    size_t n = (size_t)snprintf(buf, size, "docs/rules.md#%s", rule->id);
    size_t start = strlen("docs/rules.md#");
    for (size_t i = start; i < n && i < size; i++)
        if (buf[i] >= 'A' && buf[i] <= 'Z')
            buf[i] = (char)(buf[i] - 'A' + 'a');
}

/* ---- configuration ------------------------------------------------------ */

const char *const aw_rule_level_names[] = {"off", "note", "warning", "error", NULL};

bool aw_rule_level_parse(const char *name, aw_rule_level *out)
{
    for (size_t i = 0; aw_rule_level_names[i]; i++)
        if (strcmp(name, aw_rule_level_names[i]) == 0) {
            *out = (aw_rule_level)(AW_LEVEL_OFF + i);   /* the enum lists them in this order */
            return true;
        }
    return false;
}

const char *aw_lint_override_parse(const char *spec, aw_lint_override *out)
{
    const char *eq = strchr(spec, '=');
    if (!eq)
        return "expects ID=off|note|warning|error";
    char id[64];
    size_t n = (size_t)(eq - spec);
    if (n == 0 || n >= sizeof id)
        return "names no known rule (see 'archway rules')";
    memcpy(id, spec, n);
    id[n] = '\0';
    out->rule = aw_rule_find(id);
    if (!out->rule)
        return "names no known rule (see 'archway rules')";
    if (aw_rule_level_parse(eq + 1, &out->level))
        return NULL;
    return "expects a level of off, note, warning or error";
}

/* The level the configuration gives a rule: the last override wins. */
static aw_rule_level S_level_of(const aw_lint_config *cfg, const aw_rule *rule)
{
    aw_rule_level level = AW_LEVEL_DEFAULT;
    for (size_t i = 0; cfg && i < cfg->override_count; i++)
        if (cfg->overrides[i].rule == rule)
            level = cfg->overrides[i].level;
    return level;
}

/* ---- the run's state ------------------------------------------------------ */

typedef struct S_shared {
    const void *key;
    void *data;
    void (*release)(void *data);
} S_shared;

struct aw_lint_state {
    /* Whether each suppression took a finding: suppression k of node i is
     * used[first[i] + k]. NULL when the model has no suppressions. */
    bool *used;
    size_t *first;
    S_shared *shared;
    size_t shared_count, shared_cap;
};

static void S_state_init(aw_lint_state *st, const aw_model *m)
{
    memset(st, 0, sizeof *st);
    size_t total = 0;
    for (size_t i = 0; i < m->node_count; i++)
        total += m->nodes[i]->suppress.count;
    if (!total)
        return;
    st->first = malloc(m->node_count * sizeof *st->first);
    st->used = calloc(total, sizeof *st->used);
    if (!st->first || !st->used) {
        free(st->first), free(st->used);
        st->first = NULL, st->used = NULL;
        return;
    }
    for (size_t i = 0, at = 0; i < m->node_count; i++) {
        st->first[i] = at;
        at += m->nodes[i]->suppress.count;
    }
}

static void S_state_free(aw_lint_state *st)
{
    for (size_t i = 0; i < st->shared_count; i++)
        if (st->shared[i].release)
            st->shared[i].release(st->shared[i].data);
    free(st->shared);
    free(st->used);
    free(st->first);
}

void *aw_lint_shared(aw_lint_ctx *ctx, const void *key, void *(*make)(aw_lint_ctx *ctx),
                     void (*release)(void *data))
{
    aw_lint_state *st = ctx->state;
    if (!st)
        return NULL;
    for (size_t i = 0; i < st->shared_count; i++)
        if (st->shared[i].key == key)
            return st->shared[i].data;
    void *data = make(ctx);     /* may add entries of its own first */
    if (st->shared_count == st->shared_cap) {
        size_t cap = st->shared_cap ? st->shared_cap * 2 : 4;
        S_shared *grown = realloc(st->shared, cap * sizeof *grown);
        if (!grown) {
            if (data)
                release(data);
            return NULL;
        }
        st->shared = grown, st->shared_cap = cap;
    }
    /* Kept even when NULL, so that a failed make() is not retried by
     * every rule that asks. */
    st->shared[st->shared_count++] = (S_shared){key, data, data ? release : NULL};
    return data;
}

/* ---- findings ------------------------------------------------------------ */

static const aw_suppression *S_suppression(const aw_node *node, const char *rule_id)
{
    for (size_t i = 0; node && i < node->suppress.count; i++)
        if (node->suppress.items[i].rule && strcasecmp(node->suppress.items[i].rule, rule_id) == 0)
            return &node->suppress.items[i];
    return NULL;
}

static void S_mark_used(aw_lint_state *st, const aw_node *node, const aw_suppression *s)
{
    if (st && st->used)
        st->used[st->first[node->index] + (size_t)(s - node->suppress.items)] = true;
}

aw_diag *aw_lint_report(aw_lint_ctx *ctx, const aw_node *node, const aw_loc *loc, const aw_loc *related,
                        const char *fmt, ...)
{
    if (!loc)
        loc = node ? &node->loc : &ctx->model->loc;
    const aw_suppression *s = S_suppression(node, ctx->rule->id);
    if (s)
        S_mark_used(ctx->state, node, s);
    /* Formatted whole, then bounded as any message is (diag_format.h): a
     * finding that names many routes ends in an ellipsis, not mid-word. */
    aw_strbuf message = AW_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    aw_strbuf_vprintf(&message, fmt, ap);
    va_end(ap);
    const char *text = message.data ? message.data : "";
    aw_diag *d = s ? aw_diag_add_suppressed(ctx->diags, ctx->severity, ctx->rule->id, loc, s->reason, "%s", text)
                   : aw_diag_add(ctx->diags, ctx->severity, ctx->rule->id, loc, "%s", text);
    aw_strbuf_free(&message);
    ctx->findings++;
    if (!d->code)
        return d;   /* the list is full */
    d->element = node ? node->id : NULL;
    if (related)
        aw_diag_set_related(ctx->diags, d, related, "the other element involved is here");
    return d;
}

void aw_lint_relate(aw_lint_ctx *ctx, aw_diag *finding, const char *fmt, ...)
{
    if (!finding->code)
        return;
    aw_strbuf message = AW_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    aw_strbuf_vprintf(&message, fmt, ap);
    va_end(ap);
    aw_diag_set_related(ctx->diags, finding, finding->related.line ? &finding->related : NULL, "%s",
                        message.data ? message.data : "");
    aw_strbuf_free(&message);
}

const aw_loc *aw_lint_sub_field_loc(aw_kind kind, const char *path, const void *obj, const char *field)
{
    const aw_struct_desc *desc = aw_kind_descs[kind].desc;
    bool first = true;
    while (*path) {
        const char *slash = strchr(path, '/');
        size_t n = slash ? (size_t)(slash - path) : strlen(path);
        char name[64];
        if (n >= sizeof name)
            return NULL;
        memcpy(name, path, n);
        name[n] = '\0';
        const aw_field *f = aw_struct_field(desc, name);
        if (!f && first)
            f = aw_struct_field(&aw_node_common_desc, name);
        if (!f || !f->sub)
            return NULL;
        desc = f->sub;
        first = false;
        path += n + (slash != NULL);
    }
    return first ? NULL : aw_struct_field_loc(desc, obj, field);
}

/* A suppression that names no rule would silently suppress nothing, and a
 * typo in a rule id is the likeliest cause; say so, with a suggestion. */
static void S_check_suppressions(const aw_model *model, aw_diags *diags)
{
    for (size_t i = 0; i < model->node_count; i++) {
        const aw_node *node = model->nodes[i];
        for (size_t k = 0; k < node->suppress.count; k++) {
            const aw_suppression *s = &node->suppress.items[k];
            if (!s->rule || aw_rule_find(s->rule))
                continue;
            aw_suggest sg;
            aw_suggest_init(&sg, s->rule);
            for (size_t r = 0; r < aw_rule_count; r++)
                aw_suggest_try(&sg, aw_rules[r].id);
            const char *best = aw_suggest_result(&sg);
            const aw_loc *loc = aw_lint_sub_field_loc(node->kind, "suppress", s, "rule");
            aw_diag *d = aw_diag_add(diags, AW_SEV_WARNING, "unknown-rule", loc,
                                     "suppression of unknown rule '%s' in %s '%s'%s%s%s", s->rule,
                                     aw_kind_name(node->kind), node->id, best ? "; did you mean '" : "",
                                     best ? best : "", best ? "'?" : "");
            if (d->code)
                d->element = node->id;
        }
    }
}

static const aw_severity S_level_severity[] = {
    [AW_LEVEL_NOTE] = AW_SEV_NOTE, [AW_LEVEL_WARNING] = AW_SEV_WARNING, [AW_LEVEL_ERROR] = AW_SEV_ERROR,
};

/* A suppression of a rule that ran and found nothing on its element is
 * dead weight that would hide a future finding without anyone deciding
 * so. ran[r] says whether rule r ran; one of a rule that did not run
 * proves nothing and is left alone. A second suppression of the same rule
 * on one element never takes a finding (the first does): said as such. */
static void S_check_unused(const aw_model *model, aw_diags *diags, const aw_lint_state *st, const bool *ran,
                           aw_severity sev)
{
    size_t *seen_node = calloc(aw_rule_count, sizeof *seen_node);   /* node index + 1 */
    size_t *seen_at = calloc(aw_rule_count, sizeof *seen_at);
    for (size_t i = 0; seen_node && seen_at && i < model->node_count; i++) {
        const aw_node *node = model->nodes[i];
        for (size_t k = 0; k < node->suppress.count; k++) {
            const aw_suppression *s = &node->suppress.items[k];
            const aw_rule *rule = s->rule ? aw_rule_find(s->rule) : NULL;
            if (!rule)
                continue;   /* S_check_suppressions() said so */
            size_t r = (size_t)(rule - aw_rules);
            bool repeat = seen_node[r] == i + 1;
            if (!repeat)
                seen_node[r] = i + 1, seen_at[r] = k;
            if (!ran[r] || st->used[st->first[i] + k])
                continue;
            const aw_loc *loc = aw_lint_sub_field_loc(node->kind, "suppress", s, "rule");
            aw_diag *d;
            if (repeat) {
                d = aw_diag_add(diags, sev, "unused-suppression", loc,
                                "suppression of rule '%s' in %s '%s' repeats an earlier one and suppresses nothing",
                                rule->id, aw_kind_name(node->kind), node->id);
                aw_diag_set_related(diags, d,
                                    aw_lint_sub_field_loc(node->kind, "suppress", &node->suppress.items[seen_at[r]],
                                                          "rule"),
                                    "the first suppression of '%s' is here", rule->id);
            } else {
                d = aw_diag_add(diags, sev, "unused-suppression", loc,
                                "suppression of rule '%s' in %s '%s' suppresses nothing: the rule finds nothing "
                                "on this element",
                                rule->id, aw_kind_name(node->kind), node->id);
            }
            if (d->code)
                d->element = node->id;
        }
    }
    free(seen_node);
    free(seen_at);
}

size_t aw_lint_run(aw_compilation *c, const aw_lint_config *cfg)
{
    if (c->status != AW_COMPILE_OK || !c->model)
        return 0;
    S_check_suppressions(c->model, &c->diags);
    aw_lint_state state;
    S_state_init(&state, c->model);
    bool *ran = calloc(aw_rule_count, sizeof *ran);
    size_t findings = 0;
    char today[AW_DATE_SIZE];
    aw_lint_today(cfg, today);
    for (size_t i = 0; i < aw_rule_count; i++) {
        const aw_rule *rule = &aw_rules[i];
        aw_rule_level level = S_level_of(cfg, rule);
        if (level == AW_LEVEL_OFF || !rule->check)
            continue;
        aw_lint_ctx ctx = {
            .model = c->model,
            .rule = rule,
            .severity = level == AW_LEVEL_DEFAULT ? rule->severity : S_level_severity[level],
            .diags = &c->diags,
            .state = &state,
            .today = today,
        };
        rule->check(&ctx);
        findings += ctx.findings;
        if (ran)
            ran[i] = true;
    }
    aw_rule_level unused = cfg ? cfg->unused_suppressions : AW_LEVEL_DEFAULT;
    if (state.used && ran && unused != AW_LEVEL_OFF)
        S_check_unused(c->model, &c->diags, &state, ran,
                       unused == AW_LEVEL_DEFAULT ? AW_SEV_WARNING : S_level_severity[unused]);
    free(ran);
    S_state_free(&state);
    aw_diags_sort(&c->diags);
    c->status = c->diags.errors ? AW_COMPILE_ERRORS : AW_COMPILE_OK;
    return findings;
}
