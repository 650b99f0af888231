/* Text rendering of diagnostics, for terminals and CI logs: location,
 * message, and a bounded window of the source line with a caret. */
#include "diag.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/strbuf.h"
#include "../ir/strset.h"
#include "diag_format.h"

#define S_WHOLE_LINE 200    /* a line of up to this many bytes is quoted whole */
#define S_BEFORE 60         /* otherwise: code points shown before the column */
#define S_AFTER 100         /*            and from the column on */
#define S_MARK_STEP 4096    /* bytes between two marks of a source */
#define S_SECRET_KEPT 4     /* code points of a secret shown, as messages do */
#define S_GROUP_NAMED 3     /* elements a grouped note names */

/* A known position: byte offset, line and column. */
struct aw_source_mark {
    size_t off;
    unsigned line, col;
};

static bool S_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* ---- finding a line and column ------------------------------------------ */

static aw_source *S_find_source(const aw_diags *d, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < d->source_count; i++)
        if (strcmp(d->sources[i].name, name) == 0)
            return &d->sources[i];
    return NULL;
}

/* Line starts and marks, in one pass over the text on first use. Columns
 * count code points, as the front ends do. */
static void S_build_index(aw_source *s)
{
    if (s->line_starts)
        return;
    size_t n = 1;
    for (size_t i = 0; i < s->len; i++)
        n += s->text[i] == '\n';
    s->line_starts = malloc(n * sizeof *s->line_starts);
    s->marks = malloc((s->len / S_MARK_STEP + 1) * sizeof *s->marks);
    if (!s->line_starts || !s->marks) {
        free(s->line_starts);
        free(s->marks);
        s->line_starts = NULL;
        s->marks = NULL;
        return;
    }
    size_t k = 0, next_mark = S_MARK_STEP;
    unsigned line = 1, col = 1;
    s->line_starts[k++] = 0;
    for (size_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->text[i];
        if (S_cont(c))
            continue;
        if (i >= next_mark) {
            s->marks[s->mark_count++] = (struct aw_source_mark){i, line, col};
            next_mark = i + S_MARK_STEP;
        }
        if (c == '\n') {
            s->line_starts[k++] = i + 1;
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    s->line_count = n;
}

/* Byte offset of the column on a line (its end if the line is shorter):
 * from the nearest mark before it, so never more than a mark step away. */
static size_t S_column_offset(const aw_source *s, unsigned line, unsigned col, size_t line_end)
{
    size_t off = s->line_starts[line - 1], lo = 0, hi = s->mark_count;
    unsigned at = 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct aw_source_mark *m = &s->marks[mid];
        if (m->line < line || (m->line == line && m->col <= col))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && s->marks[lo - 1].line == line) {
        off = s->marks[lo - 1].off;
        at = s->marks[lo - 1].col;
    }
    while (off < line_end && at < col) {
        off++;
        while (off < line_end && S_cont((unsigned char)s->text[off]))
            off++;
        at++;
    }
    return off;
}

/* Moves off by up to n code points, backwards or forwards, within [lo, hi). */
static size_t S_step(const char *t, size_t off, size_t n, bool back, size_t lo, size_t hi)
{
    for (size_t i = 0; i < n; i++) {
        if (back ? off <= lo : off >= hi)
            break;
        do
            off += back ? (size_t)-1 : 1;
        while ((back ? off > lo : off < hi) && S_cont((unsigned char)t[off]));
    }
    return off;
}

/* ---- escaping and masking ------------------------------------------------ */

/* Length of the well-formed UTF-8 character at t[0] within n bytes, or 0. */
static size_t S_utf8(const unsigned char *t, size_t n)
{
    size_t len = t[0] >= 0xC2 && t[0] <= 0xDF ? 2 : t[0] >= 0xE0 && t[0] <= 0xEF ? 3
                 : t[0] >= 0xF0 && t[0] <= 0xF4 ? 4 : 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if (!S_cont(t[i]))
            return 0;
    return len;
}

/* Writes the character at t[0] as a terminal may safely show it: control
 * characters (C0, DEL, C1) and malformed bytes escaped, a tab kept. Returns
 * the bytes consumed; *width gets the columns written (0 for a tab). */
static size_t S_put_char(aw_strbuf *b, const char *text, size_t n, size_t *width)
{
    const unsigned char *t = (const unsigned char *)text;
    if (t[0] == '\t') {
        aw_strbuf_putc(b, '\t');
        *width = 0;
        return 1;
    }
    if (t[0] < 0x20 || t[0] == 0x7F) {
        aw_strbuf_printf(b, "\\x%02x", t[0]);
        *width = 4;
        return 1;
    }
    if (t[0] < 0x80) {
        aw_strbuf_putc(b, (char)t[0]);
        *width = 1;
        return 1;
    }
    size_t len = S_utf8(t, n);
    if (!len) {
        aw_strbuf_printf(b, "\\x%02x", t[0]);
        *width = 4;
        return 1;
    }
    if (t[0] == 0xC2 && t[1] < 0xA0) {
        aw_strbuf_printf(b, "\\u%04x", t[1]);
        *width = 6;
        return 2;
    }
    aw_strbuf_put(b, text, len);
    *width = 1;
    return len;
}

static void S_put_escaped(aw_strbuf *b, const char *text, size_t n)
{
    size_t width;
    for (size_t i = 0; i < n;)
        i += S_put_char(b, text + i, n - i, &width);
}

/* Marks the bytes of [a, e) past its first S_SECRET_KEPT code points. */
static void S_mask_span(const char *t, size_t a, size_t e, size_t from, size_t to, char *mask)
{
    size_t keep = S_step(t, a, S_SECRET_KEPT, false, a, e);
    for (size_t i = keep > from ? keep : from; i < e && i < to; i++)
        mask[i - from] = 1;
}

/* The window's bytes that a secret covers: where its text occurs, and,
 * when its diagnostic points at a JSON string, that whole string (which
 * also covers a secret spelt with escapes). */
static void S_mask_secret(const aw_source *s, const aw_diag *g, size_t start, size_t end, size_t from, size_t to,
                          char *mask)
{
    const char *t = s->text;
    size_t n = strlen(g->secret);
    size_t lo = from > start + n ? from - n : start, hi = to + n < end ? to + n : end;
    for (size_t i = lo; i + n <= hi; i++)
        if (t[i] == g->secret[0] && memcmp(t + i, g->secret, n) == 0)
            S_mask_span(t, i, i + n, from, to, mask);
    if (g->loc.col == AW_NO_COLUMN)
        return;
    size_t at = S_column_offset(s, g->loc.line, g->loc.col, end);
    if (at < to && t[at] == '"') {
        size_t e = at + 1;
        while (e < to && t[e] != '"')
            e += t[e] == '\\' ? 2 : 1;
        S_mask_span(t, at + 1, e < to ? e : to, from, to, mask);
    }
}

/* Masks, in the window, the secret of every diagnostic found on this line,
 * not only the one being quoted: two may share a line. NULL if none. */
static char *S_mask(const aw_diags *d, const aw_source *s, const aw_loc *loc, size_t start, size_t end,
                    size_t from, size_t to)
{
    char *mask = NULL;
    for (size_t i = 0; i < d->count; i++) {
        const aw_diag *g = &d->items[i];
        if (!g->secret || !*g->secret || g->loc.line != loc->line || !g->loc.file ||
            strcmp(g->loc.file, loc->file) != 0)
            continue;
        if (!mask && !(mask = calloc(to - from + 1, 1)))
            abort();
        S_mask_secret(s, g, start, end, from, to, mask);
    }
    return mask;
}

/* ---- quoting ------------------------------------------------------------- */

/* The window of the line around the column, escaped and masked, then a
 * caret under the column when one is known. */
static void S_quote(const aw_diags *d, const aw_loc *loc, aw_strbuf *b)
{
    aw_source *s = S_find_source(d, loc->file);
    if (!s || loc->line == 0)
        return;
    S_build_index(s);
    if (!s->line_starts || loc->line > s->line_count)
        return;
    const char *t = s->text;
    size_t start = s->line_starts[loc->line - 1], end = start;
    end = loc->line < s->line_count ? s->line_starts[loc->line] - 1 : s->len;
    if (end > start && t[end - 1] == '\r')
        end--;
    bool col = loc->col != AW_NO_COLUMN;
    size_t at = col ? S_column_offset(s, loc->line, loc->col, end) : start;
    size_t from = start, to = end;
    if (end - start > S_WHOLE_LINE) {
        from = S_step(t, at, col ? S_BEFORE : 0, true, start, end);
        to = S_step(t, at, col ? S_AFTER : S_BEFORE + S_AFTER, false, start, end);
    }
    char *mask = d->has_secrets ? S_mask(d, s, loc, start, end, from, to) : NULL;
    aw_strbuf_puts(b, from > start ? "  ..." : "  ");
    aw_strbuf caret = AW_STRBUF_INIT;
    aw_strbuf_puts(&caret, from > start ? "     " : "  ");
    for (size_t i = from; i < to;) {
        size_t width = 1, used;
        if (mask && mask[i - from]) {
            aw_strbuf_putc(b, '*');
            used = S_step(t, i, 1, false, i, to) - i;
        } else {
            used = S_put_char(b, t + i, to - i, &width);
        }
        if (col && i < at) {
            if (width == 0)
                aw_strbuf_putc(&caret, '\t');
            for (size_t k = 0; k < width; k++)
                aw_strbuf_putc(&caret, ' ');
        }
        i += used;
    }
    aw_strbuf_puts(b, to < end ? "...\n" : "\n");
    if (col) {
        aw_strbuf_puts(&caret, "^\n");
        aw_strbuf_put(b, caret.data, caret.len);
    }
    aw_strbuf_free(&caret);
    free(mask);
}

/* ---- grouping repeated deploy notes ---------------------------------------- */

/* Deploy notes that say the same of different elements ("data store 'x' is
 * not created by this template", once per store) are printed once, with a
 * count and the first few others. */
typedef struct note_groups {
    size_t *group_of;       /* per diagnostic: the first of its group, or SIZE_MAX */
    size_t *members;        /* per first: how many share its shape */
    size_t **named;         /* per first: the next few members */
} note_groups;

static bool S_groupable(const aw_diag *g)
{
    return !g->suppressed && g->severity == AW_SEV_NOTE && strcmp(g->code, "deploy-note") == 0;
}

/* The message with its element's id taken out: what the group shares. */
static char *S_shape(const aw_diag *g)
{
    aw_strbuf b = AW_STRBUF_INIT;
    const char *m = g->message, *hit;
    size_t n = g->element ? strlen(g->element) : 0;
    while (n && (hit = strstr(m, g->element))) {
        aw_strbuf_put(&b, m, (size_t)(hit - m));
        aw_strbuf_putc(&b, '\x01');
        m = hit + n;
    }
    aw_strbuf_puts(&b, m);
    return aw_strbuf_detach(&b, NULL);
}

static void S_group_notes(const aw_diags *d, note_groups *ng)
{
    memset(ng, 0, sizeof *ng);
    ng->group_of = malloc((d->count + 1) * sizeof *ng->group_of);
    ng->members = calloc(d->count + 1, sizeof *ng->members);
    ng->named = calloc(d->count + 1, sizeof *ng->named);
    if (!ng->group_of || !ng->members || !ng->named)
        abort();
    aw_strset firsts;
    aw_strset_init(&firsts);
    char **shapes = calloc(d->count + 1, sizeof *shapes);
    if (!shapes)
        abort();
    for (size_t i = 0; i < d->count; i++) {
        ng->group_of[i] = SIZE_MAX;
        if (!S_groupable(&d->items[i]))
            continue;
        shapes[i] = S_shape(&d->items[i]);
        void *existing = NULL;
        if (aw_strset_insert(&firsts, shapes[i], (void *)(uintptr_t)(i + 1), &existing)) {
            ng->group_of[i] = i;
            ng->members[i] = 1;
            continue;
        }
        size_t first = (size_t)(uintptr_t)existing - 1;
        ng->group_of[i] = first;
        if (!ng->named[first] && !(ng->named[first] = calloc(S_GROUP_NAMED, sizeof **ng->named)))
            abort();
        if (ng->members[first] <= S_GROUP_NAMED)
            ng->named[first][ng->members[first] - 1] = i;
        ng->members[first]++;
    }
    aw_strset_free(&firsts);
    for (size_t i = 0; i < d->count; i++)
        free(shapes[i]);
    free(shapes);
}

static void S_groups_free(const aw_diags *d, note_groups *ng)
{
    for (size_t i = 0; i < d->count; i++)
        free(ng->named[i]);
    free(ng->named);
    free(ng->members);
    free(ng->group_of);
}

/* "; the same for N more: 'a', 'b', 'c', ..." */
static void S_put_group(aw_strbuf *b, const aw_diags *d, const note_groups *ng, size_t first)
{
    size_t more = ng->members[first] - 1;
    aw_strbuf_printf(b, "; the same for %zu more:", more);
    for (size_t k = 0; k < more && k < S_GROUP_NAMED; k++) {
        const char *id = d->items[ng->named[first][k]].element;
        aw_strbuf_puts(b, k ? ", '" : " '");
        aw_echo_put(b, id ? id : "", SIZE_MAX, AW_ECHO_MAX);
        aw_strbuf_putc(b, '\'');
    }
    if (more > S_GROUP_NAMED)
        aw_strbuf_puts(b, ", ...");
}

/* ---- the whole list ------------------------------------------------------- */

static void S_put_location(aw_strbuf *b, const aw_loc *loc)
{
    const char *file = loc->file ? loc->file : "<input>";
    S_put_escaped(b, file, strlen(file));
    if (loc->line) {
        aw_strbuf_printf(b, ":%u", loc->line);
        if (loc->col != AW_NO_COLUMN)
            aw_strbuf_printf(b, ":%u", loc->col);
    }
}

static void S_put_diag(aw_strbuf *b, const aw_diags *d, const note_groups *ng, size_t i, bool quote, bool color)
{
    const aw_diag *g = &d->items[i];
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    const char *sevcolor = !color ? "" : g->severity == AW_SEV_ERROR ? "\033[1;31m"
                                       : g->severity == AW_SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
    aw_strbuf_puts(b, bold);
    S_put_location(b, &g->loc);
    aw_strbuf_printf(b, ":%s %s%s:%s ", reset, sevcolor, aw_severity_name(g->severity), reset);
    S_put_escaped(b, g->message, strlen(g->message));
    if (ng->members[i] > 1)
        S_put_group(b, d, ng, i);
    aw_strbuf_printf(b, " [%s]\n", g->code);
    if (quote)
        S_quote(d, &g->loc, b);
    if (g->related_message) {
        aw_strbuf_puts(b, bold);
        S_put_location(b, g->related.line ? &g->related : &g->loc);
        aw_strbuf_printf(b, ":%s note: ", reset);
        S_put_escaped(b, g->related_message, strlen(g->related_message));
        aw_strbuf_putc(b, '\n');
        if (quote && g->related.line)
            S_quote(d, &g->related, b);
    }
}

void aw_diags_print_text(const aw_diags *d, FILE *out, bool quote, bool color)
{
    note_groups ng;
    S_group_notes(d, &ng);
    aw_strbuf b = AW_STRBUF_INIT;
    for (size_t i = 0; i < d->count; i++) {
        if (d->items[i].suppressed || (ng.group_of[i] != SIZE_MAX && ng.group_of[i] != i))
            continue;
        S_put_diag(&b, d, &ng, i, quote, color);
        if (b.len > 64 * 1024) {
            fwrite(b.data, 1, b.len, out);
            b.len = 0;
        }
    }
    if (d->truncated)
        aw_strbuf_printf(&b, "archway: only %zu diagnostics are shown; errors are kept before warnings and notes\n",
                         d->count);
    if (b.len)
        fwrite(b.data, 1, b.len, out);
    aw_strbuf_free(&b);
    S_groups_free(d, &ng);
}
