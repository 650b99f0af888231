/* AW-IAM-002: an integration that spells out, account id and all, the ARN
 * of an element the diagram draws, where ${ref:ID.arn} would let the
 * template build it in whatever account it is deployed to. */
#include "rules.h"

#include <string.h>

#include "../../ir/ir_fields.h"
#include "../../ir/strset.h"

/* The integration fields whose references the emitters resolve. */
static const char *const S_fields[] = {"url", "role", "path", "requestTemplate", "requestParameters",
                                       "parameterMappings"};

/* The names an ARN's resource may end with (a queue, a table/NAME, a
 * function:NAME): each data store's resourceName (else its id), each
 * function's id. */
static void S_index_names(const aw_model *m, aw_strset *names)
{
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        if (n->kind == AW_KIND_DATASTORE)
            aw_strset_insert(names, n->as.datastore.resource_name ? n->as.datastore.resource_name : n->id,
                             (void *)n, NULL);
        else if (n->kind == AW_KIND_FUNCTION)
            aw_strset_insert(names, n->id, (void *)n, NULL);
    }
}

static const aw_node *S_named(const aw_strset *names, const char *name, size_t len)
{
    char buf[200];
    if (!len || len >= sizeof buf)
        return NULL;
    memcpy(buf, name, len);
    buf[len] = '\0';
    return aw_strset_find(names, buf);
}

/* The first "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE" in text whose
 * account is twelve digits: where the account starts, and the resource's
 * last name (after ':' or '/'). */
static const char *S_account_arn(const char *text, const char **name, size_t *name_len)
{
    for (const char *p = strstr(text, "arn:"); p; p = strstr(p + 4, "arn:")) {
        const char *q = p;
        for (int colons = 0; q && colons < 4; colons++)
            q = strchr(q, ':') ? strchr(q, ':') + 1 : NULL;
        if (!q)
            return NULL;
        size_t digits = strspn(q, "0123456789");
        if (digits != 12 || q[12] != ':')
            continue;
        const char *res = q + 13, *end = res + strcspn(res, "\"' ,}\n");
        const char *last = end;
        while (last > res && last[-1] != ':' && last[-1] != '/')
            last--;
        *name = last;
        *name_len = (size_t)(end - last);
        return q;
    }
    return NULL;
}

/* loc: where the text is written; NULL for the field's own, looked up only
 * for a report. */
static void S_check_text(aw_lint_ctx *ctx, const aw_strset *names, const aw_node *integ, const char *field,
                         const char *text, const aw_loc *loc)
{
    const char *name;
    size_t len;
    const char *account = text ? S_account_arn(text, &name, &len) : NULL;
    const aw_node *target = account ? S_named(names, name, len) : NULL;
    if (!target)
        return;
    aw_diag *d = aw_lint_report(ctx, integ, loc ? loc : aw_node_field_loc(integ, field), &target->loc, "'%s' of integration '%s' writes the ARN of %s '%s' "
                                "with account %.12s; write ${ref:%s.arn} so that the template builds it in the "
                                "account it is deployed to", field, integ->id, aw_kind_descs[target->kind].doc,
                                target->id, account, target->id);
    if (d)
        aw_lint_relate(ctx, d, "%s '%s' is declared here", aw_kind_descs[target->kind].doc, target->id);
}

void aw_iam002_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    const aw_struct_desc *desc = aw_kind_descs[AW_KIND_INTEGRATION].desc;
    enum { S_FIELD_COUNT = sizeof S_fields / sizeof S_fields[0] };
    const aw_field *fields[S_FIELD_COUNT];
    for (size_t k = 0; k < S_FIELD_COUNT; k++)
        fields[k] = aw_struct_field(desc, S_fields[k]);
    aw_strset names;
    aw_strset_init(&names);
    S_index_names(m, &names);
    for (size_t i = 0; i < m->node_count; i++) {
        const aw_node *n = m->nodes[i];
        if (n->kind != AW_KIND_INTEGRATION)
            continue;
        for (size_t k = 0; k < S_FIELD_COUNT; k++) {
            const aw_field *f = fields[k];
            const void *p = aw_field_ptr((char *)&n->as.integration, f);
            if (f->type == AW_F_STRING) {
                S_check_text(ctx, &names, n, f->name, *(const char *const *)p, NULL);
                continue;
            }
            const aw_map *map = p;
            for (size_t e = 0; e < map->count; e++)
                S_check_text(ctx, &names, n, f->name, map->items[e].value, &map->items[e].loc);
        }
    }
    aw_strset_free(&names);
}
