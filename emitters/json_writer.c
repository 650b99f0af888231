/* The emitters' streaming JSON writer: layout and separators in one place,
 * so that every emitted document looks the same. */
#include "json_writer.h"

#include <inttypes.h>
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

/* Separator and indentation before a value (or a key) at the current level. */
static void S_before_value(aw_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    aw_strbuf_puts(w->out, w->empty[w->depth] ? "\n" : ",\n");
    w->empty[w->depth] = false;
    aw_strbuf_indent(w->out, w->depth);
}

static void S_open(aw_jw *w, char c)
{
    S_before_value(w);
    if (w->depth + 1 >= AW_JW_MAX_DEPTH)
        S_bug("nesting too deep");
    aw_strbuf_putc(w->out, c);
    w->empty[++w->depth] = true;
}

static void S_close(aw_jw *w, char c)
{
    if (w->depth == 0 || w->after_key)
        S_bug("unbalanced close");
    if (!w->empty[w->depth]) {
        aw_strbuf_putc(w->out, '\n');
        aw_strbuf_indent(w->out, w->depth - 1);
    }
    w->depth--;
    aw_strbuf_putc(w->out, c);
}

void aw_jw_object(aw_jw *w) { S_open(w, '{'); }
void aw_jw_end_object(aw_jw *w) { S_close(w, '}'); }
void aw_jw_array(aw_jw *w) { S_open(w, '['); }
void aw_jw_end_array(aw_jw *w) { S_close(w, ']'); }

void aw_jw_key(aw_jw *w, const char *key)
{
    if (w->after_key)
        S_bug("key after key");
    S_before_value(w);
    aw_strbuf_json_string(w->out, key, strlen(key));
    aw_strbuf_puts(w->out, ": ");
    w->after_key = true;
}

void aw_jw_string(aw_jw *w, const char *s)
{
    S_before_value(w);
    aw_strbuf_json_string(w->out, s, strlen(s));
}

void aw_jw_stringf(aw_jw *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof small) {
        aw_jw_string(w, small);
        return;
    }
    va_start(ap, fmt);
    char *big = malloc((size_t)n + 1);
    if (!big)
        S_bug("out of memory");
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    aw_jw_string(w, big);
    free(big);
}

void aw_jw_number(aw_jw *w, double v)
{
    S_before_value(w);
    aw_strbuf_number(w->out, v);
}

void aw_jw_int(aw_jw *w, int64_t v)
{
    S_before_value(w);
    aw_strbuf_printf(w->out, "%" PRId64, v);
}

void aw_jw_bool(aw_jw *w, bool v)
{
    S_before_value(w);
    aw_strbuf_puts(w->out, v ? "true" : "false");
}

void aw_jw_member_string(aw_jw *w, const char *key, const char *s)
{
    aw_jw_key(w, key);
    aw_jw_string(w, s);
}

void aw_jw_member_int(aw_jw *w, const char *key, int64_t v)
{
    aw_jw_key(w, key);
    aw_jw_int(w, v);
}

void aw_jw_member_number(aw_jw *w, const char *key, double v)
{
    aw_jw_key(w, key);
    aw_jw_number(w, v);
}

void aw_jw_member_bool(aw_jw *w, const char *key, bool v)
{
    aw_jw_key(w, key);
    aw_jw_bool(w, v);
}

void aw_jw_raw_value(aw_jw *w, const char *json, size_t len)
{
    S_before_value(w);
    while (len && json[len - 1] == '\n')
        len--;
    for (size_t i = 0; i < len; i++) {
        aw_strbuf_putc(w->out, json[i]);
        if (json[i] == '\n')
            aw_strbuf_indent(w->out, w->depth);
    }
}

void aw_jw_finish(aw_jw *w)
{
    if (w->depth != 0 || w->after_key)
        S_bug("document not closed");
    aw_strbuf_putc(w->out, '\n');
}
