/* Gives the numeric fields written "${param:NAME}" their parameter's value
 * and refuses what a Number parameter cannot be there (resolve_num_params.h). */
#include "resolve_num_params.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "../ir/strbuf.h"
#include "../ir/units.h"

static const char *S_given(const aw_map *values, const char *name)
{
    for (size_t i = 0; values && i < values->count; i++)
        if (strcmp(values->items[i].key, name) == 0)
            return values->items[i].value;
    return NULL;
}

/* The unit a duration parameter's value is counted in, for messages. */
static const char *S_unit(const aw_field *f)
{
    return f->type != AW_F_DURATION ? "" : f->param_unit == 1000 ? " seconds" : " milliseconds";
}

static bool S_parse(const char *text, double *v)
{
    char *end;
    if (!text || !*text || isspace((unsigned char)*text))
        return false;
    *v = strtod(text, &end);
    return *end == '\0' && isfinite(*v);
}

/* "between 1s and 15m", "at least 0": the field's own bounds. */
static void S_bounds(aw_strbuf *out, const aw_field *f)
{
    void (*fmt)(aw_strbuf *, double) = f->type == AW_F_DURATION ? aw_duration_format : aw_strbuf_number;
    bool both = (f->flags & AW_FF_MIN) && (f->flags & AW_FF_MAX);
    aw_strbuf_puts(out, both ? "between " : (f->flags & AW_FF_MIN) ? "at least " : "at most ");
    fmt(out, (f->flags & AW_FF_MIN) ? f->min : f->max);
    if (both) {
        aw_strbuf_puts(out, " and ");
        fmt(out, f->max);
    }
}

/* Why value (the parameter's, in the field's unit) cannot stand in the
 * field, or NULL; *ms is what the field stores. */
static const char *S_refusal(const aw_field *f, double value, double *stored)
{
    *stored = f->type == AW_F_DURATION ? value * f->param_unit : value;
    if (f->type == AW_F_INT && (value != floor(value) || fabs(value) > 9e15))
        return "not a whole number";
    if (((f->flags & AW_FF_MIN) && *stored < f->min) || ((f->flags & AW_FF_MAX) && *stored > f->max))
        return "out of range";
    return NULL;
}

static void S_store(const aw_field *f, void *slot, double stored)
{
    if (f->type == AW_F_INT)
        *(int64_t *)slot = (int64_t)stored;
    else
        *(double *)slot = stored;
}

static size_t S_resolve_one(const aw_model *m, const aw_num_param *np, const aw_map *values, aw_diags *d)
{
    size_t errors = 0;
    const aw_field *f = np->field;
    const aw_template_param *p = aw_model_param(m, np->name, strlen(np->name), NULL);
    const char *given = S_given(values, np->name), *value = given ? given : p ? p->default_value : NULL;
    const char *source = given ? "given value" : "default";
    double v = 0, stored;
    const char *why;
    if (!p)
        aw_diag_add_on(d, &errors, AW_SEV_ERROR, "unknown-parameter", np->element, &np->loc, "'%s' uses parameter "
                       "'%s', which the diagram's 'parameters' do not declare", f->name, np->name);
    else if (p->type != AW_TPARAM_NUMBER)
        aw_diag_add_on(d, &errors, AW_SEV_ERROR, "bad-parameter", np->element, &np->loc, "'%s' takes a number, but "
                       "parameter '%s' is not declared \"type\": \"Number\"", f->name, np->name);
    else if (!value)
        aw_diag_add_on(d, &errors, AW_SEV_ERROR, "bad-parameter", np->element, &np->loc, "'%s' uses parameter '%s', "
                       "which has no default; give it one, the value check, simulate and cost judge", f->name, np->name);
    else if (!S_parse(value, &v))
        aw_diag_add_on(d, &errors, AW_SEV_ERROR, "bad-parameter", np->element, &np->loc, "'%s' uses parameter '%s', "
                       "whose %s \"%.60s\" is not a number", f->name, np->name, source, value);
    else if ((why = S_refusal(f, v, &stored))) {
        aw_strbuf range = AW_STRBUF_INIT;
        if (strcmp(why, "out of range") == 0)
            S_bounds(&range, f);
        aw_diag_add_on(d, &errors, AW_SEV_ERROR, "bad-parameter", np->element, &np->loc, "'%s' uses parameter '%s', "
                       "whose %s %.60s%s is %s%s%s", f->name, np->name, source, value, S_unit(f), why,
                       range.len ? "; the field must be " : "", range.len ? range.data : "");
        aw_strbuf_free(&range);
    } else
        S_store(f, np->slot, stored);
    return errors;
}

size_t aw_resolve_num_params(aw_model *model, const aw_map *values, aw_diags *diags)
{
    size_t errors = 0;
    for (size_t i = 0; i < model->num_param_count; i++)
        errors += S_resolve_one(model, &model->num_params[i], values, diags);
    return errors;
}
