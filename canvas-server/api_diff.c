/* The difference between two revisions of a diagram, element by element:
 * both are compiled to the canonical model (the `ir` emitter), so that
 * spelling, order and defaults never show as changes; elements are matched
 * by id, and a changed one lists the fields that differ. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../emitters/emitters.h"
#include "checking.h"
#include "http.h"

/* The canonical model of revision number as a jansson value; NULL with the
 * reply set when it is missing or does not compile. */
static json_t *S_canonical(aw_request *rq, aw_reply *rp, int64_t number)
{
    aw_revision r;
    aw_store_status st = aw_store_get(rq->srv->store, rq->ids[0], number, &r);
    if (st != AW_STORE_OK) {
        aw_revision_free(&r);
        aw_reply_store_status(rq, rp, st);
        return NULL;
    }
    aw_compilation c = {0};
    json_t *doc = NULL;
    if (aw_compile_buffer(&c, "diagram", r.body, r.body_len, AW_SPELLING_AUTO) == AW_COMPILE_OK) {
        aw_strbuf text = AW_STRBUF_INIT;
        aw_emit_json(c.model, &text, false);
        doc = json_loadb(text.data, text.len, 0, NULL);
        aw_strbuf_free(&text);
    }
    if (!doc)
        aw_reply_problem(rp, 422, "revision %" PRId64 " has errors; only revisions that compile can be compared",
                         r.number);
    aw_compilation_free(&c);
    aw_revision_free(&r);
    return doc;
}

/* The element with this id in array, or NULL. */
static json_t *S_by_id(json_t *array, const char *id)
{
    size_t i;
    json_t *el;
    json_array_foreach(array, i, el) {
        const char *other = json_string_value(json_object_get(el, "id"));
        if (other && strcmp(other, id) == 0)
            return el;
    }
    return NULL;
}

/* Names of the members of a and b whose values differ, as a JSON array. */
static void S_changed_fields(aw_strbuf *b, json_t *a, json_t *bb)
{
    const char *key;
    json_t *v;
    size_t n = 0;
    aw_strbuf_putc(b, '[');
    json_object_foreach(a, key, v) {
        if (!json_equal(v, json_object_get(bb, key))) {
            aw_strbuf_puts(b, n++ ? ", " : "");
            aw_json_str(b, key);
        }
    }
    json_object_foreach(bb, key, v) {
        if (!json_object_get(a, key)) {
            aw_strbuf_puts(b, n++ ? ", " : "");
            aw_json_str(b, key);
        }
    }
    aw_strbuf_putc(b, ']');
}

static void S_element(aw_strbuf *b, size_t *n, json_t *el, const char *group)
{
    aw_strbuf_puts(b, (*n)++ ? ",\n    {" : "\n    {");
    aw_json_key(b, "kind");
    const char *kind = json_string_value(json_object_get(el, "kind"));
    aw_json_str(b, strcmp(group, "edges") == 0 ? "edge" : kind);
    aw_strbuf_puts(b, ", ");
    aw_json_key(b, "id");
    aw_json_str(b, json_string_value(json_object_get(el, "id")));
}

/* One of "added", "removed" or "changed" over the nodes and the edges. */
static void S_list(aw_strbuf *b, const char *what, json_t *from, json_t *to)
{
    static const char *const groups[] = {"nodes", "edges"};
    size_t n = 0;
    aw_strbuf_printf(b, ",\n  \"%s\": [", what);
    for (size_t g = 0; g < 2; g++) {
        json_t *old = json_object_get(from, groups[g]), *new = json_object_get(to, groups[g]);
        json_t *walk = strcmp(what, "removed") == 0 ? old : new;
        json_t *other = walk == old ? new : old;
        size_t i;
        json_t *el;
        json_array_foreach(walk, i, el) {
            const char *id = json_string_value(json_object_get(el, "id"));
            json_t *match = id ? S_by_id(other, id) : NULL;
            if (strcmp(what, "changed") != 0 ? match != NULL : !match || json_equal(el, match))
                continue;
            S_element(b, &n, el, groups[g]);
            if (match) {
                aw_strbuf_puts(b, ", \"fields\": ");
                S_changed_fields(b, match, el);
            }
            aw_strbuf_putc(b, '}');
        }
    }
    aw_strbuf_puts(b, n ? "\n  ]" : "]");
}

void aw_api_revisions_diff(aw_request *rq, aw_reply *rp)
{
    const char *from_arg = aw_request_arg(rq, "from"), *to_arg = aw_request_arg(rq, "to");
    long long from = 0, to = 0;
    int used = 0;
    if (!from_arg || !to_arg || sscanf(from_arg, "%lld%n", &from, &used) != 1 || from_arg[used] || from < 1
        || sscanf(to_arg, "%lld%n", &to, &used) != 1 || to_arg[used] || to < 1)
        return aw_reply_problem(rp, 400, "name the two revisions to compare: ?from=N&to=M");
    json_t *a = S_canonical(rq, rp, from);
    json_t *b = a ? S_canonical(rq, rp, to) : NULL;
    if (b) {
        aw_strbuf_printf(&rp->body, "{\"diagram\": %" PRId64 ", \"from\": %lld, \"to\": %lld,\n  \"fields\": ",
                         rq->ids[0], from, to);
        json_t *top_a = json_deep_copy(a), *top_b = json_deep_copy(b);
        json_object_del(top_a, "nodes"), json_object_del(top_a, "edges");
        json_object_del(top_b, "nodes"), json_object_del(top_b, "edges");
        S_changed_fields(&rp->body, top_a, top_b);
        json_decref(top_a), json_decref(top_b);
        S_list(&rp->body, "added", a, b);
        S_list(&rp->body, "removed", a, b);
        S_list(&rp->body, "changed", a, b);
        aw_strbuf_puts(&rp->body, "\n}\n");
    }
    json_decref(a);
    json_decref(b);
}
