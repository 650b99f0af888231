/* Diagnostics list: collection during a compile, sorting, and the text and
 * JSON renderings. Nothing here prints until a print function is called. */
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/strbuf.h"
#include "diag_format.h"
#include "limits.h"

void aw_diags_init(aw_diags *d, aw_arena *arena)
{
    memset(d, 0, sizeof *d);
    d->arena = arena;
    d->limit = AW_MAX_DIAGNOSTICS;
    d->evict_below = SIZE_MAX;
}

void aw_diags_free(aw_diags *d)
{
    for (size_t i = 0; i < d->source_count; i++) {
        free(d->sources[i].line_starts);
        free(d->sources[i].marks);
    }
    free(d->sources);
    free(d->items);
    memset(d, 0, sizeof *d);
}

void aw_diags_add_source(aw_diags *d, const char *name, const char *text, size_t len)
{
    aw_source *grown = realloc(d->sources, (d->source_count + 1) * sizeof *grown);
    if (!grown)
        return;     /* quoting is a nicety; diagnostics still work */
    d->sources = grown;
    aw_source *s = &d->sources[d->source_count++];
    memset(s, 0, sizeof *s);
    s->name = name;
    s->text = text;
    s->len = len;
}

/* Values echoed in messages are bounded (diag_format.h), so a message costs
 * the same whatever the size of the ids and keys it names. */
static char *S_vformat(aw_arena *arena, const char *fmt, va_list ap)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_message_vformat(&b, fmt, ap);
    char *out = aw_arena_strndup(arena, b.data ? b.data : "", b.len);
    aw_strbuf_free(&b);
    return out;
}

/* The one way in: counts the diagnostic (unless suppressed), then keeps it
 * unless the list is full. */
static aw_diag *S_add(aw_diags *d, aw_severity sev, const char *code, const aw_loc *loc, const char *reason,
                      const char *fmt, va_list ap)
{
    if (reason)
        d->suppressed++;
    else if (sev == AW_SEV_ERROR)
        d->errors++;
    else if (sev == AW_SEV_WARNING)
        d->warnings++;
    size_t seq = d->added++;
    aw_diag *diag = NULL;
    if (d->limit && d->count >= d->limit) {
        d->truncated = true;
        if (sev == AW_SEV_ERROR && !reason) {
            if (d->evict_below > d->count)
                d->evict_below = d->count;
            while (d->evict_below > 0 && d->items[d->evict_below - 1].severity == AW_SEV_ERROR &&
                   !d->items[d->evict_below - 1].suppressed)
                d->evict_below--;
            if (d->evict_below > 0)
                diag = &d->items[--d->evict_below];
        }
        if (!diag) {
            memset(&d->overflow, 0, sizeof d->overflow);
            return &d->overflow;
        }
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        aw_diag *items = realloc(d->items, cap * sizeof *items);
        if (!items) {
            d->truncated = true;
            memset(&d->overflow, 0, sizeof d->overflow);
            return &d->overflow;
        }
        d->items = items;
        d->cap = cap;
    }
    if (!diag)
        diag = &d->items[d->count++];
    memset(diag, 0, sizeof *diag);
    diag->severity = sev;
    diag->code = code;
    diag->seq = seq;
    diag->suppressed = reason != NULL;
    diag->suppress_reason = reason;
    if (loc)
        diag->loc = *loc;
    diag->message = S_vformat(d->arena, fmt, ap);
    return diag;
}

aw_diag *aw_diag_add(aw_diags *d, aw_severity sev, const char *code,
                     const aw_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_diag *diag = S_add(d, sev, code, loc, NULL, fmt, ap);
    va_end(ap);
    return diag;
}

aw_diag *aw_diag_vadd(aw_diags *d, aw_severity sev, const char *code, const aw_loc *loc, const char *fmt,
                      va_list ap)
{
    return S_add(d, sev, code, loc, NULL, fmt, ap);
}

aw_diag *aw_diag_add_on(aw_diags *d, size_t *errors, aw_severity sev, const char *code, const char *element,
                        const aw_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_diag *diag = S_add(d, sev, code, loc, NULL, fmt, ap);
    va_end(ap);
    diag->element = element;
    *errors += sev == AW_SEV_ERROR;
    return diag;
}

aw_diag *aw_diag_add_suppressed(aw_diags *d, aw_severity sev, const char *code, const aw_loc *loc,
                                const char *reason, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_diag *diag = S_add(d, sev, code, loc, reason ? reason : "", fmt, ap);
    va_end(ap);
    return diag;
}

void aw_diag_set_related(aw_diags *d, aw_diag *diag, const aw_loc *loc, const char *fmt, ...)
{
    if (!diag->code)
        return;     /* the overflow slot */
    if (loc)
        diag->related = *loc;
    va_list ap;
    va_start(ap, fmt);
    diag->related_message = S_vformat(d->arena, fmt, ap);
    va_end(ap);
}

void aw_diag_set_secret(aw_diags *d, aw_diag *diag, const char *text, size_t len)
{
    if (!diag->code || !len)
        return;
    diag->secret = aw_arena_strndup(d->arena, text, len);
    d->has_secrets = true;
}

void aw_diags_append(aw_diags *dst, const aw_diags *src)
{
    for (size_t i = 0; i < src->count; i++) {
        const aw_diag *g = &src->items[i];
        aw_diag *copy = g->suppressed
                            ? aw_diag_add_suppressed(dst, g->severity, g->code, &g->loc, g->suppress_reason, "%s",
                                                     g->message)
                            : aw_diag_add(dst, g->severity, g->code, &g->loc, "%s", g->message);
        if (!copy->code)
            continue;
        copy->element = g->element;
        copy->related = g->related;
        copy->related_message = g->related_message;
        copy->secret = g->secret;
        dst->has_secrets |= g->secret != NULL;
    }
    /* src's counts include diagnostics its full list could not keep. */
    size_t kept_errors = 0, kept_warnings = 0, kept_suppressed = 0;
    for (size_t i = 0; i < src->count; i++) {
        const aw_diag *g = &src->items[i];
        kept_suppressed += g->suppressed;
        kept_errors += !g->suppressed && g->severity == AW_SEV_ERROR;
        kept_warnings += !g->suppressed && g->severity == AW_SEV_WARNING;
    }
    dst->errors += src->errors - kept_errors;
    dst->warnings += src->warnings - kept_warnings;
    dst->suppressed += src->suppressed - kept_suppressed;
    for (size_t i = 0; i < src->source_count; i++)
        aw_diags_add_source(dst, src->sources[i].name, src->sources[i].text, src->sources[i].len);
    dst->truncated |= src->truncated;
}

static int S_strcmp_null(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int S_compare(const void *pa, const void *pb)
{
    const aw_diag *a = pa, *b = pb;
    int c = S_strcmp_null(a->loc.file, b->loc.file);
    if (c)
        return c;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line ? -1 : 1;
    if (a->loc.col != b->loc.col)
        return a->loc.col < b->loc.col ? -1 : 1;
    return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

void aw_diags_sort(aw_diags *d)
{
    /* qsort is not stable; the insertion sequence breaks ties. */
    /* Sorting mixes errors in among the others: the next eviction starts
     * again from the end. */
    d->evict_below = SIZE_MAX;
    if (d->count < 2)
        return;
    qsort(d->items, d->count, sizeof *d->items, S_compare);
}

const char *aw_severity_name(aw_severity sev)
{
    switch (sev) {
    case AW_SEV_NOTE: return "note";
    case AW_SEV_WARNING: return "warning";
    case AW_SEV_ERROR: return "error";
    }
    return "error";
}

/* ---- JSON rendering ---------------------------------------------------- */

static void S_json_loc(aw_strbuf *b, const aw_loc *loc)
{
    aw_strbuf_puts(b, "{\"file\": ");
    if (loc->file)
        aw_strbuf_json_string(b, loc->file, strlen(loc->file));
    else
        aw_strbuf_puts(b, "null");
    aw_strbuf_printf(b, ", \"line\": %u, \"column\": ", loc->line);
    if (loc->col == AW_NO_COLUMN)
        aw_strbuf_puts(b, "null");
    else
        aw_strbuf_printf(b, "%u", loc->col);
    aw_strbuf_puts(b, ", \"path\": ");
    if (loc->path)
        aw_strbuf_json_string(b, loc->path, strlen(loc->path));
    else
        aw_strbuf_puts(b, "null");
    aw_strbuf_putc(b, '}');
}

void aw_diags_write_json(const aw_diags *d, aw_strbuf *b)
{
    aw_strbuf_puts(b, "{\n  \"diagnostics\": [");
    for (size_t i = 0; i < d->count; i++) {
        const aw_diag *g = &d->items[i];
        aw_strbuf_puts(b, i ? ",\n    {" : "\n    {");
        aw_strbuf_printf(b, "\"severity\": \"%s\", \"code\": ", aw_severity_name(g->severity));
        aw_strbuf_json_string(b, g->code, strlen(g->code));
        aw_strbuf_puts(b, ", \"message\": ");
        aw_strbuf_json_string(b, g->message, strlen(g->message));
        aw_strbuf_puts(b, ", \"location\": ");
        S_json_loc(b, &g->loc);
        if (g->element) {
            aw_strbuf_puts(b, ", \"element\": ");
            aw_strbuf_json_string(b, g->element, strlen(g->element));
        }
        if (g->related_message) {
            aw_strbuf_puts(b, ", \"related\": {\"message\": ");
            aw_strbuf_json_string(b, g->related_message, strlen(g->related_message));
            aw_strbuf_puts(b, ", \"location\": ");
            S_json_loc(b, g->related.line ? &g->related : &g->loc);
            aw_strbuf_putc(b, '}');
        }
        if (g->suppressed) {
            aw_strbuf_puts(b, ", \"suppressed\": true, \"suppressReason\": ");
            aw_strbuf_json_string(b, g->suppress_reason, strlen(g->suppress_reason));
        }
        aw_strbuf_putc(b, '}');
    }
    aw_strbuf_printf(b, "%s],\n  \"errors\": %zu,\n  \"warnings\": %zu,\n  \"suppressed\": %zu,\n  \"truncated\": %s\n}\n",
                     d->count ? "\n  " : "", d->errors, d->warnings, d->suppressed, d->truncated ? "true" : "false");
}

void aw_diags_print_json(const aw_diags *d, FILE *out)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_diags_write_json(d, &b);
    fwrite(b.data, 1, b.len, out);
    aw_strbuf_free(&b);
}
