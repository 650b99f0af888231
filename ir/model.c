/* Model lifetime, the id index and node-kind names. */
#include "ir.h"
#include "ir_fields.h"

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
    free(model->by_id);
    aw_arena_free(&model->arena);
    free(model);
}

/* FNV-1a: short ids, no adversary worth a keyed hash (ids come from the
 * user's own diagram and the table is open-addressed with a load <= 1/2). */
static size_t S_hash(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

aw_node *aw_model_index(aw_model *model)
{
    size_t cap = 16;
    while (cap < model->node_count * 2 + 1)
        cap *= 2;
    free(model->by_id);
    model->by_id = calloc(cap, sizeof *model->by_id);
    model->by_id_cap = model->by_id ? cap : 0;
    if (!model->by_id)
        return NULL;
    aw_node *duplicate = NULL;
    for (size_t i = 0; i < model->node_count; i++) {
        aw_node *node = model->nodes[i];
        if (!node->id)
            continue;
        size_t slot = S_hash(node->id) & (cap - 1);
        while (model->by_id[slot] && strcmp(model->by_id[slot]->id, node->id) != 0)
            slot = (slot + 1) & (cap - 1);
        if (model->by_id[slot]) {
            if (!duplicate)
                duplicate = node;
            continue;
        }
        model->by_id[slot] = node;
    }
    return duplicate;
}

aw_node *aw_model_find(const aw_model *model, const char *id)
{
    if (!model->by_id || !id)
        return NULL;
    size_t mask = model->by_id_cap - 1;
    size_t slot = S_hash(id) & mask;
    while (model->by_id[slot]) {
        if (strcmp(model->by_id[slot]->id, id) == 0)
            return model->by_id[slot];
        slot = (slot + 1) & mask;
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
