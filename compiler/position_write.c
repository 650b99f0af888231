/* Splices new canvas positions into a diagram's text. JSON locations give
 * line and column, so a position object is replaced where it stands, or
 * one is added after the node's id. XML locations give lines only, so the
 * node's start tag is found by its element name and id instead. */
#include "position_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"

/* One change to the text: bytes [from, to) become text. */
typedef struct splice {
    size_t from, to;
    char *text;
} splice;

typedef struct writer {
    const char *src;
    size_t len;
    size_t *lines;          /* byte offset of each line's start */
    size_t line_count;
    splice *edits;
    size_t edit_count;
    size_t cursor;          /* XML: where the search for the next node starts */
    aw_strbuf *err;
} writer;

static void S_edit(writer *w, size_t from, size_t to, aw_strbuf *text)
{
    w->edits[w->edit_count++] = (splice){from, to, aw_strbuf_detach(text, NULL)};
}

static bool S_fail(writer *w, const aw_node *n, const char *what)
{
    aw_strbuf_printf(w->err, "%s '%s': %s; has the file changed since it was read?", aw_kind_name(n->kind), n->id,
                     what);
    return false;
}

/* ---- JSON ----------------------------------------------------------------- */

static void S_index_lines(writer *w)
{
    size_t n = 1;
    for (size_t i = 0; i < w->len; i++)
        n += w->src[i] == '\n';
    w->lines = malloc(n * sizeof *w->lines);
    if (!w->lines)
        abort();
    w->lines[0] = 0;
    w->line_count = 1;
    for (size_t i = 0; i < w->len; i++)
        if (w->src[i] == '\n')
            w->lines[w->line_count++] = i + 1;
}

/* Byte offset of a location; columns count code points. SIZE_MAX if outside. */
static size_t S_offset(const writer *w, const aw_loc *loc)
{
    if (loc->line == 0 || loc->line > w->line_count || loc->col == AW_NO_COLUMN)
        return SIZE_MAX;
    size_t at = w->lines[loc->line - 1];
    for (unsigned col = 1; col < loc->col && at < w->len; col++) {
        at++;
        while (at < w->len && ((unsigned char)w->src[at] & 0xC0) == 0x80)
            at++;
    }
    return at < w->len ? at : SIZE_MAX;
}

/* A position as either spelling writes it. */
static void S_position(aw_strbuf *b, const aw_layout_place *p, bool xml)
{
    aw_strbuf_puts(b, xml ? "<position x=\"" : "{\"x\": ");
    aw_strbuf_number(b, p->x);
    aw_strbuf_puts(b, xml ? "\" y=\"" : ", \"y\": ");
    aw_strbuf_number(b, p->y);
    aw_strbuf_puts(b, xml ? "\"/>" : "}");
}

/* Past the JSON string that starts at at. */
static size_t S_skip_string(const writer *w, size_t at)
{
    for (at++; at < w->len && w->src[at] != '"'; at++)
        if (w->src[at] == '\\')
            at++;
    return at + 1;
}

static size_t S_skip_space(const writer *w, size_t at)
{
    while (at < w->len && strchr(" \t\r\n", w->src[at]))
        at++;
    return at;
}

static bool S_json_replace(writer *w, const aw_layout_place *p)
{
    const aw_node *n = p->node;
    size_t at = S_offset(w, &n->position->loc);
    if (at == SIZE_MAX || w->src[at] != '{')
        return S_fail(w, n, "its position is not where it was");
    size_t end = at;
    while (end < w->len && w->src[end] != '}')
        end++;
    if (end == w->len)
        return S_fail(w, n, "its position object does not end");
    aw_strbuf b = AW_STRBUF_INIT;
    S_position(&b, p, false);
    S_edit(w, at, end + 1, &b);
    return true;
}

/* A node without a position gets one right after its id, spaced as the
 * id is from the member after it. */
static bool S_json_add(writer *w, const aw_layout_place *p)
{
    const aw_node *n = p->node;
    size_t at = S_offset(w, aw_node_field_loc(n, "id"));
    if (at == SIZE_MAX || w->src[at] != '"')
        return S_fail(w, n, "its id is not where it was");
    size_t after = S_skip_string(w, at);
    size_t next = S_skip_space(w, after);
    aw_strbuf b = AW_STRBUF_INIT;
    if (next < w->len && w->src[next] == ',') {
        size_t gap = S_skip_space(w, next + 1);
        aw_strbuf_put(&b, w->src + next + 1, gap - next - 1);
        aw_strbuf_puts(&b, "\"position\": ");
        S_position(&b, p, false);
        aw_strbuf_putc(&b, ',');
        S_edit(w, next + 1, next + 1, &b);
    } else {
        aw_strbuf_puts(&b, ", \"position\": ");
        S_position(&b, p, false);
        S_edit(w, after, after, &b);
    }
    return true;
}

/* ---- XML ------------------------------------------------------------------ */

/* Past the markup that starts at at ('<'): a comment, CDATA, a processing
 * instruction or declaration, or a tag (quotes respected). */
static size_t S_skip_markup(const writer *w, size_t at)
{
    static const struct { const char *open, *close; } kinds[] = {
        {"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"},
    };
    for (size_t k = 0; k < 3; k++)
        if (strncmp(w->src + at, kinds[k].open, strlen(kinds[k].open)) == 0) {
            const char *end = strstr(w->src + at, kinds[k].close);
            return end ? (size_t)(end - w->src) + strlen(kinds[k].close) : w->len;
        }
    char quote = 0;
    for (at++; at < w->len; at++) {
        char c = w->src[at];
        if (quote)
            quote = c == quote ? 0 : quote;
        else if (c == '"' || c == '\'')
            quote = c;
        else if (c == '>')
            return at + 1;
    }
    return w->len;
}

static bool S_tag_named(const writer *w, size_t at, const char *name)
{
    size_t n = strlen(name);
    return at + n + 1 < w->len && strncmp(w->src + at + 1, name, n) == 0 && strchr(" \t\r\n/>", w->src[at + 1 + n]);
}

/* Whether the start tag [at, end) carries id="id" (either quote, spaces
 * around the equals sign allowed). */
static bool S_tag_has_id(const writer *w, size_t at, size_t end, const char *id)
{
    size_t n = strlen(id);
    for (size_t i = at; i + 3 < end; i++) {
        const char *s = w->src + i;
        if (!strchr(" \t\r\n", s[0]) || s[1] != 'i' || s[2] != 'd')
            continue;
        size_t k = i + 3;
        while (k < end && strchr(" \t\r\n", w->src[k]))
            k++;
        if (k >= end || w->src[k] != '=')
            continue;
        for (k++; k < end && strchr(" \t\r\n", w->src[k]); k++)
            ;
        char quote = k < end ? w->src[k] : 0;
        if ((quote == '"' || quote == '\'') && k + 1 + n < end && strncmp(w->src + k + 1, id, n) == 0 &&
            w->src[k + 1 + n] == quote)
            return true;
    }
    return false;
}

/* The next start tag named name from the cursor, with the given id if one is given. */
static size_t S_find_tag(const writer *w, size_t from, const char *name, const char *id, size_t *end)
{
    for (size_t at = from; at < w->len; at++) {
        if (w->src[at] != '<')
            continue;
        *end = S_skip_markup(w, at);
        if (S_tag_named(w, at, name) && (!id || S_tag_has_id(w, at, *end, id)))
            return at;
        at = *end - 1;
    }
    return SIZE_MAX;
}

/* The spaces before the tag at at on its line. */
static void S_indent_of(const writer *w, size_t at, aw_strbuf *b)
{
    size_t start = at;
    while (start > 0 && w->src[start - 1] != '\n')
        start--;
    size_t end = start;
    while (end < at && (w->src[end] == ' ' || w->src[end] == '\t'))
        end++;
    aw_strbuf_put(b, w->src + start, end - start);
}

static bool S_xml_place(writer *w, const aw_layout_place *p)
{
    const aw_node *n = p->node;
    const char *name = aw_kind_name(n->kind);
    size_t end, at = S_find_tag(w, w->cursor, name, n->id, &end);
    if (at == SIZE_MAX)
        return S_fail(w, n, "its element was not found");
    w->cursor = end;
    aw_strbuf b = AW_STRBUF_INIT;
    if (n->position) {
        size_t pend, pat = S_find_tag(w, end, "position", NULL, &pend);
        if (pat == SIZE_MAX)
            return S_fail(w, n, "its position element was not found");
        if (w->src[pend - 2] != '/') {
            const char *close = strstr(w->src + pend, "</position>");
            pend = close ? (size_t)(close - w->src) + strlen("</position>") : pend;
        }
        S_position(&b, p, true);
        S_edit(w, pat, pend, &b);
        w->cursor = pend;
        return true;
    }
    bool empty = w->src[end - 2] == '/';
    aw_strbuf_puts(&b, empty ? ">\n" : "\n");
    S_indent_of(w, at, &b);
    aw_strbuf_puts(&b, "  ");
    S_position(&b, p, true);
    if (empty) {
        aw_strbuf_putc(&b, '\n');
        S_indent_of(w, at, &b);
        aw_strbuf_printf(&b, "</%s>", name);
        S_edit(w, end - 2, end, &b);
    } else
        S_edit(w, end, end, &b);
    return true;
}

/* ---- both ----------------------------------------------------------------- */

static bool S_is_xml(const char *text, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && strchr(" \t\r\n", text[i]))
        i++;
    return i < len && text[i] == '<';
}

static int S_by_offset(const void *a, const void *b)
{
    const splice *x = a, *y = b;
    return x->from < y->from ? -1 : x->from > y->from;
}

bool aw_positions_write(const char *text, size_t len, const aw_layout *layout, aw_strbuf *out, aw_strbuf *err)
{
    writer w = {.src = text, .len = len, .err = err};
    w.edits = calloc(layout->count ? layout->count : 1, sizeof *w.edits);
    if (!w.edits)
        abort();
    bool xml = S_is_xml(text, len), ok = true;
    if (!xml)
        S_index_lines(&w);
    for (size_t i = 0; ok && i < layout->count; i++) {
        const aw_layout_place *p = &layout->places[i];
        ok = xml ? S_xml_place(&w, p) : p->node->position ? S_json_replace(&w, p) : S_json_add(&w, p);
    }
    qsort(w.edits, w.edit_count, sizeof *w.edits, S_by_offset);
    size_t done = 0;
    for (size_t i = 0; ok && i < w.edit_count; i++) {
        aw_strbuf_put(out, text + done, w.edits[i].from - done);
        aw_strbuf_puts(out, w.edits[i].text);
        done = w.edits[i].to;
    }
    if (ok)
        aw_strbuf_put(out, text + done, len - done);
    for (size_t i = 0; i < w.edit_count; i++)
        free(w.edits[i].text);
    free(w.edits);
    free(w.lines);
    return ok;
}
