/* Node-by-node comparison of two document trees, for checking that the
 * fast JSON parser and the jansson-based reference agree. */
#include "json_scan.h"

#include <stdbool.h>
#include <string.h>

static bool S_same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *S_loc_diff(aw_arena *arena, const char *what, const aw_loc *a,
                              const aw_loc *b)
{
    if (!S_same_str(a->file, b->file) || !S_same_str(a->path, b->path) || a->line != b->line
        || a->col != b->col)
        return aw_arena_printf(arena, "%s: %s %s %u:%u vs %s %s %u:%u", what,
                               a->file ? a->file : "(no file)", a->path ? a->path : "(no path)",
                               a->line, a->col, b->file ? b->file : "(no file)",
                               b->path ? b->path : "(no path)", b->line, b->col);
    return NULL;
}

const char *aw_json_doc_diff(aw_arena *arena, const aw_doc *a, const aw_doc *b)
{
    if (!a || !b)
        return a == b ? NULL : "one tree is missing";
    const char *at = a->loc.path ? a->loc.path : "(no path)";
    const char *diff = S_loc_diff(arena, "location", &a->loc, &b->loc);
    if (diff)
        return aw_arena_printf(arena, "at %s: %s", at, diff);
    if (a->kind != b->kind)
        return aw_arena_printf(arena, "at %s: %s vs %s", at, aw_doc_kind_name(a->kind),
                               aw_doc_kind_name(b->kind));
    if (a->untyped != b->untyped || !S_same_str(a->tag, b->tag))
        return aw_arena_printf(arena, "at %s: untyped flag or tag differs", at);
    switch (a->kind) {
    case AW_DOC_NULL:
        return NULL;
    case AW_DOC_BOOL:
        return a->as.boolean == b->as.boolean ? NULL
                                              : aw_arena_printf(arena, "at %s: boolean", at);
    case AW_DOC_NUMBER:
        /* Bit for bit, so that -0 and 0 differ. */
        if (memcmp(&a->as.number.value, &b->as.number.value, sizeof a->as.number.value) != 0
            || a->as.number.integral != b->as.number.integral)
            return aw_arena_printf(arena, "at %s: number %.17g%s vs %.17g%s", at,
                                   a->as.number.value, a->as.number.integral ? " (integer)" : "",
                                   b->as.number.value, b->as.number.integral ? " (integer)" : "");
        return NULL;
    case AW_DOC_STRING: {
        size_t n = a->as.string.len;
        if (n != b->as.string.len || memcmp(a->as.string.chars, b->as.string.chars, n) != 0
            || a->as.string.chars[n] != '\0' || b->as.string.chars[n] != '\0')
            return aw_arena_printf(arena, "at %s: string of %zu bytes vs %zu bytes, or other bytes",
                                   at, n, b->as.string.len);
        return NULL;
    }
    case AW_DOC_ARRAY:
        if (a->as.array.count != b->as.array.count)
            return aw_arena_printf(arena, "at %s: %zu items vs %zu", at, a->as.array.count,
                                   b->as.array.count);
        for (size_t i = 0; i < a->as.array.count; i++)
            if ((diff = aw_json_doc_diff(arena, a->as.array.items[i], b->as.array.items[i])))
                return diff;
        return NULL;
    case AW_DOC_OBJECT:
        if (a->as.object.count != b->as.object.count)
            return aw_arena_printf(arena, "at %s: %zu members vs %zu", at, a->as.object.count,
                                   b->as.object.count);
        for (size_t i = 0; i < a->as.object.count; i++) {
            const aw_doc_member *ma = &a->as.object.members[i], *mb = &b->as.object.members[i];
            if (!S_same_str(ma->key, mb->key))
                return aw_arena_printf(arena, "at %s: member %zu is \"%s\" vs \"%s\"", at, i,
                                       ma->key ? ma->key : "", mb->key ? mb->key : "");
            if ((diff = S_loc_diff(arena, "key location", &ma->key_loc, &mb->key_loc)))
                return aw_arena_printf(arena, "at %s, key \"%s\": %s", at, ma->key, diff);
            if ((diff = aw_json_doc_diff(arena, ma->value, mb->value)))
                return diff;
        }
        return NULL;
    }
    return "unknown kind";
}
