/* ${ref:ID.ATTR} in a diagram's text, spelt for a stack: a function's ARN
 * (Fn::GetAtt, or its alias) and name (Ref), a data store's ARN and name,
 * a queue's URL, built from the stack's partition, region and account
 * rather than written out. */
#include "deploy.h"

#include <stdio.h>
#include <string.h>

#include "../ir/text_refs.h"

static void S_function(const aw_deploy *d, const aw_node *user, const aw_node *fn, const char *attr, aw_subst *s)
{
    const aw_function *f = &fn->as.function;
    if (strcmp(attr, "arn") == 0) {
        aw_deploy_function_arn(d, fn, s);
    } else if (!f->existing) {
        aw_subst_ref_of(s, aw_logical_id(&d->ids, fn), "Function");
    } else if (f->arn && strrchr(f->arn, ':')) {
        aw_subst_lit(s, strrchr(f->arn, ':') + 1);
    } else {
        aw_deploy_report(d, user, NULL, "the name of existing function '%s' is not known to the template: give its "
                         "'arn'", fn->id);
    }
}

static void S_store(const aw_node *store, const char *attr, aw_subst *s)
{
    if (strcmp(attr, "arn") == 0)
        aw_deploy_store_arn(store, s);
    else if (strcmp(attr, "url") == 0)
        aw_deploy_queue_url(store, s);
    else
        aw_subst_lit(s, aw_deploy_store_name(store));
}

/* The literal text of [from, to), escaped for Fn::Sub. */
static void S_literal(aw_subst *s, const char *from, size_t len)
{
    char buf[512];
    while (len) {
        size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
        /* Never split "${" across two pieces, or its escape would be lost. */
        if (n < len && from[n - 1] == '$')
            n--;
        memcpy(buf, from, n);
        buf[n] = '\0';
        aw_subst_lit(s, buf);
        from += n;
        len -= n;
    }
}

void aw_subst_text(const aw_deploy *d, const aw_node *user, aw_subst *s, const char *text)
{
    aw_text_ref ref;
    const char *p = text;
    while (aw_text_ref_next(p, &ref)) {
        S_literal(s, p, (size_t)(ref.start - p));
        char id[160], attr[48];
        snprintf(id, sizeof id, "%.*s", (int)(ref.id_len < 150 ? ref.id_len : 150), ref.id);
        snprintf(attr, sizeof attr, "%.*s", (int)(ref.attr_len < 40 ? ref.attr_len : 40), ref.attr);
        const aw_node *target = aw_model_find(d->model, id);
        /* The resolver refused every other reference. */
        if (target && target->kind == AW_KIND_FUNCTION)
            S_function(d, user, target, attr, s);
        else if (target && target->kind == AW_KIND_DATASTORE)
            S_store(target, attr, s);
        p = ref.start + ref.len;
    }
    S_literal(s, p, strlen(p));
}
