/* The emitters' streaming JSON writer: layout and separators in one place,
 * so that every emitted document looks the same. */
#include "json_writer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_bug(const char *what)
{
    fprintf(stderr, "archway: internal error in the JSON writer: %s\n", what);
    abort();
}

void aw_jw_init(aw_jw *w, aw_strbuf *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

/* ",\n" and the indentation of any depth (AW_JW_MAX_DEPTH levels of two
 * spaces), so that a separator and its indentation go out in one copy. */
static const char S_pad[] = ",\n                                                                "
                            "                                                                ";
_Static_assert(sizeof S_pad >= 3 + 2 * AW_JW_MAX_DEPTH, "the pad covers every depth");
_Static_assert(sizeof S_pad >= 1 + AW_STRBUF_BLOCK, "the pad is readable a block past its second byte");

/* A line break, after a comma unless `first`, and the indentation of level
 * depth: most lines (up to 31 levels deep) as one copy of a fixed size. */
static void S_new_line(aw_strbuf *out, int depth, bool first)
{
    const char *from = S_pad + first;
    size_t len = 2 - first + (size_t)depth * 2;
    if (len <= AW_STRBUF_BLOCK)
        aw_strbuf_put_from_block(out, from, len);
    else
        aw_strbuf_put(out, from, len);
}

/* Separator and indentation before a value (or a key) at the current level. */
static inline void S_before_value(aw_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    bool first = w->empty[w->depth];
    w->empty[w->depth] = false;
    if (!w->inline_[w->depth])
        S_new_line(w->out, w->depth, first);
    else if (!first)
        aw_strbuf_put(w->out, ", ", 2);
}

static void S_open(aw_jw *w, char c, bool on_one_line)
{
    S_before_value(w);
    if (w->depth + 1 >= AW_JW_MAX_DEPTH)
        S_bug("nesting too deep");
    aw_strbuf_putc(w->out, c);
    bool parent_inline = w->inline_[w->depth];
    w->empty[++w->depth] = true;
    w->inline_[w->depth] = on_one_line || parent_inline;
}

static void S_close(aw_jw *w, char c)
{
    if (w->depth == 0 || w->after_key)
        S_bug("unbalanced close");
    if (!w->empty[w->depth] && !w->inline_[w->depth])
        S_new_line(w->out, w->depth - 1, true);
    w->inline_[w->depth] = false;
    w->depth--;
    aw_strbuf_putc(w->out, c);
}

void aw_jw_object(aw_jw *w) { S_open(w, '{', false); }
void aw_jw_end_object(aw_jw *w) { S_close(w, '}'); }
void aw_jw_array(aw_jw *w) { S_open(w, '[', false); }
void aw_jw_end_array(aw_jw *w) { S_close(w, ']'); }
void aw_jw_object_inline(aw_jw *w) { S_open(w, '{', true); }
void aw_jw_array_inline(aw_jw *w) { S_open(w, '[', true); }

void aw_jw_key_len(aw_jw *w, const char *key, size_t len)
{
    if (w->after_key)
        S_bug("key after key");
    S_before_value(w);
    aw_strbuf_json_string(w->out, key, len);
    aw_strbuf_put(w->out, ": ", 2);
    w->after_key = true;
}

void aw_jw_string_len(aw_jw *w, const char *s, size_t len)
{
    S_before_value(w);
    aw_strbuf_json_string(w->out, s, len);
}

/* fmt's text, given to put whole: from the stack when short, as most are,
 * else from the heap. */
static void S_put_formatted(aw_jw *w, void (*put)(aw_jw *, const char *, size_t), const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0)
        S_bug("unformattable text");
    if ((size_t)n < sizeof small) {
        put(w, small, (size_t)n);
        va_end(again);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big)
        S_bug("out of memory");
    vsnprintf(big, (size_t)n + 1, fmt, again);
    va_end(again);
    put(w, big, (size_t)n);
    free(big);
}

void aw_jw_stringf(aw_jw *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    S_put_formatted(w, aw_jw_string_len, fmt, ap);
    va_end(ap);
}

void aw_jw_keyf(aw_jw *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    S_put_formatted(w, aw_jw_key_len, fmt, ap);
    va_end(ap);
}

void aw_jw_number(aw_jw *w, double v)
{
    S_before_value(w);
    aw_strbuf_number(w->out, v);
}

void aw_jw_int(aw_jw *w, int64_t v)
{
    S_before_value(w);
    aw_strbuf_int(w->out, (long long)v);
}

void aw_jw_bool(aw_jw *w, bool v)
{
    S_before_value(w);
    aw_strbuf_puts(w->out, v ? "true" : "false");
}

void aw_jw_init_at(aw_jw *w, aw_strbuf *out, int depth)
{
    aw_jw_init(w, out);
    if (depth < 0 || depth + 1 >= AW_JW_MAX_DEPTH)
        S_bug("nesting too deep");
    w->depth = depth;
    w->after_key = true;        /* the value follows a key of the other document */
}

void aw_jw_raw_value(aw_jw *w, const char *json, size_t len)
{
    S_before_value(w);
    aw_strbuf_put(w->out, json, len);
}

void aw_jw_finish(aw_jw *w)
{
    if (w->depth != 0 || w->after_key)
        S_bug("document not closed");
    aw_strbuf_putc(w->out, '\n');
}
