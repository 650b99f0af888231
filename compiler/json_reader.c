/* JSON front end: the fast parser (json_scan.c) reads every diagram it
 * can; what it turns down goes to the reference here, where jansson
 * validates and decodes and a small scanner walks the raw text in step
 * with jansson's tree, so every diagnostic comes from jansson. */
#include "readers.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "json_scan.h"
#include "limits.h"
#include "mem_budget.h"

/* A line and a code-point column reached by walking the text from the
 * start; moving it forward costs only the bytes in between. */
typedef struct json_cursor {
    size_t off;
    unsigned line, col;
} json_cursor;

typedef struct json_reader {
    aw_arena *arena;
    aw_diags *diags;
    const char *file;       /* the arena's copy */
    const char *text;       /* after any BOM */
    size_t len;
    size_t pos;             /* the lockstep scanner */
    json_cursor cur;        /* follows pos, never moves back */
    size_t budget;          /* arena total not to pass (limits.h) */
} json_reader;

/* A token as jansson's lexer would split it, near enough to put an error
 * on the start of the token jansson stopped at. */
typedef struct json_token {
    size_t start, end;
} json_token;

/* ---- Raw text ---------------------------------------------------------- */

static bool S_is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool S_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool S_is_number_char(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

static size_t S_skip_ws_at(const char *t, size_t len, size_t i)
{
    while (i < len && S_is_ws(t[i]))
        i++;
    return i;
}

/* From an opening quote to just past the closing one. A raw control
 * character ends it early, as jansson rejects the string there. */
static size_t S_string_end(const char *t, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '"')
            return i + 1;
        if (c < 0x20)
            return i;
        if (c == '\\')
            i++;
    }
    return len;
}

static void S_cursor_move(json_cursor *c, const char *t, size_t to)
{
    for (size_t i = c->off; i < to; i++) {
        unsigned char b = (unsigned char)t[i];
        if (b == '\n') {
            c->line++;
            c->col = 1;
        } else if ((b & 0xC0) != 0x80) {
            c->col++;   /* continuation bytes share their lead's column */
        }
    }
    c->off = to;
}

/* Location of any offset, for errors: walks from the start once. */
static aw_loc S_loc_of(const json_reader *r, size_t off)
{
    json_cursor c = {0, 1, 1};
    S_cursor_move(&c, r->text, off < r->len ? off : r->len);
    return (aw_loc){.file = r->file, .line = c.line, .col = c.col};
}

/* Location of the scanner's position, for values as they are met. */
static aw_loc S_loc_here(json_reader *r, const char *path)
{
    S_cursor_move(&r->cur, r->text, r->pos);
    return (aw_loc){.file = r->file, .path = path, .line = r->cur.line, .col = r->cur.col};
}

/* ---- Not UTF-8 at all ----------------------------------------------------- */

/* UTF-16 and UTF-32 text (RFC 8259 allows only UTF-8 between systems) shows
 * itself by a byte order mark or by NUL bytes beside the ASCII of its first
 * characters; say so, rather than "unexpected NUL byte". */
static bool S_check_encoding(json_reader *r)
{
    const unsigned char *u = (const unsigned char *)r->text;
    size_t n = r->len;
    const char *name = NULL;
    if (n >= 4 && (memcmp(u, "\xFF\xFE\0\0", 4) == 0 || memcmp(u, "\0\0\xFE\xFF", 4) == 0))
        name = "UTF-32";
    else if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        name = "UTF-16";
    else if (n >= 4 && ((!u[0] && !u[1] && !u[2] && u[3]) || (u[0] && !u[1] && !u[2] && !u[3])))
        name = "UTF-32";
    else if (n >= 2 && ((!u[0] && u[1]) || (u[0] && !u[1])))
        name = "UTF-16";
    if (!name)
        return true;
    aw_loc loc = {.file = r->file, .line = 1, .col = 1};
    aw_diag_add(r->diags, AW_SEV_ERROR, "json-encoding", &loc,
                "the file is in %s, which is not supported: a diagram must be UTF-8", name);
    return false;
}

/* ---- Too deep, before jansson sees it ----------------------------------- */

/* jansson recurses once per level (up to 2048), and so would the walk
 * below; refusing deep input up front keeps both shallow. */
static bool S_check_depth(json_reader *r)
{
    const char *t = r->text;
    size_t depth = 0;
    for (size_t i = 0; i < r->len; i++) {
        char c = t[i];
        if (c == '"') {
            i = S_string_end(t, r->len, i) - 1;
        } else if (c == '{' || c == '[') {
            if (++depth > AW_MAX_DEPTH) {
                aw_loc loc = S_loc_of(r, i);
                aw_diag_add(r->diags, AW_SEV_ERROR, "too-deep", &loc,
                            "nesting deeper than %d levels", AW_MAX_DEPTH);
                return false;
            }
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        }
    }
    return true;
}

/* ---- Syntax errors ------------------------------------------------------ */

static bool S_next_token(const json_reader *r, size_t *off, json_token *tok)
{
    const char *t = r->text;
    size_t i = S_skip_ws_at(t, r->len, *off);
    if (i >= r->len) {
        *off = r->len;
        return false;
    }
    size_t e = i + 1;
    if (t[i] == '"') {
        e = S_string_end(t, r->len, i);
    } else if (t[i] == '-' || (t[i] >= '0' && t[i] <= '9')) {
        while (e < r->len && S_is_number_char(t[e]))
            e++;
    } else if (S_is_alpha(t[i])) {
        while (e < r->len && S_is_alpha(t[e]))
            e++;
    } else if ((unsigned char)t[i] >= 0x80) {
        while (e < r->len && ((unsigned char)t[e] & 0xC0) == 0x80)
            e++;
    }
    tok->start = i;
    tok->end = e;
    *off = e;
    return true;
}

/* What jansson stopped at: the last token starting before its position,
 * the token before that, and the object or array they are in. */
typedef struct json_culprit {
    json_token tok, prev;
    bool found, has_prev;
    size_t container;       /* offset of the enclosing '{' or '['; SIZE_MAX if none */
} json_culprit;

static json_culprit S_culprit(const json_reader *r, size_t stop)
{
    json_culprit c = {.container = SIZE_MAX};
    size_t opens[AW_MAX_DEPTH + 1];
    size_t depth = 0, off = 0;
    json_token tok;
    while (S_next_token(r, &off, &tok) && tok.start < stop) {
        if (c.found) {
            char last = r->text[c.tok.start];
            if (last == '{' || last == '[') {
                if (depth <= AW_MAX_DEPTH)
                    opens[depth] = c.tok.start;
                depth++;
            } else if ((last == '}' || last == ']') && depth > 0) {
                depth--;
            }
        }
        c.prev = c.tok;
        c.has_prev = c.found;
        c.tok = tok;
        c.found = true;
    }
    if (depth > 0 && depth <= AW_MAX_DEPTH + 1)
        c.container = opens[depth - 1];
    return c;
}

/* Longest prefix of at most max bytes that does not split a character. */
static size_t S_clip(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static const char *S_describe(const json_reader *r, const json_culprit *c)
{
    if (!c->found)
        return "end of input";
    const char *s = r->text + c->tok.start;
    size_t n = c->tok.end - c->tok.start;
    unsigned char b = (unsigned char)*s;
    if (b == 0)
        return "NUL byte (0x00)";
    if (b < 0x20 || b == 0x7f)
        return aw_arena_printf(r->arena, "control character 0x%02x", b);
    size_t shown = S_clip(s, n, 40);
    return aw_arena_printf(r->arena, "'%.*s'%s", (int)shown, s, shown < n ? "..." : "");
}

static bool S_same_key(const json_reader *r, json_token a, json_token b)
{
    const char *t = r->text;
    size_t alen = a.end - a.start, blen = b.end - b.start;
    if (alen == blen && memcmp(t + a.start, t + b.start, alen) == 0)
        return true;
    if (!memchr(t + a.start, '\\', alen) && !memchr(t + b.start, '\\', blen))
        return false;
    /* Spelled differently ("a" and "\u0061"): compare what they decode to. */
    json_t *ja = json_loadb(t + a.start, alen, JSON_DECODE_ANY, NULL);
    json_t *jb = json_loadb(t + b.start, blen, JSON_DECODE_ANY, NULL);
    bool same = json_is_string(ja) && json_is_string(jb)
                && json_string_length(ja) == json_string_length(jb)
                && memcmp(json_string_value(ja), json_string_value(jb), json_string_length(ja)) == 0;
    json_decref(ja);
    json_decref(jb);
    return same;
}

/* The earlier spelling of a duplicated key in the object opening at
 * object_start; SIZE_MAX if it cannot be found. */
static size_t S_first_key(const json_reader *r, size_t object_start, json_token dup)
{
    size_t off = object_start + 1, depth = 0;
    json_token tok, next;
    while (S_next_token(r, &off, &tok) && tok.start < dup.start) {
        char c = r->text[tok.start];
        if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (depth-- == 0)
                return SIZE_MAX;
        } else if (c == '"' && depth == 0) {
            size_t after = off;
            if (S_next_token(r, &after, &next) && r->text[next.start] == ':'
                && S_same_key(r, tok, dup))
                return tok.start;
        }
    }
    return SIZE_MAX;
}

static bool S_starts(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* Turns jansson's error into one diagnostic at the start of the offending
 * token, saying what was expected and what was found. jansson's own line
 * and column are where its lexer stopped: the token's last character, or
 * column 0 of the next line after a newline. Its byte offset (position)
 * is what we use, mapped through our own cursor. */
static void S_syntax_error(json_reader *r, const json_error_t *err)
{
    const char *t = r->text;
    const char *jt = err->text;
    size_t stop = err->position > 0 ? (size_t)err->position : 0;
    if (stop > r->len)
        stop = r->len;
    json_culprit c = S_culprit(r, stop);
    const char *found = S_describe(r, &c);
    size_t at = c.found ? c.tok.start : 0;
    const char *msg = NULL;
    /* jansson also says "near end of file" for a raw NUL byte. */
    bool at_eof = stop >= r->len && strstr(jt, "near end of file") != NULL
                  && !(c.found && t[at] == '\0');
    bool closer = c.found && (t[at] == '}' || t[at] == ']');
    bool want_first = false;   /* a duplicate key: point at the first one too */

    switch (json_error_code(err)) {
    case json_error_invalid_utf8:
        /* jansson stops just before the bad sequence. */
        at = stop;
        msg = aw_arena_printf(r->arena, "invalid UTF-8 sequence starting with byte 0x%02x "
                              "(the file must be UTF-8)",
                              stop < r->len ? (unsigned char)t[stop] : 0u);
        break;
    case json_error_null_character:
        msg = "\\u0000 (NUL) is not allowed in strings";
        break;
    case json_error_null_byte_in_key:
        msg = "\\u0000 (NUL) is not allowed in object keys";
        break;
    case json_error_duplicate_key: {
        size_t n = c.tok.end - c.tok.start;
        size_t shown = S_clip(t + at, n, 60);
        msg = aw_arena_printf(r->arena, "duplicate object key %.*s%s", (int)shown, t + at,
                              shown < n ? "...\"" : "");
        want_first = true;
        break;
    }
    case json_error_numeric_overflow:
        msg = aw_arena_printf(r->arena, "%s out of range: %s",
                              S_starts(jt, "too big") ? "integer" : "number", found);
        break;
    case json_error_end_of_input_expected:
        msg = aw_arena_printf(r->arena, "unexpected %s after the top-level value", found);
        break;
    default:
        break;
    }

    if (msg) {
        /* the error code said enough */
    } else if (S_starts(jt, "premature end of input")) {
        msg = "unterminated string: end of input before the closing quote";
    } else if (S_starts(jt, "unexpected newline")) {
        msg = "unterminated string: line break before the closing quote";
    } else if (S_starts(jt, "control character")) {
        at = stop;  /* jansson stops just before it */
        msg = aw_arena_printf(r->arena, "control character 0x%02x in a string must be escaped",
                              stop < r->len ? (unsigned char)t[stop] : 0u);
    } else if (S_starts(jt, "invalid escape")) {
        size_t esc = stop > 0 ? stop - 1 : 0;
        while (esc > at && t[esc] != '\\')
            esc--;
        at = esc;
        msg = aw_arena_printf(r->arena, "invalid escape '%.*s' in a string",
                              (int)S_clip(t + esc, stop - esc, 12), t + esc);
    } else if (S_starts(jt, "invalid Unicode")) {
        msg = "invalid \\u escape in a string: unpaired UTF-16 surrogate";
    } else if (at_eof) {
        const char *want = S_starts(jt, "'}' expected") ? "',' or '}'"
                           : S_starts(jt, "']' expected") ? "',' or ']'"
                           : S_starts(jt, "string or '}' expected") ? "a quoted key or '}'"
                           : S_starts(jt, "':' expected") ? "':'"
                           : "a value";
        at = c.found ? c.tok.end : 0;
        msg = aw_arena_printf(r->arena, "unexpected end of input: expected %s", want);
    } else if (closer && c.has_prev && t[c.prev.start] == ','
               && (S_starts(jt, "string or '}' expected") || S_starts(jt, "unexpected token"))) {
        at = c.prev.start;
        msg = aw_arena_printf(r->arena, "trailing comma before '%c'", t[c.tok.start]);
    } else if (S_starts(jt, "string or '}' expected")) {
        msg = aw_arena_printf(r->arena, "expected a quoted key or '}', found %s%s", found,
                              S_is_alpha(t[at]) || t[at] == '\'' ? " (keys need double quotes)" : "");
    } else if (S_starts(jt, "':' expected")) {
        msg = aw_arena_printf(r->arena, "expected ':' after an object key, found %s", found);
    } else if (S_starts(jt, "'}' expected")) {
        msg = aw_arena_printf(r->arena, "expected ',' or '}' after an object member, found %s",
                              found);
    } else if (S_starts(jt, "']' expected")) {
        msg = aw_arena_printf(r->arena, "expected ',' or ']' after an array element, found %s",
                              found);
    } else if (S_starts(jt, "unexpected token")) {
        msg = aw_arena_printf(r->arena, "expected a value, found %s", found);
    } else if (S_starts(jt, "invalid token")) {
        char first = c.found ? t[at] : 0;
        if (first == '-' || (first >= '0' && first <= '9'))
            msg = aw_arena_printf(r->arena, "invalid number %s", found);
        else if (S_is_alpha(first))
            msg = aw_arena_printf(r->arena, "invalid literal %s (expected true, false, null "
                                  "or a quoted string)", found);
        else if (first == '\'')
            msg = "strings must be in double quotes, not single quotes";
        else
            msg = aw_arena_printf(r->arena, "unexpected %s", found);
    } else {
        /* Anything else (out of memory, a newer jansson's wording): its
         * text without the " near ..." tail. */
        const char *near = strstr(jt, " near ");
        size_t n = near ? (size_t)(near - jt) : strlen(jt);
        msg = n ? aw_arena_strndup(r->arena, jt, n) : "could not parse the JSON text";
    }

    aw_loc loc = S_loc_of(r, at);
    aw_diag *diag = aw_diag_add(r->diags, AW_SEV_ERROR, "json-syntax", &loc, "%s", msg);
    if (want_first && diag && c.container != SIZE_MAX) {
        size_t first = S_first_key(r, c.container, c.tok);
        if (first != SIZE_MAX) {
            aw_loc first_loc = S_loc_of(r, first);
            aw_diag_set_related(r->diags, diag, &first_loc, "first defined here");
        }
    }
}

/* ---- The walk ----------------------------------------------------------- */

/* The scanner and jansson disagree. jansson accepted the text, so this
 * means a bug here; say so rather than attach wrong positions. */
static bool S_lost(json_reader *r)
{
    aw_loc loc = S_loc_of(r, r->pos);
    aw_diag_add(r->diags, AW_SEV_ERROR, "internal", &loc,
                "internal error: the JSON reader lost its place in the text");
    return false;
}

static bool S_take(json_reader *r, char c)
{
    r->pos = S_skip_ws_at(r->text, r->len, r->pos);
    if (r->pos >= r->len || r->text[r->pos] != c)
        return false;
    r->pos++;
    return true;
}

static bool S_too_long(json_reader *r, size_t len, const aw_loc *loc, const char *what)
{
    if (len <= AW_MAX_STRING_BYTES)
        return false;
    aw_diag_add(r->diags, AW_SEV_ERROR, "string-too-long", loc,
                "%s is %zu bytes, more than the limit of %u bytes (1 MiB)", what, len,
                AW_MAX_STRING_BYTES);
    return true;
}

/* The member's pointer ends with its key, escaped. When escaping changed
 * nothing the key is that tail, which saves a copy per member. */
static const char *S_member_key(json_reader *r, const char *key, size_t klen, const char *path)
{
    if (memchr(key, '~', klen) || memchr(key, '/', klen))
        return aw_arena_strndup(r->arena, key, klen);
    return path + strlen(path) - klen;
}

static bool S_value(json_reader *r, json_t *json, const char *path, aw_doc *doc);

/* The one diagnostic for a tree that outgrew its memory budget: jansson's
 * tree counts as well as the arena. */
static bool S_too_complex(aw_diags *diags, const aw_loc *loc)
{
    aw_mem_budget_report(diags, loc, AW_MAX_TREE_FACTOR);
    return false;
}

static bool S_over_budget(const json_reader *r)
{
    return r->arena->total + aw_mem_budget_live() > r->budget;
}

/* Children are allocated in one block per object or array: one arena call
 * instead of n, and no per-value rounding. */
static bool S_object(json_reader *r, json_t *json, aw_doc *doc)
{
    if (!S_take(r, '{'))
        return S_lost(r);
    size_t n = json_object_size(json), i = 0;
    aw_doc_member *members = NULL;
    aw_doc *values = NULL;
    if (n) {
        members = aw_arena_alloc(r->arena, n * sizeof *members);
        values = aw_arena_alloc(r->arena, n * sizeof *values);
    }
    for (void *it = json_object_iter(json); it; it = json_object_iter_next(json, it), i++) {
        if (i >= n || (i > 0 && !S_take(r, ',')))
            return S_lost(r);
        r->pos = S_skip_ws_at(r->text, r->len, r->pos);
        if (r->pos >= r->len || r->text[r->pos] != '"')
            return S_lost(r);
        aw_doc_member *m = &members[i];
        const char *key = json_object_iter_key(it);
        size_t klen = json_object_iter_key_len(it);
        const char *member_path = aw_doc_json_pointer_append(r->arena, doc->loc.path, key);
        m->key = S_member_key(r, key, klen, member_path);
        m->key_loc = S_loc_here(r, member_path);
        if (S_too_long(r, klen, &m->key_loc, "object key"))
            return false;
        r->pos = S_string_end(r->text, r->len, r->pos);
        if (!S_take(r, ':'))
            return S_lost(r);
        m->value = &values[i];
        if (!S_value(r, json_object_iter_value(it), member_path, m->value))
            return false;
    }
    if (i != n || !S_take(r, '}'))
        return S_lost(r);
    doc->kind = AW_DOC_OBJECT;
    doc->as.object.members = members;
    doc->as.object.count = n;
    return true;
}

static bool S_array(json_reader *r, json_t *json, aw_doc *doc)
{
    if (!S_take(r, '['))
        return S_lost(r);
    size_t n = json_array_size(json);
    aw_doc **items = NULL;
    aw_doc *values = NULL;
    if (n) {
        items = aw_arena_alloc(r->arena, n * sizeof *items);
        values = aw_arena_alloc(r->arena, n * sizeof *values);
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && !S_take(r, ','))
            return S_lost(r);
        const char *item_path = aw_doc_json_pointer_index(r->arena, doc->loc.path, i);
        items[i] = &values[i];
        if (!S_value(r, json_array_get(json, i), item_path, items[i]))
            return false;
        /* Done with this item: freeing it now lets malloc hand its memory
         * to the arena's next blocks, so a big diagram is not held twice
         * and fewer fresh pages are touched. */
        json_array_set_new(json, i, json_null());
    }
    if (!S_take(r, ']'))
        return S_lost(r);
    doc->kind = AW_DOC_ARRAY;
    doc->as.array.items = items;
    doc->as.array.count = n;
    return true;
}

/* A number too close to zero for a double (json_scan.h). */
static bool S_tiny_number(json_reader *r, const aw_loc *loc, size_t at, size_t len)
{
    size_t shown = S_clip(r->text + at, len, 40);
    aw_diag_add(r->diags, AW_SEV_ERROR, "json-syntax", loc,
                "number out of range: '%.*s%s' is too close to zero for a double to hold", (int)shown,
                r->text + at, shown < len ? "..." : "");
    return false;
}

/* Numbers and literals: jansson has checked them, so skip the run. */
static void S_skip_scalar(json_reader *r)
{
    while (r->pos < r->len && (S_is_number_char(r->text[r->pos]) || S_is_alpha(r->text[r->pos])))
        r->pos++;
}

/* Fills doc (zeroed by the arena) from json and the text at r->pos. */
static bool S_value(json_reader *r, json_t *json, const char *path, aw_doc *doc)
{
    r->pos = S_skip_ws_at(r->text, r->len, r->pos);
    if (r->pos >= r->len)
        return S_lost(r);
    doc->loc = S_loc_here(r, path);
    if (S_over_budget(r))
        return S_too_complex(r->diags, &doc->loc);
    switch (json_typeof(json)) {
    case JSON_OBJECT:
        return S_object(r, json, doc);
    case JSON_ARRAY:
        return S_array(r, json, doc);
    case JSON_STRING: {
        if (r->text[r->pos] != '"')
            return S_lost(r);
        size_t len = json_string_length(json);
        if (S_too_long(r, len, &doc->loc, "string"))
            return false;
        doc->kind = AW_DOC_STRING;
        doc->as.string.chars = aw_arena_strndup(r->arena, json_string_value(json), len);
        doc->as.string.len = len;
        r->pos = S_string_end(r->text, r->len, r->pos);
        return true;
    }
    case JSON_INTEGER:
        doc->kind = AW_DOC_NUMBER;
        doc->as.number.value = (double)json_integer_value(json);
        doc->as.number.integral = true;
        break;
    case JSON_REAL: {
        doc->kind = AW_DOC_NUMBER;
        doc->as.number.value = json_real_value(json);
        doc->as.number.integral = false;
        size_t end = r->pos;
        while (end < r->len && S_is_number_char(r->text[end]))
            end++;
        if (aw_json_number_underflows(r->text + r->pos, end - r->pos, doc->as.number.value))
            return S_tiny_number(r, &doc->loc, r->pos, end - r->pos);
        break;
    }
    case JSON_TRUE:
    case JSON_FALSE:
        doc->kind = AW_DOC_BOOL;
        doc->as.boolean = json_is_true(json);
        break;
    case JSON_NULL:
        doc->kind = AW_DOC_NULL;
        break;
    }
    S_skip_scalar(r);
    return true;
}

static const char *S_json_kind(const json_t *json)
{
    switch (json_typeof(json)) {
    case JSON_OBJECT: return aw_doc_kind_name(AW_DOC_OBJECT);
    case JSON_ARRAY: return aw_doc_kind_name(AW_DOC_ARRAY);
    case JSON_STRING: return aw_doc_kind_name(AW_DOC_STRING);
    case JSON_INTEGER:
    case JSON_REAL: return aw_doc_kind_name(AW_DOC_NUMBER);
    case JSON_TRUE:
    case JSON_FALSE: return aw_doc_kind_name(AW_DOC_BOOL);
    case JSON_NULL: return aw_doc_kind_name(AW_DOC_NULL);
    }
    return "value";
}

aw_doc *aw_json_read_reference(aw_arena *arena, aw_diags *diags, const char *file,
                               const char *text, size_t len)
{
    json_reader r = {.arena = arena, .diags = diags, .cur = {0, 1, 1}, .budget = AW_TREE_BUDGET(arena, len)};
    r.file = aw_arena_strdup(arena, file);
    if (!text)
        len = 0;
    if (len > AW_MAX_INPUT_BYTES) {
        aw_loc loc = {.file = r.file};
        aw_diag_add(diags, AW_SEV_ERROR, "input-too-large", &loc,
                    "input is %zu bytes, more than the limit of %u bytes (64 MiB)", len,
                    AW_MAX_INPUT_BYTES);
        return NULL;
    }
    /* The BOM is not part of the text: columns on line 1 start after it. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    r.text = text ? text : "";
    r.len = len;

    if (!S_check_encoding(&r))
        return NULL;
    if (S_skip_ws_at(r.text, r.len, 0) == r.len) {
        aw_loc loc = {.file = r.file, .line = 1, .col = 1};
        aw_diag_add(diags, AW_SEV_ERROR, "json-syntax", &loc,
                    "empty input: expected a JSON object");
        return NULL;
    }
    if (!S_check_depth(&r))
        return NULL;
    /* A raw NUL byte is never valid JSON, but jansson 2.14 skips one that
     * follows a number or literal: catch it first, where it is. */
    const char *nul = memchr(r.text, '\0', r.len);
    if (nul) {
        aw_loc loc = S_loc_of(&r, (size_t)(nul - r.text));
        aw_diag_add(diags, AW_SEV_ERROR, "json-syntax", &loc, "unexpected NUL byte (0x00)");
        return NULL;
    }

    /* JSON_DECODE_ANY so that a scalar at the top gets the json-type
     * diagnostic below rather than a syntax error. */
    json_error_t err;
    aw_mem_budget_begin(r.budget > arena->total ? r.budget - arena->total : 0);
    json_t *root = json_loadb(r.text, r.len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (!root) {
        if (aw_mem_budget_end())
            S_too_complex(diags, &(aw_loc){.file = r.file});
        else
            S_syntax_error(&r, &err);
        return NULL;
    }
    aw_doc *doc = NULL;
    if (json_is_object(root)) {
        doc = aw_arena_alloc(arena, sizeof *doc);
        if (!S_value(&r, root, "", doc))
            doc = NULL;
    } else {
        aw_loc loc = S_loc_of(&r, S_skip_ws_at(r.text, r.len, 0));
        loc.path = "";
        aw_diag_add(diags, AW_SEV_ERROR, "json-type", &loc,
                    "a diagram must be a JSON object, found %s", S_json_kind(root));
    }
    json_decref(root);
    aw_mem_budget_end();
    return doc;
}

/* ---- The two parsers together -------------------------------------------- */

#ifdef AW_VERIFY_IR
/* In sanitizer and test builds every read runs both parsers, and any
 * disagreement is a bug in the fast one, reported as such. The tree
 * returned is the one a release build would return. */
static aw_doc *S_cross_check(aw_arena *arena, aw_diags *diags, const char *file,
                             const char *text, size_t len, aw_doc *fast)
{
    if (!fast) {
        aw_doc *doc = aw_json_read_reference(arena, diags, file, text, len);
        if (doc)
            aw_diag_add(diags, AW_SEV_ERROR, "internal", &doc->loc,
                        "internal error: the fast JSON parser rejected a text jansson accepts");
        return doc;
    }
    aw_arena scratch;
    aw_diags scratch_diags;
    aw_arena_init(&scratch);
    aw_diags_init(&scratch_diags, &scratch);
    aw_doc *ref = aw_json_read_reference(&scratch, &scratch_diags, file, text, len);
    const char *diff;
    /* jansson's tree costs more memory than the fast parser's: a reference
     * refused for memory alone says nothing about the two disagreeing. */
    bool refused = scratch_diags.count && strcmp(scratch_diags.items[0].code, "too-complex") == 0;
    if (!ref && !refused)
        aw_diag_add(diags, AW_SEV_ERROR, "internal", &fast->loc,
                    "internal error: the fast JSON parser accepted a text jansson rejects (%s)",
                    scratch_diags.count ? scratch_diags.items[0].message : "no diagnostic");
    else if (ref && (diff = aw_json_doc_diff(&scratch, fast, ref)))
        aw_diag_add(diags, AW_SEV_ERROR, "internal", &fast->loc,
                    "internal error: the fast JSON parser and jansson give different trees: %s",
                    diff);
    aw_diags_free(&scratch_diags);
    aw_arena_free(&scratch);
    return fast;
}
#endif

aw_doc *aw_json_read(aw_arena *arena, aw_diags *diags, const char *file,
                     const char *text, size_t len)
{
    /* Parsing twice only for bad input costs nothing on the good path,
     * and the fast parser then needs no error reporting of its own. */
    aw_json_scan_stop stop;
    aw_doc *doc = aw_json_scan(arena, file, text, len, &stop);
    if (stop.over_budget) {
        /* Not a syntax question: the reference would only spend the same
         * memory again to say so. */
        aw_loc loc = {aw_arena_strdup(arena, file), NULL, 0, AW_NO_COLUMN};
        S_too_complex(diags, &loc);
        return NULL;
    }
    if (stop.tiny_number != SIZE_MAX) {
        /* jansson takes such a number for 0 and would read on to the end. */
        bool bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
        json_reader r = {.arena = arena, .diags = diags, .file = aw_arena_strdup(arena, file),
                         .text = bom ? text + 3 : text, .len = bom ? len - 3 : len};
        aw_loc loc = S_loc_of(&r, stop.tiny_number);
        return S_tiny_number(&r, &loc, stop.tiny_number, stop.tiny_len), NULL;
    }
#ifdef AW_VERIFY_IR
    return S_cross_check(arena, diags, file, text, len, doc);
#else
    return doc ? doc : aw_json_read_reference(arena, diags, file, text, len);
#endif
}
