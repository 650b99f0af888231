/* Reading price lists (cost_prices.h): the JSON front end gives every value
 * its line and column, so a mistake in a price file is reported where it is;
 * and the tiered arithmetic that every metered price shares. */
#include "cost_prices.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/readers.h"
#include "../ir/strbuf.h"
#include "aw_prices_json.h"     /* generated from sim/prices.json by the Makefile */

/* A price file larger than this is not a price file. */
#define S_MAX_BYTES (4u << 20)

#define ERROR(list, loc, ...) aw_diag_add(&(list)->diags, AW_SEV_ERROR, "bad-prices", loc, __VA_ARGS__)

static const char *const S_meter_keys[AW_METER_COUNT] = {
    [AW_METER_HTTP_REQUESTS] = "httpRequests",
    [AW_METER_REST_REQUESTS] = "restRequests",
    [AW_METER_WS_MESSAGES] = "websocketMessages",
    [AW_METER_WS_MINUTES] = "websocketMinutes",
    [AW_METER_LAMBDA_REQUESTS] = "lambdaRequests",
    [AW_METER_LAMBDA_X86] = "lambdaDurationX86",
    [AW_METER_LAMBDA_ARM] = "lambdaDurationArm",
    [AW_METER_PROVISIONED_X86] = "provisionedX86",
    [AW_METER_PROVISIONED_ARM] = "provisionedArm",
    [AW_METER_PROVISIONED_DURATION_X86] = "provisionedDurationX86",
    [AW_METER_PROVISIONED_DURATION_ARM] = "provisionedDurationArm",
    [AW_METER_DATA_OUT] = "dataTransferOut",
};

const char *aw_meter_key(aw_meter m)
{
    return m < AW_METER_COUNT ? S_meter_keys[m] : "?";
}

/* ---- reading values ---------------------------------------------------------- */

static bool S_is(const aw_doc *v, aw_doc_kind kind)
{
    return v && v->kind == kind;
}

/* A member that must be there, of the given kind; reported when not. */
static const aw_doc *S_need(aw_price_list *list, const aw_doc *obj, const char *key, aw_doc_kind kind,
                            const char *what)
{
    const aw_doc_member *m = aw_doc_member_find(obj, key);
    if (!m) {
        ERROR(list, &obj->loc, "%s needs \"%s\"", what, key);
        return NULL;
    }
    if (m->value->kind != kind) {
        ERROR(list, &m->value->loc, "\"%s\" of %s must be %s, found %s", key, what, aw_doc_kind_name(kind),
              aw_doc_kind_name(m->value->kind));
        return NULL;
    }
    return m->value;
}

/* Figures beyond this are not prices or quantities, and would make bills
 * overflow. */
#define S_MAX_FIGURE 1e15

/* An optional number at least `min` (strictly above it when `open`) and at
 * most S_MAX_FIGURE; NAN when absent, reported and NAN when wrong. */
static double S_number(aw_price_list *list, const aw_doc *obj, const char *key, double min, bool open,
                       const char *what)
{
    const aw_doc_member *m = aw_doc_member_find(obj, key);
    if (!m)
        return NAN;
    const aw_doc *v = m->value;
    if (!S_is(v, AW_DOC_NUMBER)) {
        ERROR(list, &v->loc, "\"%s\" of %s must be a number, found %s", key, what, aw_doc_kind_name(v->kind));
        return NAN;
    }
    double x = v->as.number.value;
    if (!isfinite(x) || x < min || (open && x == min) || x > S_MAX_FIGURE) {
        ERROR(list, &v->loc, "\"%s\" of %s must be %s %g and at most %g, found %g", key, what,
              open ? "above" : "at least", min, S_MAX_FIGURE, x);
        return NAN;
    }
    return x;
}

/* Every member of obj must be one of keys (NULL-terminated). */
static void S_known_keys(aw_price_list *list, const aw_doc *obj, const char *const *keys, const char *what)
{
    for (size_t i = 0; i < obj->as.object.count; i++) {
        const aw_doc_member *m = &obj->as.object.members[i];
        const char *const *k = keys;
        while (*k && strcmp(*k, m->key) != 0)
            k++;
        if (!*k)
            ERROR(list, &m->key_loc, "unknown key \"%s\" in %s", m->key, what);
    }
}

static const char *S_source(aw_price_list *list, const aw_doc *obj, const char *what)
{
    const aw_doc *v = S_need(list, obj, "source", AW_DOC_STRING, what);
    if (v && strncmp(v->as.string.chars, "https://", 8) != 0)
        ERROR(list, &v->loc, "the source of %s must be the https:// address of the page the price was read from", what);
    return v ? v->as.string.chars : NULL;
}

/* ---- one metered price ------------------------------------------------------------ */

static void S_read_tiers(aw_price_list *list, const aw_doc *tiers, aw_metered_price *out, const char *what)
{
    size_t n = tiers->as.array.count;
    if (n == 0) {
        ERROR(list, &tiers->loc, "the tiers of %s are empty", what);
        return;
    }
    aw_price_tier *t = aw_arena_alloc(&list->arena, n * sizeof *t);
    static const char *const keys[] = {"upTo", "price", NULL};
    double last = 0;
    for (size_t i = 0; i < n; i++) {
        const aw_doc *tier = tiers->as.array.items[i];
        if (!S_is(tier, AW_DOC_OBJECT)) {
            ERROR(list, &tier->loc, "a tier of %s must be an object {\"upTo\": N, \"price\": P}", what);
            continue;
        }
        S_known_keys(list, tier, keys, "a tier");
        double price = S_number(list, tier, "price", 0, false, what);
        if (!aw_doc_member_find(tier, "price"))
            ERROR(list, &tier->loc, "a tier of %s needs \"price\"", what);
        double up_to = S_number(list, tier, "upTo", 0, true, what);
        bool has_up_to = aw_doc_member_find(tier, "upTo") != NULL;
        if (i + 1 < n && !has_up_to)
            ERROR(list, &tier->loc, "every tier of %s but the last needs \"upTo\", where it ends", what);
        else if (i + 1 == n && has_up_to)
            ERROR(list, &tier->loc, "the last tier of %s has no end: leave out \"upTo\"", what);
        else if (has_up_to && !isnan(up_to) && up_to <= last)
            ERROR(list, &tier->loc, "the tiers of %s must end in ascending order (%g after %g)", what, up_to, last);
        if (has_up_to && !isnan(up_to))
            last = up_to;
        t[i] = (aw_price_tier){i + 1 == n ? INFINITY : up_to, price};
    }
    out->tiers = t;
    out->tier_count = n;
}

static void S_read_free(aw_price_list *list, const aw_doc *obj, aw_metered_price *out, const char *what)
{
    const aw_doc_member *m = aw_doc_member_find(obj, "freeTier");
    if (!m)
        return;
    if (!S_is(m->value, AW_DOC_OBJECT)) {
        ERROR(list, &m->value->loc, "\"freeTier\" of %s must be an object", what);
        return;
    }
    static const char *const keys[] = {"quantity", "months", "pool", NULL};
    S_known_keys(list, m->value, keys, "a free tier");
    double q = S_number(list, m->value, "quantity", 0, false, what);
    double months = S_number(list, m->value, "months", 1, false, what);
    const aw_doc_member *pool = aw_doc_member_find(m->value, "pool");
    out->free_quantity = isnan(q) ? 0 : q;
    out->free_months = isnan(months) ? 0 : (int)months;
    if (pool && !S_is(pool->value, AW_DOC_STRING))
        ERROR(list, &pool->value->loc, "\"pool\" of %s must be a string", what);
    out->free_pool = pool && S_is(pool->value, AW_DOC_STRING) ? pool->value->as.string.chars : NULL;
}

static void S_read_meter(aw_price_list *list, const aw_doc *obj, aw_metered_price *out, const char *what)
{
    static const char *const keys[] = {"per", "incrementKB", "tiers", "freeTier", "source", "checked", NULL};
    if (!S_is(obj, AW_DOC_OBJECT)) {
        ERROR(list, &obj->loc, "%s must be an object", what);
        return;
    }
    S_known_keys(list, obj, keys, what);
    out->present = true;
    out->per = S_number(list, obj, "per", 0, true, what);
    if (!aw_doc_member_find(obj, "per"))
        ERROR(list, &obj->loc, "%s needs \"per\", the quantity a price is quoted for", what);
    double inc = S_number(list, obj, "incrementKB", 0, true, what);
    out->increment_kb = isnan(inc) ? 0 : inc;
    const aw_doc *tiers = S_need(list, obj, "tiers", AW_DOC_ARRAY, what);
    if (tiers)
        S_read_tiers(list, tiers, out, what);
    S_read_free(list, obj, out, what);
    out->source = S_source(list, obj, what);
}

static void S_read_cache(aw_price_list *list, const aw_doc *obj, aw_region_prices *r, const char *what)
{
    static const char *const keys[] = {"perHour", "source", "checked", NULL};
    if (!S_is(obj, AW_DOC_OBJECT)) {
        ERROR(list, &obj->loc, "%s must be an object", what);
        return;
    }
    S_known_keys(list, obj, keys, what);
    r->cache_source = S_source(list, obj, what);
    const aw_doc *sizes = S_need(list, obj, "perHour", AW_DOC_ARRAY, what);
    if (!sizes)
        return;
    size_t n = sizes->as.array.count;
    aw_cache_price *c = aw_arena_alloc(&list->arena, (n ? n : 1) * sizeof *c);
    static const char *const size_keys[] = {"sizeGb", "price", NULL};
    for (size_t i = 0; i < n; i++) {
        const aw_doc *s = sizes->as.array.items[i];
        if (!S_is(s, AW_DOC_OBJECT)) {
            ERROR(list, &s->loc, "a cache size of %s must be an object {\"sizeGb\": N, \"price\": P}", what);
            continue;
        }
        S_known_keys(list, s, size_keys, "a cache size");
        c[i].size_gb = S_number(list, s, "sizeGb", 0, true, what);
        c[i].hourly = S_number(list, s, "price", 0, false, what);
        if (!aw_doc_member_find(s, "sizeGb") || !aw_doc_member_find(s, "price"))
            ERROR(list, &s->loc, "a cache size of %s needs \"sizeGb\" and \"price\"", what);
        else if (i && c[i].size_gb <= c[i - 1].size_gb)
            ERROR(list, &s->loc, "the cache sizes of %s must be in ascending order", what);
    }
    r->cache = c;
    r->cache_count = n;
}

static void S_read_region(aw_price_list *list, const aw_doc_member *m, aw_region_prices *r)
{
    r->region = m->key;
    if (!S_is(m->value, AW_DOC_OBJECT)) {
        ERROR(list, &m->value->loc, "the prices of region %s must be an object", m->key);
        return;
    }
    for (size_t i = 0; i < m->value->as.object.count; i++) {
        const aw_doc_member *p = &m->value->as.object.members[i];
        const char *what = aw_arena_printf(&list->arena, "price \"%s\" of %s", p->key, m->key);
        if (strcmp(p->key, "restCache") == 0) {
            S_read_cache(list, p->value, r, what);
            continue;
        }
        aw_meter k = 0;
        while (k < AW_METER_COUNT && strcmp(S_meter_keys[k], p->key) != 0)
            k++;
        if (k == AW_METER_COUNT)
            ERROR(list, &p->key_loc, "unknown price \"%s\" in region %s", p->key, m->key);
        else
            S_read_meter(list, p->value, &r->meters[k], what);
    }
}

static void S_read_root(aw_price_list *list, const aw_doc *root)
{
    static const char *const keys[] = {"archwayPrices", "currency", "taken", "note", "regions", NULL};
    if (!S_is(root, AW_DOC_OBJECT)) {
        ERROR(list, &root->loc, "a price list is a JSON object, found %s", aw_doc_kind_name(root->kind));
        return;
    }
    S_known_keys(list, root, keys, "a price list");
    const aw_doc *version = S_need(list, root, "archwayPrices", AW_DOC_NUMBER, "a price list");
    if (version && version->as.number.value != 1)
        ERROR(list, &version->loc, "price list format %g is not known; this archway reads format 1",
              version->as.number.value);
    const aw_doc *currency = S_need(list, root, "currency", AW_DOC_STRING, "a price list");
    if (currency && strcmp(currency->as.string.chars, "USD") != 0)
        ERROR(list, &currency->loc, "prices must be in USD, found \"%s\"", currency->as.string.chars);
    const aw_doc *taken = S_need(list, root, "taken", AW_DOC_STRING, "a price list");
    unsigned y, mo, d;
    char tail;
    if (taken && (sscanf(taken->as.string.chars, "%4u-%2u-%2u%c", &y, &mo, &d, &tail) != 3 || mo < 1 || mo > 12 ||
                  d < 1 || d > 31 || strlen(taken->as.string.chars) != 10))
        ERROR(list, &taken->loc, "\"taken\" must be the date the prices were read, as YYYY-MM-DD");
    list->currency = currency ? currency->as.string.chars : "USD";
    list->taken = taken ? taken->as.string.chars : "";
    const aw_doc *regions = S_need(list, root, "regions", AW_DOC_OBJECT, "a price list");
    if (!regions)
        return;
    if (regions->as.object.count == 0)
        ERROR(list, &regions->loc, "a price list needs the prices of at least one region");
    list->region_count = regions->as.object.count;
    list->regions = aw_arena_alloc(&list->arena, (list->region_count ? list->region_count : 1) * sizeof *list->regions);
    for (size_t i = 0; i < list->region_count; i++)
        S_read_region(list, &regions->as.object.members[i], &list->regions[i]);
}

/* ---- loading ------------------------------------------------------------------------ */

static void S_begin(aw_price_list *list, const char *file)
{
    memset(list, 0, sizeof *list);
    aw_arena_init(&list->arena);
    aw_diags_init(&list->diags, &list->arena);
    list->file = aw_arena_strdup(&list->arena, file);
}

/* Parses text that lives in the list's arena (or is static). */
static bool S_parse(aw_price_list *list, const char *text, size_t len)
{
    aw_diags_add_source(&list->diags, list->file, text, len);
    aw_doc *root = aw_json_read(&list->arena, &list->diags, list->file, text, len);
    if (root)
        S_read_root(list, root);
    aw_diags_sort(&list->diags);
    return list->diags.errors == 0;
}

bool aw_price_list_load_text(aw_price_list *list, const char *file, const char *text, size_t len)
{
    S_begin(list, file);
    return S_parse(list, aw_arena_strndup(&list->arena, text, len), len);
}

bool aw_price_list_load_builtin(aw_price_list *list)
{
    S_begin(list, "built-in prices");
    return S_parse(list, (const char *)aw_prices_json, aw_prices_json_len);
}

static bool S_unreadable(aw_price_list *list, const char *why)
{
    aw_loc loc = {list->file, NULL, 0, AW_NO_COLUMN};
    aw_diag_add(&list->diags, AW_SEV_ERROR, "unreadable", &loc, "cannot read the price list: %s", why);
    return false;
}

bool aw_price_list_load_file(aw_price_list *list, const char *path)
{
    S_begin(list, path);
    FILE *in = fopen(path, "rb");
    if (!in)
        return S_unreadable(list, strerror(errno));
    aw_strbuf buf = AW_STRBUF_INIT;
    char chunk[4096];
    size_t got;
    while (buf.len <= S_MAX_BYTES && (got = fread(chunk, 1, sizeof chunk, in)) > 0)
        aw_strbuf_put(&buf, chunk, got);
    int failed = ferror(in) ? (errno ? errno : EIO) : 0;
    fclose(in);
    bool too_large = buf.len > S_MAX_BYTES;
    char *text = aw_arena_strndup(&list->arena, buf.data ? buf.data : "", buf.len);
    size_t len = buf.len;
    aw_strbuf_free(&buf);
    if (failed)
        return S_unreadable(list, strerror(failed));
    if (too_large)
        return S_unreadable(list, "larger than 4 MiB");
    return S_parse(list, text, len);
}

void aw_price_list_free(aw_price_list *list)
{
    aw_diags_free(&list->diags);
    aw_arena_free(&list->arena);
    memset(list, 0, sizeof *list);
}

const aw_region_prices *aw_price_list_region(const aw_price_list *list, const char *region)
{
    for (size_t i = 0; region && i < list->region_count; i++)
        if (strcmp(list->regions[i].region, region) == 0)
            return &list->regions[i];
    return NULL;
}

const aw_cache_price *aw_price_list_cache(const aw_region_prices *r, double size_gb)
{
    for (size_t i = 0; i < r->cache_count; i++)
        if (fabs(r->cache[i].size_gb - size_gb) < 0.05)
            return &r->cache[i];
    return NULL;
}

/* ---- tiers ---------------------------------------------------------------------------- */

size_t aw_tiered_spans(const aw_metered_price *m, double used, double quantity, double *free_left,
                       aw_tier_span *spans, size_t max)
{
    size_t n = 0;
    if (quantity <= 0 || max == 0)
        return 0;
    /* The free allowance comes off first; the tiers count all of the
     * month's usage, the free part included. */
    double free = free_left && *free_left > 0 ? fmin(*free_left, quantity) : 0;
    if (free > 0) {
        spans[n++] = (aw_tier_span){free, 0, 0, true};
        *free_left -= free;
        quantity -= free;
        used += free;
    }
    for (size_t t = 0; t < m->tier_count && quantity > 0 && n < max; t++) {
        double room = m->tiers[t].up_to - used;
        if (room <= 0)
            continue;
        double q = fmin(room, quantity);
        spans[n++] = (aw_tier_span){q, m->tiers[t].price, q / m->per * m->tiers[t].price, false};
        used += q;
        quantity -= q;
    }
    return n;
}
