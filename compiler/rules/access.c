/* Access family (AW-IAM-NNN): what a function's edges let its execution
 * role do. The template grants a function exactly the access its edges to
 * data stores give (ir/store_access.h); an edge that gives none the
 * function could use is a call that fails with AccessDenied. */
#include "rules.h"

#include "../../ir/ir_fields.h"
#include "../../ir/store_access.h"

static const char *S_engine_name(const aw_node *store)
{
    const aw_field *f = aw_struct_field(aw_kind_descs[AW_KIND_DATASTORE].desc, "engine");
    return aw_enum_name(f, (int)store->as.datastore.engine);
}

static const char *const S_levels[] = {NULL, "read", "write", "read-write"};

void aw_iam001_check(aw_lint_ctx *ctx)
{
    const aw_model *m = ctx->model;
    for (size_t i = 0; i < m->edge_count; i++) {
        const aw_edge *e = &m->edges[i];
        const aw_node *fn = e->from.node, *store = e->to.node;
        if (!fn || !store || fn->kind != AW_KIND_FUNCTION || store->kind != AW_KIND_DATASTORE || e->actions.count)
            continue;
        const aw_store_access *a = aw_store_access_find(store->as.datastore.engine);
        const char *read, *write;
        if (!a && !e->access)
            continue;   /* a database reached with its own credentials */
        aw_diag *d = NULL;
        if (!e->access)
            d = aw_lint_report(ctx, fn, &e->loc, &store->loc, "function '%s' calls %s '%s' but its edge gives no "
                               "'access' (read, write or read-write) nor 'actions', so its role may not reach it",
                               fn->id, S_engine_name(store), store->id);
        else if (!aw_store_access_actions(a, e->access, &read, &write))
            d = aw_lint_report(ctx, fn, &e->loc, &store->loc, "'%s' access to %s '%s' gives function '%s' no action "
                               "it could use%s", S_levels[e->access], S_engine_name(store), store->id, fn->id,
                               a ? "" : ": the database is reached over the network with its own credentials");
        if (d)
            aw_lint_relate(ctx, d, "data store '%s' is declared here", store->id);
    }
}
