/* Model lifetime, the id index and node-kind names. */
#include "ir.h"
#include "ir_fields.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

aw_model *aw_model_new(void)
{
    aw_model *model = calloc(1, sizeof *model);
    if (!model)
        return NULL;
    aw_arena_init(&model->arena);
    model->format_version = AW_UNSET_INT;
    return model;
}

void aw_model_free(aw_model *model)
{
    if (!model)
        return;
    aw_strset_free(&model->by_id);
    aw_arena_free(&model->arena);
    free(model);
}

static int S_by_slot(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)(*(const aw_num_param *const *)a)->slot;
    uintptr_t y = (uintptr_t)(*(const aw_num_param *const *)b)->slot;
    return (x > y) - (x < y);
}

static void S_index_num_params(aw_model *model)
{
    size_t n = model->num_param_count;
    model->num_params_by_slot = n ? aw_arena_alloc(&model->arena, n * sizeof *model->num_params_by_slot) : NULL;
    for (size_t i = 0; i < n; i++)
        model->num_params_by_slot[i] = &model->num_params[i];
    if (n)
        qsort(model->num_params_by_slot, n, sizeof *model->num_params_by_slot, S_by_slot);
}

aw_node *aw_model_index(aw_model *model)
{
    S_index_num_params(model);
    aw_strset_free(&model->by_id);
    aw_strset_reserve(&model->by_id, model->node_count);
    aw_node *duplicate = NULL;
    for (size_t i = 0; i < model->node_count; i++) {
        aw_node *node = model->nodes[i];
        if (node->id && !aw_strset_insert(&model->by_id, node->id, node, NULL) && !duplicate)
            duplicate = node;
    }
    return duplicate;
}

aw_node *aw_model_find(const aw_model *model, const char *id)
{
    return id ? aw_strset_find(&model->by_id, id) : NULL;
}

const aw_template_param *aw_model_param(const aw_model *model, const char *name, size_t len, size_t *index)
{
    for (size_t i = 0; i < model->parameter_count; i++) {
        const char *n = model->parameters[i].name;
        if (n && strncmp(n, name, len) == 0 && n[len] == '\0') {
            if (index)
                *index = i;
            return &model->parameters[i];
        }
    }
    return NULL;
}

const char *aw_model_num_param(const aw_model *model, const void *slot)
{
    if (!model || !model->num_params_by_slot)
        return NULL;
    size_t lo = 0, hi = model->num_param_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const void *at = model->num_params_by_slot[mid]->slot;
        if (at == slot)
            return model->num_params_by_slot[mid]->name;
        if ((uintptr_t)at < (uintptr_t)slot)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *aw_kind_name(aw_kind kind)
{
    return kind < AW_KIND_COUNT ? aw_kind_descs[kind].name : "unknown";
}

aw_kind aw_kind_from_name(const char *name)
{
    for (int k = 0; k < AW_KIND_COUNT; k++)
        if (strcmp(aw_kind_descs[k].name, name) == 0)
            return (aw_kind)k;
    return AW_KIND_COUNT;
}

bool aw_lambda_qualifier_ok(const char *text)
{
    if (strcmp(text, "$LATEST") == 0)
        return true;
    size_t n = 0;
    for (const char *p = text; *p; p++, n++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_'))
            return false;
    return n >= 1 && n <= 128;
}
